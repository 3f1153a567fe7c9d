"""REST API at /api/v1/ (django-ninja): batches in, records and feeds out, for source systems with a token.

The API is a thin edge: it authenticates the token, parses the body and calls exchange services; errors
are JSON ``{code, message, field}`` with a 4xx status, never a 5xx for bad input.
"""

from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, create_model

from zhifa.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied

from . import feeds, reading
from .services import MAX_BATCH, exchange_batch_load, token_authenticate
from .spec import TYPES, RecordType


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        return token_authenticate(token)


api = NinjaAPI(
    title="行政执法数据交换接口",
    version="1",
    description=(
        "各单位业务系统按 shared/exchange.md 的数据格式报送记录（批次，一次最多5000条，按批次号只处理一次），"
        "并读取本单位（或本辖区）的记录与双公示数据。JSON 使用英文键，每个键的说明给出对应的中文字段名。"
        "认证：`Authorization: Bearer <令牌>`（`zhifa exchange token create` 生成）。"
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class ErrorOut(Schema):
    code: str = Field(description="错误编码")
    message: str = Field(description="中文说明")
    field: str = Field("", description="出错的字段（中文名）")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _error(request, status: int, code: str, message: str, field: str = ""):
    return api.create_response(request, {"code": code, "message": message, "field": field}, status=status)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    status = 403 if isinstance(exc, PermissionDenied) else 404 if isinstance(exc, NotFound) else 400
    return _error(request, status, exc.code, exc.message, exc.field)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, "request.too_big", f"请求体过大：一个批次最多{MAX_BATCH}条记录，请分批报送")


@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return _error(request, 400, "request.invalid", "请求无法处理：格式不正确")


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path", "header")]
    message = f"请求格式错误：{'.'.join(loc) or '请求'} {first.get('msg', '')}".strip()
    return _error(request, 422, "request.invalid", message, ".".join(loc))


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return _error(request, 401, "auth.token", "缺少有效的接口令牌（Authorization: Bearer <令牌>），或令牌已吊销")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "request.invalid", str(exc))


# ---- schemas built from the declared record types -----------------------------------------------------
Value = str | int | float | bool | None
ListValue = str | list[str] | None


def record_schema(rtype: RecordType):
    fields: dict[str, Any] = {}
    for f in rtype.all_fields:
        ann = ListValue if f.is_list else Value
        fields[f.key] = (ann, Field(None, description=f.describe(), title=f.name))
    model = create_model(
        f"{rtype.slug.title().replace('-', '')}Record",
        __config__=ConfigDict(extra="allow", title=f"{rtype.name}记录"),
        **fields,
    )
    model.__doc__ = f"{rtype.name}：英文键对应的中文字段名见各键的说明；★为主键，未知的键按条拒收。"
    return model


class RecordResult(Schema):
    row: int = Field(description="记录在批次中的序号（从1起）")
    key: str = Field(description="记录主键")
    status: str = Field(description="created/updated/unchanged/deleted/rejected")
    field: str = Field("", description="被拒收时出错的字段")
    reason: str = Field("", description="被拒收的原因")
    breaches: list[str] = Field([], description="已导入但违反法定要求之处（已生成监督预警）")


class BatchOut(Schema):
    batch_no: str = Field(description="批次号")
    record_type: str = Field(description="记录类型")
    replayed: bool = Field(description="同一批次号再次提交：返回首次处理的结果，不重复处理")
    counts: dict[str, int]
    results: list[RecordResult]


class Page(Schema):
    items: list[dict[str, Any]] = Field(description="记录（英文键）")
    next_cursor: str | None = Field(None, description="下一页游标；为空表示没有更多")


class ListFilters(Schema):
    cursor: str | None = Field(None, description="上一页返回的 next_cursor")
    limit: int = Field(100, ge=1, le=1000, description="每页条数（1–1000）")
    unit: str | None = Field(None, max_length=18, description="单位统一社会信用代码")
    since: str | None = Field(None, max_length=25, description="只返回此时间之后变更的记录（YYYY-MM-DD[ HH:MM]）")
    date_from: str | None = Field(None, max_length=10, description="期间起（YYYY-MM-DD，按记录自身的日期，如检查时间）")
    date_to: str | None = Field(None, max_length=10, description="期间止（YYYY-MM-DD，含当日）")


def _only(request, model) -> None:
    """Unknown query parameters are refused by name (a typo in a filter must not silently return everything)."""
    unknown = sorted(set(request.GET) - set(model.model_fields))
    if unknown:
        raise InvalidInput(f"未知的查询参数：{'、'.join(unknown)}", field=unknown[0], code="request.unknown_param")


def _batch_out(batch, replayed: bool) -> dict:
    results = [
        {
            "row": r.get("row", 0) if isinstance(r.get("row"), int) else 0,
            "key": r.get("key", ""),
            "status": r["status"],
            "field": r.get("field", ""),
            "reason": r.get("reason", ""),
            "breaches": r.get("breaches", []),
        }
        for r in batch.results
    ]
    return {
        "batch_no": batch.number,
        "record_type": batch.record_type,
        "replayed": replayed,
        "counts": batch.counts,
        "results": results,
    }


def _register(rtype: RecordType) -> None:
    Record = record_schema(rtype)
    BatchIn = create_model(
        f"{rtype.slug.title().replace('-', '')}BatchIn",
        __base__=Schema,
        batch_no=(
            str | None,
            Field(
                None,
                min_length=1,
                max_length=80,
                pattern=r"^\S(.*\S)?$",
                description="批次号（或请求头 Idempotency-Key）",
            ),
        ),
        records=(list[Record], Field(..., max_length=MAX_BATCH, description=f"记录，最多{MAX_BATCH}条")),
    )

    def post_batch(request, body: BatchIn):
        number = request.headers.get("Idempotency-Key") or body.batch_no or ""
        records = [r.model_dump(exclude_none=True) for r in body.records]
        reading.check_write_scope(request.auth, rtype, records)
        batch, created = exchange_batch_load(actor=request.auth, record_type=rtype, number=number, records=records)
        return _batch_out(batch, not created)

    def list_records(request, filters: Query[ListFilters]):
        _only(request, ListFilters)
        return reading.page(
            request.auth,
            rtype,
            cursor=filters.cursor,
            limit=filters.limit,
            unit=filters.unit,
            since=filters.since,
            date_from=filters.date_from,
            date_to=filters.date_to,
        )

    def get_record(request, key: str):
        _only(request, Schema)
        return reading.one(request.auth, rtype, key)

    api.post(
        f"/{rtype.slug}/batches",
        response={200: BatchOut, **ERRORS},
        summary=f"报送{rtype.name}（批次）",
        tags=[rtype.name],
        operation_id=f"{rtype.slug.replace('-', '_')}_batch",
    )(post_batch)
    api.get(
        f"/{rtype.slug}",
        response={200: Page, **ERRORS},
        summary=f"查询{rtype.name}",
        tags=[rtype.name],
        operation_id=f"{rtype.slug.replace('-', '_')}_list",
    )(list_records)
    api.get(
        f"/{rtype.slug}/{{key}}",
        response={200: dict[str, Any], **ERRORS},
        summary=f"读取一条{rtype.name}（按主键；复合主键以“|”连接）",
        tags=[rtype.name],
        operation_id=f"{rtype.slug.replace('-', '_')}_get",
    )(get_record)


for _t in TYPES:
    _register(_t)


@api.get("/batches/{batch_no}", response={200: BatchOut, **ERRORS}, summary="批次处理结果", tags=["批次"])
def get_batch(request, batch_no: str):
    _only(request, Schema)
    return _batch_out(reading.batch(request.auth, batch_no), True)


class FeedFilters(Schema):
    since: str | None = Field(None, max_length=25, description="只返回此日期之后公示的决定（YYYY-MM-DD）")


@api.get(
    "/feeds/shuanggongshi",
    response={200: list[dict[str, Any]], **ERRORS},
    summary="双公示：已公示的行政处罚决定（信用数据项，JSON）",
    tags=["对外数据"],
)
def shuanggongshi(request, filters: Query[FeedFilters]):
    _only(request, FeedFilters)
    return feeds.shuanggongshi(request.auth, since=filters.since)


@api.get(
    "/feeds/shuanggongshi.csv",
    response={**ERRORS},
    summary="双公示：已公示的行政处罚决定（信用数据项，CSV）",
    tags=["对外数据"],
    openapi_extra={
        "responses": {
            "200": {"description": "CSV（UTF-8，带BOM）", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def shuanggongshi_csv(request, filters: Query[FeedFilters]):
    _only(request, FeedFilters)
    rows = feeds.shuanggongshi(request.auth, since=filters.since)
    return HttpResponse(feeds.as_csv(rows), content_type="text/csv; charset=utf-8")


# the one metrics layer's catalogue and values (zhifa.metrics.api), same tokens and errors
api.add_router("/metrics", "zhifa.metrics.api.router")
