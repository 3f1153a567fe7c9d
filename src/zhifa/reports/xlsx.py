"""The annual report's figures as XLSX: every figure with its value, the previous year's (同比) where that year has
data, its 数据口径 and record count; then every metric placeholder of the region-year's texts the same way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zhifa import metrics

from .figures import AnnualFigures, annual_figures
from .texts import PLACEHOLDER, _is_key, parse_placeholder, texts_for


def year_is_complete(region: str, year: int) -> bool:
    """Whether the region's records cover ``year``: every one of its twelve months holds at least one 执法行为
    (docs/report-templates.md, 同比). A district whose records begin in December of that year (records loaded from
    the date the platform went live) has no complete year to compare with, and a 同比 against it would print
    thousands of per cent."""
    from zhifa.metrics.catalog import ACT_SOURCES
    from zhifa.metrics.query import Query

    for month in range(1, 13):
        last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        q = Query(region, dt.date(year, month, 1), last)
        if not any(src.queryset(q).exists() for src in ACT_SOURCES.values()):
            return False
    return True


def previous_year_has_data(region: str, year: int) -> bool:
    """同比 is shown only against a previous year whose records cover the whole of it (``year_is_complete``)."""
    return year_is_complete(region, year - 1)


def change(now, before) -> str:
    """同比: the relative change, or “—” when either side is not a number or the base is zero."""
    try:
        a, b = float(now), float(before)
    except (TypeError, ValueError):
        return "—"
    if not b:
        return "—"
    return f"{(a - b) / b * 100:+.1f}%"


def metric_placeholders(region: str, year: int) -> list[str]:
    seen = []
    for text in texts_for(region, year).values():
        for body in PLACEHOLDER.findall(text):
            body = body.strip()
            if not _is_key(body) and body not in seen:
                seen.append(body)
    return seen


def write_figures_xlsx(region: str, year: int, path: Path, figures: AnnualFigures | None = None) -> Path:
    """``figures``: the year's ``annual_figures`` when the caller has them already."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    af = figures or annual_figures(region, year)
    prev = annual_figures(region, year - 1) if previous_year_has_data(region, year) else None
    wb = Workbook()
    ws = wb.active
    ws.title = "报告数据"
    head = ["指标键", "名称", f"{year}年", f"{year - 1}年", "同比", "数据口径", "记录数"]
    ws.append(head)
    for f in af.figures.values():
        if not f.label:
            continue
        before = prev.figures[f.key] if prev and f.key in prev.figures else None
        ws.append(
            [
                f.key,
                f.label,
                f.text,
                before.text if before else "—",
                change(f.value, before.value) if before else "—",
                f.definition,
                f.records,
            ]
        )
    tm = wb.create_sheet("模板指标")
    tm.append(["占位符", "指标", "参数", f"{year}年", f"{year - 1}年", "同比", "数据口径", "单位", "记录数"])
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for body in metric_placeholders(region, year):
        name, params, _display = parse_placeholder(body)
        r = metrics.compute(name, region, start, end, **params)
        b = (
            metrics.compute(name, region, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), **params)
            if prev
            else None
        )
        tm.append(
            [
                "{" + body + "}",
                name,
                " ".join(f"{k}={v}" for k, v in params.items()),
                r.text,
                b.text if b else "—",
                change(r.value, b.value) if b else "—",
                metrics.METRICS[name].definition,
                metrics.METRICS[name].unit,
                r.records,
            ]
        )
    for sheet in (ws, tm):
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.column_dimensions["B"].width = 26
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
