"""The named metrics: each defined once, with its 数据口径, unit, stock/flow, and the parameters it takes.

``METRICS[name]`` is a ``Metric``; ``compute(name, region, start, end, **params)`` gives a ``Result`` (value,
numerator and denominator for a ratio, the number of records behind it) and ``explain(...)`` its records.
Counts are set-based (one query, or one query per act source); parameters become filters in that query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhifa.enforcement.choices import Outcome, PartyType
from zhifa.enforcement.models import (
    Campaign,
    CampaignMeeting,
    CoerciveMeasure,
    EnforcementExecution,
    Hazard,
    Inspection,
    JointAction,
    LicenceDecision,
    OtherAct,
    PenaltyCase,
    VehicleOverload,
)

from . import base as B
from .params import party_type_codes, time_q
from .query import Query

FLOW, STOCK, RATIO = "流量", "存量", "比率"


@dataclass
class Result:
    value: object
    unit: str
    num: object = None
    den: object = None
    records: int = 0

    @property
    def text(self) -> str:
        if self.den is not None:
            if self.unit == "%":
                return f"{B.pct(self.value)}（{self.num}/{self.den}）"
            return f"{'—' if self.value is None else self.value}（{self.num}/{self.den}）"
        return "—" if self.value is None else str(self.value)

    @property
    def number(self) -> str:
        """The bare figure (a rate without its numerator and denominator)."""
        if self.unit == "%":
            return B.pct(self.value)
        return "—" if self.value is None else str(self.value)

    @property
    def is_zero(self) -> bool:
        if self.den is not None:
            return not self.num and not self.den
        return not self.value


@dataclass(frozen=True)
class Metric:
    name: str
    definition: str
    unit: str
    kind: str
    params: tuple[str, ...]
    compute: Callable[[Query], Result]
    columns: tuple[str, ...] = ()
    rows: Callable[[Query], Iterable[tuple]] | None = None
    by_month: Callable[[Query], list[int]] | None = None
    breakdown: Callable[[Query, str], dict[str, int]] | None = None
    groups: tuple[str, ...] = ()  # the parameters a breakdown may group by


METRICS: dict[str, Metric] = {}


def register(m: Metric) -> Metric:
    METRICS[m.name] = m
    return m


def _in(field: str):
    return lambda v: Q(**{f"{field}__in": v})


def _eq(field: str):
    return lambda v: Q(**{field: v})


def _when(field: str):
    return lambda v: time_q(field, v)


# ---------------------------------------------------------------- record sources: base queryset and filters
@dataclass(frozen=True)
class Source:
    model: type
    date_field: str  # a DateTimeField is compared in local days
    filters: dict  # parameter name -> (parsed value -> Q)
    columns: tuple[str, ...]
    fields: tuple[str, ...]
    unit_field: str = "unit"
    base: Q = Q()
    groups: tuple[tuple[str, str], ...] = ()  # parameter -> field a breakdown groups by

    def breakdown(self, q: Query, by: str) -> dict[str, int]:
        field = dict(self.groups)[by]
        if isinstance(field, tuple):  # (text as sent, coded fallback, its choices): grouped by the label
            sent, coded, choices = field
            labels = {value: str(label) for value, label in choices.choices}
            out: dict[str, int] = {}
            for text, code, n in self.queryset(q).values_list(sent, coded).annotate(n=Count("id")).order_by():
                key = text or labels.get(code, code)
                out[key] = out.get(key, 0) + n
            return out
        return dict(self.queryset(q).values_list(field).annotate(n=Count("id")).order_by())

    @property
    def is_datetime(self) -> bool:
        return self.model._meta.get_field(self.date_field).get_internal_type() == "DateTimeField"

    def period_q(self, q: Query) -> Q:
        f = self.date_field
        if self.is_datetime:
            return Q(**{f"{f}__gte": B.day_start(q.start), f"{f}__lt": B.day_after(q.end)})
        return Q(**{f"{f}__range": (q.start, q.end)})

    def queryset(self, q: Query, *, period: bool = True):
        qs = self.model.objects.filter(q.region_q(), self.base, q.unit_q(self.unit_field))
        if period:
            qs = qs.filter(self.period_q(q))
        for name, value in q.params.items():
            if name in self.filters:
                qs = qs.filter(self.filters[name](value))
        return qs

    def params(self) -> tuple[str, ...]:
        return ("单位", *self.filters)

    def monthly(self, q: Query) -> list[int]:
        """Records per calendar month of the period (a month's records summed over the years it spans): one count
        per month over its date range, which the (region, date) indexes answer; extracting the month of every
        record is a Python function call per row on SQLite."""
        out = [0] * 12
        year, month = q.start.year, q.start.month
        while (year, month) <= (q.end.year, q.end.month):
            first = dt.date(year, month, 1)
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            part = replace(q, start=max(first, q.start), end=min(last, q.end))
            out[month - 1] += self.queryset(part).count()
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


INSPECTION_COLS = ("检查ID", "单位", "职权编码", "职权领域", "检查对象", "对象类别", "检查时间", "方式", "类型",
                   "执法人员一", "执法人员二", "专项行动", "联合行动")  # fmt: skip
INSPECTION_FIELDS = ("id", "unit__name", "power__code", "power__domain", "party__name", "party__party_type",
                     "started_at", "mode", "kind", "officer_a__name", "officer_b__name", "campaign__name",
                     "joint_action__title")  # fmt: skip
CASE_COLS = ("案件ID", "单位", "案号", "程序", "状态", "违法行为", "当事人", "发现时间", "立案日期", "决定日期",
             "决定书文号", "处理结果", "罚款金额", "结案日期")  # fmt: skip
CASE_FIELDS = ("id", "unit__name", "case_no", "procedure", "status", "violation", "party__name", "discovered_at",
               "filed_on", "decided_on", "decision_no", "outcome", "fine_amount", "closed_on")  # fmt: skip
ACT_COLS = ("ID", "单位", "职权编码", "职权领域", "日期", "执法人员一", "执法人员二")

def _party_category(v: list[str]) -> Q:
    """Cases and hazards: the category of their party, among the product's party types."""
    return Q(party__party_type__in=party_type_codes(v))


def _object_category(v: list[str]) -> Q:
    """Inspections: the 检查对象类别 sent with the record, else (entered in the workspace) the party's type."""
    return Q(object_category__in=v) | Q(object_category="", party__party_type__in=party_type_codes(v))


POWER_FILTERS = {"执法领域": _in("power__domain"), "职权类别": _in("power__category")}
PARTY_FILTERS = {
    "检查对象类别": _party_category,
    "当事人类型": _in("party__kind"),
    "重点保供": _eq("party__key_supply"),
}
INSPECTIONS = Source(
    Inspection,
    "started_at",
    {
        **POWER_FILTERS,
        **PARTY_FILTERS,
        "检查对象类别": _object_category,
        "检查类别": _in("kind"),
        "检查方式": _in("mode"),
        "联合行动": lambda v: Q(joint_action__isnull=not v),
        "专项行动": _in("campaign__name"),
        "时段": _when("started_at"),
    },
    INSPECTION_COLS,
    INSPECTION_FIELDS,
    groups=(
        ("执法领域", "power__domain"),
        ("检查对象类别", ("object_category", "party__party_type", PartyType)),  # as sent, else the party's type
        ("检查类别", "kind"),
        ("单位", "unit__name"),
        ("专项行动", "campaign__name"),
    ),
)
_CASE_FILTERS = {
    **POWER_FILTERS,
    **PARTY_FILTERS,
    "违法行为类型": _in("violation"),
    "专项行动": _in("campaign__name"),
    "程序": _in("procedure"),
    "时段": _when("discovered_at"),
}
_CASE_GROUPS = (
    ("执法领域", "power__domain"),
    ("违法行为类型", "violation"),
    ("单位", "unit__name"),
    ("专项行动", "campaign__name"),
)
DECISIONS = Source(PenaltyCase, "decided_on", _CASE_FILTERS, CASE_COLS, CASE_FIELDS, groups=_CASE_GROUPS)
PENALTIES = Source(
    PenaltyCase,
    "decided_on",
    _CASE_FILTERS,
    CASE_COLS,
    CASE_FIELDS,
    base=Q(outcome=Outcome.PENALTY),
    groups=_CASE_GROUPS,
)
FILED = Source(PenaltyCase, "filed_on", _CASE_FILTERS, CASE_COLS, CASE_FIELDS, groups=_CASE_GROUPS)
OTHER_ACTS = Source(
    OtherAct,
    "occurred_at",
    {**POWER_FILTERS, "执法行为类别": _in("kind"), "时段": _when("occurred_at")},
    ("ID", "单位", "职权编码", "类型", "时间", "执法人员一", "执法人员二"),
    ("id", "unit__name", "power__code", "kind", "occurred_at", "officer_a__name", "officer_b__name"),
    groups=(("执法领域", "power__domain"), ("单位", "unit__name")),
)


def _decided(model, label):
    return Source(
        model,
        "decided_on",
        dict(POWER_FILTERS),
        ACT_COLS,
        ("id", "unit__name", "power__code", "power__domain", "decided_on", "officer_a__name", "officer_b__name"),
        groups=(("执法领域", "power__domain"), ("单位", "unit__name")),
    )


COERCIVE = _decided(CoerciveMeasure, "行政强制措施")
EXECUTIONS = _decided(EnforcementExecution, "行政强制执行")
LICENCES = _decided(LicenceDecision, "行政许可")
HAZARD_FIELDS = ("id", "unit__name", "party__name", "category", "found_on", "deadline", "rectified_on")
HAZARD_COLS = ("隐患ID", "单位", "当事人", "类别", "发现日期", "整改期限", "整改完成")
_HAZARD_FILTERS = {
    "隐患类别": _in("category"),
    "检查对象类别": _party_category,
    "执法领域": lambda v: Q(inspection__power__domain__in=v) | Q(inspection__isnull=True, unit__domain__in=v),
}
_HAZARD_GROUPS = (("隐患类别", "category"), ("单位", "unit__name"))
HAZARDS_FOUND = Source(Hazard, "found_on", _HAZARD_FILTERS, HAZARD_COLS, HAZARD_FIELDS, groups=_HAZARD_GROUPS)
HAZARDS_RECTIFIED = Source(Hazard, "rectified_on", _HAZARD_FILTERS, HAZARD_COLS, HAZARD_FIELDS, groups=_HAZARD_GROUPS)
OVERLOAD_COLS = ("检测ID", "检测时间", "车牌号", "轴数", "车货总重", "限值", "卸载倒运", "源头企业", "案件", "设备")
OVERLOAD_FIELDS = ("id", "checked_at", "plate", "axles", "gross_weight", "limit_weight", "unloaded_tonnage",
                   "source_enterprise__name", "case__case_no", "device__name")  # fmt: skip
OVERLOADS = Source(
    VehicleOverload,
    "checked_at",
    {
        "车货总重下限": lambda v: Q(gross_weight__gte=v),
        "时段": _when("checked_at"),
        "执法领域": _in("unit__domain"),  # the checking unit's domain
    },
    OVERLOAD_COLS,
    OVERLOAD_FIELDS,
)
MEETINGS = Source(
    CampaignMeeting,
    "held_on",
    {"专项行动": _in("campaign__name"), "执法领域": _in("campaign__domain")},
    ("会议ID", "专项行动", "日期", "会议名称"),
    ("id", "campaign__name", "held_on", "title"),
    unit_field="campaign__lead_unit",
)


def _count(src: Source, *, distinct: str | None = None):
    def compute(q: Query) -> Result:
        qs = src.queryset(q)
        n = qs.values(distinct).distinct().count() if distinct else qs.count()
        return Result(n, "", records=qs.count() if distinct else n)

    return compute


def _choice_labels(model, fields) -> dict[int, dict]:
    """Column index -> {stored code: label} for the fields (``a__b`` paths) that have choices."""
    out = {}
    for i, path in enumerate(fields):
        m, f = model, None
        for part in path.split("__"):
            f = m._meta.get_field(part)
            if f.is_relation:
                m = f.related_model
        if f is not None and not f.is_relation and f.choices:
            out[i] = {k: str(v) for k, v in f.flatchoices}
    return out


def labelled(qs, fields, chunk_size: int = 5000):
    """``qs.values_list(*fields)`` with each choice field given by its label (零售药店, not retail_pharmacy):
    explain lists records as a reader sees them."""
    labels = _choice_labels(qs.model, fields)
    for row in qs.values_list(*fields).iterator(chunk_size=chunk_size):
        yield tuple(labels[i].get(v, v) if i in labels else v for i, v in enumerate(row)) if labels else row


def _rows(src: Source):
    return lambda q: labelled(src.queryset(q).order_by("id"), src.fields)


def flow(name, definition, unit, src: Source, *, distinct=None, extra_params=()):
    compute = _count(src, distinct=distinct)

    def with_unit(q):
        r = compute(q)
        r.unit = unit
        return r

    return register(
        Metric(
            name,
            definition,
            unit,
            FLOW,
            (*src.params(), *extra_params),
            with_unit,
            src.columns,
            _rows(src),
            None if distinct else src.monthly,
            None if distinct else src.breakdown,
            tuple(g for g, _ in src.groups) if not distinct else (),
        )
    )


# ---------------------------------------------------------------- acts
flow("行政检查次数", "检查时间（北京时间）在期间内的行政检查记录数", "次", INSPECTIONS)
flow("检查对象数", "期间内被检查的不同对象（当事人）数", "家", INSPECTIONS, distinct="party_id")
flow("联合检查轮次", "期间内符合条件的检查所属的不同联合执法行动数", "轮", INSPECTIONS, distinct="joint_action_id")
flow("行政处罚决定数", "决定日期在期间内、处理结果为“给予处罚”的处罚决定数（简易程序与普通程序）", "件", PENALTIES)
flow("处罚案件决定数", "决定日期在期间内的处罚案件决定数（含不予处罚、首违不罚、移送）", "件", DECISIONS)
flow("立案数", "立案日期在期间内的普通程序案件数", "件", FILED)
flow("巡查及现场规范教育改正次数", "时间在期间内的巡查、现场规范、教育改正记录数", "次", OTHER_ACTS)
flow("行政强制措施数", "决定日期在期间内的查封、扣押、冻结等行政强制措施数", "件", COERCIVE)
flow("行政强制执行数", "决定日期在期间内的行政强制执行决定数", "件", EXECUTIONS)
flow("行政许可决定数", "决定日期在期间内的行政许可决定数（准予与不予）", "件", LICENCES)
flow("隐患发现数", "发现日期在期间内的安全隐患数", "个", HAZARDS_FOUND)
flow("隐患整改数", "整改完成日期在期间内的安全隐患数（含以前发现、本期整改）", "个", HAZARDS_RECTIFIED)
flow("超限超载车辆数", "检测时间在期间内的超限超载检测记录数", "部", OVERLOADS)
flow("专题部署会议数", "日期在期间内的专项行动专题部署会议数", "次", MEETINGS)

ACT_SOURCES = {
    "行政检查": INSPECTIONS,
    "处罚决定": DECISIONS,
    "巡查、现场规范、教育改正": OTHER_ACTS,
    "行政强制措施": COERCIVE,
    "行政强制执行": EXECUTIONS,
    "行政许可": LICENCES,
}


def _acts(q: Query) -> Result:
    n = sum(src.queryset(q).count() for src in ACT_SOURCES.values())
    return Result(n, "件", records=n)


def _acts_rows(q: Query):
    for label, src in ACT_SOURCES.items():
        for pk, unit, when in src.queryset(q).order_by("id").values_list("id", "unit__name", src.date_field):
            yield (label, pk, unit, when)


def _acts_monthly(q: Query) -> list[int]:
    out = [0] * 12
    for src in ACT_SOURCES.values():
        for i, n in enumerate(src.monthly(q)):
            out[i] += n
    return out


def _acts_breakdown(q: Query, by: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for src in ACT_SOURCES.values():
        if by not in dict(src.groups):  # e.g. 专项行动: only inspections and case decisions name a campaign
            continue
        for k, n in src.breakdown(q, by).items():
            out[k] = out.get(k, 0) + n
    return out


register(
    Metric(
        "执法行为数",
        "期间内执法行为数：行政检查＋处罚决定（含不予处罚）＋巡查、现场规范、教育改正＋行政强制措施、强制执行＋行政许可决定",
        "件",
        FLOW,
        ("单位", "执法领域", "职权类别"),
        _acts,
        ("来源", "ID", "单位", "日期"),
        _acts_rows,
        _acts_monthly,
        _acts_breakdown,
        ("执法领域", "单位", "专项行动"),
    )
)


def _officer_days(q: Query) -> Result:
    pairs = set()
    qs = INSPECTIONS.queryset(q)
    for a, b, at in qs.values_list("officer_a_id", "officer_b_id", "started_at").iterator(chunk_size=10000):
        day = timezone.localtime(at).date()
        pairs.add((a, day))
        if b:
            pairs.add((b, day))
    return Result(len(pairs), "人次", records=qs.count())


register(
    Metric(
        "检查出动人次",
        "符合条件的检查中（执法人员, 日期）不同组合的个数",
        "人次",
        FLOW,
        INSPECTIONS.params(),
        _officer_days,
        INSPECTIONS.columns,
        _rows(INSPECTIONS),
    )
)


def _tonnage(q: Query) -> Result:
    agg = OVERLOADS.queryset(q).aggregate(n=Count("id"), t=Sum("unloaded_tonnage"))
    return Result((agg["t"] or Decimal("0")).quantize(Decimal("0.01")), "吨", records=agg["n"])


register(
    Metric(
        "卸载倒运吨数",
        "超限超载检测记录的卸载、倒运吨数之和（精确到0.01吨）",
        "吨",
        FLOW,
        OVERLOADS.params(),
        _tonnage,
        OVERLOADS.columns,
        _rows(OVERLOADS),
    )
)


def _fines(q: Query) -> Result:
    agg = PENALTIES.queryset(q).aggregate(n=Count("id"), s=Sum("fine_amount"))
    return Result((agg["s"] or Decimal("0")).quantize(Decimal("0.01")), "元", records=agg["n"])


register(
    Metric(
        "罚款金额",
        "期间内行政处罚决定（给予处罚）的罚款金额之和",
        "元",
        FLOW,
        PENALTIES.params(),
        _fines,
        PENALTIES.columns,
        _rows(PENALTIES),
    )
)


# ---------------------------------------------------------------- joint actions and campaigns
def _joint_actions(q: Query):
    qs = JointAction.objects.filter(q.region_q(), held_on__range=(q.start, q.end))
    for domain in q.get("参与单位领域", []):
        qs = qs.filter(units__domain__contains=domain)
    if q.get("专项行动"):
        qs = qs.filter(campaign__name__in=q.get("专项行动"))
    if q.unit_ids is not None:
        qs = qs.filter(units__in=q.unit_ids)
    return qs.distinct()


register(
    Metric(
        "联合执法行动数",
        "日期在期间内的联合执法行动数（参与单位领域：参与单位须包括各该领域的单位）",
        "次",
        FLOW,
        ("单位", "参与单位领域", "专项行动"),
        lambda q: Result(_joint_actions(q).count(), "次", records=_joint_actions(q).count()),
        ("行动ID", "名称", "日期", "牵头单位"),
        lambda q: _joint_actions(q).order_by("id").values_list("id", "title", "held_on", "lead_unit__name"),
    )
)


def campaigns(q: Query):
    # An open-ended campaign (no 结束日期) is still running.
    qs = Campaign.objects.filter(q.region_q(), Q(end_on__isnull=True) | Q(end_on__gte=q.start), start_on__lte=q.end)
    if q.get("执法领域"):
        qs = qs.filter(domain__in=q.get("执法领域"))
    if q.get("专项类型"):
        qs = qs.filter(kind__in=q.get("专项类型"))
    if q.unit_ids is not None:
        qs = qs.filter(lead_unit_id__in=q.unit_ids)
    return qs


register(
    Metric(
        "专项行动数",
        "期间与统计期间重叠的专项行动（含专项治理、专项整治）数",
        "项",
        FLOW,
        ("单位", "执法领域", "专项类型"),
        lambda q: Result(campaigns(q).count(), "项", records=campaigns(q).count()),
        ("专项ID", "名称", "牵头单位", "开始", "结束"),
        lambda q: (
            campaigns(q).order_by("start_on", "id").values_list("id", "name", "lead_unit__name", "start_on", "end_on")
        ),
    )
)
