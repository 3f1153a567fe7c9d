"""Row-validated file import (XLSX or CSV).

A file is read whole, every row is validated, and if any row is bad the file is rejected with
every error listed (row, column, value, reason) and nothing is written. A good file is loaded in
one transaction. Rows whose natural key already exists with the same content are skipped, so
re-importing a file changes nothing; a row whose key exists with different content is an error
(changes go through the registry's services, which audit them).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from .errors import DomainError, ImportRejected, RowError


@dataclass
class Column:
    header: str  # Chinese header as it appears in the file
    key: str
    required: bool = True
    parse: Callable[[str], Any] = str


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)


def parse_date(v: str) -> dt.date:
    v = v.strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise ValueError("日期格式应为YYYY-MM-DD")


def parse_bool(v: str) -> bool:
    v = v.strip()
    if v in ("是", "Y", "y", "1", "true", "True", "TRUE"):
        return True
    if v in ("否", "N", "n", "0", "false", "False", "FALSE", ""):
        return False
    raise ValueError("应为“是”或“否”")


def choice_parser(choices) -> Callable[[str], str]:
    by_label = {str(label): value for value, label in choices.choices}
    values = set(choices.values)

    def parse(v: str) -> str:
        v = v.strip()
        if v in values:
            return v
        if v in by_label:
            return by_label[v]
        raise ValueError("应为以下之一：" + "、".join(by_label))

    return parse


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number as the user sees it, {header: text})."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for i, row in enumerate(reader, start=2):
                yield i, {k.strip(): (v or "").strip() for k, v in row.items() if k}
    elif suffix in (".xlsx", ".xlsm"):
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        headers = [str(h).strip() if h is not None else "" for h in next(rows, [])]
        for i, values in enumerate(rows, start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            out = {}
            for h, v in zip(headers, values, strict=False):
                if not h:
                    continue
                if isinstance(v, dt.datetime):
                    v = v.date().isoformat()
                elif isinstance(v, dt.date):
                    v = v.isoformat()
                elif isinstance(v, float) and v.is_integer():
                    v = str(int(v))
                out[h] = "" if v is None else str(v).strip()
            yield i, out
        wb.close()
    else:
        raise DomainError(f"不支持的文件类型“{suffix}”，请使用 .xlsx 或 .csv", field="file", code="import.file_type")


class Importer:
    """Subclasses define ``columns``, ``key(parsed)``, ``existing(parsed)``, ``same(obj, parsed)``,
    ``check(parsed, ctx)`` (raise DomainError/ValueError) and ``create(parsed, actor)``."""

    kind: str = ""
    columns: list[Column] = []
    # Business-rule fields that are not columns, mapped to the column the user should look at.
    field_headers: dict[str, str] = {}

    def header_for(self, name: str) -> str:
        return next((c.header for c in self.columns if c.key == name), None) or self.field_headers.get(
            name, name or "—"
        )

    def key(self, parsed: dict) -> Any:  # natural key
        raise NotImplementedError

    def existing(self, parsed: dict):
        raise NotImplementedError

    def same(self, obj, parsed: dict) -> bool:
        raise NotImplementedError

    def check(self, parsed: dict) -> None:
        """Business checks against the database (references, eligibility)."""

    def create(self, parsed: dict, actor) -> Any:
        raise NotImplementedError

    def parse_row(self, rownum: int, raw: dict[str, str], errors: list[RowError]) -> dict | None:
        parsed: dict[str, Any] = {}
        ok = True
        for col in self.columns:
            value = raw.get(col.header, "")
            if value == "":
                if col.required:
                    errors.append(RowError(rownum, col.header, value, "必填"))
                    ok = False
                else:
                    parsed[col.key] = None
                continue
            try:
                parsed[col.key] = col.parse(value)
            except (ValueError, DomainError) as exc:
                errors.append(RowError(rownum, col.header, value, getattr(exc, "message", None) or str(exc)))
                ok = False
        return parsed if ok else None

    def run(self, path: Path, *, actor) -> ImportResult:
        result = ImportResult()
        errors: list[RowError] = []
        to_create: list[tuple[int, dict]] = []
        seen: dict[Any, int] = {}
        all_rows = list(read_rows(Path(path)))
        if all_rows:
            missing = [c.header for c in self.columns if c.required and c.header not in all_rows[0][1]]
            if missing:
                raise ImportRejected([RowError(1, h, "", "缺少该列") for h in missing])
        for rownum, raw in all_rows:
            result.rows += 1
            parsed = self.parse_row(rownum, raw, errors)
            if parsed is None:
                continue
            k = self.key(parsed)
            if k in seen:
                errors.append(RowError(rownum, self.columns[0].header, str(k), f"与第{seen[k]}行重复"))
                continue
            seen[k] = rownum
            obj = self.existing(parsed)
            if obj is not None:
                if self.same(obj, parsed):
                    result.unchanged += 1
                else:
                    errors.append(
                        RowError(rownum, self.columns[0].header, str(k), "已存在且内容不同；变更请通过相应功能办理")
                    )
                continue
            try:
                self.check(parsed)
            except (DomainError, ValueError) as exc:
                col = getattr(exc, "field", "") or ""
                header = self.header_for(col)
                errors.append(
                    RowError(rownum, header, str(parsed.get(col, "")), getattr(exc, "message", None) or str(exc))
                )
                continue
            to_create.append((rownum, parsed))
        if errors:
            raise ImportRejected(errors)
        try:
            with transaction.atomic():
                for rownum, parsed in to_create:
                    try:
                        self.create(parsed, actor)
                    except DomainError as exc:
                        header = self.header_for(exc.field)
                        errors.append(RowError(rownum, header, str(parsed.get(exc.field, "")), exc.message))
                        raise
                    result.created += 1
        except DomainError:
            raise ImportRejected(errors)
        return result
