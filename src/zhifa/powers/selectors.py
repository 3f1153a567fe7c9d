"""Reading the 权责清单: which powers are in force, and who holds a power on a day.

"Does this unit hold this power on this day" is answered here and nowhere else. A unit holds a power
on ``day`` when the power is in force that day (``effective_from <= day < effective_to``; the
取消日期 ``effective_to`` is the first day the power no longer exists) and either

- the unit is its 实施主体 (``owner``): kind ``own``; or
- a 赋权 (PowerDelegation) to the unit is in force that day (``effective_on <= day < ended_on``):
  kind ``authorize`` (授权, to a 街道) or ``entrust`` (委托, to a 受委托组织).

Three forms of the same answer, for three kinds of caller:

- ``holding_on`` / ``unit_holds_power``: one unit, one power, one day (services, the workflow's rules).
- ``holdings``: the periods as plain ``Holding`` values for a region or a set of powers, so that a
  batch (the bulk loader's ``Reference``, the metrics, the scan) checks many rows without a query each.
- ``held_on_q`` / ``powers_held_by`` / ``holder_units_q``: ORM expressions, for pick lists and pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import ENFORCEMENT_CATEGORIES, DelegationKind
from .models import Power, PowerDelegation

OWN = "own"
HOLDING_KINDS = (OWN, DelegationKind.AUTHORIZE.value, DelegationKind.ENTRUST.value)


@dataclass(frozen=True, slots=True)
class Holding:
    """A unit holds a power from ``start`` until the day before ``end`` (``end`` None: still held)."""

    unit_id: int
    power_id: int
    kind: str  # "own", "authorize" (授权) or "entrust" (委托)
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Held on at least one day of the closed range [start, end]."""
        return self.start <= end and (self.end is None or self.end > start)


def in_force_on(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """The one date test of the 权责清单: [start, end), end None = open."""
    return start <= day and (end is None or day < end)


def _intersect(a0: dt.date, a1: dt.date | None, b0: dt.date, b1: dt.date | None) -> tuple[dt.date, dt.date | None]:
    start = max(a0, b0)
    end = b1 if a1 is None else (a1 if b1 is None else min(a1, b1))
    return start, end


# ---- ORM expressions ------------------------------------------------------------------------------


def power_in_force_q(day: dt.date, prefix: str = "") -> Q:
    """Q on Power (or on a relation to it, with ``prefix="power__"``) for powers in force on ``day``."""
    return Q(**{f"{prefix}effective_from__lte": day}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gt": day})
    )


def delegation_in_force_q(day: dt.date) -> Q:
    """Q on PowerDelegation: the 赋权 itself in force on ``day`` (the power's own dates not included)."""
    return Q(effective_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def held_on_q(unit_id: int, day: dt.date) -> Q:
    """Q on Power: the powers ``unit_id`` holds on ``day`` (own, 授权 or 委托)."""
    delegated = PowerDelegation.objects.filter(delegation_in_force_q(day), to_unit_id=unit_id).values("power_id")
    return power_in_force_q(day) & (Q(owner_id=unit_id) | Q(pk__in=delegated))


def powers_held_by(unit_id: int, day: dt.date, categories: Iterable[str] | None = None) -> QuerySet[Power]:
    """The powers ``unit_id`` holds on ``day``; ``categories`` narrows to those 职权类别."""
    qs = Power.objects.filter(held_on_q(unit_id, day))
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


def holder_units_q(region_code: str, day: dt.date, categories: Iterable[str] | None = ENFORCEMENT_CATEGORIES) -> Q:
    """Q on Unit: units holding at least one power (of ``categories``) on ``day``, own or delegated."""
    held = powers_held_on(region_code, day, categories)
    delegated = PowerDelegation.objects.filter(delegation_in_force_q(day), power__in=held.values("pk"))
    return Q(pk__in=held.values("owner_id")) | Q(pk__in=delegated.values("to_unit_id"))


def powers_held_on(region_code: str, day: dt.date, categories=ENFORCEMENT_CATEGORIES) -> QuerySet[Power]:
    """Powers of the region in force on ``day`` (whoever holds them)."""
    qs = Power.objects.filter(power_in_force_q(day), region_id=region_code)
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


def powers_held_in(
    region_code: str, start: dt.date, end: dt.date, categories=ENFORCEMENT_CATEGORIES
) -> QuerySet[Power]:
    """Powers in force at any time in [start, end]."""
    qs = Power.objects.filter(region_id=region_code, effective_from__lte=end).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=start)
    )
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


# ---- periods, for batches -------------------------------------------------------------------------


def holdings(
    *,
    region_code: str | None = None,
    power_ids: Iterable[int] | None = None,
    unit_ids: Iterable[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    categories: Iterable[str] | None = None,
) -> list[Holding]:
    """Every holding period matching the filters, in two queries.

    A delegated holding is the overlap of the power's and the 赋权's periods: a 赋权 that starts after
    the power was cancelled gives none. ``start``/``end`` keep the periods that touch [start, end].
    """
    powers = Power.objects.all()
    if region_code is not None:
        powers = powers.filter(region_id=region_code)
    if power_ids is not None:
        powers = powers.filter(pk__in=list(power_ids))
    if categories:
        powers = powers.filter(category__in=list(categories))
    if end is not None:
        powers = powers.filter(effective_from__lte=end)
    if start is not None:
        powers = powers.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=start))
    units = set(unit_ids) if unit_ids is not None else None
    out: list[Holding] = []
    periods: dict[int, tuple[dt.date, dt.date | None]] = {}
    for pid, owner, p0, p1 in powers.values_list("id", "owner_id", "effective_from", "effective_to"):
        periods[pid] = (p0, p1)
        if units is None or owner in units:
            out.append(Holding(owner, pid, OWN, p0, p1))
    delegations = PowerDelegation.objects.filter(power__in=powers.values("pk"))
    if units is not None:
        delegations = delegations.filter(to_unit_id__in=units)
    for pid, unit, kind, d0, d1 in delegations.values_list(
        "power_id", "to_unit_id", "kind", "effective_on", "ended_on"
    ):
        s, e = _intersect(*periods[pid], d0, d1)
        if e is None or s < e:
            out.append(Holding(unit, pid, kind, s, e))
    if start is not None and end is not None:
        out = [h for h in out if h.overlaps(start, end)]
    return out


def holding_on(unit_id: int, power: Power | int, day: dt.date) -> Holding | None:
    """The holding by which ``unit_id`` holds ``power`` on ``day`` (own first), or None."""
    power_id = power if isinstance(power, int) else power.pk
    found = [h for h in holdings(power_ids=[power_id], unit_ids=[unit_id]) if h.covers(day)]
    found.sort(key=lambda h: HOLDING_KINDS.index(h.kind))
    return found[0] if found else None


def unit_holds_power(unit_id: int, power: Power | int, day: dt.date) -> bool:
    """Whether ``unit_id`` holds ``power`` on ``day``: as its owner, or by a 授权/委托 in force."""
    return holding_on(unit_id, power, day) is not None


def powers_held_by_unit(
    region_code: str, start: dt.date, end: dt.date, categories=ENFORCEMENT_CATEGORIES
) -> dict[int, set[int]]:
    """unit id -> ids of the powers (of ``categories``) it held on at least one day of [start, end]."""
    held: dict[int, set[int]] = defaultdict(set)
    for h in holdings(region_code=region_code, start=start, end=end, categories=categories):
        held[h.unit_id].add(h.power_id)
    return held


def held_pairs(
    region_code: str, start: dt.date, end: dt.date, categories=ENFORCEMENT_CATEGORIES
) -> set[tuple[int, int]]:
    """(unit id, power id) pairs held on at least one day of [start, end]."""
    return {
        (h.unit_id, h.power_id) for h in holdings(region_code=region_code, start=start, end=end, categories=categories)
    }
