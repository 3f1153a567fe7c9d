"""Per-unit supervision figures for a period, as set-based queries (shared/domain.md §5).

- 执法行为 (enforcement acts): inspections (dated by ``started_at``), penalty decisions (``decided_on``),
  巡查/现场规范/教育改正 (``occurred_at``), and 行政强制 (措施 and 强制执行) and 行政许可 decisions (``decided_on``).
- 履职率: powers of the enforcement categories held by the unit in the period (own or delegated to it)
  that the unit exercised at least once ÷ powers held.
- 执法参与率: certified officers of the unit (active certificate at the period's end) with at least one
  act in the period (as officer one or two) ÷ certified officers.
- 零执法: a unit or a held power with no act in the period.

These are computed here because ``zhifa.reports.metrics`` did not exist when this engine was written;
the definitions are the ones in shared/domain.md §5 so that both give the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from zhifa.enforcement.models import (
    CoerciveMeasure,
    EnforcementExecution,
    Inspection,
    LicenceDecision,
    OtherAct,
    PenaltyCase,
)
from zhifa.org.models import Certificate, Person
from zhifa.org.selectors import units_active_on
from zhifa.powers.selectors import powers_held_by_unit

from .sql import plain, plain_group


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def day_after(day: dt.date) -> dt.datetime:
    return day_start(day + dt.timedelta(days=1))


@dataclass
class UnitFigures:
    unit_id: int
    name: str
    kind: str
    inspections: int = 0
    penalties: int = 0
    other_acts: int = 0
    coercion: int = 0  # 查封/扣押/冻结 and 强制执行 decisions
    licences: int = 0
    powers_held: set[int] = field(default_factory=set)
    powers_used: set[int] = field(default_factory=set)
    officers: int = 0
    officers_active: int = 0

    @property
    def acts(self) -> int:
        return self.inspections + self.penalties + self.other_acts + self.coercion + self.licences

    @property
    def zero_powers(self) -> set[int]:
        return self.powers_held - self.powers_used

    @property
    def performance_rate(self) -> float | None:
        """履职率, or None when the unit holds no enforcement power."""
        held = len(self.powers_held)
        return len(self.powers_held & self.powers_used) / held if held else None

    @property
    def participation_rate(self) -> float | None:
        """执法参与率, or None when the unit has no certified officer."""
        return self.officers_active / self.officers if self.officers else None


def acts_in(region_code: str, start: dt.date, end: dt.date):
    """(model, queryset) of the enforcement acts dated in [start, end], read without index walks."""
    t0, t1 = day_start(start), day_after(end)
    return [
        (Inspection, plain(Inspection.objects.all(), region_id=region_code, started_at__gte=t0, started_at__lt=t1)),
        (
            PenaltyCase,
            plain(PenaltyCase.objects.all(), region_id=region_code, decided_on__gte=start, decided_on__lte=end),
        ),
        (OtherAct, plain(OtherAct.objects.all(), region_id=region_code, occurred_at__gte=t0, occurred_at__lt=t1)),
        *(
            (model, plain(model.objects.all(), region_id=region_code, decided_on__gte=start, decided_on__lte=end))
            for model in (CoerciveMeasure, EnforcementExecution, LicenceDecision)
        ),
    ]


def active_officer_ids(region_code: str, start: dt.date, end: dt.date, unit_ids=None) -> set[int]:
    """Persons who were officer one or two on at least one act dated in [start, end]."""
    sources = [qs for _, qs in acts_in(region_code, start, end)]
    ids: set[int] = set()
    for qs in sources:
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        # DISTINCT over +column: one pass over the table, not a walk of the officer index (sql.py)
        ids.update(x for (x,) in plain_group(qs, "officer_a_id").distinct())
        ids.update(x for (x,) in plain_group(qs, "officer_b_id").distinct() if x)
    return ids


def certified_by_unit(region_code: str, day: dt.date, unit_ids=None) -> dict[int, set[int]]:
    """unit id -> person ids holding a certificate in force on ``day`` (by the person's current unit)."""
    certs = Certificate.objects.filter(region_id=region_code, issued_on__lte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
    )
    persons = Person.objects.filter(pk__in=certs.values("holder_id"))
    if unit_ids is not None:
        persons = persons.filter(unit_id__in=unit_ids)
    out: dict[int, set[int]] = defaultdict(set)
    for pid, unit in persons.values_list("id", "unit_id"):
        out[unit].add(pid)
    return out


def unit_figures(region_code: str, start: dt.date, end: dt.date, unit_ids=None) -> dict[int, UnitFigures]:
    """Figures for every enforcement unit active on ``end`` (or the given ones), for acts in [start, end]."""
    units = units_active_on(region_code, end)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    figs = {u: UnitFigures(u, n, k) for u, n, k in units.values_list("id", "name", "kind")}
    ids = list(figs)
    attrs = {
        Inspection: "inspections",
        PenaltyCase: "penalties",
        OtherAct: "other_acts",
        CoerciveMeasure: "coercion",
        EnforcementExecution: "coercion",
        LicenceDecision: "licences",
    }
    for model, qs in acts_in(region_code, start, end):
        attr = attrs[model]
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=ids)
        for unit, power, n in plain_group(qs, "unit_id", "power_id").annotate(n=Count("id")).order_by():
            f = figs.get(unit)
            if f is None:
                continue
            setattr(f, attr, getattr(f, attr) + n)
            if power is not None:
                f.powers_used.add(power)
    held = powers_held_by_unit(region_code, start, end)
    for u, f in figs.items():
        f.powers_held = held.get(u, set())
    certified = certified_by_unit(region_code, end, ids if unit_ids is not None else None)
    active = active_officer_ids(region_code, start, end, ids if unit_ids is not None else None)
    for u, f in figs.items():
        people = certified.get(u, set())
        f.officers = len(people)
        f.officers_active = len(people & active)
    return figs
