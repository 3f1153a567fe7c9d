"""The §5 supervision measures (shared/domain.md), set-based, for the one metrics layer.

Every function takes a region code and a period (``start``/``end`` dates, both included; stocks are taken
on ``end``). The named metrics (``zhifa.metrics.catalog``) and every screen, report, bulletin and rule read
these; nothing else computes them. Definitions (printed in the 数据口径 appendix from ``DEFINITIONS``):

- 执法行为 (enforcement acts): inspections dated by ``started_at`` (local time), penalty-case decisions dated
  by ``decided_on`` (any outcome: 不予处罚 is a decision too), 巡查/现场规范/教育改正 by ``occurred_at``, and
  行政强制 (查封/扣押/冻结 and 强制执行 decisions) and 行政许可 decisions by ``decided_on``.
- 行政处罚决定: decisions with the outcome 给予处罚 (the report's and the dashboard's 行政处罚 figure).
- 履职率: enforcement-category powers (行政处罚/行政检查/行政强制) held by a unit in the period, own or delegated
  to it, exercised at least once by that unit ÷ powers held.
- 执法参与率: persons holding a certificate on ``end`` who were officer one or two on at least one act of the
  period ÷ those persons (a person counts for the unit of the certificate).
- 人均执法量: acts in the period ÷ persons holding a certificate on ``end``.
- 零执法: an enforcement unit (active on ``end`` with an enforcement power) with no act in the period.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from zhifa.enforcement.choices import CaseStatus, Outcome, Procedure
from zhifa.enforcement.models import (
    CoerciveMeasure,
    Disclosure,
    EnforcementExecution,
    Inspection,
    InspectionPlan,
    InspectionTask,
    LicenceDecision,
    OtherAct,
    PenaltyCase,
)
from zhifa.org.models import Certificate, LegalReviewerDesignation, TrainingAttendance, TrainingSession
from zhifa.org.selectors import enforcement_units_on, units_active_on
from zhifa.powers.selectors import powers_held_by_unit
from zhifa.supervision.sql import plain, plain_group  # SQLite table scans for year-wide reads

REVIEWER_MIN_RATIO = Decimal("0.05")  # 国办发〔2018〕118号: 原则上不少于本单位执法人员总数的5%
# 培训达标: each region's own yearly requirement (supervision.law_settings.training_requirement, a LawSetting
# with its source document).
TRAINING_MIN_SESSIONS = 2  # the district's own requirement (seed: 年度内组织执法人员培训不少于2次)
OPEN_STATUSES = (
    CaseStatus.FILED,
    CaseStatus.INVESTIGATING,
    CaseStatus.NOTIFIED,
    CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.COLLECTIVE,
)

DEFINITIONS = {
    "履职率": "单位在期间内享有（本单位或下放承接）的行政处罚、行政检查、行政强制类职权中，至少实施过一次的职权数 ÷ 享有的职权数",
    "执法参与率": "期末持有有效执法证件的人员中，期间内作为执法人员参与过至少一次执法行为的人数 ÷ 期末持证人数",
    "人均执法量": "期间内执法行为数（行政检查＋处罚决定＋巡查、现场规范、教育改正＋行政强制、行政许可决定）÷ 期末持证人数",
    "零执法单位": "期末有效且享有执法职权的单位中，期间内没有任何执法行为记录的单位",
    "法制审核人员占比": "期末确定的法制审核人员数 ÷ 期末持证人数（不低于5%）",
    "公示及时率": "期间内普通程序处罚决定中，在决定后7个工作日内公示的件数 ÷ 普通程序处罚决定数",
    "办案超期": "期末仍未作出决定、且已超过立案之日起九十日（含批准延长）的普通程序案件",
    "培训达标率": "期末持证人员中全年参加培训累计不少于本地区年度培训学时要求（地方设置）的人数 ÷ 期末持证人数",
    "检查计划完成率": "年度检查计划中已完成（关联检查记录）的任务数 ÷ 计划任务数",
}


# ---------------------------------------------------------------- periods
def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def day_after(day: dt.date) -> dt.datetime:
    return day_start(day + dt.timedelta(days=1))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# ---------------------------------------------------------------- act sources
def inspections_in(region: str, start: dt.date, end: dt.date):
    return Inspection.objects.filter(region_id=region, started_at__gte=day_start(start), started_at__lt=day_after(end))


def other_acts_in(region: str, start: dt.date, end: dt.date):
    return OtherAct.objects.filter(region_id=region, occurred_at__gte=day_start(start), occurred_at__lt=day_after(end))


def decisions_in(region: str, start: dt.date, end: dt.date):
    """Penalty-case decisions of any outcome (给予处罚 and 不予处罚) dated in the period."""
    return PenaltyCase.objects.filter(region_id=region, decided_on__range=(start, end))


def penalties_in(region: str, start: dt.date, end: dt.date):
    """行政处罚决定: decisions with the outcome 给予处罚 dated in the period."""
    return decisions_in(region, start, end).filter(outcome=Outcome.PENALTY)


def coercion_acts_in(region: str, start: dt.date, end: dt.date):
    """行政强制措施 (查封/扣押/冻结) decided in the period."""
    return CoerciveMeasure.objects.filter(region_id=region, decided_on__range=(start, end))


def executions_in(region: str, start: dt.date, end: dt.date):
    """行政强制执行 decisions dated in the period."""
    return EnforcementExecution.objects.filter(region_id=region, decided_on__range=(start, end))


def licences_in(region: str, start: dt.date, end: dt.date):
    """行政许可 decisions (准予 or 不予) dated in the period."""
    return LicenceDecision.objects.filter(region_id=region, decided_on__range=(start, end))


def act_querysets(region: str, start: dt.date, end: dt.date) -> dict:
    """Every source of 执法行为: each has unit_id, power_id, officer_a_id and officer_b_id."""
    return {
        "inspections": inspections_in(region, start, end),
        "decisions": decisions_in(region, start, end),
        "other_acts": other_acts_in(region, start, end),
        "coercive_measures": coercion_acts_in(region, start, end),
        "executions": executions_in(region, start, end),
        "licences": licences_in(region, start, end),
    }


def _plain_acts(region: str, start: dt.date, end: dt.date) -> dict:
    """The same sources for year-wide groupings (``plain_group``). Inspections and decisions, the two large tables,
    are read from their covering (region, date, unit, power, …, officers) index alone; the smaller sources
    straight through the table on SQLite (see ``sql``)."""
    t0, t1 = day_start(start), day_after(end)
    dated = {"region_id": region, "decided_on__gte": start, "decided_on__lte": end}
    return {
        "inspections": Inspection.objects.filter(region_id=region, started_at__gte=t0, started_at__lt=t1),
        "decisions": PenaltyCase.objects.filter(**dated),
        "other_acts": plain(OtherAct.objects.all(), region_id=region, occurred_at__gte=t0, occurred_at__lt=t1),
        "coercive_measures": plain(CoerciveMeasure.objects.all(), **dated),
        "executions": plain(EnforcementExecution.objects.all(), **dated),
        "licences": plain(LicenceDecision.objects.all(), **dated),
    }


def acts_count(region: str, start: dt.date, end: dt.date) -> int:
    return sum(qs.count() for qs in act_querysets(region, start, end).values())


def acting_officers(region: str, start: dt.date, end: dt.date, unit_ids=None) -> set[int]:
    """Persons who were officer one or two on at least one act of the period (of ``unit_ids`` if given)."""
    ids: set[int] = set()
    for qs in _plain_acts(region, start, end).values():
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=list(unit_ids))
        # a 行政许可 received without its 承办人 names no officer
        # (order_by(): a model's default ordering would join the DISTINCT)
        ids.update(x for (x,) in plain_group(qs, "officer_a_id").order_by().distinct() if x)
        ids.update(x for (x,) in plain_group(qs, "officer_b_id").order_by().distinct() if x)
    return ids


# ---------------------------------------------------------------- people
def certificates_on(region: str, day: dt.date):
    return Certificate.objects.filter(region_id=region, issued_on__lte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
    )


def certified_by_unit(region: str, day: dt.date, unit_ids=None) -> dict[int, set[int]]:
    """unit id -> person ids holding a certificate on ``day`` (counted for the certificate's unit)."""
    qs = certificates_on(region, day)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    out: dict[int, set[int]] = defaultdict(set)
    for unit, holder in qs.values_list("unit_id", "holder_id"):
        out[unit].add(holder)
    return out


def holders_on(region: str, day: dt.date) -> set[int]:
    return set(certificates_on(region, day).values_list("holder_id", flat=True))


def reviewers_by_unit(region: str, day: dt.date) -> dict[int, set[int]]:
    qs = LegalReviewerDesignation.objects.filter(region_id=region, designated_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    out: dict[int, set[int]] = defaultdict(set)
    for unit, person in qs.values_list("unit_id", "person_id"):
        out[unit].add(person)
    return out


def training_min_hours(region: str) -> Decimal:
    """The region's yearly training requirement (its LawSetting, inherited from a region above, or the default)."""
    from zhifa.supervision.law_settings import training_requirement

    return training_requirement(region).hours


def training_hours(region: str, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """person id -> class hours attended in the period, for every certificate holder on ``end``."""
    hours = {pid: Decimal(0) for pid in holders_on(region, end)}
    for pid, h in (
        TrainingAttendance.objects.filter(session__held_on__range=(start, end), person_id__in=list(hours))
        .values_list("person_id")
        .annotate(h=Sum("hours"))
        .order_by()
    ):
        hours[pid] = h or Decimal(0)
    return hours


# ---------------------------------------------------------------- per unit
@dataclass
class UnitRow:
    unit_id: int
    name: str
    short: str
    kind: str
    officers: int = 0
    reviewers: int = 0
    acts: int = 0
    inspections: int = 0
    decisions: int = 0  # any outcome
    penalties: int = 0  # outcome 给予处罚
    other_acts: int = 0
    coercive_measures: int = 0
    executions: int = 0
    licences: int = 0
    powers_held: set[int] = field(default_factory=set)
    powers_used: set[int] = field(default_factory=set)
    officers_acting: int = 0
    training_sessions: int = 0

    @property
    def coercion(self) -> int:
        return self.coercive_measures + self.executions

    @property
    def officers_active(self) -> int:
        return self.officers_acting

    @property
    def zero_powers(self) -> set[int]:
        return self.powers_held - self.powers_used

    @property
    def reviewer_ratio(self) -> Decimal | None:
        return Decimal(self.reviewers) / self.officers if self.officers else None

    @property
    def performance_rate(self) -> Decimal | None:
        """履职率, or None when the unit holds no enforcement power."""
        held = len(self.powers_held)
        return Decimal(len(self.powers_held & self.powers_used)) / held if held else None

    @property
    def participation_rate(self) -> Decimal | None:
        """执法参与率, or None when the unit has no certified officer."""
        return Decimal(self.officers_acting) / self.officers if self.officers else None


UnitFigures = UnitRow  # the name the supervision rules use


def decision_stats(region: str, start: dt.date, end: dt.date) -> list[tuple[int, int, str, str, int]]:
    """(unit, power, outcome, procedure, count) over the period's decisions: one scan serves several figures."""
    qs = _plain_acts(region, start, end)["decisions"]
    return list(plain_group(qs, "unit_id", "power_id", "outcome", "procedure").annotate(n=Count("id")).order_by())


_SHARED_ROWS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shared_unit_rows", default=None)


_SHARED_MONTHS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shared_month_acts", default=None)


@contextlib.contextmanager
def months_shared():
    """Within the block, the act groupings of each calendar month (``_act_parts``) are read once and a period of whole
    months adds them up: the monthly bulletins of a year read each month's acts once, not year to date at every
    month end. The block must not write acts (its month-end scans and bulletins write alerts only)."""
    token = _SHARED_MONTHS.set({})
    try:
        yield
    finally:
        _SHARED_MONTHS.reset(token)


def _whole_months(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]] | None:
    """The calendar months that make up [start, end] exactly, or None when it is not a run of whole months."""
    if start.day != 1 or start > end or (end + dt.timedelta(days=1)).day != 1:
        return None
    months = []
    first = start
    while first <= end:
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        months.append((first, nxt - dt.timedelta(days=1)))
        first = nxt
    return months


def _act_parts(region: str, start: dt.date, end: dt.date) -> tuple[list, dict[str, list], set[int]]:
    """The period's acts grouped for ``unit_rows``: decision stats (unit, power, outcome, procedure, n), (unit, power,
    n) per source, and the acting officers. Additive over a partition of the period; inside ``months_shared()`` a
    whole-region period of whole months is summed from its months, each read once."""
    shared = _SHARED_MONTHS.get()
    months = _whole_months(start, end) if shared is not None else None
    if months is not None:
        stats, grouped, acting = [], defaultdict(list), set()
        for first, last in months:
            part = shared.get((region, first))
            if part is None:
                token = _SHARED_MONTHS.set(None)
                try:
                    part = shared[(region, first)] = _act_parts(region, first, last)
                finally:
                    _SHARED_MONTHS.reset(token)
            stats += part[0]
            for name, triples in part[1].items():
                grouped[name] += triples
            acting |= part[2]
        return stats, dict(grouped), acting
    qsets = _plain_acts(region, start, end)
    stats = list(
        plain_group(qsets["decisions"], "unit_id", "power_id", "outcome", "procedure").annotate(n=Count("id")).order_by()
    )
    grouped = {}
    for name in ("inspections", "other_acts", "coercive_measures", "executions", "licences"):
        grouped[name] = list(plain_group(qsets[name], "unit_id", "power_id").annotate(n=Count("id")).order_by())
    return stats, grouped, acting_officers(region, start, end)


@contextlib.contextmanager
def rows_shared():
    """Within the block, ``unit_rows`` of the whole region for one period is computed once (the monthly bulletin
    reads the year-to-date rows three times: its scan's rules, its table and its assessment). The block must not
    write acts, units, powers or staff."""
    token = _SHARED_ROWS.set({})
    try:
        yield
    finally:
        _SHARED_ROWS.reset(token)


def unit_rows(
    region: str,
    start: dt.date,
    end: dt.date,
    unit_ids=None,
    *,
    enforcement_only: bool = True,
    acting: set[int] | None = None,
    stats=None,
) -> dict[int, UnitRow]:
    """Per unit active on ``end`` (by default only those with an enforcement power): the §5 figures of the period.

    ``acting`` (``acting_officers``) and ``stats`` (``decision_stats``) may be passed when already computed.
    Inside ``rows_shared()`` the whole-region rows of one period are computed once and reused.
    """
    shared = _SHARED_ROWS.get()
    if shared is not None and unit_ids is None and acting is None and stats is None:
        every = shared.get((region, start, end))
        if every is None:
            token = _SHARED_ROWS.set(None)
            try:
                every = shared[(region, start, end)] = unit_rows(region, start, end, enforcement_only=False)
            finally:
                _SHARED_ROWS.reset(token)
        if not enforcement_only:
            return dict(every)
        wanted = list(enforcement_units_on(region, end).values_list("id", flat=True))
        if all(u in every for u in wanted):
            return {u: every[u] for u in wanted}
    units = (enforcement_units_on if enforcement_only else units_active_on)(region, end)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    rows = {u: UnitRow(u, n, s or n, k) for u, n, s, k in units.values_list("id", "name", "short_name", "kind")}
    ids = list(rows) if unit_ids is not None else None
    if ids is None and stats is None and acting is None:
        stats, grouped, acting = _act_parts(region, start, end)
    else:
        qsets = _plain_acts(region, start, end)
        if ids is not None:
            qsets = {k: qs.filter(unit_id__in=ids) for k, qs in qsets.items()}
        if stats is None or ids is not None:
            stats = list(
                plain_group(qsets["decisions"], "unit_id", "power_id", "outcome", "procedure")
                .annotate(n=Count("id"))
                .order_by()
            )
        grouped = {
            name: plain_group(qsets[name], "unit_id", "power_id").annotate(n=Count("id")).order_by()
            for name in ("inspections", "other_acts", "coercive_measures", "executions", "licences")
        }
        acting = acting_officers(region, start, end, ids) if acting is None or ids is not None else acting
    for unit, _p, outcome, _pr, n in stats:
        if outcome == Outcome.PENALTY and unit in rows:
            rows[unit].penalties += n
    grouped = {"decisions": [(u, p, n) for u, p, _o, _pr, n in stats], **grouped}
    for attr, triples in grouped.items():
        for unit, power, n in triples:
            r = rows.get(unit)
            if r is None:
                continue
            setattr(r, attr, getattr(r, attr) + n)
            r.acts += n
            if power is not None:
                r.powers_used.add(power)
    held = powers_held_by_unit(region, start, end)
    certified = certified_by_unit(region, end, ids)
    reviewers = reviewers_by_unit(region, end)
    sessions = dict(
        TrainingSession.objects.filter(region_id=region, held_on__range=(start, end))
        .values_list("organizer_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for u, r in rows.items():
        r.powers_held = held.get(u, set())
        people = certified.get(u, set())
        r.officers = len(people)
        r.officers_acting = len(people & acting)
        r.reviewers = len(reviewers.get(u, set()))
        r.training_sessions = sessions.get(u, 0)
    return rows


def unit_figures(region: str, start: dt.date, end: dt.date, unit_ids=None) -> dict[int, UnitRow]:
    """Every unit active on ``end`` (or the given ones), with or without enforcement powers (supervision's view)."""
    return unit_rows(region, start, end, unit_ids, enforcement_only=False)


# ---------------------------------------------------------------- district-wide rates
def ratio(num, den) -> Decimal | None:
    return (Decimal(num) / Decimal(den)) if den else None


def pct(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal(1).scaleb(-places))}%"


def performance_rate(rows: dict[int, UnitRow]) -> tuple[int, int]:
    """(powers exercised, powers held) summed over units: 履职率 of the region."""
    return sum(len(r.powers_held & r.powers_used) for r in rows.values()), sum(
        len(r.powers_held) for r in rows.values()
    )


def participation(region: str, start: dt.date, end: dt.date, *, acting: set[int] | None = None) -> tuple[int, int]:
    """(certified officers who acted, certified officers) on ``end``: 执法参与率 of the region."""
    holders = holders_on(region, end)
    acting = acting_officers(region, start, end) if acting is None else acting
    return len(holders & acting), len(holders)


def zero_enforcement_units(rows: dict[int, UnitRow]) -> list[UnitRow]:
    return [r for r in rows.values() if r.acts == 0]


def units_below_reviewer_ratio(rows: dict[int, UnitRow]) -> list[UnitRow]:
    return [r for r in rows.values() if r.officers and r.reviewer_ratio < REVIEWER_MIN_RATIO]


def overdue_cases(region: str, day: dt.date):
    """普通程序 cases undecided on ``day`` past their decision deadline (第六十条)."""
    return PenaltyCase.objects.filter(
        region_id=region,
        procedure=Procedure.ORDINARY,
        status__in=OPEN_STATUSES,
        decision_due__lt=day,
        decided_on__isnull=True,
    )


def disclosure_due(region: str, start: dt.date, end: dt.date):
    return penalties_in(region, start, end).filter(procedure=Procedure.ORDINARY)


def disclosure_timeliness(region: str, start: dt.date, end: dt.date, *, stats=None) -> tuple[int, int, int, int]:
    """(timely, due, late, missing) for the period's 普通程序 penalty decisions."""
    if stats is None:
        due = disclosure_due(region, start, end).count()
    else:
        due = sum(n for _u, _p, o, pr, n in stats if o == Outcome.PENALTY and pr == Procedure.ORDINARY)
    disc = Disclosure.objects.filter(
        region_id=region,
        case__decided_on__range=(start, end),
        case__outcome=Outcome.PENALTY,
        case__procedure=Procedure.ORDINARY,
    ).aggregate(
        timely=Count("id", filter=Q(published_on__lte=F("due_on"))),
        late=Count("id", filter=Q(published_on__gt=F("due_on"))),
    )
    return disc["timely"], due, disc["late"], due - disc["timely"] - disc["late"]


def late_disclosures(region: str, start: dt.date, end: dt.date):
    return Disclosure.objects.filter(case__in=disclosure_due(region, start, end), published_on__gt=F("due_on"))


def plan_completion(region: str, year: int) -> tuple[int, int]:
    """(done, planned) over the plans' tasks. A plan received with its 任务数 and no task rows (exchange.md 检查计划)
    counts a task done for each inspection naming the plan, up to its 任务数."""
    tasks = InspectionTask.objects.filter(region_id=region, plan__year=year)
    done, planned = tasks.filter(inspection__isnull=False).count(), tasks.count()
    counted = dict(
        InspectionPlan.objects.filter(region_id=region, year=year, tasks_planned__isnull=False, tasks__isnull=True)
        .values_list("pk", "tasks_planned")
        .order_by()
    )
    if counted:
        named = Inspection.objects.filter(plan_id__in=counted).values("plan_id").annotate(n=Count("id")).order_by()
        done += sum(min(r["n"], counted[r["plan_id"]]) for r in named)
        planned += sum(counted.values())
    return done, planned
