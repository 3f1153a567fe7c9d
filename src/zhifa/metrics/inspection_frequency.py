"""涉企行政检查频次 for the 行政执法统计年报 (国办发〔2024〕54号; the 司法部 Q&A puts frequency data into the annual
statistics): inspections per enterprise in the period, their distribution, the maximum, and the enterprises over
a body's annual cap (``supervision.InspectionCap``, counted by the cap's own rule: ``rules_inspection.CapInfo``).

Counted in SQL per party (from the covering index of inspections); only the units with a cap are read in
detail, against their caps read once. Enterprises are parties of kind ORG plus
individual businesses (the Q&A: 个体工商户 参照); the figures count every inspection of the enterprise by any body.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Count

from zhifa.enforcement.facts_inspection import caps_for
from zhifa.enforcement.models import Inspection, Party

from .base import day_after, day_start
from .catalog import FLOW, Metric, Result, register
from .query import Query

COLUMNS = ("检查对象ID", "检查对象", "检查次数", "检查单位数", "超上限单位")


def _years(q: Query):
    """(year, first day, last day) of each calendar year the period touches: a cap is per year."""
    for year in range(q.start.year, q.end.year + 1):
        yield year, max(q.start, dt.date(year, 1, 1)), min(q.end, dt.date(year, 12, 31))


def _inspections(q: Query, start: dt.date, end: dt.date):
    return Inspection.objects.filter(
        q.region_q(), q.unit_q(), started_at__gte=day_start(start), started_at__lt=day_after(end)
    ).order_by()


_SHARED: ContextVar[dict | None] = ContextVar("inspection_frequency_shared", default=None)


@contextmanager
def shared():
    """Within the block each period's inspections per party are counted once (the annual report's three 54号
    figures read the same counts); outside it nothing is kept, so a later question reads the records again."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def per_party(q: Query) -> Counter:
    """Inspections per party in the period (grouped in SQL, from the covering index)."""
    memo, key = _SHARED.get(), (q.region, q.start, q.end, q.unit_ids, repr(sorted(q.params.items())))
    if memo is not None and key in memo:
        return memo[key]
    out: Counter = Counter()
    for _year, start, end in _years(q):
        for party, n in _inspections(q, start, end).values_list("party_id").annotate(n=Count("id")):
            out[party] += n
    if memo is not None:
        memo[key] = out
    return out


def over_cap(q: Query) -> dict[int, set[int]]:
    """party -> the units that inspected it more often in a year than their cap allows (counted by the cap's own
    rule). Only the units with a cap are read in detail."""
    over: dict[int, set[int]] = defaultdict(set)
    for year, start, end in _years(q):
        qs = _inspections(q, start, end)
        caps = caps_for(q.region, {(u, year) for u in qs.values_list("unit_id", flat=True).distinct()})
        if not caps:
            continue
        counted: Counter = Counter()
        fields = ("party_id", "unit_id", "inspection_class", "mode", "plan__superior_deployed")
        for party, unit, cls, mode, superior, n in (
            qs.filter(unit_id__in=[u for u, _y in caps]).values_list(*fields).annotate(n=Count("id"))
        ):
            if caps[(unit, year)].counts(cls, mode, bool(superior)):
                counted[(party, unit)] += n
        for (party, unit), n in counted.items():
            if n > caps[(unit, year)].max_per_year:
                over[party].add(unit)
    return over


def frequency(q: Query) -> dict:
    """Inspections per party, the units that inspected it, and the units over their cap for it."""
    units = defaultdict(set)
    for _year, start, end in _years(q):
        for party, unit in _inspections(q, start, end).values_list("party_id", "unit_id").distinct():
            units[party].add(unit)
    return {"per_party": per_party(q), "over": over_cap(q), "units": units}


def distribution(q: Query) -> dict[int, int]:
    """Number of enterprises inspected n times, for each n."""
    return dict(sorted(Counter(per_party(q).values()).items()))


def _max(q: Query) -> Result:
    f = per_party(q)
    return Result(max(f.values(), default=0), "次", records=len(f))


def _over(q: Query) -> Result:
    return Result(len(over_cap(q)), "家", records=len(per_party(q)))


def _inspected(q: Query) -> Result:
    f = per_party(q)
    return Result(len(f), "家", records=sum(f.values()))


def _rows(q: Query):
    f = frequency(q)
    names = dict(Party.objects.filter(pk__in=[p for p in f["per_party"] if p is not None]).values_list("id", "name"))
    for party, n in sorted(f["per_party"].items(), key=lambda kv: (-kv[1], kv[0])):
        yield (party, names.get(party), n, len(f["units"][party]), len(f["over"].get(party, ())))


PARAMS = ("单位",)
register(
    Metric(
        "受检企业数", "期间内被行政检查的检查对象个数（不同检查对象）", "家", FLOW, PARAMS, _inspected, COLUMNS, _rows
    )
)
register(
    Metric(
        "企业受检次数最大值",
        "期间内同一检查对象被各单位行政检查次数之和的最大值",
        "次",
        FLOW,
        PARAMS,
        _max,
        COLUMNS,
        _rows,
    )
)
register(
    Metric(
        "超检查频次上限企业数",
        "期间内至少被一个单位检查超过其年度检查频次上限（按上限设置的计数口径，上级部署专项等按设置不计）的检查对象个数",
        "家",
        FLOW,
        PARAMS,
        _over,
        COLUMNS,
        _rows,
    )
)


def joint_opportunities(visits: list[tuple], window_days: int) -> list[tuple]:
    """综合查一次 opportunities (54号第四部分: 能合并的合并，能联合的联合): pairs of separate visits to one enterprise by
    different bodies within ``window_days`` of each other. ``visits`` are (day, unit_id, joint_action_id, pk);
    visits of the same 联合行动 are already joint and are not flagged."""
    visits = sorted(visits)
    out = []
    for i, (day, unit, joint, pk) in enumerate(visits):
        for day2, unit2, joint2, pk2 in visits[i + 1 :]:
            if (day2 - day).days > window_days:
                break
            if unit2 != unit and not (joint and joint == joint2):
                out.append((pk, pk2, (day2 - day).days))
    return out
