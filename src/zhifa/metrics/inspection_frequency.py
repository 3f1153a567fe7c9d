"""涉企行政检查频次 for the 行政执法统计年报 (国办发〔2024〕54号; the 司法部 Q&A puts frequency data into the annual
statistics): inspections per enterprise in the period, their distribution, the maximum, and the enterprises over
a body's annual cap (``supervision.InspectionCap``, counted by the cap's own rule: ``rules_inspection.CapInfo``).

One query over the period's inspections; the caps are read once. Enterprises are parties of kind ORG plus
individual businesses (the Q&A: 个体工商户 参照); the figures count every inspection of the enterprise by any body.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils import timezone

from zhifa.enforcement.facts_inspection import caps_for
from zhifa.enforcement.models import Inspection

from .catalog import FLOW, Metric, Result, register
from .query import Query

COLUMNS = ("检查对象ID", "检查对象", "检查次数", "检查单位数", "超上限单位")


def _rows_of(q: Query):
    qs = Inspection.objects.filter(q.region_q(), q.unit_q(), started_at__date__range=(q.start, q.end))
    return qs.values_list("party_id", "party__name", "unit_id", "inspection_class", "mode", "plan__superior_deployed", "started_at")


def frequency(q: Query) -> dict:
    per_party: Counter = Counter()
    names: dict[int, str] = {}
    pairs: dict[tuple[int, int, int], list] = defaultdict(list)
    for party, name, unit, cls, mode, superior, started in _rows_of(q).iterator(chunk_size=10000):
        per_party[party] += 1
        names[party] = name
        pairs[(party, unit, timezone.localtime(started).year)].append((cls, mode, bool(superior)))
    caps = caps_for(q.region, {(u, y) for _, u, y in pairs})
    over: dict[int, set] = defaultdict(set)
    for (party, unit, year), acts in pairs.items():
        cap = caps.get((unit, year))
        if cap is not None and sum(1 for a in acts if cap.counts(*a)) > cap.max_per_year:
            over[party].add(unit)
    units = defaultdict(set)
    for party, unit, _ in pairs:
        units[party].add(unit)
    return {"per_party": per_party, "names": names, "over": over, "units": units}


def distribution(q: Query) -> dict[int, int]:
    """Number of enterprises inspected n times, for each n."""
    return dict(sorted(Counter(frequency(q)["per_party"].values()).items()))


def _max(q: Query) -> Result:
    f = frequency(q)["per_party"]
    return Result(max(f.values(), default=0), "次", records=len(f))


def _over(q: Query) -> Result:
    f = frequency(q)
    return Result(len(f["over"]), "家", records=len(f["per_party"]))


def _inspected(q: Query) -> Result:
    f = frequency(q)["per_party"]
    return Result(len(f), "家", records=sum(f.values()))


def _rows(q: Query):
    f = frequency(q)
    for party, n in sorted(f["per_party"].items(), key=lambda kv: (-kv[1], kv[0])):
        yield (party, f["names"][party], n, len(f["units"][party]), len(f["over"].get(party, ())))


PARAMS = ("单位",)
register(Metric("受检企业数", "期间内被行政检查的检查对象个数（不同检查对象）", "家", FLOW, PARAMS, _inspected, COLUMNS, _rows))
register(Metric("企业受检次数最大值", "期间内同一检查对象被各单位行政检查次数之和的最大值", "次", FLOW, PARAMS, _max, COLUMNS, _rows))
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
