"""enforcement services (other than the case workflow, which lives in workflow.py).

Every service is keyword-only, atomic, checks the rules of rules.py and writes exactly one audit row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, RuleBlocked, Violation
from zhifa.core.policy import authorize
from zhifa.core.validators import birth_date_from_id, validate_id_number, validate_uscc
from zhifa.powers.choices import PowerCategory

from . import rules as R
from .choices import (
    CampaignKind,
    CaseStatus,
    EvidenceKind,
    HazardCategory,
    HazardSeverity,
    InspectionKind,
    InspectionMode,
    InterfererRole,
    OtherActKind,
    PartyKind,
    PartyType,
)
from .models import (
    Campaign,
    CampaignMeeting,
    CriminalTransfer,
    Device,
    Evidence,
    Hazard,
    Inspection,
    InterferenceRecord,
    JointAction,
    OtherAct,
    Party,
    VehicleOverload,
)
from .reference import Reference
from .workflow import _perform, calendar_date


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            f"{field}“{value}”无效，应为：{'、'.join(str(label) for label in choices.labels)}",
            field=field,
            code=f"{field}.choice",
        )
    return value


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _block(violations: list[Violation]) -> None:
    bad = R.blocking(violations)
    if bad:
        raise RuleBlocked(bad)


def _same_region(region_id: str, *objs) -> None:
    for o in objs:
        if o is not None and getattr(o, "region_id", region_id) != region_id:
            raise InvalidInput(f"“{o}”不属于本行政区划", field=o._meta.model_name, code="region.mismatch")


# ---- 当事人 -----------------------------------------------------------------------------------------
@transaction.atomic
def party_register(
    *,
    actor,
    region,
    kind: str,
    name: str,
    party_type: str = PartyType.OTHER,
    id_number: str = "",
    uscc: str = "",
    phone: str = "",
    address: str = "",
    key_supply: bool = False,
) -> Party:
    """A natural person by 身份证号码 (GB 11643), an organisation by 统一社会信用代码 (GB 32100)."""
    authorize(actor, "party.register", region=region)
    _choice(kind, PartyKind, "kind")
    _choice(party_type, PartyType, "party_type")
    if not name.strip():
        raise InvalidInput("当事人名称/姓名不能为空", field="name", code="party.name")
    birth = None
    if kind == PartyKind.PERSON:
        id_number = validate_id_number(id_number)
        birth = birth_date_from_id(id_number)
        uscc = ""
        existing = Party.objects.filter(region=region, id_number=id_number).first()
    else:
        uscc = validate_uscc(uscc)
        id_number = ""
        existing = Party.objects.filter(region=region, uscc=uscc).first()
    if existing is not None:
        raise InvalidInput(
            f"当事人“{existing.name}”已登记（ID {existing.pk}）",
            field="id_number" if id_number else "uscc",
            code="party.duplicate",
        )
    party = Party.objects.create(
        region=region,
        kind=kind,
        party_type=party_type,
        name=name.strip(),
        id_number=id_number,
        uscc=uscc,
        birth_date=birth,
        phone=phone,
        address=address,
        key_supply=key_supply,
    )
    audit(actor=actor, action="party.register", obj=party, after=snapshot(party))
    return party


@transaction.atomic
def party_find_or_register(*, actor, region, kind: str, code: str, name: str, address: str = "") -> Party:
    """The party with this 身份证号码 (person) / 统一社会信用代码 (organisation) in the region; registered
    through ``party_register`` (and its checks) when there is none yet. A form names a party by its code."""
    _choice(kind, PartyKind, "kind")
    code = (code or "").strip().upper()
    key = {"id_number": code} if kind == PartyKind.PERSON else {"uscc": code}
    existing = Party.objects.filter(region=region, kind=kind, **key).first()
    if existing is not None:
        return existing
    return party_register(actor=actor, region=region, kind=kind, name=name, address=address, **key)


# ---- 行政检查 ---------------------------------------------------------------------------------------
@transaction.atomic
def inspection_record(
    *,
    actor,
    unit,
    power,
    party,
    started_at: dt.datetime,
    officers,
    mode: str = InspectionMode.ON_SITE,
    kind: str = InspectionKind.ROUTINE,
    campaign=None,
    joint_action=None,
    plan=None,
    findings: str = "",
) -> Inspection:
    """行政检查 by ≥2 certified officers (第四十二条 by analogy; 国办发〔2018〕118号) under an inspection power held that day."""
    authorize(actor, "inspection.record", unit=unit, on=calendar_date(_aware(started_at)))
    _choice(mode, InspectionMode, "mode")
    _choice(kind, InspectionKind, "kind")
    _same_region(unit.region_id, party, power, campaign, joint_action, plan)
    started_at = _aware(started_at)
    officers = list(officers)
    facts = R.ActFacts(
        unit.pk, power.pk, calendar_date(started_at), tuple(o.pk for o in officers), category=PowerCategory.INSPECTION
    )
    _block(R.run(R.ACT_RULES, facts, Reference(unit.region_id)))
    insp = Inspection.objects.create(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        started_at=started_at,
        mode=mode,
        kind=kind,
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        campaign=campaign,
        joint_action=joint_action,
        plan=plan,
        findings=findings,
    )
    audit(actor=actor, action="inspection.record", obj=insp, after=snapshot(insp))
    return insp


# ---- 隐患 ------------------------------------------------------------------------------------------
@transaction.atomic
def hazard_record(
    *,
    actor,
    unit,
    party,
    category: str,
    severity: str,
    found_on: dt.date,
    deadline: dt.date,
    description: str = "",
    inspection=None,
) -> Hazard:
    authorize(actor, "hazard.record", unit=unit, on=found_on)
    _choice(category, HazardCategory, "category")
    _choice(severity, HazardSeverity, "severity")
    _same_region(unit.region_id, party, inspection)
    if deadline < found_on:
        raise InvalidInput("整改期限不能早于发现日期", field="deadline", code="hazard.deadline")
    if inspection is not None and calendar_date(inspection.started_at) > found_on:
        raise InvalidInput("隐患发现日期不能早于检查日期", field="found_on", code="hazard.found_on")
    h = Hazard.objects.create(
        region_id=unit.region_id,
        unit=unit,
        inspection=inspection,
        party=party,
        category=category,
        severity=severity,
        description=description,
        found_on=found_on,
        deadline=deadline,
    )
    audit(actor=actor, action="hazard.record", obj=h, after=snapshot(h))
    return h


@transaction.atomic
def hazard_rectify(*, actor, hazard: Hazard, on: dt.date) -> Hazard:
    authorize(actor, "hazard.rectify", unit=hazard.unit_id)
    h = Hazard.objects.select_for_update().get(pk=hazard.pk)
    if h.rectified_on is not None:
        raise InvalidInput(f"隐患已于{h.rectified_on}整改完成", field="rectified_on", code="hazard.rectified")
    if on < h.found_on:
        raise InvalidInput("整改完成日期不能早于发现日期", field="rectified_on", code="hazard.rectified_on")
    before = snapshot(h)
    h.rectified_on = on
    h.save(update_fields=["rectified_on"])
    audit(actor=actor, action="hazard.rectify", obj=h, before=before, after=snapshot(h))
    return h


# ---- 巡查 / 现场规范 / 教育改正 -------------------------------------------------------------------------
@transaction.atomic
def other_act_record(
    *, actor, unit, kind: str, occurred_at: dt.datetime, officers, power=None, party=None, note: str = ""
) -> OtherAct:
    authorize(actor, "other_act.record", unit=unit, on=calendar_date(_aware(occurred_at)))
    _choice(kind, OtherActKind, "kind")
    _same_region(unit.region_id, power, party)
    occurred_at = _aware(occurred_at)
    officers = list(officers)
    facts = R.ActFacts(unit.pk, power.pk if power else None, calendar_date(occurred_at), tuple(o.pk for o in officers))
    ref = Reference(unit.region_id)
    found = R.officers_certified(facts, ref)
    if power is not None:
        found += R.power_held(facts, ref)
    _block(found)
    act = OtherAct.objects.create(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        kind=kind,
        occurred_at=occurred_at,
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        note=note,
    )
    audit(actor=actor, action="other_act.record", obj=act, after=snapshot(act))
    return act


# ---- 专项行动 / 专题部署 / 联合行动 -----------------------------------------------------------------------
@transaction.atomic
def campaign_create(
    *, actor, lead_unit, name: str, kind: str, domain: str, start_on: dt.date, end_on: dt.date, units=()
) -> Campaign:
    authorize(actor, "campaign.create", unit=lead_unit)
    _choice(kind, CampaignKind, "kind")
    if not name.strip():
        raise InvalidInput("专项行动名称不能为空", field="name", code="campaign.name")
    if end_on < start_on:
        raise InvalidInput("结束日期不能早于开始日期", field="end_on", code="campaign.dates")
    _same_region(lead_unit.region_id, *units)
    c = Campaign.objects.create(
        region_id=lead_unit.region_id,
        name=name.strip(),
        kind=kind,
        domain=domain,
        lead_unit=lead_unit,
        start_on=start_on,
        end_on=end_on,
    )
    c.units.set({lead_unit, *units})
    audit(
        actor=actor,
        action="campaign.create",
        obj=c,
        after={**snapshot(c), "units": sorted(u.pk for u in c.units.all())},
    )
    return c


@transaction.atomic
def campaign_meeting_create(
    *, actor, campaign: Campaign, held_on: dt.date, title: str, chaired_by: str = ""
) -> CampaignMeeting:
    authorize(actor, "campaign.meeting", unit=campaign.lead_unit_id)
    if not title.strip():
        raise InvalidInput("会议名称不能为空", field="title", code="meeting.title")
    m = CampaignMeeting.objects.create(
        region_id=campaign.region_id, campaign=campaign, held_on=held_on, title=title.strip(), chaired_by=chaired_by
    )
    audit(actor=actor, action="campaign.meeting", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def joint_action_create(*, actor, lead_unit, title: str, held_on: dt.date, units, campaign=None) -> JointAction:
    authorize(actor, "joint_action.create", unit=lead_unit)
    units = set(units) - {lead_unit}
    if not units:
        raise InvalidInput("联合执法行动至少需要两个单位参加", field="units", code="joint_action.units")
    _same_region(lead_unit.region_id, campaign, *units)
    j = JointAction.objects.create(
        region_id=lead_unit.region_id, campaign=campaign, title=title.strip(), held_on=held_on, lead_unit=lead_unit
    )
    j.units.set({lead_unit, *units})
    audit(
        actor=actor,
        action="joint_action.create",
        obj=j,
        after={**snapshot(j), "units": sorted(u.pk for u in j.units.all())},
    )
    return j


# ---- 电子技术监控设备 (第四十一条) ------------------------------------------------------------------------
@transaction.atomic
def device_register(*, actor, unit, name: str, location: str) -> Device:
    authorize(actor, "device.register", unit=unit)
    if not name.strip() or not location.strip():
        raise InvalidInput("设备名称和设置地点必填", field="location", code="device.fields", citation=R.ART41)
    d = Device.objects.create(region_id=unit.region_id, unit=unit, name=name.strip(), location=location.strip())
    audit(actor=actor, action="device.register", obj=d, after=snapshot(d))
    return d


@transaction.atomic
def device_approve(*, actor, device: Device, on: dt.date, approval_doc: str) -> Device:
    """第四十一条第一款: 经过法制和技术审核."""
    authorize(actor, "device.approve", unit=device.unit_id, on=on)
    d = Device.objects.select_for_update().get(pk=device.pk)
    if not approval_doc.strip():
        raise InvalidInput(
            "应记录法制和技术审核文件", field="approval_doc", code="device.approval_doc", citation=R.ART41
        )
    before = snapshot(d)
    d.approved_on, d.approval_doc = on, approval_doc.strip()
    d.save(update_fields=["approved_on", "approval_doc"])
    audit(actor=actor, action="device.approve", obj=d, before=before, after=snapshot(d))
    return d


@transaction.atomic
def device_publish(*, actor, device: Device, on: dt.date) -> Device:
    """第四十一条第一款: 设置地点应当向社会公布 — only after approval."""
    authorize(actor, "device.publish", unit=device.unit_id)
    d = Device.objects.select_for_update().get(pk=device.pk)
    if d.approved_on is None or d.approved_on > on:
        raise RuleBlocked(
            [Violation("device.not_approved", "设备未经法制和技术审核，不能公布启用", R.ART41, "approved_on")]
        )
    before = snapshot(d)
    d.published_on = on
    d.save(update_fields=["published_on"])
    audit(actor=actor, action="device.publish", obj=d, before=before, after=snapshot(d))
    return d


# ---- 超限超载 ---------------------------------------------------------------------------------------
def _tonnes(value, field: str) -> Decimal:
    if isinstance(value, float):
        raise InvalidInput(f"{field}应以Decimal或字符串给出（避免二进制浮点误差）", field=field, code="overload.float")
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{field}“{value}”不是数字", field=field, code="overload.number")
    if not d.is_finite() or d < 0 or d.as_tuple().exponent < -2:
        raise InvalidInput(f"{field}应为非负数，最多两位小数", field=field, code="overload.number")
    return d


@transaction.atomic
def overload_record(
    *,
    actor,
    unit,
    checked_at: dt.datetime,
    plate: str,
    axles: int,
    gross_weight,
    limit_weight,
    unloaded_tonnage=Decimal("0"),
    source_enterprise=None,
    case=None,
    joint_action=None,
    device=None,
) -> VehicleOverload:
    authorize(actor, "overload.record", unit=unit, on=calendar_date(_aware(checked_at)))
    gross, limit, unloaded = (
        _tonnes(gross_weight, "gross_weight"),
        _tonnes(limit_weight, "limit_weight"),
        _tonnes(unloaded_tonnage, "unloaded_tonnage"),
    )
    if gross <= limit:
        raise InvalidInput(f"车货总重{gross}吨未超过限值{limit}吨", field="gross_weight", code="overload.not_over")
    if unloaded > gross:
        raise InvalidInput("卸载吨数不能超过车货总重", field="unloaded_tonnage", code="overload.unloaded")
    if not 2 <= int(axles) <= 12:
        raise InvalidInput("轴数应在2–12之间", field="axles", code="overload.axles")
    if source_enterprise is not None and source_enterprise.kind != PartyKind.ORG:
        raise InvalidInput("源头企业应为单位当事人", field="source_enterprise", code="overload.source")
    _same_region(unit.region_id, source_enterprise, case, joint_action, device)
    v = VehicleOverload.objects.create(
        region_id=unit.region_id,
        unit=unit,
        checked_at=_aware(checked_at),
        plate=plate.strip().upper(),
        axles=int(axles),
        gross_weight=gross,
        limit_weight=limit,
        unloaded_tonnage=unloaded,
        source_enterprise=source_enterprise,
        case=case,
        joint_action=joint_action,
        device=device,
    )
    audit(actor=actor, action="overload.record", obj=v, after=snapshot(v))
    return v


# ---- 行刑衔接 ---------------------------------------------------------------------------------------
@transaction.atomic
def criminal_transfer_record(*, actor, case, transferred_on: dt.date, to_agency: str, reason: str) -> CriminalTransfer:
    """第二十七条、第五十七条第一款第（四）项: a suspected crime is transferred; the case moves to 移送."""
    authorize(actor, "case.transfer", unit=case.unit_id, on=transferred_on)
    from .models import PenaltyCase

    if not to_agency.strip() or not reason.strip():
        raise InvalidInput(
            "应当载明接收机关和移送理由", field="to_agency", code="transfer.fields", citation="《行政处罚法》第二十七条"
        )
    locked = (
        PenaltyCase.objects.select_for_update(of=("self",)).select_related("party", "previous_case").get(pk=case.pk)
    )
    before = snapshot(locked)
    locked, _ = _perform(
        actor=actor, case=locked, to_status=CaseStatus.TRANSFERRED, on_date=transferred_on, note=f"移送{to_agency}"
    )
    t = CriminalTransfer.objects.create(
        region_id=locked.region_id,
        unit_id=locked.unit_id,
        case=locked,
        transferred_on=transferred_on,
        to_agency=to_agency.strip(),
        reason=reason.strip(),
    )
    audit(
        actor=actor,
        action="case.criminal_transfer",
        obj=t,
        before=before,
        after={**snapshot(t), "case": snapshot(locked)},
    )
    return t


# ---- 调查取证: 证据 ----------------------------------------------------------------------------------
EVIDENCE_STAGES = (
    CaseStatus.FILED,
    CaseStatus.INVESTIGATING,
    CaseStatus.NOTIFIED,
    CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.COLLECTIVE,
)


@transaction.atomic
def evidence_record(
    *,
    actor,
    case,
    kind: str,
    title: str,
    collected_on: dt.date,
    collected_by,
    stream=None,
    original_name: str = "",
) -> Evidence:
    """调查取证 (第五十四条、第五十五条): one piece of evidence of a kind of 第四十六条, collected by a certified
    officer of the unit after 立案 and before the decision; its file (if any) is stored and hashed while streaming."""
    from .models import PenaltyCase
    from .recordings import store_stream

    authorize(actor, "case.evidence", unit=case.unit_id, on=collected_on)
    case = PenaltyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    _choice(kind, EvidenceKind, "kind")
    if not title.strip():
        raise InvalidInput("证据名称不能为空", field="title", code="evidence.title")
    if case.status not in EVIDENCE_STAGES:
        raise RuleBlocked(
            [Violation("evidence.stage", "调查取证应当在立案之后、作出决定之前进行", R.ART54, "collected_on")]
        )
    if case.filed_on and collected_on < case.filed_on:
        raise InvalidInput("取证日期不能早于立案日期", field="collected_on", code="evidence.date", citation=R.ART54)
    if collected_by is None or collected_by.unit_id != case.unit_id:
        raise InvalidInput("取证人应为本单位执法人员", field="collected_by", code="evidence.officer")
    if not Reference(case.region_id).certificate_active(collected_by.pk, collected_on):
        raise RuleBlocked(
            [
                Violation(
                    "officers.no_certificate",
                    f"{collected_by.name}在{collected_on:%Y-%m-%d}没有有效的行政执法证件，不能调查取证",
                    R.ART42,
                    "collected_by",
                )
            ]
        )
    stored = store_stream(stream) if stream is not None else ("", "", None)
    ev = Evidence.objects.create(
        region_id=case.region_id,
        unit_id=case.unit_id,
        case=case,
        kind=kind,
        title=title.strip(),
        collected_on=collected_on,
        collected_by=collected_by,
        file_path=stored[0],
        sha256=stored[1],
        size=stored[2],
        original_name=original_name[:200] if stream is not None else "",
    )
    audit(actor=actor, action="case.evidence", obj=ev, after=snapshot(ev), region_code=case.region_id)
    return ev


# ---- 干预插手 ---------------------------------------------------------------------------------------
@transaction.atomic
def interference_record(
    *,
    actor,
    unit,
    interferer_name: str,
    interferer_role: str,
    method: str,
    occurred_on: dt.date,
    recorded_by,
    recorded_on: dt.date,
    case=None,
) -> InterferenceRecord:
    authorize(actor, "interference.record", unit=unit)
    _choice(interferer_role, InterfererRole, "interferer_role")
    if not interferer_name.strip() or not method.strip():
        raise InvalidInput("应当记录干预人和干预方式", field="method", code="interference.fields")
    if recorded_on < occurred_on:
        raise InvalidInput("记录日期不能早于发生日期", field="recorded_on", code="interference.dates")
    _same_region(unit.region_id, case, recorded_by)
    rec = InterferenceRecord.objects.create(
        region_id=unit.region_id,
        unit=unit,
        case=case,
        interferer_name=interferer_name.strip(),
        interferer_role=interferer_role,
        method=method.strip(),
        occurred_on=occurred_on,
        recorded_by=recorded_by,
        recorded_on=recorded_on,
    )
    audit(actor=actor, action="interference.record", obj=rec, after=snapshot(rec))
    return rec
