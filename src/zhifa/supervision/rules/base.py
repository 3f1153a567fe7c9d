"""What every supervision rule shares: findings, the scope of a narrowed run, the run context, the registry.

Each rule is a class registered in ``REGISTRY`` with its code (alerts in the database reference it),
severity, citation and the object it applies to, and a ``find(ctx)`` that returns findings with set-based
queries over the whole region (no per-row Python over the 330 000 acts of a year: where Python is
needed, a query first narrows the rows to the few candidates). ``ctx.scope`` narrows a rule to the
records that changed since the last scan (incremental scan) or to one record (the write hook);
``covers(ctx)`` names the scope keys a narrowed run looked at, so that only alerts inside them can be
found cleared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from zhifa.core import calendar
from zhifa.enforcement import rules as ER
from zhifa.enforcement.choices import CaseStatus
from zhifa.enforcement.reference import Reference
from zhifa.metrics import base as metrics
from zhifa.powers.attributes import attribute_histories

from ..choices import RuleKind, Severity
from ..sql import ids_q, plain

OPEN_CASE_STATUSES = (
    CaseStatus.FILED,
    CaseStatus.INVESTIGATING,
    CaseStatus.NOTIFIED,
    CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.COLLECTIVE,
)
CASE, INSPECTION, OTHER, RECORDING = (
    "enforcement.penaltycase",
    "enforcement.inspection",
    "enforcement.otheract",
    "enforcement.recording",
)
PARTY, INTERFERENCE = "enforcement.party", "enforcement.interferencerecord"
UNIT, REGION, PERSON, POWER = "org.unit", "org.region", "org.person", "powers.power"
CLUE, RECT = "supervision.clue", "supervision.rectification"
TRAINING_CITE = (
    "《提升行政执法质量三年行动计划（2023—2025年）》（国办发〔2023〕27号）；《天津市行政执法监督规定》第十条"
)
REVIEWER_CITE = f"{ER.GUOBAN118}第四部分第（十一）项"
PERFORMANCE_CITE = "《天津市行政执法监督规定》；区权责清单（履职率、执法参与率口径见数据口径说明）"
MULTI_CITE = "《优化营商环境条例》第五十九条（合并或者纳入跨部门联合抽查范围，减少检查频次）"
INTERFERENCE_CITE = "《东丽区行政执法机关内部人员、领导干部非法干预、插手案件办理的记录、通报和责任追究制度》"
CLUE_CITE = "《市场监督管理行政处罚程序规定》第十八条（参照：十五个工作日内核查处理）"
RECT_CITE = "《天津市行政执法监督规定》（整改通知书载明的期限）"
CALENDAR_CITE = f"{ER.LAW}第八十五条；国务院办公厅节假日安排通知"


@dataclass(frozen=True, slots=True)
class Finding:
    object_type: str
    object_id: str
    unit_id: int | None
    message: str
    details: dict = field(default_factory=dict)
    scope: str = ""  # the key a narrowed run covers; default "<object_type>:<object_id>"

    @property
    def scope_key(self) -> str:
        return self.scope or key(self.object_type, self.object_id)


def key(object_type: str, object_id) -> str:
    return f"{object_type}:{object_id}"


@dataclass
class Scope:
    """What changed: the ids a narrowed run re-checks (see scan.py for how they are found)."""

    cases: set[int] = field(default_factory=set)
    inspections: set[int] = field(default_factory=set)
    other_acts: set[int] = field(default_factory=set)
    measures: set[int] = field(default_factory=set)  # 查封/扣押/冻结
    executions: set[int] = field(default_factory=set)  # 强制执行
    licences: set[int] = field(default_factory=set)  # 行政许可
    recordings: set[int] = field(default_factory=set)
    interference: set[int] = field(default_factory=set)
    clues: set[int] = field(default_factory=set)
    rectifications: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)
    parties: set[int] = field(default_factory=set)
    persons: set[int] = field(default_factory=set)
    # (unit, power, date) of every changed act; units whose powers/delegations or staff changed.
    acts: list[tuple[int, int | None, dt.date]] = field(default_factory=list)
    power_units: set[int] = field(default_factory=set)
    person_units: set[int] = field(default_factory=set)
    # Cases that existed at the last scan and were edited since (their old values are unknown).
    edited_cases: set[int] = field(default_factory=set)
    # Cases inserted or edited since the last scan (the others in ``cases`` are there for a child row or a date).
    written_cases: set[int] = field(default_factory=set)
    # The scan before this one was as of ``prev_as_of``: deadlines that fell in [prev_as_of, as_of)
    # are new findings even on unchanged rows. None: no time-based additions (the write hook).
    prev_as_of: dt.date | None = None
    # Unit- and region-level figures are year-to-date: when the date moves, every unit is re-run.
    aggregates_full: bool = False
    # The as-of date moved from ``window[0]`` to ``window[1]``: rows with a business date in between entered the
    # view (records are entered after the fact; the demo loads a year and scans it month by month). Queries select
    # the dated acts by date (``window_q``), not by their scattered ids; ``named`` holds the ids they name besides
    # (and the persons of written rows: a certificate dated in the window changes no act dated before it).
    window: tuple[dt.date, dt.date] | None = None
    named: dict[str, set[int]] = field(default_factory=dict)
    steps: set[int] = field(default_factory=set)  # cases filed or notified in the window (named in ``named``)
    dated: set[str] = field(default_factory=set)  # the WINDOW_DATES tables with rows dated in the window

    def sql_ids(self, attr: str) -> set[int]:
        """The ids a query names for ``attr`` (with a window: the written ones and the few dated rows not selected
        by ``window_q``)."""
        if self.window is not None and attr in self.named:
            return self.named[attr]
        return getattr(self, attr)


# The business dates of the scoped tables: a row with its date in the window of a moved as-of date may change its
# verdict. A case is judged at its steps (workflow.recorded_steps); the decision is selected by date here, and the
# earlier steps that run the rules' checks (filing, notification: ordinary procedure only) are few and named by id
# (scan.py). Names ending in ``_at`` are timestamps (local days).
WINDOW_DATES = {
    "cases": ("decided_on",),
    "inspections": ("started_at",),
    "other_acts": ("occurred_at",),
    "recordings": ("recorded_at",),
}


def window_q(scope: Scope, attr: str, prefix: str = "") -> Q | None:
    """Rows of ``attr`` dated in the scope's window (None when the date did not move)."""
    if scope is None or scope.window is None or attr not in WINDOW_DATES:
        return None
    prev, as_of = scope.window
    q = Q()
    for name in WINDOW_DATES[attr]:
        if name.endswith("_at"):
            q |= Q(**{f"{prefix}{name}__gte": metrics.day_after(prev), f"{prefix}{name}__lt": metrics.day_after(as_of)})
        else:
            q |= Q(**{f"{prefix}{name}__gt": prev, f"{prefix}{name}__lte": as_of})
    return q


PRELOAD_DAYS = 7  # a moved window longer than this reads the reference tables whole


@dataclass
class Ctx:
    region_code: str
    as_of: dt.date
    scope: Scope | None = None  # None: the whole region
    _ref: Reference | None = None

    @property
    def year_start(self) -> dt.date:
        return self.as_of.replace(month=1, day=1)

    @property
    def day_of_year(self) -> int:
        return (self.as_of - self.year_start).days + 1

    @property
    def ref(self) -> Reference:
        if self._ref is None:
            # A full scan (or a month of dated acts) asks about many persons and powers: read the region's
            # reference tables once (a day's acts ask about a few: they are read as asked).
            self._ref = Reference(self.region_code)
            w = self.scope.window if self.scope is not None else None
            if self.scope is None or (w is not None and (w[1] - w[0]).days > PRELOAD_DAYS):
                self._ref.preload()
        return self._ref

    @property
    def full(self) -> bool:
        return self.scope is None

    @property
    def date_unmoved(self) -> bool:
        """A narrowed run as of the last scan's date (or the write hook): a rule whose verdicts move with the date
        may then re-check only the changed records; when the date moved it re-runs over the whole region."""
        s = self.scope
        return s is not None and (s.prev_as_of is None or s.prev_as_of >= self.as_of)

    def figures(self, unit_ids=None) -> dict[int, metrics.UnitFigures]:
        """Year-to-date unit figures; the whole-region set is computed once per run and shared."""
        if unit_ids is not None:
            return metrics.unit_figures(self.region_code, self.year_start, self.as_of, unit_ids)
        if getattr(self, "_figs", None) is None:
            self._figs = metrics.unit_figures(self.region_code, self.year_start, self.as_of)
        return self._figs

    def narrow(self, qs, attr: str, *, time_q: Q | None = None, pk: str = "pk", steps: bool = True):
        """Restrict ``qs`` to the changed ids in ``scope.<attr>`` (and to rows a moved date makes due).

        ``steps=False``: the rule judges a case at its decision only, so the cases filed or notified in a moved
        window are not named."""
        if self.scope is None:
            return qs
        ids = self.scope.sql_ids(attr)
        if not steps and attr == "cases":
            ids = ids - self.scope.steps
        dated = window_q(self.scope, attr, pk[: -len("pk")] if pk.endswith("__pk") else "")
        if dated is not None and not ids and time_q is None and pk == "pk":
            # Only the dated rows: one AND term, which the region's date index serves (its other columns filter
            # before a row is read), not an OR of index lookups that reads every row of the window.
            return qs.filter(dated, region_id=self.region_code)
        q = ids_q(pk, ids)
        if dated is not None:
            q |= dated
        if time_q is not None and self.scope.prev_as_of is not None and self.scope.prev_as_of < self.as_of:
            q |= time_q
        return qs.filter(q)


class Rule:
    code: str = ""
    title: str = ""
    kind: str = RuleKind.RECORD
    severity: str = Severity.MEDIUM
    citation: str = ""
    object_type: str = ""
    description: str = ""
    # The Scope attributes that make this rule worth re-running in a narrowed run.
    watches: tuple[str, ...] = ()
    # Year-to-date rules: an alert belongs to the year it measures, so a new year starts new alerts and
    # leaves last year's to their lifecycle (a January scan says nothing about last year's gaps).
    periodic = False
    # find() reads only records: no alert, no table a rule keeps, no rows shared with the bulletin (rows_shared), no
    # context value that covers() reads back. A scan may then run it in a second process (supervision/elsewhere.py).
    elsewhere = False

    def period(self, ctx: Ctx) -> str:
        return str(ctx.as_of.year) if self.periodic else ""

    def find(self, ctx: Ctx) -> list[Finding]:
        raise NotImplementedError

    def covers(self, ctx: Ctx) -> set[str] | None:
        """Scope keys a narrowed run re-checked (alerts outside them are left alone); None = all."""
        if ctx.scope is None:
            return None
        return self._covers(ctx)

    def _covers(self, ctx: Ctx) -> set[str]:
        return set()

    def relevant(self, scope: Scope) -> bool:
        if self.kind == RuleKind.AGGREGATE and scope.aggregates_full:
            return True
        if scope.window is not None and any(w in scope.dated for w in self.watches):
            return True
        return any(getattr(scope, w) for w in self.watches) or (scope.prev_as_of is not None and self.time_based)

    time_based = False


REGISTRY: dict[str, Rule] = {}


def register(cls):
    inst = cls()
    assert inst.code not in REGISTRY, inst.code
    REGISTRY[inst.code] = inst
    return cls


def _rows(ctx, model, **lookups):
    """The region's rows of a large fact table; region and date terms read the table straight through (sql.py)."""
    return plain(model.objects.all(), region_id=ctx.region_code, **lookups)


def histories(ctx) -> dict:
    """The attribute history of each of the region's powers (powers.attributes), read once per run."""
    found = getattr(ctx, "_histories", None)
    if found is None:
        found = ctx._histories = attribute_histories(region_code=ctx.region_code)
    return found


def powers_where(ctx, attribute: str, test=bool, *, always: bool = False) -> list[int]:
    """Ids of the region's powers whose versioned ``attribute`` passes ``test`` in some version (or in every
    version, ``always``): a short list for narrowing candidates (powers.attributes; the rules then read the
    version in force on the act's date)."""
    pick = all if always else any
    return sorted(pid for pid, h in histories(ctx).items() if pick(test(v) for v in h.values(attribute)))


def _case_keys(ctx) -> set[str]:
    return {key(CASE, i) for i in ctx.scope.cases}


def _cutoff(as_of: dt.date, working_days: int) -> dt.date:
    """The last day d with add_working_days(d, n) < as_of: records dated on or before it are overdue."""
    d = as_of - dt.timedelta(days=1)
    while calendar.add_working_days(d, working_days) >= as_of:
        d -= dt.timedelta(days=1)
    return d


def _local_date(v) -> dt.date:
    return timezone.localtime(v).date() if isinstance(v, dt.datetime) else v


def catalogue() -> list[Rule]:
    return [REGISTRY[c] for c in sorted(REGISTRY)]
