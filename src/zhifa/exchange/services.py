"""Exchange services: load files, load an API batch (applied once), tokens."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput, NotFound
from zhifa.core.policy import authorize
from zhifa.org.models import Region, Unit

from . import bulkload, files, spec
from .actors import SourceSystem
from .context import LoadContext
from .fields import Bad, unprintable
from .loader import FAST, Rejection, Report, load_records
from .models import ApiToken, Batch
from .spec import RecordType

MAX_BATCH = 5000


@dataclass
class FileReport:
    path: Path
    record_type: RecordType
    report: Report


@dataclass
class LoadResult:
    files: list[FileReport] = field(default_factory=list)
    analyzed: bool = False  # the planner's statistics were gathered after the load (PostgreSQL, a large load)
    bulk: bool = False  # loaded in one transaction with the empty act tables' indexes suspended (SQLite)

    def rejections(self) -> list[tuple[str, str, Rejection]]:
        return [(f.path.name, f.record_type.name, r) for f in self.files for r in f.report.rejections]

    def totals(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for f in self.files:
            t = out.setdefault(
                f.record_type.name, dict.fromkeys(("created", "updated", "unchanged", "deleted", "rejected"), 0)
            )
            for k, v in f.report.counts().items():
                t[k] += v
        return out


# Records written by one load of files after which PostgreSQL's planner statistics are gathered at once: a district's
# year loaded into a fresh database was otherwise reported on default guesses until autovacuum came (东丽区 2023:
# annual report 4.3 s before ANALYZE, 2.4 s after; ANALYZE 0.9 s).
ANALYZE_AFTER = 10_000
# Records in the files of one load from which, on SQLite, the act tables that are still empty are filled with their
# non-unique indexes suspended and rebuilt at the end, in one transaction (as the demo builds its year): a district's
# first year. Smaller loads commit chunk by chunk with every index maintained.
BULK_FROM = 50_000


def exchange_load_files(
    *,
    actor,
    paths: list[Path],
    record_type: str | None = None,
    ignore_extra: bool = False,
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
    per_record: bool = False,
    parallel: bool = False,
    bulk: bool = False,
) -> LoadResult:
    """Load files or folders in dependency order; each record accepted or rejected on its own.

    ``per_record``: keep each record's outcome (``Report.results``), not only counts, rejections and breaches.
    ``parallel``: large files of acts are parsed ahead in a second process (``prepare.chunks``: only for a program
    whose main module does nothing on import, such as the ``zhifa`` command).
    ``bulk``: a district's first year (``bulkload.first_load``: SQLite, its act tables empty) of BULK_FROM records
    or more, loaded outside a transaction, loads its registry and acts in one transaction (applied whole or not at
    all) with those tables' non-unique indexes suspended and rebuilt at its end, then the 司法局's records."""
    from django.db import connection

    result = LoadResult()
    ctx = LoadContext(actor=actor)
    targets = files.expand([Path(p) for p in paths], record_type)
    sizes = [files.count_rows(path) for path, _t in targets]  # every file checked before any is loaded
    in_bulk = bulk and not connection.in_atomic_block and sum(sizes) >= BULK_FROM and bulkload.first_load()

    def load(path: Path, rtype: RecordType, size: int) -> None:
        ctx.batch = f"file:{path.name}"[:80]
        advance = progress(f"{path.name}（{rtype.name}）", size) if progress else None
        report = load_records(
            rtype,
            files.read(path),
            actor=actor,
            ignore_extra=ignore_extra,
            ctx=ctx,
            progress=advance,
            per_record=per_record,
            parallel=parallel,
        )
        ctx._refs.clear()
        result.files.append(FileReport(path, rtype, report))

    # The registry and the acts in the bulk transaction; the 司法局's records after them (案卷评查, 通报) once it
    # is committed, as the demo does: issuing a 通报 scans the month, which finds rules in a second process that
    # reads what is committed (supervision/elsewhere.py), through the rebuilt indexes.
    cut = max((i + 1 for i, (_p, t) in enumerate(targets) if t.name in FAST), default=0) if in_bulk else 0
    with transaction.atomic() if in_bulk else contextlib.nullcontext():
        suspended = bulkload.suspend_indexes() if in_bulk else []
        for (path, rtype), size in zip(targets[:cut], sizes[:cut], strict=True):
            load(path, rtype, size)
        bulkload.rebuild_indexes(suspended)
    for (path, rtype), size in zip(targets[cut:], sizes[cut:], strict=True):
        load(path, rtype, size)
    result.bulk = in_bulk
    written = sum(
        n for f in result.files for k, n in f.report.counts().items() if k in ("created", "updated", "deleted")
    )
    if written >= ANALYZE_AFTER:
        result.analyzed = bulkload.analyze_tables()
    return result


def exchange_load_records(
    *,
    actor,
    record_type: str | RecordType,
    records: Iterable[dict],
    batch: str = "",
    ctx: LoadContext | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool = False,
    per_record: bool = False,
) -> Report:
    """Records already in memory (dicts keyed by the Chinese field names or the English keys), from a system
    in the same process (the demo generator, tests, benches): the same path as files and API batches.

    ``parallel``: a year of new acts sent at once is parsed ahead in a second process (``prepare.chunks``). That
    process is a fresh interpreter, which imports the calling program's main module again: only for programs
    whose main module does nothing on import (``zhifa demo``; scripts under ``if __name__ == "__main__"``)."""
    rtype = record_type if isinstance(record_type, RecordType) else spec.record_type(record_type)
    ctx = ctx or LoadContext(actor=actor, batch=batch)
    rows = enumerate(records, start=1)
    return load_records(rtype, rows, actor=actor, ctx=ctx, progress=progress, parallel=parallel, per_record=per_record)


def exchange_load_uploads(*, actor, uploads, record_type: str | None = None, ignore_extra: bool = False) -> LoadResult:
    """Uploaded files (name, file object) from the workspace: stored in a temporary folder, loaded like files."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zhifa-exchange-") as tmp:
        paths = []
        for name, f in uploads:
            path = Path(tmp) / Path(name).name
            with path.open("wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
            paths.append(path)
        return exchange_load_files(actor=actor, paths=paths, record_type=record_type, ignore_extra=ignore_extra)


# ---- API batches ---------------------------------------------------------------------------------
def exchange_batch_load(*, actor, record_type: RecordType, number: str, records: list[dict]) -> tuple[Batch, bool]:
    """Apply a batch once: a batch sent again with the same 批次号 returns the first result (created=False)."""
    number = (number or "").strip()
    if not number or len(number) > 80:
        raise InvalidInput(
            "批次号必填，且不超过80个字符（请求头 Idempotency-Key 或字段 batch_no）",
            field="批次号",
            code="batch.number",
        )
    if len(records) > MAX_BATCH:
        raise InvalidInput(
            f"一个批次最多{MAX_BATCH}条记录（本批{len(records)}条）", field="records", code="batch.too_large"
        )
    source = str(actor)[:120]
    if unprintable(f"{number}{source}") or any(c in "\t\n\r" for c in f"{number}{source}"):
        raise InvalidInput(
            "批次号或来源含有不可见的控制字符（如 NUL）或不成对的代理字符", field="批次号", code="batch.number"
        )
    existing = Batch.objects.filter(source=source, number=number).first()
    if existing is not None:
        if existing.record_type != record_type.name:
            raise InvalidInput(f"批次号“{number}”已用于{existing.record_type}", field="批次号", code="batch.reused")
        return existing, False
    ctx = LoadContext(actor=actor, batch=number)
    report = load_records(record_type, list(enumerate(records, start=1)), actor=actor, ctx=ctx, per_record=True)
    token_id = actor.token_id if isinstance(actor, SourceSystem) else None
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                number=number,
                source=source,
                token_id=token_id,
                region_id=actor.region_code if isinstance(actor, SourceSystem) else None,
                unit_id=actor.unit_id if isinstance(actor, SourceSystem) else None,
                record_type=record_type.name,
                counts=report.counts(),
                results=report.results,
            )
    except IntegrityError:  # the same batch sent twice at once: the other request recorded it first
        return Batch.objects.get(source=source, number=number), False
    return batch, True


# ---- tokens --------------------------------------------------------------------------------------
def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, name: str, unit: Unit | None = None, region: Region | None = None) -> tuple[ApiToken, str]:
    """A token for a source system of ``unit`` (or of ``region``: the 司法局). The plaintext is returned once."""
    if not name.strip():
        raise InvalidInput("来源系统名称必填", field="name", code="token.name")
    if unit is None and region is None:
        raise InvalidInput("令牌应属于一个单位或一个行政区划", field="unit", code="token.scope")
    region = unit.region if unit is not None else region
    authorize(actor, "exchange.token", unit=unit, region=region.code)
    plain = "zf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip(), prefix=plain[:10], token_hash=_hash(plain), unit=unit, region=region
    )
    audit(
        actor=actor,
        action="exchange.token_create",
        obj=token,
        after={**snapshot(token), "token_hash": "***"},
        region_code=region.code,
    )
    return token, plain


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    authorize(actor, "exchange.token", unit=token.unit, region=token.region_id)
    if token.revoked_at is not None:
        raise DomainError("该令牌已吊销", field="token", code="token.revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action="exchange.token_revoke", obj=token, region_code=token.region_id)
    return token


def token_authenticate(plain: str) -> SourceSystem | None:
    token = ApiToken.objects.filter(token_hash=_hash(plain or ""), revoked_at__isnull=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return SourceSystem(token_id=token.pk, name=token.name, region_code=token.region_id, unit_id=token.unit_id)


def token_get(prefix_or_id: str) -> ApiToken:
    qs = ApiToken.objects.filter(prefix=prefix_or_id)
    if prefix_or_id.isdigit():
        qs = ApiToken.objects.filter(pk=int(prefix_or_id)) | qs
    token = qs.first()
    if token is None:
        raise NotFound(f"令牌“{prefix_or_id}”不存在", field="token", code="token.not_found")
    return token


__all__ = [
    "Bad",
    "exchange_load_files",
    "exchange_load_records",
    "exchange_batch_load",
    "token_create",
    "token_revoke",
    "token_authenticate",
]
