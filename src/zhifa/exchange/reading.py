"""Reading exchange records back, scoped to what the actor may see (a token: its unit or its region)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from zhifa.core.errors import InvalidInput, NotFound, PermissionDenied
from zhifa.org.models import Unit

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
    """A stored record (Chinese names) with the English keys of the API."""
    return {rtype.by_name[k].key: v for k, v in data.items() if k in rtype.by_name}


def filtered(actor, rtype: RecordType, *, unit: str | None = None, since: str | None = None) -> QuerySet:
    qs = visible_records(actor, rtype)
    if unit:
        qs = qs.filter(unit__uscc=unit)
    when = parse_since(since)
    if when is not None:
        qs = qs.filter(updated_at__gt=when)
    return qs


def page(actor, rtype: RecordType, *, cursor: str | None, limit: int, unit: str | None, since: str | None) -> dict:
    qs = filtered(actor, rtype, unit=unit, since=since).order_by("id")
    if cursor:
        if not cursor.isdigit() or len(cursor) > 18:
            raise InvalidInput("游标无效：请使用上一页返回的 next_cursor", field="cursor", code="request.cursor")
        qs = qs.filter(id__gt=int(cursor))
    rows = list(qs.values_list("id", "data")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [as_json(rtype, data) for _, data in rows],
        "next_cursor": str(rows[-1][0]) if more and rows else None,
    }


def one(actor, rtype: RecordType, key: str) -> dict:
    rec = visible_records(actor, rtype).filter(key=key).first()
    if rec is None:  # another unit's record is as absent as a missing one (no existence oracle)
        raise NotFound(f"{rtype.name}“{key}”不存在或无权查看", field="key", code="record.not_found")
    return as_json(rtype, rec.data)


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
