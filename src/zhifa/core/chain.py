"""The tamper-evident audit chain: one hash chain of AuditLog rows per region.

Each row stores ``seq`` (1, 2, … within its region), ``prev_id``/``prev_hash`` (the previous row of the
chain) and ``hash`` = SHA-256 over a canonical JSON of its content and ``prev_hash``. The head of every
chain (ChainHead: last seq, id and hash) is locked while a row is appended, so concurrent writers of a
region take turns (PostgreSQL: SELECT … FOR UPDATE; SQLite serialises writers anyway).

What verification catches (``chain_verify``):
- an UPDATE of a row: its content no longer gives its hash (名为"被修改");
- a DELETE: a gap in ``seq``, named by the deleted row's id (the next row's ``prev_id``) and seq; a
  deleted tail: the head's seq and last id;
- an INSERT outside the service layer: a row without a valid place in the chain.
Someone who can rewrite the whole chain and its head can forge it: keep the database backups (and the
printed head hashes, ``zhifa verify`` shows them) where the database's users cannot write.

The hash leaves out ``actor_id`` (set to NULL when a user is deleted, a legitimate change) and keeps
``actor_label``, the name the actor had.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

HASHED = (
    "seq",
    "region_code",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "prev_id",
    "prev_hash",
)
READ = ("id", *HASHED, "hash")


def normalise(value):
    """The JSON value as the database will give it back (tuples become lists, keys become strings…)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False))


def _at(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canon(value):
    """Numbers as PostgreSQL's jsonb gives them back: an integral float (1.0, 2.5e20, -0.0) as its integer."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    return value


def row_hash(values: dict) -> str:
    payload = [_at(values[k]) if k == "at" else _canon(values[k]) for k in HASHED]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _lock_head(region_code: str):
    from .models import ChainHead

    head = ChainHead.objects.select_for_update().filter(pk=region_code).first()
    if head is None:
        ChainHead.objects.bulk_create([ChainHead(region_code=region_code)], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=region_code)
    return head


def append(row):
    """Insert the unsaved AuditLog ``row`` as the next link of its region's chain."""
    from .models import ChainHead

    with transaction.atomic():
        head = _lock_head(row.region_code or "")
        row.region_code = row.region_code or ""
        row.at = row.at or timezone.now()
        row.before, row.after = normalise(row.before), normalise(row.after)
        row.seq = head.seq + 1
        row.prev_id = head.last_id
        row.prev_hash = head.hash
        row.hash = row_hash({k: getattr(row, k) for k in HASHED})
        row.save(force_insert=True)
        ChainHead.objects.filter(pk=head.pk).update(seq=row.seq, last_id=row.pk, hash=row.hash)
    return row


def rechain(audit_model, head_model) -> int:
    """Chain every row in id order (the migration that introduces the chain; rows had no hash yet)."""
    heads: dict[str, dict] = {}
    n = 0
    batch = []
    for row in audit_model.objects.order_by("id").iterator(chunk_size=2000):
        code = row.region_code or ""
        h = heads.setdefault(code, {"seq": 0, "last_id": None, "hash": ""})
        row.region_code = code
        row.before, row.after = normalise(row.before), normalise(row.after)
        row.seq, row.prev_id, row.prev_hash = h["seq"] + 1, h["last_id"], h["hash"]
        row.hash = row_hash({k: getattr(row, k) for k in HASHED})
        h.update(seq=row.seq, last_id=row.pk, hash=row.hash)
        batch.append(row)
        n += 1
        if len(batch) >= 2000:
            audit_model.objects.bulk_update(
                batch, ["region_code", "before", "after", "seq", "prev_id", "prev_hash", "hash"]
            )
            batch = []
    if batch:
        audit_model.objects.bulk_update(
            batch, ["region_code", "before", "after", "seq", "prev_id", "prev_hash", "hash"]
        )
    head_model.objects.all().delete()
    head_model.objects.bulk_create([head_model(region_code=c, **h) for c, h in heads.items()])
    return n


# ---- verification --------------------------------------------------------------------------------


@dataclass
class ChainProblem:
    kind: str  # altered | deleted | inserted
    region_code: str
    row_id: int | None
    seq: int | None
    detail: str

    LABELS = {"altered": "被修改", "deleted": "被删除", "inserted": "被插入"}

    def __str__(self) -> str:
        region = self.region_code or "（无区划）"
        row = f"审计日志 #{self.row_id}" if self.row_id is not None else "审计日志"
        seq = f" 序号{self.seq}" if self.seq is not None else ""
        return f"{row}（区划 {region}{seq}）{self.LABELS[self.kind]}：{self.detail}"


@dataclass
class ChainReport:
    rows: int = 0
    chains: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)


def _rows() -> Iterator[dict]:
    from .models import AuditLog

    qs = AuditLog.objects.order_by("region_code", "seq", "id").values_list(*READ)
    for values in qs.iterator(chunk_size=5000):
        yield dict(zip(READ, values, strict=True))


def chain_verify() -> ChainReport:
    """Recompute every chain; name every altered, inserted and deleted row."""
    from .models import ChainHead

    report = ChainReport()
    heads = {h.region_code: h for h in ChainHead.objects.all()}
    region = None
    prev: dict | None = None

    def close(code: str, last: dict | None) -> None:
        head = heads.pop(code, None)
        last_seq = last["seq"] if last and last["seq"] is not None else 0
        if head is None:
            report.problems.append(
                ChainProblem("inserted", code, last and last["id"], None, "该区划没有审计链头，整条链为库外写入")
            )
            return
        report.heads[code] = (head.seq, head.hash)
        if head.seq > last_seq:
            n = head.seq - last_seq
            report.problems.append(
                ChainProblem(
                    "deleted",
                    code,
                    head.last_id,
                    head.seq,
                    f"链尾序号{last_seq + 1}至{head.seq}共{n}条已删除（最后一条 ID {head.last_id}）",
                )
            )
        elif last is not None and last["hash"] != head.hash and head.seq == last_seq:
            report.problems.append(ChainProblem("altered", code, last["id"], last_seq, "链尾哈希与链头记录不符"))

    for row in _rows():
        report.rows += 1
        code = row["region_code"] or ""
        if code != region:
            if region is not None:
                close(region, prev)
            region, prev = code, None
            report.chains += 1
        if row["seq"] is None or not row["hash"]:
            report.problems.append(
                ChainProblem("inserted", code, row["id"], None, "没有链内序号或哈希，不是由系统写入的记录")
            )
            continue
        expected_seq = (prev["seq"] if prev else 0) + 1
        content_ok = row_hash(row) == row["hash"]
        if prev is not None and row["seq"] == prev["seq"]:
            report.problems.append(ChainProblem("inserted", code, row["id"], row["seq"], f"与 #{prev['id']} 序号重复"))
            continue
        if row["seq"] > expected_seq:
            n = row["seq"] - expected_seq
            report.problems.append(
                ChainProblem(
                    "deleted",
                    code,
                    row["prev_id"],
                    row["seq"] - 1,
                    f"序号{expected_seq}至{row['seq'] - 1}共{n}条已删除（位于 #{prev['id'] if prev else '-'} 与 #{row['id']} 之间）",
                )
            )
        elif not content_ok:
            report.problems.append(ChainProblem("altered", code, row["id"], row["seq"], "内容与哈希不符"))
        elif row["prev_hash"] != (prev["hash"] if prev else ""):
            report.problems.append(
                ChainProblem(
                    "inserted", code, row["id"], row["seq"], "与前一条的哈希不衔接（重新计算过哈希的插入或改写）"
                )
            )
        if not content_ok and row["seq"] > expected_seq:
            report.problems.append(ChainProblem("altered", code, row["id"], row["seq"], "内容与哈希不符"))
        prev = row
    if region is not None:
        close(region, prev)
    for code, head in heads.items():  # heads whose rows are all gone
        report.heads[code] = (head.seq, head.hash)
        if head.seq:
            report.problems.append(
                ChainProblem(
                    "deleted", code, head.last_id, head.seq, f"整条链共{head.seq}条已删除（最后一条 ID {head.last_id}）"
                )
            )
    return report
