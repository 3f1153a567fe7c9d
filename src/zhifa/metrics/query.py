"""A metric question: which region(s), which period, which parameters (parsed and checked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from zhifa.core.errors import InvalidInput
from zhifa.org.models import Region, Unit

from .params import PARAMS


def region_and_below(code: str) -> tuple[str, ...]:
    """The region and every region under it (GB/T 2260 parents), the region first."""
    out, frontier = [code], [code]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("code", flat=True))
        out += frontier
    return tuple(out)


@dataclass(frozen=True)
class Query:
    region: str
    start: dt.date
    end: dt.date
    params: dict = field(default_factory=dict)  # parsed values by Chinese parameter name
    unit_ids: tuple[int, ...] | None = None  # a unit scope (the 单位 parameter, or a unit user's own unit)

    @property
    def regions(self) -> tuple[str, ...]:
        return region_and_below(self.region)

    def region_q(self, prefix: str = "") -> Q:
        regions = self.regions
        if len(regions) == 1:
            return Q(**{f"{prefix}region_id": regions[0]})
        return Q(**{f"{prefix}region_id__in": regions})

    def unit_q(self, field: str = "unit") -> Q:
        return Q() if self.unit_ids is None else Q(**{f"{field}_id__in": self.unit_ids})

    def get(self, name: str, default=None):
        return self.params.get(name, default)

    def previous_year(self) -> Query:
        def back(d: dt.date) -> dt.date:
            return d.replace(year=d.year - 1, day=28 if (d.month, d.day) == (2, 29) else d.day)

        return Query(self.region, back(self.start), back(self.end), self.params, self.unit_ids)


def parse_params(metric, raw: dict[str, str]) -> dict:
    """Check ``raw`` (name -> text) against the metric's parameters; unknown names are refused by name."""
    out = {}
    for name, text in raw.items():
        if name not in PARAMS:
            raise InvalidInput(
                f"未知的参数“{name}”（可用：{'、'.join(metric.params) or '无'}）", field=name, code="metric.param"
            )
        if name not in metric.params:
            raise InvalidInput(
                f"指标“{metric.name}”不接受参数“{name}”（可用：{'、'.join(metric.params) or '无'}）",
                field=name,
                code="metric.param",
            )
        out[name] = PARAMS[name].parse(name, text if isinstance(text, list | tuple) else str(text).strip())
    return out


def resolve_units(region: str, names: list[str]) -> tuple[int, ...]:
    regions = region_and_below(region)
    ids = []
    for n in names:
        if n.isdigit():
            ids.append(int(n))
            continue
        found = list(
            Unit.objects.filter(region_id__in=regions).filter(Q(name=n) | Q(short_name=n)).values_list("id", flat=True)
        )
        if not found:
            raise InvalidInput(f"参数“单位”的取值“{n}”不是本区划的单位", field="单位", code="metric.param_value")
        ids += found
    return tuple(ids)
