"""The one path in: parse, validate, resolve and upsert exchange records, each on its own.

``load_records(rtype, records, actor=…)`` takes (row or record number, {field: value}) pairs keyed by
the Chinese field names (files) or the English keys (JSON). Each record is

- *rejected* when malformed (exchange.md 原则 3): nothing of it is written (its own savepoint), and the
  rejection names the row, the record's key, the field, the value and the reason in Chinese;
- *unchanged* when the same record was received before (same digest): nothing is written, no audit row;
- *created* / *updated* / *deleted* otherwise, with one audit row carrying the record and the row before
  and after (core/audit.py).

A well-formed record that breaks a legal rule is loaded (原则 4): the rule functions' findings come
back as ``breaches`` and the supervision write hook raises their alerts when the chunk commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from json.encoder import encode_basestring
from operator import itemgetter

from django.apps import apps
from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.collector import bulk_collector
from zhifa.core.errors import DomainError

from .actors import authorize_record
from .context import LoadContext
from .fields import Bad, F, field_parser, render, today, unprintable
from .models import ExchangeRecord
from .prepare import chunks
from .spec import RecordType

FAST = frozenset({"行政检查", "行政处罚", "其他执法行为", "隐患", "超限超载"})  # set-based path for new records (fastpath.py)


@dataclass
class Rejection:
    row: int | str
    key: str
    field: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "key": self.key, "field": self.field, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        return f"第{self.row}条 [{self.field}] 值“{self.value}”：{self.reason}"


@dataclass
class Report:
    """Counts per type, rejections, and the legal breaches of loaded records."""

    record_type: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    breaches: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    # Each record's outcome (row, key, status, breaches) is kept only where it is read, an API batch's resource: a
    # year's file of 276,000 cases held one dict each, about 100 MB, for a report that prints counts and rejections.
    per_record: bool = False

    @property
    def rejected(self) -> int:
        return len({r.row for r in self.rejections})

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.deleted + self.rejected

    def counts(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "rejected": self.rejected,
        }

    def as_dict(self) -> dict:
        return {
            "record_type": self.record_type,
            **self.counts(),
            "rejections": [r.as_dict() for r in self.rejections],
            "breaches": self.breaches,
        }


def writer_for(rtype: RecordType):
    from .writers import WRITERS

    return WRITERS[rtype.name]


def normalise(rtype: RecordType, raw: dict, *, ignore_extra: bool = False) -> dict:
    """{Chinese name: raw value} from a record keyed by Chinese names or English keys."""
    if raw.keys() <= rtype.by_name.keys():  # every key a Chinese field name as it is (the usual record)
        return dict(raw)
    if "__json_error__" in raw:
        raise Bad("—", "", raw["__json_error__"])
    out: dict = {}
    unknown = []
    by_name = rtype.by_name
    for k, v in raw.items():
        f = by_name.get(k)  # a Chinese field name as it is (an in-process client's dict): no stripping to do
        if f is not None:
            out[f.name] = v
            continue
        if k is None or str(k).strip() == "":
            continue
        k = str(k).strip()
        f = by_name.get(k) or rtype.by_key.get(k)
        if f is None:
            unknown.append(k)
            continue
        out[f.name] = v
    if unknown and not ignore_extra:
        raise Bad(unknown[0], raw.get(unknown[0], ""), f"未知的字段“{'、'.join(unknown)}”（可用 --ignore-extra 忽略）")
    return out


def parse_record(rtype: RecordType, raw: dict, *, ignore_extra: bool = False) -> dict:
    """{Chinese name: parsed value} for every field; raises Bad on the first malformed field."""
    named = normalise(rtype, raw, ignore_extra=ignore_extra)
    texts = [v for v in named.values() if isinstance(v, str)]
    if unprintable("\n".join(texts)):  # ("\n" is printable) then name the first such field, in the record's order
        for name, value in named.items():
            # A NUL or other control character is malformed text (PostgreSQL cannot even store it in jsonb).
            if isinstance(value, str) and unprintable(value):
                raise Bad(name, value, "含有不可见的控制字符（如 NUL）或不成对的代理字符，不是有效的文本")
    day = today()
    values = {}
    for name, parse, required, absent in _plan(rtype).parsers:
        v = named.get(name)
        if v is None:  # not sent: as parse_field gives it (a required field is refused), without the call
            if required:
                raise Bad(name, "", "必填")
            values[name] = [] if absent else None
        else:
            values[name] = parse(v, day)
    return values


@dataclass(frozen=True)
class _Plan:
    """What parsing and the canonical text of a type need, computed once per type."""

    rtype: RecordType
    parsers: tuple[tuple[str, Callable, bool, bool], ...]  # (name, field_parser, required, is_list) in order
    canonical: tuple[tuple[str, str, F, bool], ...]  # (name, its JSON key and ": ", field, is_list) by name


    sorted_values: Callable[[dict], tuple]  # operator.itemgetter of the names of ``canonical``


_PLANS: dict[int, _Plan] = {}
_NEVER_EMPTY_LIST = frozenset({str, dt.date, dt.datetime, Decimal, bool, int})  # types whose value != []


def _plan(rtype: RecordType) -> _Plan:
    got = _PLANS.get(id(rtype))
    if got is None or got.rtype is not rtype:
        canonical = tuple(
            (f.name, encode_basestring(f.name) + ": ", f, f.is_list) for f in sorted(rtype.fields, key=lambda f: f.name)
        )
        got = _PLANS[id(rtype)] = _Plan(
            rtype,
            tuple((f.name, field_parser(f), f.required, f.is_list) for f in rtype.all_fields),
            canonical,
            (lambda values, get=itemgetter(*(name for name, *_ in canonical)): get(values))
            if len(canonical) > 1
            else (lambda values, name=canonical[0][0]: (values[name],)),
        )
    return got


def digest_of(rtype: RecordType, values: dict) -> tuple[str, dict]:
    data = {f.name: render(f, values.get(f.name)) for f in rtype.fields if values.get(f.name) not in (None, [])}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest(), data


def digest_text(rtype: RecordType, values: dict) -> tuple[str, str]:
    """The digest and the canonical JSON text it is the hash of (the record as ``ExchangeRecord.data`` keeps it:
    the set-based path stores the text instead of serialising the same record a second time).

    The text is ``json.dumps(data, ensure_ascii=False, sort_keys=True)`` of digest_of's data, written directly:
    the keys in the order sort_keys gives (computed once per type), each value rendered as ``render`` does and
    quoted as the encoder does (tests/exchange/test_prepare_equivalence.py pins the equality)."""
    plan = _plan(rtype)
    try:
        got = plan.sorted_values(values)  # every field's value, by name (parse_record gives every field)
    except KeyError:
        got = [values.get(name) for name, _head, _f, _list in plan.canonical]
    parts = []
    for (_name, head, f, is_list), v in zip(plan.canonical, got, strict=True):
        if v is None:
            continue
        t = type(v)
        if t is str and not is_list:
            parts.append(head + encode_basestring(v))  # render(text) is the text itself
            continue
        if t is list:
            if not v:
                continue
            if is_list:
                try:
                    v = "；".join(v)
                except TypeError:  # not all text: as render writes them
                    v = "；".join(map(str, v))
            else:
                v = render(f, v)
        elif t is dt.date and not is_list:
            v = v.isoformat()
        elif t is Decimal and not is_list:
            text = str(v)  # a parsed amount has 2 decimals, and then its text is the one "{:.2f}" writes
            v = text if text[-3:-2] == "." else f"{v:.2f}"
        elif t is bool and not is_list:
            v = "是" if v else "否"
        elif t in _NEVER_EMPTY_LIST or not v == []:  # noqa: SIM201 (as digest_of: what equals [] is left out)
            v = render(f, v)
        else:
            continue
        parts.append(head + encode_basestring(v))
    text = "{" + ", ".join(parts) + "}"
    return hashlib.sha256(text.encode()).hexdigest(), text


def load_records(
    rtype: RecordType,
    records: Iterable[tuple[int | str, dict]],
    *,
    actor=None,
    batch: str = "",
    ignore_extra: bool = False,
    ctx: LoadContext | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool = False,
    per_record: bool = False,
) -> Report:
    """``parallel``: a large load of a set-based type may parse its next chunks in a worker process
    (prepare.chunks); worth it where most records are new, so that the writes outweigh the parsing.
    ``per_record``: keep each record's outcome in ``Report.results`` (an API batch reports them)."""
    ctx = ctx or LoadContext(actor=actor, batch=batch)
    writer = writer_for(rtype)
    report = Report(rtype.name, per_record=per_record)
    seen: dict[str, int | str] = {}
    fast = rtype.name in FAST
    with bulk_collector():
        for chunk, prepared in chunks(records, rtype.name, ignore_extra, parallel=fast and parallel):
            with transaction.atomic():
                if fast:
                    from .fastpath import load_chunk

                    def slow_one(row, raw):
                        _load_one(rtype, writer, ctx, report, seen, row, raw, ignore_extra, check_dup=False)

                    load_chunk(rtype, writer, ctx, report, seen, chunk, ignore_extra, slow_one, prepared)
                else:
                    for row, raw in chunk:
                        _load_one(rtype, writer, ctx, report, seen, row, raw, ignore_extra)
            if progress:
                progress(len(chunk))
    return report



def _reject(report: Report, row, key: str, fname: str, value, reason: str) -> None:
    report.rejections.append(Rejection(row, key, fname, "" if value is None else str(value)[:200], reason))
    if report.per_record:
        report.results.append({"row": row, "key": key, "status": "rejected", "field": fname, "reason": reason})


def _load_one(
    rtype, writer, ctx: LoadContext, report: Report, seen: dict, row, raw: dict, ignore_extra, check_dup: bool = True
) -> None:
    key = ""
    try:
        values = parse_record(rtype, raw, ignore_extra=ignore_extra)
        key = rtype.key_of(values)
        if check_dup and key in seen:
            star = rtype.star_fields[-1].name
            raise Bad(star, key, f"主键与第{seen[key]}条重复（同一批次中一个主键只能出现一次）")
        seen[key] = row
        writer.check(values)
        deleting = values["操作"] == "删除"
        if deleting and not values["删除原因"]:
            raise Bad("删除原因", "", "操作为删除时必须填写删除原因")
        digest, data = digest_of(rtype, values)
        rec = ExchangeRecord.objects.filter(record_type=rtype.name, key=key).first()
        if not deleting and rec is not None and not rec.deleted and rec.digest == digest:
            report.unchanged += 1
            if report.per_record:
                report.results.append({"row": row, "key": key, "status": "unchanged"})
            return
        with transaction.atomic():
            status, breaches = _write(rtype, writer, ctx, values, key, digest, data, rec, deleting)
    except Bad as b:
        _reject(report, row, key, b.field, b.value, b.reason)
        return
    except DomainError as e:
        _reject(report, row, key, _field_name(rtype, e.field), "", e.message)
        return
    setattr(report, status, getattr(report, status) + 1)
    if report.per_record:
        report.results.append({"row": row, "key": key, "status": status, "breaches": [str(v) for v in breaches]})
    for v in breaches:
        report.breaches.append({"row": row, "key": key, "code": v.code, "message": str(v)})


def _field_name(rtype: RecordType, name: str) -> str:
    if name in rtype.by_name:
        return name
    f = rtype.by_key.get(name)
    return f.name if f else (name or "—")


def _model(rtype: RecordType):
    return apps.get_model(rtype.model) if rtype.model else None


def _write(rtype, writer, ctx: LoadContext, values, key, digest, data, rec, deleting):
    unit = writer.owner(ctx, values)
    region_code = unit.region_id if unit is not None else writer.region_code(ctx, values)
    authorize_record(ctx.actor, rtype.name, unit=unit, region_code=region_code)
    model = _model(rtype)
    obj = None
    if model is not None:
        if rec is not None and rec.object_id is not None and not rec.deleted:
            obj = model.objects.filter(pk=rec.object_id).first()
        if obj is None:
            obj = writer.locate(ctx, values)
    before_row = snapshot(obj) if obj is not None else None
    before = {"record": rec.data if rec is not None and not rec.deleted else None, "row": before_row}
    if deleting:
        if rec is None or rec.deleted:
            raise Bad(rtype.star_fields[0].name, key, "要删除的记录不存在")
        if obj is not None:
            writer.delete(ctx, obj, values)
        rec.deleted = True
        rec.digest = ""
        rec.batch = ctx.batch
        rec.save(update_fields=["deleted", "digest", "batch", "updated_at"])
        audit(
            actor=ctx.actor,
            action="exchange.delete",
            object_type=model._meta.label_lower if model else f"exchange.{rtype.slug}",
            object_id=str(rec.object_id or rec.pk),
            region_code=rec.region_id,
            before=before,
            note=f"{rtype.name} {key} 删除原因：{values['删除原因']}",
        )
        return "deleted", []
    obj, breaches = writer.write(ctx, values, obj, unit)
    after_row = snapshot(obj) if obj is not None else None
    status = "created" if before["record"] is None and before_row is None else "updated"
    if status == "updated" and before_row == after_row and before["record"] == data:
        status = "unchanged"
    object_id = obj.pk if obj is not None else None
    if rec is None:
        rec = ExchangeRecord(record_type=rtype.name, key=key)
    rec.region_id = region_code
    rec.unit = unit
    rec.object_id = object_id
    rec.digest = digest
    rec.data = data
    rec.deleted = False
    rec.batch = ctx.batch
    rec.save()
    if status != "unchanged":
        audit(
            actor=ctx.actor,
            action=f"exchange.{'create' if status == 'created' else 'update'}",
            object_type=model._meta.label_lower if model else f"exchange.{rtype.slug}",
            object_id=str(object_id or rec.pk),
            region_code=region_code,
            before=before if status == "updated" else None,
            after={"record": data, "row": after_row},
            note=f"{rtype.name} {key}" + (f" 批次{ctx.batch}" if ctx.batch else ""),
        )
    return status, breaches
