"""A power's attributes as they were in force on a day, read from its PowerChange history (动态调整).

A Power row holds the latest recorded version of its attributes; a rule that judges an act must read
them as they stood on the act's date, so that a 2023 case is judged by the 2023 权责清单 even after
the flag was switched off in 2024. Each PowerChange stores the row before and after the change
(``before``/``after``) and the date the change takes effect (``effective_on``): the attributes in force on
a day are those of the first recorded version (the ADD row, or the ``before`` of the earliest change),
with every change that took effect on or before that day applied in the order of its effective date
(then version). A power with no change rows (made outside the services) is its current row.

Batch use: ``attribute_histories(power_ids)`` reads the history of many powers in one query, and each
``History.on(day)`` answers from memory; ``attributes_on(pairs)`` answers a set of (power, day) pairs.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from .models import Power, PowerChange

# The attributes a legal rule reads from a power; each is versioned by the PowerChange history.
ATTRIBUTES = (
    "requires_legal_review",  # 须法制审核 (行政处罚法第五十八条; the unit's 审核事项清单)
    "requires_recording",  # 须全程音像记录 (国办发〔2018〕118号)
    "hearing_threshold_person",  # 较大数额罚款 (第六十三条), per field
    "hearing_threshold_org",
    "single_officer_basis",  # 第四十二条 "法律另有规定的除外"
    "category",  # 职权类别: an act is judged by the category its power had that day
)


@dataclass(frozen=True, slots=True)
class PowerAttributes:
    requires_legal_review: bool = False
    requires_recording: bool = False
    hearing_threshold_person: Decimal | None = None
    hearing_threshold_org: Decimal | None = None
    single_officer_basis: str = ""
    category: str = ""


def _value(name: str, raw):
    """A snapshot value (JSON: decimals as strings) back to the attribute's type."""
    if name.startswith("hearing_threshold"):
        return None if raw in (None, "") else Decimal(str(raw))
    if name in ("single_officer_basis", "category"):
        return raw or ""
    return bool(raw)


def _from(snapshot: dict | None, fallback: PowerAttributes) -> PowerAttributes:
    if not snapshot:
        return fallback
    return replace(fallback, **{k: _value(k, snapshot[k]) for k in ATTRIBUTES if k in snapshot})


@dataclass(frozen=True, slots=True)
class History:
    """One power's attribute versions: ``base`` before any dated change, then (effective_on, attributes)."""

    base: PowerAttributes
    days: tuple[dt.date, ...] = ()
    versions: tuple[PowerAttributes, ...] = ()

    def on(self, day: dt.date) -> PowerAttributes:
        i = bisect.bisect_right(self.days, day)
        return self.versions[i - 1] if i else self.base

    def values(self, name: str) -> set:
        """Every value ``name`` has taken (for set-based narrowing: a power that may ever require X)."""
        return {getattr(a, name) for a in (self.base, *self.versions)}


def _current(row) -> PowerAttributes:
    return PowerAttributes(**{k: _value(k, row[k]) for k in ATTRIBUTES})


def _history(current: PowerAttributes, changes: list[tuple]) -> History:
    """``changes``: (version, kind, effective_on, before, after) ordered by version."""
    if not changes:
        return History(current)
    first = changes[0]
    base = _from(first[4], current) if first[1] == "add" else _from(first[3], current)
    dated: list[tuple[dt.date, int, dict]] = []
    for version, kind, effective_on, before, after in changes:
        if kind == "add" or not after:
            continue
        # Only the attributes this change altered: a later change with an earlier effective date
        # must not carry back the values of changes recorded before it.
        diff = {k: after[k] for k in ATTRIBUTES if k in after and (before or {}).get(k, object()) != after[k]}
        if diff:
            dated.append((effective_on, version, diff))
    dated.sort(key=lambda d: (d[0], d[1]))
    days, versions, cur = [], [], base
    for day, _version, diff in dated:
        cur = replace(cur, **{k: _value(k, v) for k, v in diff.items()})
        if days and days[-1] == day:
            versions[-1] = cur
        else:
            days.append(day)
            versions.append(cur)
    return History(base, tuple(days), tuple(versions))


def attribute_histories(power_ids: Iterable[int] | None = None, *, region_code: str = "") -> dict[int, History]:
    """The attribute history of each power (of ``power_ids``, or of the whole region): two queries."""
    powers = Power.objects.all()
    changes = PowerChange.objects.all()
    if power_ids is not None:
        ids = sorted({int(i) for i in power_ids if i is not None})
        powers, changes = powers.filter(pk__in=ids), changes.filter(power_id__in=ids)
    if region_code:
        powers, changes = powers.filter(region_id=region_code), changes.filter(region_id=region_code)
    current = {row["id"]: _current(row) for row in powers.values("id", *ATTRIBUTES)}
    by_power: dict[int, list[tuple]] = {}
    for row in changes.order_by("power_id", "version").values_list(
        "power_id", "version", "kind", "effective_on", "before", "after"
    ):
        by_power.setdefault(row[0], []).append(row[1:])
    return {pid: _history(cur, by_power.get(pid, [])) for pid, cur in current.items()}


def attributes_on(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], PowerAttributes]:
    """The attributes in force for each (power id, day): the batch selector the scan and the rules use."""
    pairs = list(pairs)
    histories = attribute_histories(p for p, _ in pairs)
    return {(p, d): histories[p].on(d) for p, d in pairs if p in histories}


def power_attributes_on(power_id: int, day: dt.date) -> PowerAttributes | None:
    """One power on one day (None: no such power)."""
    return attributes_on([(power_id, day)]).get((power_id, day))
