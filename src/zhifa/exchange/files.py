"""Files of the exchange format (exchange.md 原则 7): CSV (UTF-8, with or without BOM), XLSX, JSON Lines.

One record type per file, named after the type (``行政检查.csv``) or given with ``--type``; a folder is
loaded in dependency order (registry, then acts) whatever the file order. Rejections are written back
as an XLSX (row, key, field, value, reason) that the sender corrects and loads again.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from zhifa.core.errors import InvalidInput

from .fields import F
from .spec import BY_NAME, BY_SLUG, TYPES, RecordType

SUFFIXES = (".csv", ".xlsx", ".jsonl")
NOTES_MARK = "填写说明"  # the template's notes row starts with this in its first cell: skipped on load


def type_of(path: Path, given: str | None = None) -> RecordType:
    name = given or path.stem.split(".")[0]
    t = BY_NAME.get(name) or BY_SLUG.get(name)
    if t is None:
        raise InvalidInput(
            f"无法从文件名“{path.name}”判断记录类型：文件应以记录类型命名（如 行政检查.csv），或用 --type 指定",
            field="文件",
            code="exchange.file_type",
        )
    return t


def expand(paths: list[Path], given: str | None = None) -> list[tuple[Path, RecordType]]:
    """Files (folders expanded) with their record types, in dependency order."""
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InvalidInput(f"文件或文件夹不存在：{p}", field="文件", code="exchange.file_missing")
        if p.is_dir():
            files.extend(sorted(x for x in p.iterdir() if x.suffix.lower() in SUFFIXES and not x.name.startswith(".")))
        else:
            files.append(p)
    out = []
    for f in files:
        if f.suffix.lower() not in SUFFIXES:
            raise InvalidInput(
                f"不支持的文件类型“{f.suffix}”：请使用 CSV、XLSX 或 JSONL", field="文件", code="exchange.suffix"
            )
        out.append((f, type_of(f, given)))
    return sorted(out, key=lambda x: (x[1].order, x[0].name))


def _encoding_hint(raw: bytes, *, first: bool) -> str:
    """What a line that is not UTF-8 looks like instead: Excel's “Unicode 文本” is UTF-16, its “CSV（逗号分隔）”
    on a Chinese Windows GBK (GB18030 decodes nearly any bytes, so only text without control characters counts)."""
    if first and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "（看似UTF-16编码）"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "" if any(ord(c) < 32 and c not in "\t\r\n" for c in text) else "（看似GBK编码）"


def count_rows(path: Path) -> int:
    """The records a file holds at most (its lines or sheet rows, less a header), counted in the same pass that
    checks it can be read at all (exchange.md 原则 7): CSV and JSON Lines in UTF-8, XLSX a workbook. A load counts
    every file before it loads any, so that an unreadable one loads nothing.

    Excel saves “CSV（逗号分隔）” in the system's code page (GBK on a Chinese Windows): such a file is refused here,
    with the line of its first byte that is not UTF-8, rather than half-read."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True)
        except Exception as e:  # noqa: BLE001 — zipfile, XML and openpyxl's own errors all mean "not a workbook"
            raise InvalidInput(
                f"文件“{path.name}”不是有效的XLSX工作簿（{type(e).__name__}）：请用Excel或WPS另存为XLSX后重新导入",
                field="文件",
                code="exchange.xlsx",
            ) from e
        try:
            return max((wb.worksheets[0].max_row or 1) - 1, 0)
        finally:
            wb.close()
    lines = 0
    with path.open("rb") as fh:
        for lines, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as e:
                hint = _encoding_hint(raw, first=lines == 1)
                raise InvalidInput(
                    f"文件“{path.name}”第{lines}行不是UTF-8编码{hint}：请另存为“CSV UTF-8（逗号分隔）”或XLSX后重新导入",
                    field="文件",
                    code="exchange.encoding",
                ) from e
    return max(lines - (0 if path.suffix.lower() == ".jsonl" else 1), 0)


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") if (v.hour, v.minute, v.second) != (0, 0, 0) else v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _header(h: str) -> str:
    """A column's field name; the marks exchange.md writes after a name (★ key, * required) may be copied with it."""
    return h.strip().rstrip("★*＊").strip()


TITLE_ROWS = 3  # rows a sheet may have above its header: a title such as “东丽区2023年行政检查台账”, a blank line


def _records(rows: Iterator[list[str]]) -> Iterator[tuple[int, dict]]:
    """The rows of a sheet under its header. The header is the first row with two cells or more (every record type
    has two required fields at least): a title above it, in one cell or merged, and blank lines are skipped."""
    at = 0
    headers: list[str] = []
    for at, row in enumerate(rows, start=1):
        if sum(1 for c in row if c.strip()) > 1 or at > TITLE_ROWS:
            headers = [_header(h) for h in row]
            break
    for i, row in enumerate(rows, start=at + 1):
        if not any(c.strip() for c in row) or (row and row[0].startswith(NOTES_MARK)):
            continue
        yield i, {h: c for h, c in zip(headers, row, strict=False) if h}


def read(path: Path) -> Iterator[tuple[int, dict]]:
    """(row number as the sender sees it, {header or key: value}); blank rows and the notes row skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                yield from _records(reader)
            except csv.Error as e:
                raise InvalidInput(
                    f"文件“{path.name}”第{reader.line_num}行无法按CSV读取：{e}", field="文件", code="exchange.csv"
                ) from e
    elif suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = wb.worksheets[0].iter_rows(values_only=True)
            yield from _records([_cell(v) for v in values] for values in rows)
        finally:
            wb.close()
    elif suffix == ".jsonl":
        with path.open(encoding="utf-8-sig") as fh:
            for i, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    yield i, {"__json_error__": f"第{i}行不是有效的JSON：{e.msg}"}
                    continue
                yield i, obj if isinstance(obj, dict) else {"__json_error__": f"第{i}行应为JSON对象"}
    else:
        raise InvalidInput(f"不支持的文件类型“{suffix}”", field="文件", code="exchange.suffix")


def write_rejections(path: Path, rows: list[tuple[str, str, object]]) -> None:
    """rows: (file name, record type, Rejection)."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "拒收记录"
    ws.append(["文件", "记录类型", "行号", "主键", "字段", "值", "原因"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for fname, tname, r in rows:
        ws.append([fname, tname, r.row, r.key, r.field, r.value, r.reason])
    for col, width in zip("ABCDEFG", (18, 12, 8, 28, 22, 28, 60), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


def write_template(rtype: RecordType, path: Path) -> None:
    """An empty XLSX: the headers, a notes row, and drop-down lists for the coded fields."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = rtype.name
    codes_ws = None
    fields: list[F] = list(rtype.all_fields)
    ws.append([f.name for f in fields])
    ws.append([(NOTES_MARK + "：" if i == 0 else "") + f.describe() for i, f in enumerate(fields)])
    for i, f in enumerate(fields, start=1):
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=True, color="C00000" if (f.required or f.star) else "000000")
        head.comment = Comment(f"{f.describe()}\nJSON键：{f.key}", "zhifa")
        note = ws.cell(row=2, column=i)
        note.alignment = Alignment(wrap_text=True, vertical="top")
        note.fill = PatternFill("solid", fgColor="F2F2F2")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(40, len(f.name) * 2 + 4))
        if f.kind == "code":
            text = ",".join(f.codes)
            if len(text) <= 250:
                formula = f'"{text}"'
            else:  # Excel caps an inline list at 255 characters: long lists live on a second sheet
                codes_ws = codes_ws or wb.create_sheet("代码表")
                col = codes_ws.max_column + 1 if codes_ws.max_row > 1 else 1
                for r, c in enumerate(f.codes, start=1):
                    codes_ws.cell(row=r, column=col, value=c)
                cl = get_column_letter(col)
                formula = f"'代码表'!${cl}$1:${cl}${len(f.codes)}"
            dv = DataValidation(type="list", formula1=formula, allow_blank=not f.required)
            dv.error = f"{f.name}应为：{'/'.join(f.codes)}"
            dv.errorTitle = "代码值无效"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letter}3:{letter}5000")
    ws.row_dimensions[2].height = 60
    ws.freeze_panes = "A3"
    wb.save(path)


def all_type_names() -> list[str]:
    return [t.name for t in TYPES]
