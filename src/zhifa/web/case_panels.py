"""The penalty-case workspace's calls into the enforcement services: 立案, 当场处罚 and the records of a case.

Each function turns a form's cleaned data into one service call (the 立案 from a clue also answers the clue,
in the same transaction). Which record forms a page offers comes from the policy (``can``) and the stage the
services accept; the services decide the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.access import person_of, visible
from zhifa.core.errors import InvalidInput
from zhifa.enforcement import services as ES
from zhifa.enforcement import workflow as W
from zhifa.enforcement.choices import CaseStatus, PartyKind, Procedure
from zhifa.enforcement.recordings import recording_store

from . import forms_cases as F


def _party(*, user, region, data: dict):
    return ES.party_find_or_register(
        actor=user, region=region, kind=data["party_kind"], code=data["party_code"], name=data["party_name"]
    )


HEARING_STAGES = (CaseStatus.NOTIFIED, CaseStatus.HEARING)
OPEN_STAGES = ES.EVIDENCE_STAGES  # 立案 … 集体讨论: open and not yet decided


# ---- 立案 ------------------------------------------------------------------------------------------
def source_initial(*, user, unit_id: int, inspection_id=None, clue_id=None) -> dict:
    """Initial values of the 立案 form taken from the inspection or the clue it starts from."""
    inspection_id = int(inspection_id) if str(inspection_id or "").isdigit() else None
    clue_id = int(clue_id) if str(clue_id or "").isdigit() else None
    from zhifa.enforcement.models import Inspection
    from zhifa.supervision.models import Clue

    if inspection_id:
        i = (
            visible(Inspection.objects.select_related("party", "power"), user)
            .filter(pk=inspection_id, unit_id=unit_id)
            .first()
        )
        if i is not None:
            p = i.party
            return {
                "source": f"来源：行政检查（{timezone.localtime(i.started_at):%Y-%m-%d %H:%M}，{i.power.name}）",
                "inspection": i.pk,
                "party_kind": p.kind,
                "party_name": p.name,
                "party_code": p.id_number if p.kind == PartyKind.PERSON else p.uscc,
                "discovered_at": timezone.localtime(i.started_at).replace(second=0, microsecond=0),
                "act_date": timezone.localtime(i.started_at).date(),
                "officer_a": i.officer_a_id,
                "officer_b": i.officer_b_id,
                "violation": (i.findings or "")[:200],
            }
    if clue_id:
        c = visible(Clue.objects.all(), user).filter(pk=clue_id, unit_id=unit_id).first()
        if c is not None:
            return {
                "source": f"来源：线索（{c.received_on:%Y-%m-%d}接收）",
                "clue": c.pk,
                "violation": c.text[:200],
                "discovered_at": timezone.make_aware(dt.datetime.combine(c.received_on, dt.time(9))),
            }
    return {}


def case_open(*, user, unit, data: dict):
    """立案 (or 线索) through ``workflow.case_open``; from a clue, the clue is answered with the case."""
    from zhifa.enforcement.models import Inspection
    from zhifa.supervision.models import Clue
    from zhifa.supervision.services import clue_respond

    inspection = clue = None
    if data.get("inspection"):
        inspection = visible(Inspection.objects.all(), user).filter(pk=data["inspection"], unit_id=unit.pk).first()
        if inspection is None:
            raise InvalidInput("来源检查不存在或不属于本单位", field="inspection", code="case.inspection")
    if data.get("clue"):
        clue = visible(Clue.objects.all(), user).filter(pk=data["clue"], unit_id=unit.pk).first()
        if clue is None:
            raise InvalidInput("来源线索不存在或未交办本单位", field="clue", code="case.clue")
    with transaction.atomic():
        party = _party(user=user, region=unit.region, data=data)
        case = W.case_open(
            actor=user,
            unit=unit,
            power=data["power"],
            party=party,
            case_no=data["case_no"],
            violation=data["violation"],
            act_date=data["act_date"],
            discovered_at=data["discovered_at"],
            officers=[o for o in (data["officer_a"], data.get("officer_b")) if o is not None],
            file_on=data.get("file_on"),
            inspection=inspection,
            is_major=data.get("is_major", False),
            harms_life_or_finance=data.get("harms_life_or_finance", False),
        )
        if clue is not None:
            what = "立案" if case.status == CaseStatus.FILED else "登记为案件线索"
            clue_respond(
                actor=user,
                clue=clue,
                response=f"已{what}，案号{case.case_no}",
                responded_on=data.get("file_on") or timezone.localdate(),
                case=case,
            )
    return case


def case_onspot(*, user, unit, data: dict):
    """简易程序 当场处罚 (``workflow.case_onspot_decide``); the decision number is the case number."""
    with transaction.atomic():
        party = _party(user=user, region=unit.region, data=data)
        return W.case_onspot_decide(
            actor=user,
            unit=unit,
            power=data["power"],
            party=party,
            case_no=data["decision_no"],
            decision_no=data["decision_no"],
            violation=data["violation"],
            act_date=data["act_date"],
            officers=[o for o in (data["officer_a"], data.get("officer_b")) if o is not None],
            decided_on=data["decided_on"],
            penalty_kinds=list(data["penalty_kinds"]),
            fine_amount=data.get("fine_amount") or 0,
            discretion_tier=data.get("discretion_tier", ""),
            discretion_reason=data.get("discretion_reason", ""),
        )


# ---- records of a case ---------------------------------------------------------------------------
def evidence(*, case, user, data: dict):
    f = data.get("file")
    return ES.evidence_record(
        actor=user,
        case=case,
        kind=data["kind"],
        title=data["title"],
        collected_on=data["collected_on"],
        collected_by=data["collected_by"],
        stream=f,
        original_name=f.name if f else "",
    )


def recording(*, case, user, data: dict):
    f = data["file"]
    return recording_store(
        actor=user,
        unit=case.unit,
        officer=data["officer"],
        stream=f,
        original_name=f.name,
        device_name=data["device_name"],
        recorded_at=data["recorded_at"],
        case=case,
    )


def hearing(*, case, user, data: dict):
    return W.case_hearing_record(
        actor=user,
        case=case,
        requested_on=data["requested_on"],
        notice_on=data.get("notice_on"),
        held_on=data.get("held_on"),
        host=data.get("host", ""),
        conclusion=data.get("conclusion", ""),
    )


def extend(*, case, user, data: dict):
    return W.case_extend(
        actor=user,
        case=case,
        days=data["extension_days"],
        approved_by=data.get("extension_approved_by", ""),
        on=data["extension_on"],
    )


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    form: type
    call: object
    done: str
    action: str  # policy action
    stages: tuple
    multipart: bool = False
    note: str = ""


PANELS = {
    p.name: p
    for p in (
        Panel(
            "evidence",
            "调查取证：证据",
            F.EvidenceForm,
            evidence,
            "证据已登记",
            "case.evidence",
            ES.EVIDENCE_STAGES,
            True,
            "执法人员不得少于两人，收集证据时应当出示执法证件（《行政处罚法》第四十二条、第五十五条）；"
            "文件在上传时逐块计算SHA-256。",
        ),
        Panel(
            "recording",
            "执法全过程音像记录",
            F.RecordingForm,
            recording,
            "音像记录已上传",
            "recording.store",
            OPEN_STAGES,
            True,
            "执法全过程记录（《行政处罚法》第四十七条）；文件在上传时逐块计算SHA-256，存储后不可修改。",
        ),
        Panel(
            "hearing",
            "听证",
            F.HearingForm,
            hearing,
            "听证记录已保存",
            "case.hearing",
            HEARING_STAGES,
            False,
            "告知后五个工作日内申请；听证七个工作日前通知；由非本案调查人员主持（《行政处罚法》第六十四条）。",
        ),
        Panel(
            "extend",
            "延长办案期限",
            F.ExtendForm,
            extend,
            "办案期限已延长",
            "case.extend",
            OPEN_STAGES,
            False,
            "立案之日起九十日内作出决定；延长须经批准（《行政处罚法》第六十条）。",
        ),
    )
}


def panel_form(panel: Panel, case, on_date: dt.date, data=None, files=None, person=None):
    form = panel.form(data, files, case=case, prefix=panel.name) if panel.form in _CASE_FORMS else None
    if form is None:
        form = panel.form(data, files, prefix=panel.name)
    if data is None:
        day_fields = {"collected_on", "requested_on", "extension_on"}
        for name in day_fields & set(form.fields):
            form.initial[name] = on_date
        for name in {"collected_by", "officer"} & set(form.fields):
            if person is not None and person.unit_id == case.unit_id:
                form.initial[name] = person.pk
        if "recorded_at" in form.fields:
            form.initial["recorded_at"] = dt.datetime.combine(on_date, dt.time(9))
        hearing_row = case.hearings.order_by("-id").first() if panel.name == "hearing" else None
        if hearing_row is not None:
            form.initial.update(
                requested_on=hearing_row.requested_on,
                notice_on=hearing_row.notice_on or on_date,
                held_on=hearing_row.held_on,
                host=hearing_row.host,
                conclusion=hearing_row.conclusion,
            )
    return form


_CASE_FORMS = (F.EvidenceForm, F.RecordingForm)


def open_panels(*, case, user, on_date: dt.date, bound: dict | None = None) -> list[tuple[Panel, object]]:
    """The record forms this user may fill in for this case now: the policy's answer and the stage."""
    out = []
    bound = bound or {}
    for panel in PANELS.values():
        if case.procedure != Procedure.ORDINARY or case.status not in panel.stages:
            continue
        if not policy.can(user, panel.action, unit=case.unit_id, on=on_date, conditions=False):
            continue
        form = bound.get(panel.name) or panel_form(panel, case, on_date, person=person_of(user))
        out.append((panel, form))
    return out
