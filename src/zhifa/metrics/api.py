"""/api/v1/metrics: the named metrics and their values for the token's region (or unit), through the one layer.

Added to the exchange API's NinjaAPI (``zhifa.exchange.api``) as a router; errors are its JSON 4xx errors.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from zhifa.core.errors import InvalidInput

from . import METRICS, compute

router = Router(tags=["统计指标"])


class ErrorOut(Schema):
    code: str = Field(description="错误编码")
    message: str = Field(description="中文说明")
    field: str = Field("", description="出错的字段（中文名）")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class MetricOut(Schema):
    name: str = Field(description="指标名称")
    definition: str = Field(description="数据口径")
    unit: str = Field(description="计量单位")
    kind: str = Field(description="存量/流量/比率")
    params: list[str] = Field(description="可用参数")


class ValueOut(Schema):
    name: str = Field(description="指标名称")
    region: str = Field(description="行政区划代码（含下级区划）")
    start: dt.date = Field(description="统计起日")
    end: dt.date = Field(description="统计止日（存量取此日）")
    params: dict[str, str] = Field(description="参数")
    value: str | None = Field(description="数值（比率为小数）")
    numerator: str | None = Field(None, description="分子（比率）")
    denominator: str | None = Field(None, description="分母（比率）")
    text: str = Field(description="报告中的写法")
    unit: str = Field(description="计量单位")
    definition: str = Field(description="数据口径")


@router.get("", response={200: list[MetricOut], **ERRORS}, summary="指标目录（名称、数据口径、单位、参数）")
def metric_list(request):
    return [MetricOut(name=m.name, definition=m.definition, unit=m.unit, kind=m.kind, params=list(m.params)) for m in METRICS.values()]  # fmt: skip


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidInput(f"“{field}”须为日期（YYYY-MM-DD）", field=field, code="request.date") from None


@router.get("/{name}", response={200: ValueOut, **ERRORS}, summary="指标取值：?start=YYYY-MM-DD&end=YYYY-MM-DD&参数=值")
def metric_value(request, name: str):
    q = dict(request.GET.items())
    start, end = _date(q.pop("start", None), "start"), _date(q.pop("end", None), "end")
    if end < start:
        raise InvalidInput("止日早于起日", field="end", code="request.period")
    auth = request.auth
    units = (auth.unit_id,) if auth.unit_id is not None else None
    r = compute(name, auth.region_code, start, end, unit_ids=units, **q)
    m = METRICS[name]

    def s(v):
        return None if v is None else str(v)

    return ValueOut(
        name=name,
        region=auth.region_code,
        start=start,
        end=end,
        params=q,
        value=s(r.value),
        numerator=s(r.num),
        denominator=s(r.den),
        text=r.text,
        unit=m.unit,
        definition=m.definition,
    )
