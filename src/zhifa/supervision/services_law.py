"""Services for the 2025–2026 law: frequency caps, local settings, and the 条例's instruments.

- ``inspection_cap_set``: the 司法局 records a 主管部门's published annual cap (54号第四部分) with its source;
- ``law_setting_set``: a local number (response deadline, days to file a case) with its source document;
- ``instrument_issue`` / ``instrument_answer`` / ``instrument_follow_up``: a 行政执法监督通知书, 意见书 or 决定书,
  a 约谈 or a 通报 to a unit (《行政执法监督条例》), the unit's answer and the 司法局's follow-up. The answer is
  due on the region's working-day deadline for that kind (LawSetting); with no setting there is no deadline,
  and the instrument says so.
- ``clue_verify``: the unit records its finding on a clue (查证属实 / 查证不属实); a substantiated clue with no case
  within the region's days (LawSetting ``case_after_clue_days``) is 有案不立 (supervision rule ``clue_case_not_filed``);
- ``clue_return``: the unit returns an assigned clue to the 司法局 as not its matter, with its reason; the 司法局
  assigns it again. A clue returned by more than one unit is 推诿扯皮 (supervision rule ``clue_buck_passing``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import audit, snapshot
from zhifa.core.calendar import add_working_days
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize
from zhifa.enforcement.rules_inspection import TIAOLI
from zhifa.org.models import Unit

from .choices import ClueOutcome, ClueStatus
from .law_settings import law_setting
from .models import Clue
from .models_law import ClueReturn, InspectionCap, InstrumentKind, InstrumentStatus, LawSetting, SupervisionInstrument

RESPONSE_KEY = {
    InstrumentKind.NOTICE: LawSetting.Key.NOTICE_RESPONSE_DAYS,
    InstrumentKind.OPINION: LawSetting.Key.OPINION_RESPONSE_DAYS,
    InstrumentKind.DECISION: LawSetting.Key.DECISION_RESPONSE_DAYS,
}


def _source(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 4:
        raise InvalidInput("请填写依据文件（名称及文号）", field="source_document", code="law.source")
    return text[:200]


@transaction.atomic
def inspection_cap_set(
    *,
    actor,
    region_code: str,
    year: int,
    max_per_year: int,
    source_document: str,
    unit: Unit | None = None,
    domain: str = "",
    counts_routine: bool = True,
    counts_case: bool = True,
    counts_special: bool = True,
    excludes_superior: bool = True,
    on_site_only: bool = False,
) -> InspectionCap:
    authorize(actor, "inspection_cap.set", region=region_code)
    if unit is None and not domain.strip():
        raise InvalidInput("检查频次上限须指定主管部门或执法领域", field="unit", code="cap.scope")
    if unit is not None and unit.region_id != region_code:
        raise InvalidInput("主管部门不在本行政区划", field="unit", code="cap.unit")
    if not 1 <= int(max_per_year) <= 365:
        raise InvalidInput("年度上限应为1至365次", field="max_per_year", code="cap.max")
    cap, created = InspectionCap.objects.get_or_create(
        region_id=region_code,
        year=year,
        unit=unit,
        domain="" if unit else domain.strip(),
        party_grade="",
        defaults={"max_per_year": max_per_year, "source_document": _source(source_document)},
    )
    before = None if created else snapshot(cap)
    cap.max_per_year = max_per_year
    cap.source_document = _source(source_document)
    cap.counts_routine, cap.counts_case, cap.counts_special = counts_routine, counts_case, counts_special
    cap.excludes_superior, cap.on_site_only = excludes_superior, on_site_only
    cap.set_by = actor if getattr(actor, "pk", None) else None
    cap.save()
    audit(actor=actor, action="inspection_cap.set", obj=cap, before=before, after=snapshot(cap))
    return cap


@transaction.atomic
def law_setting_set(*, actor, region_code: str, key: str, value: int, source_document: str) -> LawSetting:
    authorize(actor, "law_setting.set", region=region_code)
    if key not in LawSetting.Key.values:
        raise InvalidInput(f"设置项“{key}”无效", field="key", code="law.key")
    if int(value) < 1:
        raise InvalidInput("数值应为正整数", field="value", code="law.value")
    row = LawSetting.objects.filter(region_id=region_code, key=key).first()
    before = snapshot(row) if row else None
    row = row or LawSetting(region_id=region_code, key=key)
    row.value, row.source_document = int(value), _source(source_document)
    row.save()
    audit(actor=actor, action="law_setting.set", obj=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def instrument_issue(
    *, actor, unit: Unit, kind: str, number: str, subject: str, issued_on: dt.date | None = None, alert=None
) -> SupervisionInstrument:
    """Issue a 监督文书 (or record a 约谈 / 通报) to ``unit``; the answer is due on the region's deadline."""
    authorize(actor, "instrument.issue", region=unit.region_id)
    if kind not in InstrumentKind.values:
        raise InvalidInput(f"文书类型“{kind}”无效", field="kind", code="instrument.kind")
    if not (number or "").strip():
        raise InvalidInput("请填写文号", field="number", code="instrument.number")
    if len((subject or "").strip()) < 4:
        raise InvalidInput("请写明监督事项", field="subject", code="instrument.subject")
    if SupervisionInstrument.objects.filter(region_id=unit.region_id, number=number.strip()).exists():
        raise InvalidInput(f"文号“{number}”已使用", field="number", code="instrument.duplicate")
    issued_on = issued_on or timezone.localdate()
    due, due_source = None, ""
    key = RESPONSE_KEY.get(kind)
    setting = law_setting(unit.region_id, key) if key else None
    if setting is not None:
        days, due_source = setting
        due = add_working_days(issued_on, days)
    inst = SupervisionInstrument.objects.create(
        region_id=unit.region_id,
        unit=unit,
        kind=kind,
        number=number.strip(),
        subject=subject.strip(),
        legal_basis=TIAOLI,
        issued_on=issued_on,
        issued_by=actor if getattr(actor, "pk", None) else None,
        response_due=due,
        due_source=due_source,
        alert=alert,
    )
    audit(actor=actor, action="instrument.issue", obj=inst, after=snapshot(inst))
    return inst


@transaction.atomic
def instrument_answer(*, actor, instrument: SupervisionInstrument, answer: str, answered_on: dt.date | None = None):
    inst = SupervisionInstrument.objects.select_for_update().get(pk=instrument.pk)
    authorize(actor, "instrument.answer", unit=inst.unit)
    if inst.status != InstrumentStatus.ISSUED:
        raise InvalidInput("该文书已答复", field="answer", code="instrument.answered")
    if len((answer or "").strip()) < 4:
        raise InvalidInput("请填写答复内容", field="answer", code="instrument.answer")
    before = snapshot(inst)
    inst.answer, inst.answered_on, inst.status = answer.strip(), answered_on or timezone.localdate(), InstrumentStatus.ANSWERED
    inst.save()
    audit(actor=actor, action="instrument.answer", obj=inst, before=before, after=snapshot(inst))
    return inst


@transaction.atomic
def instrument_follow_up(*, actor, instrument: SupervisionInstrument, follow_up: str, on: dt.date | None = None):
    inst = SupervisionInstrument.objects.select_for_update().get(pk=instrument.pk)
    authorize(actor, "instrument.follow_up", region=inst.region_id)
    if len((follow_up or "").strip()) < 4:
        raise InvalidInput("请填写跟踪情况", field="follow_up", code="instrument.follow_up")
    before = snapshot(inst)
    inst.follow_up, inst.followed_up_on, inst.status = follow_up.strip(), on or timezone.localdate(), InstrumentStatus.FOLLOWED
    inst.save()
    audit(actor=actor, action="instrument.follow_up", obj=inst, before=before, after=snapshot(inst))
    return inst


@transaction.atomic
def clue_verify(*, actor, clue: Clue, outcome: str, verified_on: dt.date | None = None, note: str = "") -> Clue:
    """查证: the unit handling an assigned clue records whether it is substantiated. The clue stays with the unit
    (its answer, and the case filed from it, follow); a finding already recorded is not changed."""
    authorize(actor, "clue.verify", unit=clue.unit_id, region=clue.region_id)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.status != ClueStatus.ASSIGNED:
        raise InvalidInput("线索尚未交办或已答复，不能登记查证结果", field="status", code="clue.verify_not_allowed")
    if clue.outcome:
        raise InvalidInput(
            f"线索已于{clue.verified_on:%Y-%m-%d}登记查证结果（{clue.get_outcome_display()}）",
            field="outcome",
            code="clue.verified",
        )
    if outcome not in ClueOutcome.values:
        raise InvalidInput(
            f"查证结果“{outcome}”无效，应为：{'、'.join(str(x) for x in ClueOutcome.labels)}", field="outcome", code="clue.outcome"
        )
    on = verified_on or timezone.localdate()
    if on < (clue.assigned_on or clue.received_on):
        raise InvalidInput("查证日期不能早于交办日期", field="verified_on", code="clue.verified_on")
    before = snapshot(clue)
    clue.outcome, clue.verified_on, clue.verification_note = outcome, on, (note or "").strip()
    clue.save(update_fields=["outcome", "verified_on", "verification_note"])
    audit(actor=actor, action="clue.verify", obj=clue, before=before, after=snapshot(clue))
    return clue


@transaction.atomic
def clue_return(*, actor, clue: Clue, reason: str, returned_on: dt.date | None = None) -> Clue:
    """退回: the unit a clue was assigned to hands it back as outside its duties, with its reason; the clue waits for
    the 司法局 to assign it again (its response period restarts then). A clue already checked or answered is the
    unit's own and cannot be returned."""
    authorize(actor, "clue.return", unit=clue.unit_id, region=clue.region_id)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.status != ClueStatus.ASSIGNED or clue.unit_id is None:
        raise InvalidInput("线索未交办本单位或已答复，不能退回", field="status", code="clue.return_not_allowed")
    if clue.outcome:
        raise InvalidInput("线索已登记查证结果，不能退回", field="status", code="clue.return_verified")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise InvalidInput("请写明退回理由（不属于本单位职责的依据）", field="reason", code="clue.return_reason")
    on = returned_on or timezone.localdate()
    if on < clue.assigned_on:
        raise InvalidInput("退回日期不能早于交办日期", field="returned_on", code="clue.returned_on")
    before = snapshot(clue)
    ClueReturn.objects.create(
        clue=clue,
        region_id=clue.region_id,
        unit_id=clue.unit_id,
        reason=reason,
        assigned_on=clue.assigned_on,
        returned_on=on,
        returned_by=actor if getattr(actor, "pk", None) else None,
    )
    clue.unit, clue.assigned_on, clue.status = None, None, ClueStatus.RECEIVED  # ASSIGNED -> RECEIVED
    clue.save(update_fields=["unit", "assigned_on", "status"])
    audit(actor=actor, action="clue.return", obj=clue, before=before, after=snapshot(clue))
    return clue
