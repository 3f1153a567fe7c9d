"""Reading exchange records back, scoped to what the actor may see (a token: its unit or its region)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from zhifa.core.errors import InvalidInput, NotFound, PermissionDenied
from zhifa.org.models import Unit

from . import outgoing
from .actors import SourceSystem, read_scope
from .fields import BEIJING
from .models import Batch, ExchangeRecord
from .spec import RecordType


def visible_records(actor, rtype: RecordType) -> QuerySet:
    qs = ExchangeRecord.objects.filter(record_type=rtype.name, deleted=False)
    everything, regions, unit_id = read_scope(actor)
    if everything:
        return qs
    qs = qs.filter(region_id__in=regions)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs


def parse_since(since: str | None, fname: str = "since") -> dt.datetime | None:
    if not since:
        return None
    s = since.strip().replace("T", " ")
    try:
        value = dt.datetime.fromisoformat(s) if " " in s else dt.datetime.fromisoformat(s + " 00:00")
    except ValueError:
        raise InvalidInput(f"时间“{since}”格式应为YYYY-MM-DD[ HH:MM]", field=fname, code="request.since")
    return value.replace(tzinfo=BEIJING) if value.tzinfo is None else value


def as_json(rtype: RecordType, data: dict) -> dict:
    """A record (Chinese names) with the English keys of the API, in the order of the record type's fields (the
    stored document's own key order depends on the database: jsonb reorders, and the key index keeps the sorted
    canonical text)."""
    return {f.key: data[f.name] for f in rtype.all_fields if f.name in data}


def filtered(actor, rtype: RecordType, *, unit: str | None = None, since: str | None = None) -> QuerySet:
    """The key index of the records received through the exchange, within the actor's scope."""
    qs = visible_records(actor, rtype)
    if unit:
        qs = qs.filter(unit__uscc=unit)
    when = parse_since(since)
    if when is not None:
        qs = qs.filter(updated_at__gt=when)
    return qs


def _cursor(cursor: str | None) -> tuple[bool, int]:
    """(in the store phase, last id): a digits cursor walks the table, ``s<digits>`` then the store."""
    if not cursor:
        return False, 0
    store = cursor.startswith("s")
    digits = cursor[1:] if store else cursor
    if not digits.isdigit() or len(digits) > 18:
        raise InvalidInput("游标无效：请使用上一页返回的 next_cursor", field="cursor", code="request.cursor")
    return store, int(digits)


def parse_day(value: str | None, fname: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"日期“{value}”格式应为YYYY-MM-DD", field=fname, code="request.date")


def page(
    actor,
    rtype: RecordType,
    *,
    cursor: str | None,
    limit: int,
    unit: str | None,
    since: str | None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict:
    """One page of records read from the domain tables (then, for 行政强制/行政许可, those kept only in the store),
    of a unit, changed since a time, or of a period (on the record's own date)."""
    scope = read_scope(actor)
    when = parse_since(since)
    day_from, day_to = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    in_store, last = _cursor(cursor)
    items: list[dict] = []
    if not in_store:
        qs = outgoing.queryset(
            rtype.name, scope=scope, unit=unit, region=None, since=when, date_from=day_from, date_to=day_to
        )
        ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[: limit + 1])
        more = len(ids) > limit
        ids = ids[:limit]
        items = [as_json(rtype, r) for r in outgoing.build(rtype.name, qs.filter(pk__in=ids))]
        if more:
            return {"items": items, "next_cursor": str(ids[-1])}
        if rtype.name not in outgoing.STORE_TOO or not _store_only(scope, rtype, unit, when, 0).exists():
            return {"items": items, "next_cursor": None}
        return {"items": items, "next_cursor": "s0"}
    rows = list(_store_only(scope, rtype, unit, when, last).order_by("id").values_list("id", "data")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor_out = f"s{rows[-1][0]}" if more and rows else None
    field = outgoing.STORE_DAY.get(rtype.name)
    if field and (day_from or day_to):
        rows = [(i, d) for i, d in rows if _within((d.get(field) or "")[:10], day_from, day_to)]
    return {"items": [as_json(rtype, data) for _, data in rows], "next_cursor": cursor_out}


def _within(day: str, day_from, day_to) -> bool:
    return not ((day_from and day < day_from.isoformat()) or (day_to and day > day_to.isoformat()))


def _store_only(scope, rtype: RecordType, unit: str | None, when, after: int) -> QuerySet:
    qs = ExchangeRecord.objects.filter(record_type=rtype.name, object_id__isnull=True, deleted=False, id__gt=after)
    everything, regions, unit_id = scope
    if not everything:
        qs = qs.filter(region_id__in=regions)
        if unit_id is not None:
            qs = qs.filter(unit_id=unit_id)
    if unit:
        qs = qs.filter(unit__uscc=unit)
    if when is not None:
        qs = qs.filter(updated_at__gt=when)
    return qs


# The columns a record's own key names, per type (a key of a sending system the product files under its own id
# — 培训编号, 联合行动编号, 计划编号 — is found through the key index, and ``ZF-…-<id>`` through the id).
KEY_COLUMNS = {
    "执法主体": ("uscc",),
    "执法人员": ("id_number",),
    "执法证件": ("number",),
    "法制审核人员": ("person__id_number",),
    "权责事项": ("code",),
    "专项行动": ("name",),
    "电子监控设备": ("name",),
    "行政检查": ("number",),
    "行政处罚": ("unit__uscc", "case_no"),
    "其他执法行为": ("number",),
    "隐患": ("number",),
    "超限超载": ("number",),
    "行政强制": ("unit__uscc", "decision_no"),
    "行政许可": ("unit__uscc", "application_no"),
    "检查计划": ("title",),
    "异地执法协助": ("unit__uscc", "letter_no"),
    "制度备案": ("unit__uscc", "", "filed_on"),
    "案卷评查": ("unit__uscc", "case__case_no"),
    "执法监督检查": ("unit__uscc", "inspected_on"),
    "月度通报": ("region_id", ""),  # 月份 is YYYY-MM: matched on the built record  # 备案类型 by its label, matched on the built record
}


def one(actor, rtype: RecordType, key: str) -> dict:
    """One record by its key, read from its table (or the store, for a record kept only there)."""
    scope = read_scope(actor)
    qs = outgoing.queryset(rtype.name, scope=scope, unit=None, region=None, since=None, date_from=None, date_to=None)
    first = key.split("|", 1)[0]
    ids = set(
        ExchangeRecord.objects.filter(record_type=rtype.name, key=key, object_id__isnull=False).values_list(
            "object_id", flat=True
        )
    )
    if rtype.name == "培训记录":  # 培训编号|身份证号码: the session through its own key index
        ids |= set(
            qs.filter(
                session_id__in=ExchangeRecord.objects.filter(record_type="培训场次", key=first).values("object_id")
            ).values_list("pk", flat=True)
        )
    if first.startswith("ZF-") and first.rsplit("-", 1)[-1].isdigit():
        own = int(first.rsplit("-", 1)[-1])
        ids |= set(qs.filter(session_id=own).values_list("pk", flat=True)) if rtype.name == "培训记录" else {own}
    columns = KEY_COLUMNS.get(rtype.name)
    parts = key.split("|")
    if columns and len(parts) == len(columns):
        match = {c: p for c, p in zip(columns, parts, strict=True) if c}
        ids |= set(qs.filter(**match).values_list("pk", flat=True)[:50])
    star = [f.name for f in rtype.star_fields]
    for r in outgoing.build(rtype.name, qs.filter(pk__in=ids)):
        if "|".join(str(r.get(n, "")) for n in star) == key:
            return as_json(rtype, r)
    if rtype.name in outgoing.STORE_TOO:
        rec = _store_only(scope, rtype, None, None, 0).filter(key=key).first()
        if rec is not None:
            return as_json(rtype, rec.data)
    # another unit's record is as absent as a missing one (no existence oracle)
    raise NotFound(f"{rtype.name}“{key}”不存在或无权查看", field="key", code="record.not_found")


def batch(actor, number: str) -> Batch:
    b = Batch.objects.filter(source=str(actor), number=number).first()
    if b is None:
        raise NotFound(f"批次“{number}”不存在", field="batch_no", code="batch.not_found")
    return b


def check_write_scope(actor, rtype: RecordType, records: list[dict]) -> None:
    """A token sending records of a unit outside its scope is refused as a whole (403), before anything runs."""
    if not isinstance(actor, SourceSystem) or not rtype.unit_field:
        return
    f = rtype.by_name[rtype.unit_field]
    usccs = set()
    for r in records:
        v = r.get(f.key, r.get(f.name))
        if isinstance(v, list):
            usccs.update(str(x) for x in v)
        elif isinstance(v, str):
            usccs.update(x.strip() for x in v.replace(";", "；").split("；") if x.strip())
    everything, regions, unit_id = read_scope(actor)
    for unit in Unit.objects.filter(uscc__in=usccs).only("id", "region_id", "name"):
        if unit.region_id not in regions or (unit_id is not None and unit.pk != unit_id):
            raise PermissionDenied(
                f"无权报送{unit.name}的数据：令牌只能报送本单位（或本辖区）的记录",
                field=rtype.unit_field,
                code="auth.other_unit",
            )
