"""Acts going out, read from the domain tables (exchange.md: Going out, Export).

An act exported is the act as the product holds it, whether it came in through the exchange or was entered in
the workspace: the rows are read from the enforcement tables, never from the exchange's key index (which only
supplies the natural key of a linked 计划 or 联合行动 that arrived through the exchange). A field the table holds
empty is exported empty.

A row entered in the workspace has no 检查行为编号 / 行为编号 / 隐患编号 / 检测编号 of a sending system; it is exported
under the product's own number ``ZF-<unit USCC>-<kind>-<id>``, stable across exports, which is the key a
receiving instance files it under.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from zhifa.enforcement.choices import (
    CaseInspectionSource,
    HazardCategory,
    HazardSeverity,
    InspectionClass,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    OtherActKind,
    Outcome,
    PartyKind,
    PartyType,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from zhifa.enforcement.models import (
    AssistanceRecord,
    Disclosure,
    Hazard,
    Inspection,
    OtherAct,
    PenaltyCase,
    VehicleOverload,
)
from zhifa.org.models import Certificate, Unit
from zhifa.powers.choices import DiscretionTier
from zhifa.supervision.models import Bulletin, CaseFileReview, SupervisionInspection

from . import law_records, outgoing_registry, oversight_records
from .fields import BEIJING
from .models import ExchangeRecord

FROM_DOMAIN = frozenset({"行政检查", "行政处罚", "其他执法行为", "隐患", "超限超载"})
CHUNK = 2000


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _dt(value: dt.datetime | None) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _b(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _money(value) -> str:
    return f"{value:.2f}" if value else ""


def _own_number(obj, kind: str) -> str:
    return f"ZF-{obj.unit.uscc}-{kind}-{obj.pk}"


class Officers:
    """Person → the 执法证号 they held on a day (the certificate valid then; else the last one issued before)."""

    def __init__(self, person_ids):
        self.by_person: dict[int, list] = defaultdict(list)
        for row in (
            Certificate.objects.filter(holder_id__in=set(person_ids) - {None})
            .order_by("issued_on", "id")
            .values_list("holder_id", "number", "issued_on", "revoked_on")
        ):
            self.by_person[row[0]].append(row[1:])

    def number(self, person_id: int | None, day: dt.date) -> str:
        best = ""
        for number, issued, revoked in self.by_person.get(person_id, ()):
            if issued <= day:
                best = number
                if revoked is None or revoked > day:
                    return number
        return best or (self.by_person[person_id][0][0] if self.by_person.get(person_id) else "")

    def numbers(self, a: int | None, b: int | None, day: dt.date) -> str:
        return "；".join(n for n in (self.number(a, day), self.number(b, day) if b else "") if n)


def _party(p) -> dict:
    if p is None:
        return {}
    return {
        "相对人性质": "自然人" if p.kind == PartyKind.PERSON else "法人或其他组织",
        "相对人证件号码": p.id_number or p.uscc or "",
    }


def _keys(type_name: str, ids) -> dict[int, str]:
    """The natural key a linked registry record arrived under (检查计划 / 联合行动)."""
    return dict(
        ExchangeRecord.objects.filter(record_type=type_name, object_id__in=set(ids) - {None}, deleted=False)
        .values_list("object_id", "key")
        .order_by()
    )


def _chunks(qs: QuerySet) -> Iterator[list]:
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


MODE = {v: str(label) for v, label in InspectionMode.choices}
# An inspection stored without its 检查方式 list (entered in the workspace) says how it was done by its kind.
KIND_METHODS = {InspectionKind.RANDOM: ["双随机"], InspectionKind.JOINT: ["联合"], InspectionKind.NIGHT: ["夜查"]}


def inspections(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("unit", "power", "party", "approver", "campaign", "plan__unit", "joint_action__lead_unit")
    for rows in _chunks(qs):
        officers = Officers([x for r in rows for x in (r.officer_a_id, r.officer_b_id)])
        plans = _keys("检查计划", [r.plan_id for r in rows])
        joints = _keys("联合行动", [r.joint_action_id for r in rows])
        for r in rows:
            day = r.started_at.astimezone(BEIJING).date()
            klass = r.inspection_class or (
                InspectionClass.SPECIAL if r.kind == InspectionKind.SPECIAL else InspectionClass.ROUTINE
            )
            category = "" if r.party.party_type in (PartyType.INDIVIDUAL, PartyType.OTHER) else r.party.party_type
            yield {
                "检查行为编号": r.number or _own_number(r, "JC"),
                "实施机构统一社会信用代码": r.unit.uscc,
                "事项编码": r.power.code,
                "检查对象名称": r.party.name,
                **_party(r.party),
                "检查对象类别": r.object_category or _label(PartyType, category),
                "重点保供": "是" if r.party.key_supply else "",  # kept on the 当事人 (spec: 登记于当事人)
                "检查时间": _dt(r.started_at),
                "检查形式": MODE[r.mode],
                "检查类别": _label(InspectionClass, klass),
                "个案来源": _label(CaseInspectionSource, r.case_source),
                "检查方式": "；".join(r.methods or KIND_METHODS.get(r.kind, [])),
                "审批人身份证号码": r.approver.id_number if r.approver else "",
                "审批时间": _dt(r.approved_at),
                "紧急": _b(r.urgent),
                "执法证号": officers.numbers(r.officer_a_id, r.officer_b_id, day),
                "检查结果": _label(InspectionResult, r.result),
                "发现问题": r.findings,
                "计划编号": plans.get(r.plan_id) or (_own_number(r.plan, "JH") if r.plan else ""),
                "专项行动名称": r.campaign.name if r.campaign else "",
                "联合行动编号": joints.get(r.joint_action_id)
                or (f"ZF-{r.joint_action.lead_unit.uscc}-LH-{r.joint_action_id}" if r.joint_action else ""),
                "报送时间": _dt(r.reported_at),
            }


KINDS = {v: str(label) for v, label in PenaltyKind.choices}
NO_PENALTY = {
    Outcome.FIRST_OFFENCE,
    Outcome.NO_PENALTY_MINOR,
    Outcome.NO_PENALTY_MINOR_HARM,
    Outcome.NO_PENALTY_NO_FAULT,
}


def _outcome(c) -> str:
    if c.status == "withdrawn":
        return "撤销立案"
    if c.outcome == Outcome.TRANSFERRED:
        return "移送"
    if c.outcome in NO_PENALTY:
        return "不予处罚"
    if c.outcome == Outcome.PENALTY:
        return "给予处罚"
    return ""


def cases(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("unit", "power", "party", "inspection__unit", "device", "campaign").prefetch_related(
        "legal_reviews__reviewer", "hearings", "discussions"
    )
    for rows in _chunks(qs):
        officers = Officers([x for r in rows for x in (r.officer_a_id, r.officer_b_id)])
        published = dict(
            Disclosure.objects.filter(case_id__in=[r.pk for r in rows], published_on__isnull=False)
            .values_list("case_id", "published_on")
            .order_by()
        )
        for c in rows:
            review = max(c.legal_reviews.all(), key=lambda x: (x.reviewed_on, x.pk), default=None)
            hearing = max(c.hearings.all(), key=lambda x: (x.requested_on, x.pk), default=None)
            talk = max(c.discussions.all(), key=lambda x: (x.held_on, x.pk), default=None)
            day = c.decided_on or c.filed_on or c.discovered_at.astimezone(BEIJING).date()
            yield {
                "实施机构统一社会信用代码": c.unit.uscc,
                "案件编号": c.case_no,
                "事项编码": c.power.code,
                "程序": str(Procedure(c.procedure).label),
                "当事人名称": c.party.name,
                **_party(c.party),
                "法定代表人": c.legal_representative,
                "案件来源": c.source,
                "关联检查行为编号": (c.inspection.number or _own_number(c.inspection, "JC")) if c.inspection else "",
                "违法行为类型": c.violation,
                "违法事实": c.facts,
                "处罚依据": c.basis,
                "违法行为发生日期": _d(c.act_date),
                "发现时间": _dt(c.discovered_at),
                "立案日期": _d(c.filed_on),
                "告知日期": _d(c.notified_on),
                "听证申请日期": _d(hearing.requested_on if hearing else None),
                "听证日期": _d(hearing.held_on if hearing else None),
                "法制审核日期": _d(review.reviewed_on if review else None),
                "法制审核人身份证号码": review.reviewer.id_number if review else "",
                "审核意见": review.opinion if review else "",
                "审核结论": _label(ReviewResult, review.result) if review else "",
                "集体讨论日期": _d(talk.held_on if talk else None),
                "集体讨论参加人员": talk.attendees if talk else "",
                "集体讨论结论": talk.conclusion if talk else "",
                "延期批准日期": c.extension_approved_by.removeprefix("批准于")
                if c.extension_approved_by.startswith("批准于")
                else "",
                "延期天数": str(c.extension_days) if c.extension_days else "",
                "决定日期": _d(c.decided_on),
                "处罚决定书文号": c.decision_no,
                "处理结果": _outcome(c),
                "处罚种类": "；".join(KINDS[k] for k in c.penalty_kinds or []),
                "罚款金额": _money(c.fine_amount),
                "没收金额": _money(c.confiscation_amount),
                "裁量档次": _label(DiscretionTier, c.discretion_tier),
                "裁量说明": c.discretion_reason,
                "首次违法": "是" if c.first_offence else "",
                "危害后果轻微": "是" if c.harm_minor else "",
                "及时改正": "是" if c.corrected else "",
                "送达日期": _d(c.delivered_on),
                "当事人不在场": _b(c.party_absent),
                "缴款日期": _d(c.paid_on),
                "实缴金额": _money(c.paid_amount),
                "结案日期": _d(c.closed_on),
                "执法证号": officers.numbers(c.officer_a_id, c.officer_b_id, day),
                "公示日期": _d(published.get(c.pk)),
                "移送机关": c.transferred_to,
                "移送日期": _d(c.transferred_on),
                "电子监控设备编号": c.device.name if c.device else "",
                "专项行动名称": c.campaign.name if c.campaign else "",
            }


OTHER_KIND = {v: str(label) for v, label in OtherActKind.choices}


def other_acts(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("unit", "power", "party")
    for rows in _chunks(qs):
        officers = Officers([x for r in rows for x in (r.officer_a_id, r.officer_b_id)])
        for r in rows:
            yield {
                "行为编号": r.number or _own_number(r, "XW"),
                "类型": OTHER_KIND[r.kind],
                "实施机构统一社会信用代码": r.unit.uscc,
                "事项编码": r.power.code if r.power else "",
                "对象名称": r.party.name if r.party else "",
                "相对人证件号码": (r.party.id_number or r.party.uscc) if r.party else "",
                "时间": _dt(r.occurred_at),
                "执法证号": officers.numbers(r.officer_a_id, r.officer_b_id, r.occurred_at.astimezone(BEIJING).date()),
                "内容": r.note,
            }


SEVERITY = {HazardSeverity.GENERAL: "一般", HazardSeverity.MAJOR: "重大"}


def hazards(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("unit", "party", "inspection__unit")
    for rows in _chunks(qs):
        for h in rows:
            yield {
                "隐患编号": h.number or _own_number(h, "YH"),
                "实施机构统一社会信用代码": h.unit.uscc,
                "检查行为编号": (h.inspection.number or _own_number(h.inspection, "JC")) if h.inspection else "",
                "对象名称": h.party.name,
                "相对人证件号码": h.party.id_number or h.party.uscc,
                "隐患类别": _label(HazardCategory, h.category),
                "隐患描述": "" if h.description == _label(HazardCategory, h.category) else h.description,
                "等级": SEVERITY.get(h.severity, ""),
                "发现日期": _d(h.found_on),
                "整改期限": _d(h.deadline),
                "整改完成日期": _d(h.rectified_on),
            }


def overloads(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("unit", "source_enterprise", "case", "device")
    for rows in _chunks(qs):
        for o in rows:
            yield {
                "检测编号": o.number or _own_number(o, "CX"),
                "实施机构统一社会信用代码": o.unit.uscc,
                "车牌号": o.plate,
                "轴数": str(o.axles) if o.axles is not None else "",
                "车货总重": f"{o.gross_weight:.2f}",
                "限值": f"{o.limit_weight:.2f}",
                "卸载吨数": _money(o.unloaded_tonnage),
                "检测时间": _dt(o.checked_at),
                "源头企业统一社会信用代码": o.source_enterprise.uscc if o.source_enterprise else "",
                "关联案件编号": o.case.case_no if o.case else "",
                "电子监控设备编号": o.device.name if o.device else "",
            }


SOURCES = {  # type → (model, builder, the record's own day, path to the owning unit, path to the region)
    "行政检查": (Inspection, inspections, "started_at", "unit", "region"),
    "行政处罚": (PenaltyCase, cases, "discovered_at", "unit", "region"),
    "其他执法行为": (OtherAct, other_acts, "occurred_at", "unit", "region"),
    "隐患": (Hazard, hazards, "found_on", "unit", "region"),
    "超限超载": (VehicleOverload, overloads, "checked_at", "unit", "region"),
    "异地执法协助": (AssistanceRecord, law_records.assistance_out, "requested_on", "unit", "region"),
    "案卷评查": (CaseFileReview, oversight_records.reviews_out, "reviewed_on", "unit", "region"),
    "执法监督检查": (SupervisionInspection, oversight_records.supervision_inspections_out, "inspected_on", "unit", "region"),
    "月度通报": (Bulletin, oversight_records.bulletins_out, "month", "", "region"),  # the region's, no unit
    **{
        name: (model, build, day, unit_path, "region")
        for name, (model, build, day, unit_path) in outgoing_registry.SOURCES.items()
    },
}
SOURCES["培训记录"] = (*SOURCES["培训记录"][:4], "session__region")
FROM_DOMAIN = frozenset(SOURCES)
WITH_OFFICERS = frozenset({"行政强制", "行政许可"})  # builders that name officers by 执法证号
STORE_TOO = frozenset({"行政强制", "行政许可"})  # types with records kept only in the store (no table row)
STORE_DAY = {"行政强制": "决定日期", "行政许可": "受理日期"}  # their own date, for a period


def _changed_since(model, type_name: str, since: dt.datetime) -> set[int]:
    """Rows changed after ``since``: received through the exchange (its key index) or audited in the workspace."""
    from zhifa.core.models import AuditLog

    ids = set(
        ExchangeRecord.objects.filter(record_type=type_name, updated_at__gt=since, object_id__isnull=False)
        .values_list("object_id", flat=True)
        .order_by()
    )
    for oid in (
        AuditLog.objects.filter(object_type=model._meta.label_lower, at__gt=since)
        .values_list("object_id", flat=True)
        .order_by()
    ):
        if oid.isdigit():
            ids.add(int(oid))
    return ids


def queryset(type_name: str, *, scope, unit: str | None, region: str | None, since, date_from, date_to) -> QuerySet:
    """The rows of one record type's table within ``scope`` = (everything, regions, unit id) and the filters."""
    model, _build, day_field, unit_path, region_path = SOURCES[type_name]
    qs = model.objects.all()
    unit_id_path = "pk" if model is Unit else f"{unit_path}_id"
    unit_uscc_path = "uscc" if model is Unit else f"{unit_path}__uscc"
    everything, regions, unit_id = scope
    of_region = not unit_path and model is not Unit  # a region's own record (月度通报): no unit reads it as its own
    if not everything:
        qs = qs.filter(**{f"{region_path}_id__in": regions})
        if unit_id is not None:
            qs = qs.none() if of_region else qs.filter(**{unit_id_path: unit_id})
    if unit:
        qs = qs.none() if of_region else qs.filter(**{unit_uscc_path: unit})
    if region:
        qs = qs.filter(**{f"{region_path}_id": region})
    if since is not None:
        qs = qs.filter(pk__in=_changed_since(model, type_name, since))
    if day_field:
        is_dt = day_field.endswith("_at")
        if date_from:
            qs = qs.filter(**{f"{day_field}__date__gte" if is_dt else f"{day_field}__gte": date_from})
        if date_to:
            qs = qs.filter(**{f"{day_field}__date__lte" if is_dt else f"{day_field}__lte": date_to})
    return qs


def build(type_name: str, qs: QuerySet) -> Iterator[dict]:
    """Exchange records (Chinese names, blank fields left out) of the rows of ``qs``."""
    maker = SOURCES[type_name][1]
    made = maker(qs, Officers) if type_name in WITH_OFFICERS else maker(qs)
    for r in made:
        yield {k: v for k, v in r.items() if v not in ("", None)}


def stored(type_name: str, *, scope, unit: str | None, since, date_from, date_to) -> Iterator[dict]:
    """The records of ``type_name`` kept only in the exchange's store, with the same filters."""
    if type_name not in STORE_TOO:
        return
    day_field = STORE_DAY[type_name]
    for data in outgoing_registry.stored_only(type_name, scope, unit, since):
        day = (data.get(day_field) or "")[:10]
        if (date_from and day < str(date_from)) or (date_to and day > str(date_to)):
            continue
        yield data


def rows(
    type_name: str, *, scope, unit: str | None, region: str | None, since, date_from, date_to
) -> Iterator[dict]:
    """Every record of one type: its table's rows, then any kept only in the store."""
    qs = queryset(
        type_name, scope=scope, unit=unit, region=region, since=since, date_from=date_from, date_to=date_to
    )
    yield from build(type_name, qs)
    if not region:
        yield from stored(type_name, scope=scope, unit=unit, since=since, date_from=date_from, date_to=date_to)
