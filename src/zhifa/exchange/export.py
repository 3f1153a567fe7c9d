"""``zhifa exchange export``: records in the same format that ``load`` reads (CSV, JSONL, XLSX).

Any record type, a unit's records, a period (on the record's own date), or what changed since a time, read
from the domain tables (outgoing.py, outgoing_registry.py): records entered in the workspace are exported too.
Without a type, every type is written to a folder, one file per type, which ``load`` takes back whole.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from zhifa.core.errors import InvalidInput

from . import feeds, outgoing
from .actors import SYSTEM, read_scope
from .reading import parse_since
from .spec import TYPES, RecordType
from .spec import record_type as get_type

SUFFIX = {"csv": ".csv", "jsonl": ".jsonl", "xlsx": ".xlsx", "json": ".json"}


def records(rtype: RecordType, *, actor=SYSTEM, unit=None, region=None, since=None, date_from=None, date_to=None):
    """Every record of ``rtype`` from the domain tables (the truth), workspace entries included."""
    yield from outgoing.rows(
        rtype.name,
        scope=read_scope(actor),
        unit=unit,
        region=region,
        since=parse_since(since),
        date_from=date_from,
        date_to=date_to,
    )


def write(rtype: RecordType, rows, path: Path, fmt: str) -> int:
    headers = [f.name for f in rtype.fields]
    n = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=headers, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow(r)
                n += 1
    elif fmt in ("jsonl", "json"):
        with path.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({rtype.by_name[k].key: v for k, v in r.items()}, ensure_ascii=False) + "\n")
                n += 1
    elif fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(rtype.name)
        ws.append(headers)
        for r in rows:
            ws.append([r.get(h, "") for h in headers])
            n += 1
        wb.save(path)
    return n


def export_to_path(
    *, record_type, feed, fmt, unit, region, since, date_from, date_to, output: Path, actor=SYSTEM
) -> list[tuple[Path, int]]:
    if feed == "shuanggongshi":
        rows = feeds.shuanggongshi(actor, since=since)
        if fmt == "csv":
            output.write_text(feeds.as_csv(rows), encoding="utf-8")
        else:
            output.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return [(output, len(rows))]
    if fmt == "json":
        fmt = "jsonl"
    kw = dict(actor=actor, unit=unit, region=region, since=since, date_from=date_from, date_to=date_to)
    if record_type:
        rtype = get_type(record_type)
        return [(output, write(rtype, records(rtype, **kw), output, fmt))]
    if output.exists() and not output.is_dir():
        raise InvalidInput(f"导出全部类型时 -o 应为文件夹：{output}", field="output", code="export.folder")
    output.mkdir(parents=True, exist_ok=True)
    out = []
    for rtype in TYPES:
        path = output / f"{rtype.name}{SUFFIX[fmt]}"
        n = write(rtype, records(rtype, **kw), path, fmt)
        if n:
            out.append((path, n))
        else:
            path.unlink()
    return out
