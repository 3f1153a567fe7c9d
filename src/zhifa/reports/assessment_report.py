"""The yearly 考核评议 report (DOCX/HTML/MD through ``render``) and its XLSX: scores, ranking, lost points."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zhifa.org.models import Region

from .assessment import assess, sheet_in_force
from .document import Document, Heading, Para, Table, Title


def assessment_rows(region: str, year: int, end: dt.date | None = None):
    sheet = sheet_in_force(region, year)
    scores = assess(region, year, end=end, sheet=sheet)
    return sheet, scores


def assessment_document(region_code: str, year: int) -> Document:
    region = Region.objects.get(code=region_code)
    sheet, scores = assessment_rows(region_code, year)
    title = f"{region.name}{year}年度行政执法工作考核评议结果"
    version = f"第{sheet['version']}版" if "version" in sheet else "产品默认"
    b: list = [
        Title(title),
        Para(
            f"依据{year}年度考核评议指标表（{version}），对全区{len(scores)}个行政执法单位的行政执法工作进行考核评议。"
            "各项指标由行政执法监督平台记录统计生成，口径与年度行政执法工作报告一致。"
        ),
        Heading("一、考核指标"),
        Table(
            "表1　考核评议指标",
            ("指标", "分值", "目标值", "计分规则"),
            [
                (i["metric"], i["weight"], i.get("target", ""), i["rule"] + (f"（每件扣{i['deduction']}分）" if i.get("deduction") else ""))
                for i in sheet["indicators"]
            ]  # fmt: skip
            + [(f"一票否决：{v}", "—", "—", "得分计为0") for v in sheet.get("vetoes", [])],
        ),
        Heading("二、考核得分和排名"),
        Table(
            "表2　各单位得分和排名",
            ("排名", "单位", "得分", *[i["metric"] for i in sheet["indicators"]], "否决"),
            [
                (s.rank, s.name, s.total, *[s.points.get(i["metric"], "") for i in sheet["indicators"]], s.veto or "")
                for s in scores
            ],
            small=True,
        ),
        Heading("三、各单位失分情况"),
    ]
    for s in scores:
        if s.lost:
            b.append(Para(f"{s.name}（{s.total}分，第{s.rank}名）：" + "；".join(f"{k}失{pts}分（{r}）" for k, pts, r in s.lost) + "。"))
    return Document(title=title, blocks=b)


def write_assessment_xlsx(region_code: str, year: int, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheet, scores = assessment_rows(region_code, year)
    wb = Workbook()
    ws = wb.active
    ws.title = "得分和排名"
    head = ["排名", "单位", "得分", *[i["metric"] for i in sheet["indicators"]], "一票否决"]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for s in scores:
        ws.append([s.rank, s.name, float(s.total), *[float(s.points.get(i["metric"], 0)) for i in sheet["indicators"]], s.veto])  # fmt: skip
    lost = wb.create_sheet("失分明细")
    lost.append(["单位", "指标", "失分", "原因"])
    for s in scores:
        for k, pts, reason in s.lost:
            lost.append([s.name, k, float(pts), reason])
    ind = wb.create_sheet("考核指标")
    ind.append(["指标", "分值", "目标值", "计分规则", "每件扣分"])
    for i in sheet["indicators"]:
        ind.append([i["metric"], i["weight"], i.get("target"), i["rule"], i.get("deduction")])
    for v in sheet.get("vetoes", []):
        ind.append([f"一票否决：{v}", None, None, "得分计为0", None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
