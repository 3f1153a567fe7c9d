"""月度通报: per-unit figures of a month, and their DOCX and XLSX files (python-docx, openpyxl)."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.db.models import Count
from django.utils import timezone

from zhifa.metrics import base as metrics

from .choices import RectificationStatus
from .models import Alert, Rectification

RANKING_RULE = "排名口径：按本年累计履职率从高到低，相同时按本月执法参与率、本月执法行为数从高到低。"
DEFINITIONS = [
    "执法行为：行政检查（按检查时间）、行政处罚决定（按决定日期）、巡查、现场规范、教育改正。",
    "履职率（本年累计）：单位持有的行政处罚、行政检查、行政强制类职权中本年已行使的项数 ÷ 持有项数。",
    "执法参与率（本月）：月末持有效执法证件的人员中本月有执法行为的人数 ÷ 持证人数。",
    "零执法职权：本年累计未行使的职权项数。",
    "预警新增/关闭：本月首次发现的预警数 / 本月核验或排除关闭的预警数。",
    "整改：本年下发整改通知数，其中未反馈、逾期未反馈、已核验的件数（截至月末）。",
]


def _pct(x: float | None) -> float | None:
    return None if x is None else round(float(x) * 100, 1)


def bulletin_figures(region_code: str, first: dt.date) -> dict:
    last = first.replace(day=_cal.monthrange(first.year, first.month)[1])
    ytd_start = first.replace(month=1)
    month = metrics.unit_figures(region_code, first, last)
    ytd = metrics.unit_figures(region_code, ytd_start, last)
    raised = dict(
        Alert.objects.filter(region_id=region_code, first_seen_on__range=(first, last), unit__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    closed = dict(
        Alert.objects.filter(
            region_id=region_code,
            closed_at__gte=metrics.day_start(first),
            closed_at__lt=metrics.day_after(last),
            unit__isnull=False,
        )
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rect = defaultdict(lambda: {"issued": 0, "open": 0, "overdue": 0, "verified": 0})
    for unit, status, deadline, responded, verified in Rectification.objects.filter(
        region_id=region_code, issued_on__range=(ytd_start, last)
    ).values_list("unit_id", "status", "deadline", "responded_on", "verified_on"):
        r = rect[unit]
        r["issued"] += 1
        responded_by_end = responded is not None and responded <= last
        if status == RectificationStatus.VERIFIED and verified and verified <= last:
            r["verified"] += 1
        elif not responded_by_end:
            r["open"] += 1
            if deadline < last:
                r["overdue"] += 1
    rows = []
    for u, f in ytd.items():
        m = month.get(u)
        rows.append(
            {
                "unit_id": u,
                "unit": f.name,
                "inspections": m.inspections if m else 0,
                "penalties": m.penalties if m else 0,
                "other_acts": m.other_acts if m else 0,
                "acts": m.acts if m else 0,
                "acts_ytd": f.acts,
                "powers_held": len(f.powers_held),
                "powers_used_ytd": len(f.powers_held & f.powers_used),
                "performance_rate": _pct(f.performance_rate),
                "officers": m.officers if m else 0,
                "officers_active": m.officers_active if m else 0,
                "participation_rate": _pct(m.participation_rate if m else None),
                "zero_powers": len(f.zero_powers),
                "alerts_raised": raised.get(u, 0),
                "alerts_closed": closed.get(u, 0),
                "rectification": rect[u] if u in rect else {"issued": 0, "open": 0, "overdue": 0, "verified": 0},
            }
        )
    rows = [r for r in rows if r["powers_held"] or r["acts_ytd"]]
    rows.sort(
        key=lambda r: (-(r["performance_rate"] or -1), -(r["participation_rate"] or -1), -r["acts"], r["unit_id"])
    )
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    totals = {
        k: sum(r[k] for r in rows)
        for k in (
            "inspections",
            "penalties",
            "other_acts",
            "acts",
            "acts_ytd",
            "powers_held",
            "powers_used_ytd",
            "officers",
            "officers_active",
            "zero_powers",
            "alerts_raised",
            "alerts_closed",
        )
    }
    totals["performance_rate"] = (
        round(100 * totals["powers_used_ytd"] / totals["powers_held"], 1) if totals["powers_held"] else None
    )
    totals["participation_rate"] = (
        round(100 * totals["officers_active"] / totals["officers"], 1) if totals["officers"] else None
    )
    totals["zero_units"] = sum(1 for r in rows if r["acts"] == 0)
    from zhifa.reports.assessment import assess

    assessment = [
        {"rank": a.rank, "unit": a.name, "total": float(a.total), "veto": a.veto}
        for a in assess(region_code, first.year, end=last)
    ]
    return {
        "month": f"{first:%Y-%m}",
        "period": [first.isoformat(), last.isoformat()],
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "units": rows,
        "totals": totals,
        "ranking_rule": RANKING_RULE,
        "definitions": DEFINITIONS,
        "assessment": assessment,  # 考核评议, year to date (the sheet in force; reports.assessment)
    }


COLUMNS = [
    ("rank", "排名"),
    ("unit", "单位"),
    ("inspections", "行政检查"),
    ("penalties", "行政处罚"),
    ("other_acts", "巡查/现场规范/教育改正"),
    ("acts", "本月执法行为"),
    ("performance_rate", "履职率%(本年)"),
    ("participation_rate", "执法参与率%(本月)"),
    ("zero_powers", "零执法职权(本年)"),
    ("alerts_raised", "预警新增"),
    ("alerts_closed", "预警关闭"),
    ("rect_issued", "整改通知"),
    ("rect_open", "未反馈"),
    ("rect_overdue", "逾期"),
    ("rect_verified", "已核验"),
]


def _cell(row: dict, key: str):
    if key.startswith("rect_"):
        return row["rectification"][key[5:]]
    v = row[key]
    return "—" if v is None else v


def write_xlsx(path: Path, region, first: dt.date, figures: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"{first:%Y-%m}"
    ws.append([f"{region.name}行政执法监督平台数据统计分析月度通报（{first:%Y年%m月}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([h for _, h in COLUMNS])
    for c in ws[2]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, horizontal="center")
    for r in figures["units"]:
        ws.append([_cell(r, k) for k, _ in COLUMNS])
    t = figures["totals"]
    ws.append(
        [
            "",
            "合计",
            t["inspections"],
            t["penalties"],
            t["other_acts"],
            t["acts"],
            t["performance_rate"] or "—",
            t["participation_rate"] or "—",
            t["zero_powers"],
            t["alerts_raised"],
            t["alerts_closed"],
        ]
    )
    ws.column_dimensions["B"].width = 28
    scores = wb.create_sheet("考核评议（本年累计）")
    scores.append(["排名", "单位", "得分", "一票否决"])
    for a in figures.get("assessment", []):
        scores.append([a["rank"], a["unit"], a["total"], a["veto"]])
    notes = wb.create_sheet("数据口径")
    for line in [figures["ranking_rule"], *figures["definitions"]]:
        notes.append([line])
    wb.save(path)


# The table of the 通报 has 15 columns: on A4 landscape (297 mm less two 15 mm margins), the unit's name gets the
# width of a line of about 12 characters at 8 pt and each figure column the width of its number.
PAGE_MM, MARGIN_MM = (297, 210), 15
WIDTHS_MM = {"rank": 11, "unit": 48}
FIGURE_MM = (PAGE_MM[0] - 2 * MARGIN_MM - sum(WIDTHS_MM.values())) / (len(COLUMNS) - len(WIDTHS_MM))


def _landscape(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)


def write_docx(path: Path, region, first: dt.date, figures: dict) -> None:
    from docx import Document
    from docx.shared import Pt

    from zhifa.reports.render import fixed_widths

    doc = Document()
    _landscape(doc)
    doc.add_heading(f"{region.name}行政执法监督平台数据统计分析情况通报", level=1)
    doc.add_paragraph(f"（{first:%Y年%m月}）")
    t = figures["totals"]
    rows = figures["units"]
    zero_units = [r["unit"] for r in rows if r["acts"] == 0]
    doc.add_paragraph(
        f"{first:%Y年%m月}，全区{len(rows)}个执法单位共实施行政检查{t['inspections']}件、行政处罚{t['penalties']}件、"
        f"巡查及现场规范、教育改正{t['other_acts']}件；本年累计履职率{t['performance_rate'] if t['performance_rate'] is not None else '—'}%，"
        f"本月执法参与率{t['participation_rate'] if t['participation_rate'] is not None else '—'}%。"
        f"平台本月新增预警{t['alerts_raised']}条，关闭{t['alerts_closed']}条。"
    )
    if zero_units:
        doc.add_paragraph(f"本月零执法单位{len(zero_units)}个：{'、'.join(zero_units)}。")
    overdue = [r["unit"] for r in rows if r["rectification"]["overdue"]]
    if overdue:
        doc.add_paragraph(f"整改逾期未反馈的单位：{'、'.join(overdue)}，请于收到本通报后立即反馈整改情况。")
    # Tables are made at their full size and each cell's text written once (add_row and a second pass over the runs
    # for the font cost python-docx a walk of the row's cells each); the widths take one more walk (fixed_widths).
    texts = [[h for _, h in COLUMNS], *([str(_cell(r, k)) for k, _ in COLUMNS] for r in rows)]
    table = doc.add_table(rows=len(texts), cols=len(COLUMNS))
    table.style = "Table Grid"
    for row, values in zip(table.rows, texts, strict=True):
        for c, text in zip(row.cells, values, strict=True):
            c.paragraphs[0].add_run(text).font.size = Pt(8)
    fixed_widths(table, [WIDTHS_MM.get(k, FIGURE_MM) for k, _ in COLUMNS])
    if figures.get("assessment"):
        doc.add_heading("考核评议（本年累计）", level=2)
        texts = [
            ["排名", "单位", "得分", "一票否决"],
            *([str(v) for v in (a["rank"], a["unit"], a["total"], a["veto"])] for a in figures["assessment"]),
        ]
        at = doc.add_table(rows=len(texts), cols=4)
        at.style = "Table Grid"
        for row, values in zip(at.rows, texts, strict=True):
            for c, text in zip(row.cells, values, strict=True):
                c.paragraphs[0].add_run(text)
    doc.add_heading("数据口径", level=2)
    for line in [figures["ranking_rule"], *figures["definitions"]]:
        doc.add_paragraph(line)
    doc.save(path)
