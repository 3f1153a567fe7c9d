"""The one metrics layer (a semantic layer): every figure a report, bulletin, dashboard, rule, portal page or
API call shows is a named metric defined once here.

- ``METRICS``: name (Chinese, e.g. 行政检查次数) -> ``Metric`` with its 数据口径, unit, stock/flow/ratio and
  the parameters it accepts (see ``params.PARAMS``).
- ``compute(name, region, start, end, **params)`` -> ``Result`` (value, numerator/denominator, records).
- ``explain(name, region, start, end, **params)`` -> (columns, rows): the records behind the figure.
- ``monthly(name, region, year, **params)`` -> twelve monthly values (flows over dated records).
- ``breakdown(name, region, start, end, by=参数, **params)`` -> [(value, count)], largest first (e.g. 行政检查次数
  by 检查对象类别); choice values are given by their labels.
- ``check(name, params)`` raises ``InvalidInput`` naming an unknown metric or parameter.

Parameters are passed by their Chinese names with text values (``执法领域="市场监管"``); a region includes
the regions under it. ``base`` holds the per-unit §5 computations the rules and the bulletin read.
"""

from __future__ import annotations

import datetime as dt

from zhifa.core.errors import InvalidInput

from . import inspection_frequency as _frequency  # noqa: F401  (registers the 54号 frequency figures)
from . import rates as _rates  # noqa: F401  (registers the stocks and rates)
from .catalog import METRICS, Metric, Result
from .query import Query, parse_params, resolve_units

__all__ = [
    "METRICS",
    "Metric",
    "Result",
    "Query",
    "metric",
    "query",
    "compute",
    "explain",
    "monthly",
    "breakdown",
    "check",
]


def metric(name: str) -> Metric:
    m = METRICS.get(name)
    if m is None:
        near = [n for n in METRICS if set(n) & set(name)]
        hint = f"（相近：{'、'.join(near[:5])}）" if near else ""
        raise InvalidInput(f"未知的指标“{name}”{hint}", field="metric", code="metric.unknown")
    return m


def check(name: str, params: dict[str, str]) -> dict:
    """Parse and check ``params`` for the metric; returns the parsed values."""
    return parse_params(metric(name), params)


def query(name: str, region: str, start: dt.date, end: dt.date, *, unit_ids=None, **params) -> Query:
    parsed = check(name, params)
    units = parsed.pop("单位", None)
    if units is not None:
        ids = resolve_units(region, units)
        unit_ids = ids if unit_ids is None else tuple(set(ids) & set(unit_ids))
    return Query(region, start, end, parsed, tuple(unit_ids) if unit_ids is not None else None)


def compute(name: str, region: str, start: dt.date, end: dt.date, *, unit_ids=None, **params) -> Result:
    return metric(name).compute(query(name, region, start, end, unit_ids=unit_ids, **params))


def explain(name: str, region: str, start: dt.date, end: dt.date, *, unit_ids=None, **params):
    m = metric(name)
    q = query(name, region, start, end, unit_ids=unit_ids, **params)
    return m.columns, (m.rows(q) if m.rows else [])


def monthly(name: str, region: str, year: int, *, unit_ids=None, **params) -> list[int]:
    m = metric(name)
    if m.by_month is None:
        raise InvalidInput(f"指标“{name}”没有按月分布", field="metric", code="metric.monthly")
    return m.by_month(query(name, region, dt.date(year, 1, 1), dt.date(year, 12, 31), unit_ids=unit_ids, **params))


def breakdown(name: str, region: str, start: dt.date, end: dt.date, *, by: str, unit_ids=None, **params):
    from .params import PARAMS

    m = metric(name)
    if m.breakdown is None or by not in m.groups:
        raise InvalidInput(
            f"指标“{name}”不能按“{by}”分组（可用：{'、'.join(m.groups) or '无'}）", field="by", code="metric.group"
        )
    counts = m.breakdown(query(name, region, start, end, unit_ids=unit_ids, **params), by)
    labels = PARAMS[by].labels() if hasattr(PARAMS[by], "labels") else {}
    rows = [(labels.get(k, k), n) for k, n in counts.items() if k not in (None, "") and n]
    return sorted(rows, key=lambda r: (-r[1], str(r[0])))
