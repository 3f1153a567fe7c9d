"""行政检查审批表, 行政检查通知书 and 现场检查笔录 as DOCX, from the inspection record.

Fields follow what the 司法部办公厅《行政检查文书基本格式文本（试行）》(2025) is described to carry (司法部 website
commentary, 2025-05-08: 法律依据、执法主体、任务来源、检查频次; the notice's 权利告知 (陈述申辩、申请回避) and the
检查纪律; 执法人员 and their 执法证件). The template's own text was not available to check line by line
(docs/legal-basis.md); every value comes from the record, nothing is typed in.
"""

from __future__ import annotations

import io

from django.utils import timezone

from .inspection_public import public_view, qr_png
from .models import Inspection

FONT = "SimSun"


def _doc(title: str, unit: str):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for text, size in ((unit, 14), (title, 18)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        from docx.shared import Pt

        run.font.size = Pt(size)
        run.font.name = FONT
        run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _table(doc, rows):
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k, v in rows:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = k, str(v)
    return t


def _bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _officers(v) -> str:
    return "；".join(f"{o['name']}（执法证号{o['number']}）" for o in v["officers"])


def _frequency(v) -> str:
    if not v["cap"]:
        return "本年度未公布适用的检查频次上限"
    c = v["cap"]
    return f"本年度第{c['count']}次，年度上限{c['max']}次（{c['source']}）"


def _source(insp: Inspection, v) -> str:
    if insp.inspection_class == "special":
        return f"专项检查计划：{insp.plan.title}" if insp.plan_id else "专项检查（无计划）"
    if insp.inspection_class == "case":
        return f"个案检查：{v['case_source'] or '未注明来源'}"
    return v["inspection_class"]


def approval_form_docx(insp: Inspection) -> bytes:
    """行政检查审批表."""
    v = public_view(insp)
    doc = _doc("行政检查审批表", v["unit"])
    _table(
        doc,
        [
            ("被检查人", insp.party.name),
            ("检查事项", f"{v['item_code']} {v['item_name']}"),
            ("检查依据", v["legal_basis"]),
            ("任务来源", _source(insp, v)),
            ("检查方式", v["mode"]),
            ("拟检查时间", f"{v['started_at']:%Y年%m月%d日 %H:%M}"),
            ("执法人员", _officers(v)),
            ("检查频次", _frequency(v)),
            ("紧急情况", "是（事后补办审批）" if v["urgent"] else "否"),
            ("负责人审批意见", "同意" if v["approved_at"] else "（待审批）"),
            ("审批人", insp.approver.name if insp.approver_id else ""),
            ("审批时间", f"{v['approved_at']:%Y年%m月%d日 %H:%M}" if v["approved_at"] else ""),
        ],
    )
    return _bytes(doc)


def notice_docx(insp: Inspection, code_url: str) -> bytes:
    """行政检查通知书 with the 扫码入企 code (the enterprise scans it to verify and rate the inspection)."""
    from docx.shared import Cm

    v = public_view(insp)
    doc = _doc("行政检查通知书", v["unit"])
    doc.add_paragraph(f"{insp.party.name}：")
    doc.add_paragraph(
        f"根据{v['legal_basis']}，本机关定于{v['started_at']:%Y年%m月%d日 %H:%M}对你单位实施行政检查"
        f"（{v['inspection_class']}，{v['mode']}），检查事项：{v['item_name']}。"
    )
    _table(
        doc,
        [
            ("执法人员", _officers(v)),
            ("检查频次", _frequency(v)),
            ("审批", f"经行政执法主体负责人批准（{v['approved_at']:%Y-%m-%d %H:%M}）" if v["approved_at"] else "待审批"),
        ],
    )
    doc.add_paragraph(
        "执法人员应当出示行政执法证件。你单位依法享有陈述、申辩的权利；认为执法人员与本案有直接利害关系的，"
        "有权申请回避。执法人员应当遵守《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）规定的检查纪律。"
    )
    doc.add_paragraph("扫描下方二维码可核验本次检查（检查主体、事项、审批、执法人员证件）并进行评价或投诉：")
    doc.add_picture(io.BytesIO(qr_png(code_url)), width=Cm(4))
    doc.add_paragraph(code_url)
    doc.add_paragraph(f"{v['unit']}（印章）    {timezone.localdate():%Y年%m月%d日}")
    return _bytes(doc)


def site_record_docx(insp: Inspection) -> bytes:
    """现场检查笔录."""
    v = public_view(insp)
    doc = _doc("现场检查笔录", v["unit"])
    _table(
        doc,
        [
            ("检查时间", f"{v['started_at']:%Y年%m月%d日 %H:%M}"),
            ("检查地点", insp.party.address or "（被检查人经营场所）"),
            ("被检查人", insp.party.name),
            ("检查事项", f"{v['item_code']} {v['item_name']}"),
            ("执法人员", _officers(v)),
            ("出示证件、告知权利", "执法人员已出示行政执法证件，告知陈述申辩和申请回避的权利"),
            ("检查情况", insp.findings or ""),
            ("检查结果", insp.get_result_display() if insp.result else ""),
            ("被检查人意见及签名", ""),
            ("执法人员签名", ""),
        ],
    )
    return _bytes(doc)
