"""Registry records, 行政强制 and 行政许可 going out, read from the domain tables (exchange.md: Export).

As for the acts (outgoing.py): a record exported is the row as the product holds it, whether it came in
through the exchange or was entered in the workspace. The exchange's key index supplies only what a table
has no column for: the natural key a sending system gave a record that the product files under its own id
(培训编号, 联合行动编号, 计划编号), and the few fields no table holds (执法证件 取得方式, 行政强制 全程音像记录,
行政许可 公示日期). A row with no key of a sending system is exported under the product's own number
``ZF-<unit USCC>-<kind>-<id>``.

A 行政强制 of 措施种类 “其他” has no table to live in: it is exported from the exchange's store, where it was
kept (as is a 行政许可 received without its 承办人 before such a decision had its table row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from zhifa.enforcement.choices import CampaignKind, CoerciveKind, InspectionKind, LicenceResult, LiftReason
from zhifa.enforcement.models import Campaign, CampaignMeeting, Device, InspectionPlan, JointAction
from zhifa.enforcement.models_acts import CoerciveMeasure, LicenceDecision
from zhifa.org.choices import CertificateStatus, PersonStatus, RevocationReason, StaffingType, TrainingKind, UnitKind
from zhifa.org.models import Certificate, LegalReviewerDesignation, Person, TrainingAttendance, Unit
from zhifa.powers.choices import DelegationKind, FilingKind, PowerCategory
from zhifa.powers.models import Filing, Power, PowerDelegation

from .fields import BEIJING
from .models import ExchangeRecord

CHUNK = 2000


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _d(value) -> str:
    return value.isoformat() if value else ""


def _dt(value) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _b(value) -> str:
    return "" if value is None else ("是" if value else "否")


def _n(value) -> str:
    return "" if value is None else str(value)


def _hours(value) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def _chunks(qs: QuerySet) -> Iterator[list]:
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _store(type_name: str, ids) -> dict[int, tuple[str, dict]]:
    """object id → (key, record as received) of the records of ``type_name`` that came in through the exchange."""
    return {
        oid: (key, data)
        for oid, key, data in ExchangeRecord.objects.filter(
            record_type=type_name, object_id__in=set(ids) - {None}, deleted=False
        )
        .values_list("object_id", "key", "data")
        .order_by()
    }


def _own(unit_uscc: str, kind: str, pk: int) -> str:
    return f"ZF-{unit_uscc}-{kind}-{pk}"


# ---- 执法主体 ------------------------------------------------------------------------------------------
def units(qs: QuerySet) -> Iterator[dict]:
    """In the registry's own order (as entered), except that a parent comes before its children, so that a file
    loads in its own order and a receiving instance registers the units in the same order as this one."""
    rows = list(qs.select_related("parent").order_by("pk"))
    by_pk = {u.pk: u for u in rows}
    done: set[int] = set()

    def parents_first(u):
        chain: list = []
        while u is not None and u.pk not in done and u not in chain:
            chain.append(u)
            u = by_pk.get(u.parent_id)
        for x in reversed(chain):
            done.add(x.pk)
            yield x

    for u in (x for row in rows for x in parents_first(row)):
        yield {
            "统一社会信用代码": u.uscc,
            "单位名称": u.name,
            "简称": u.short_name,
            "行政区划代码": u.region_id,
            "单位类型": _label(UnitKind, u.kind),
            "上级单位统一社会信用代码": u.parent.uscc if u.parent else "",
            "执法领域": u.domain,
            "具有执法主体资格": _b(u.is_enforcement_body),
            "设立日期": _d(u.active_from),
            "撤销日期": _d(u.active_to),
        }


# ---- 执法人员 ------------------------------------------------------------------------------------------
STAFFING = {StaffingType.WORKER: "工勤", StaffingType.AUXILIARY: "协管员"}


def people(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit")):
        for p in rows:
            yield {
                "身份证号码": p.id_number,
                "姓名": p.name,
                "单位统一社会信用代码": p.unit.uscc,
                "编制类型": STAFFING.get(p.staffing_type) or _label(StaffingType, p.staffing_type),
                "手机号码": p.phone,
                "法律职业资格": _b(p.has_legal_qualification),
                "人员状态": _label(PersonStatus, p.status),
                "状态变更日期": _d(p.status_changed_on),
            }


# ---- 执法证件 ------------------------------------------------------------------------------------------
CERT_STATUS = {CertificateStatus.REVOKED: "注销", CertificateStatus.SUSPENDED: "暂扣"}
REVOCATION = {
    RevocationReason.RETIRED: "退休",
    RevocationReason.TRANSFERRED: "调离执法岗位",
    RevocationReason.DISCIPLINE: "违纪",
}


def certificates(qs: QuerySet) -> Iterator[dict]:
    """A holder's certificates no longer in force before the one in force (one valid certificate each)."""
    qs = qs.select_related("holder", "exam_result__exam")
    for rows in _chunks(qs):
        store = _store("执法证件", [c.pk for c in rows])
        rows.sort(key=lambda c: (c.status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED), c.pk))
        for c in rows:
            revoked = c.status == CertificateStatus.REVOKED
            result = c.exam_result
            yield {
                "执法证号": c.number,
                "持证人身份证号码": c.holder.id_number,
                "发证机关": c.issuing_authority,
                "发证日期": _d(c.issued_on),
                "有效期至": _d(c.valid_until),
                "取得方式": store.get(c.pk, ("", {}))[1].get("取得方式", ""),
                "考试日期": _d(result.exam.held_on) if result else "",
                "考试成绩": _n(result.score) if result else "",
                "证件状态": CERT_STATUS.get(c.status, "有效"),
                "注销日期": _d(c.revoked_on) if revoked else "",
                "注销原因": (REVOCATION.get(c.revocation_reason) or "其他") if revoked else "",
            }


# ---- 法制审核人员 ----------------------------------------------------------------------------------------
def reviewers(qs: QuerySet) -> Iterator[dict]:
    """One record per person (the key): the latest designation."""
    latest: dict[int, LegalReviewerDesignation] = {}
    for d in qs.select_related("person", "unit").order_by("designated_on", "pk"):
        latest[d.person_id] = d
    for d in sorted(latest.values(), key=lambda d: d.pk):
        yield {
            "身份证号码": d.person.id_number,
            "单位统一社会信用代码": d.unit.uscc,
            "起始日期": _d(d.designated_on),
            "终止日期": _d(d.ended_on),
            "初次从事法制审核": _b(d.first_time),
        }


# ---- 培训记录 ------------------------------------------------------------------------------------------
SESSION_TYPE = "培训场次"  # writers_registry.SESSION_TYPE


def trainings(qs: QuerySet) -> Iterator[dict]:
    qs = qs.select_related("session__organizer", "person__unit")
    for rows in _chunks(qs):
        keys = dict(
            ExchangeRecord.objects.filter(
                record_type=SESSION_TYPE, object_id__in={a.session_id for a in rows}, deleted=False
            )
            .values_list("object_id", "key")
            .order_by()
        )
        for a in rows:
            s = a.session
            owner = s.organizer.uscc if s.organizer else a.person.unit.uscc
            yield {
                "培训编号": keys.get(s.pk) or _own(owner, "PX", s.pk),
                "身份证号码": a.person.id_number,
                "培训名称": s.title,
                "组织单位统一社会信用代码": s.organizer.uscc if s.organizer else "",
                "培训日期": _d(s.held_on),
                "学时": _hours(a.hours),
                "培训类型": _label(TrainingKind, s.kind),
            }


# ---- 权责事项 ------------------------------------------------------------------------------------------
def powers(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("owner")):
        delegations = defaultdict(list)
        for d in (
            PowerDelegation.objects.filter(power_id__in=[p.pk for p in rows])
            .select_related("to_unit")
            .order_by("effective_on", "pk")
        ):
            delegations[d.power_id].append(d)
        for p in rows:
            ds = delegations[p.pk]
            yield {
                "事项编码": p.code,
                "事项名称": p.name,
                "职权类别": _label(PowerCategory, p.category),
                "实施主体统一社会信用代码": p.owner.uscc,
                "实施依据": p.legal_basis,
                "执法领域": p.domain,
                "须法制审核": _b(p.requires_legal_review),
                "须全程音像记录": _b(p.requires_recording),
                "生效日期": _d(p.effective_from),
                "取消日期": _d(p.effective_to),
                "承接单位统一社会信用代码": "；".join(d.to_unit.uscc for d in ds),
                "承接方式": _one_or_each([_label(DelegationKind, d.kind) for d in ds]),
                "承接起始日期": _one_or_each([_d(d.effective_on) for d in ds]),
                "一人执法的法律依据": p.single_officer_basis,
            }


def _one_or_each(values: list[str]) -> str:
    return values[0] if len(set(values)) == 1 else "；".join(values)


# ---- 专项行动, 联合行动, 检查计划, 电子监控设备 ----------------------------------------------------------------
def campaigns(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("lead_unit").prefetch_related("units")):
        meetings = defaultdict(list)
        for cid, day in (
            CampaignMeeting.objects.filter(campaign_id__in=[c.pk for c in rows])
            .order_by("held_on", "pk")
            .values_list("campaign_id", "held_on")
        ):
            meetings[cid].append(day.isoformat())
        for c in rows:
            others = sorted(u.uscc for u in c.units.all() if u.pk != c.lead_unit_id)
            yield {
                "行动名称": c.name,
                "执法领域": c.domain,
                "类型": _label(CampaignKind, c.kind),
                "牵头单位统一社会信用代码": c.lead_unit.uscc,
                "参与单位统一社会信用代码": "；".join(others),
                "开始日期": _d(c.start_on),
                "结束日期": _d(c.end_on),
                "部署会议日期": "；".join(meetings[c.pk]),
            }


def joint_actions(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("lead_unit", "campaign").prefetch_related("units")):
        store = _store("联合行动", [j.pk for j in rows])
        for j in rows:
            others = sorted(u.uscc for u in j.units.all() if u.pk != j.lead_unit_id)
            yield {
                "联合行动编号": store[j.pk][0] if j.pk in store else _own(j.lead_unit.uscc, "LH", j.pk),
                "名称": j.title,
                "日期": _d(j.held_on),
                "参与单位统一社会信用代码": "；".join([j.lead_unit.uscc, *others]),
                "专项行动名称": j.campaign.name if j.campaign else "",
            }


PLAN_KIND = {
    InspectionKind.RANDOM: "双随机",
    InspectionKind.SPECIAL: "专项",
    InspectionKind.JOINT: "联合",
    InspectionKind.ROUTINE: "上级交办",
}


def plans(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit", "approved_by")):
        store = _store("检查计划", [p.pk for p in rows])
        counts = {}
        for p in rows:
            if p.tasks_planned is None:
                counts[p.pk] = p.tasks.count()
        for p in rows:
            yield {
                "计划编号": store[p.pk][0] if p.pk in store else _own(p.unit.uscc, "JH", p.pk),
                "实施机构统一社会信用代码": p.unit.uscc,
                "年度": str(p.year),
                "计划类型": PLAN_KIND.get(p.kind, ""),
                "任务数": str(p.tasks_planned if p.tasks_planned is not None else counts[p.pk]),
                "审批人身份证号码": p.approved_by.id_number if p.approved_by else "",
                "审批时间": _dt(p.approved_at),
                "备案日期": _d(p.filed_on),
                "公布日期": _d(p.published_on),
                "上级部署": "是" if p.superior_deployed else "",
            }


def devices(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit")):
        for d in rows:
            yield {
                "设备编号": d.name,
                "实施机构统一社会信用代码": d.unit.uscc,
                "设置地点": d.location,
                "审核日期": _d(d.approved_on),
                "公布日期": _d(d.published_on),
            }


def filings(qs: QuerySet) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit")):
        for f in rows:
            yield {
                "实施机构统一社会信用代码": f.unit.uscc,
                "备案类型": _label(FilingKind, f.kind),
                "备案日期": _d(f.filed_on),
                "文件名称": f.title,
                "文号": f.document_no,
            }


# ---- 行政强制, 行政许可 -----------------------------------------------------------------------------------
MEASURE_KIND = {
    CoerciveKind.SEAL: "查封场所设施或者财物",
    CoerciveKind.SEIZE: "扣押财物",
    CoerciveKind.FREEZE: "冻结存款汇款",
}


def _party(p) -> dict:
    return {
        "相对人性质": "自然人" if p.kind == "person" else "法人或其他组织",
        "相对人证件号码": p.id_number or p.uscc or "",
    }


def measures(qs: QuerySet, officers) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit", "power", "party", "case")):
        store = _store("行政强制", [m.pk for m in rows])
        numbers = officers([x for m in rows for x in (m.officer_a_id, m.officer_b_id)])
        for m in rows:
            yield {
                "实施机构统一社会信用代码": m.unit.uscc,
                "措施编号": m.decision_no,
                "事项编码": m.power.code,
                "措施种类": MEASURE_KIND.get(m.kind, "其他"),
                "当事人名称": m.party.name,
                **_party(m.party),
                "决定日期": _d(m.decided_on),
                "期限天数": _n(m.term_days),
                "延长批准日期": _d(m.extension_on),
                "延长天数": str(m.extension_days) if m.extension_days else "",
                "解除日期": _d(m.lifted_on),
                "解除原因": _label(LiftReason, m.lift_reason),
                "处理结果": m.lift_note,
                "执法证号": numbers.numbers(m.officer_a_id, m.officer_b_id, m.decided_on),
                "全程音像记录": store.get(m.pk, ("", {}))[1].get("全程音像记录", ""),
                "关联案件编号": m.case.case_no if m.case else "",
            }


def licences(qs: QuerySet, officers) -> Iterator[dict]:
    for rows in _chunks(qs.select_related("unit", "power", "applicant")):
        store = _store("行政许可", [x.pk for x in rows])
        numbers = officers([x for r in rows for x in (r.officer_a_id, r.officer_b_id)])
        for r in rows:
            yield {
                "实施机构统一社会信用代码": r.unit.uscc,
                "许可决定书文号": r.application_no,
                "事项编码": r.power.code,
                "申请人名称": r.applicant.name,
                **_party(r.applicant),
                "受理日期": _d(r.accepted_on),
                "决定日期": _d(r.decided_on),
                "决定": {LicenceResult.GRANT: "准予", LicenceResult.REFUSE: "不予"}.get(r.result, ""),
                "延期天数": str(r.extension_days) if r.extension_days else "",
                "延期批准日期": _d(r.extension_on),
                "公示日期": store.get(r.pk, ("", {}))[1].get("公示日期", ""),
                "承办人执法证号": numbers.numbers(r.officer_a_id, r.officer_b_id, r.accepted_on),
            }


def stored_only(type_name: str, scope, unit: str | None, since=None) -> Iterator[dict]:
    """Records of a type kept only in the exchange's store (no table row to read)."""
    qs = ExchangeRecord.objects.filter(record_type=type_name, object_id__isnull=True, deleted=False)
    everything, regions, unit_id = scope
    if not everything:
        qs = qs.filter(region_id__in=regions)
        if unit_id is not None:
            qs = qs.filter(unit_id=unit_id)
    if unit:
        qs = qs.filter(unit__uscc=unit)
    if since is not None:
        qs = qs.filter(updated_at__gt=since)
    yield from qs.order_by("pk").values_list("data", flat=True).iterator(chunk_size=CHUNK)


SOURCES = {  # type → (model, builder, the record's own day, path to the owning unit)
    "执法主体": (Unit, units, "active_from", ""),
    "执法人员": (Person, people, "", "unit"),
    "执法证件": (Certificate, certificates, "issued_on", "holder__unit"),
    "法制审核人员": (LegalReviewerDesignation, reviewers, "designated_on", "unit"),
    "培训记录": (TrainingAttendance, trainings, "session__held_on", "person__unit"),
    "权责事项": (Power, powers, "effective_from", "owner"),
    "专项行动": (Campaign, campaigns, "start_on", "lead_unit"),
    "联合行动": (JointAction, joint_actions, "held_on", "lead_unit"),
    "检查计划": (InspectionPlan, plans, "", "unit"),
    "电子监控设备": (Device, devices, "", "unit"),
    "制度备案": (Filing, filings, "filed_on", "unit"),
    "行政强制": (CoerciveMeasure, measures, "decided_on", "unit"),
    "行政许可": (LicenceDecision, licences, "accepted_on", "unit"),
}
