"""Renderers: Markdown, HTML, and DOCX laid out as a GB/T 9704-2012 党政机关公文.

GB/T 9704 layout used for the DOCX: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title
in 方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), first-line indent of two characters,
22 lines per page (fixed line spacing 28.95 pt); first-level headings 黑体, second-level 楷体_GB2312;
page numbers 4号 (14 pt) 宋体 “— 1 —” in the footer, odd pages right and even pages left, one character
from the edge. Fonts are named in the file; a machine without them substitutes its own.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from .document import Document, Heading, Image, PageBreak, Para, Table, Title, annual_document

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"


# ---------------------------------------------------------------- Markdown
def _md_cell(v) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Document) -> str:
    out: list[str] = []
    for blk in doc.blocks:
        if isinstance(blk, Title):
            out.append(f"# {blk.text}\n")
        elif isinstance(blk, Heading):
            out.append(f"{'#' * (blk.level + 1)} {blk.text}\n")
        elif isinstance(blk, Para):
            out.append(f"{blk.text}\n")
        elif isinstance(blk, Table):
            out.append(f"**{blk.caption}**\n")
            out.append("| " + " | ".join(blk.columns) + " |")
            out.append("|" + "---|" * len(blk.columns))
            for row in blk.rows:
                out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
            out.append("")
        elif isinstance(blk, Image):
            out.append(f"![{blk.caption}](data:image/png;base64,{base64.b64encode(blk.png).decode()})\n")
            out.append(f"*{blk.caption}*\n")
        elif isinstance(blk, PageBreak):
            out.append("---\n")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML
CSS = """
body{font-family:"FangSong","仿宋_GB2312","仿宋",serif;font-size:16pt;line-height:1.8;max-width:46em;margin:2em auto;padding:0 1em}
h1{font-family:"方正小标宋简体","SimSun",serif;font-size:22pt;text-align:center;font-weight:normal}
h2{font-family:"SimHei","黑体",sans-serif;font-size:16pt;font-weight:normal}
h3{font-family:"KaiTi","楷体_GB2312",serif;font-size:16pt;font-weight:normal}
p{text-indent:2em;margin:0}
table{border-collapse:collapse;margin:0.6em auto;font-size:12pt}
td,th{border:1px solid #333;padding:2px 8px}
caption{font-weight:bold}
hr{page-break-after:always;border:0}
"""


def to_html(doc: Document) -> str:
    e = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(doc.title)}</title><style>{CSS}</style></head><body>'
    ]
    for blk in doc.blocks:
        if isinstance(blk, Title):
            parts.append(f"<h1>{e(blk.text)}</h1>")
        elif isinstance(blk, Heading):
            parts.append(f"<h{blk.level + 1}>{e(blk.text)}</h{blk.level + 1}>")
        elif isinstance(blk, Para):
            parts.append(f"<p>{e(blk.text)}</p>")
        elif isinstance(blk, Table):
            head = "".join(f"<th>{e(str(c))}</th>" for c in blk.columns)
            body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in blk.rows)
            parts.append(
                f"<table><caption>{e(blk.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
        elif isinstance(blk, Image):
            data = base64.b64encode(blk.png).decode()
            parts.append(
                f'<figure style="text-align:center"><img style="max-width:100%" alt="{e(blk.caption)}" '
                f'src="data:image/png;base64,{data}"><figcaption>{e(blk.caption)}</figcaption></figure>'
            )
        elif isinstance(blk, PageBreak):
            parts.append("<hr>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------- DOCX (GB/T 9704)
def _font(run, name: str, size_pt: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _line(paragraph, exact_pt: float = 28.95):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(exact_pt)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def fixed_widths(table, widths_mm) -> None:
    """A DOCX table's columns at these widths (mm), not fitted to their text: the table's grid, which LibreOffice and
    WPS read, and each cell's own width, which Word reads."""
    from docx.shared import Mm

    widths = [Mm(w) for w in widths_mm]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _page_field(paragraph):
    """“— PAGE —” with a real PAGE field (4号 宋体)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text=None):
        r = paragraph.add_run(text or "")
        _font(r, FONT_PAGE, 14)
        return r

    run("— ")
    r = run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._element.append(el)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            r._element.append(el)
        else:
            t = OxmlElement("w:t")
            t.text = text
            r._element.append(t)
    run(" —")


# GB/T 9704's text block is 225 mm high; a figure and its one-line caption must fit in it together.
FIGURE_MAX_HEIGHT_MM = 200


def _picture_size(blk) -> tuple[float, float]:
    """(width, height) in mm: the block's width, or less when the picture would be taller than the page allows."""
    import struct

    px_w, px_h = struct.unpack(">II", blk.png[16:24])  # the PNG's IHDR
    width = float(blk.width_mm)
    height = width * px_h / px_w
    if height > FIGURE_MAX_HEIGHT_MM:
        width, height = width * FIGURE_MAX_HEIGHT_MM / height, FIGURE_MAX_HEIGHT_MM
    return width, height


def to_docx(doc: Document, path: Path) -> Path:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    d = Docx()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28 - 7)  # page number 7 mm below the text block's lower edge (GB/T 9704 §7.5)
    normal = d.styles["Normal"]
    normal.font.name = FONT_BODY
    normal.font.size = Pt(16)
    from docx.oxml.ns import qn

    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)
    # page numbers: odd pages right, even pages left, one character (14 pt) from the edge
    d.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_field(p)
    d.core_properties.title = doc.title
    d.core_properties.author = "行政执法综合管理监督平台"

    for blk in doc.blocks:
        if isinstance(blk, Title):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line(p, 36)
            p.paragraph_format.space_after = Pt(28.95)
            _font(p.add_run(blk.text), FONT_TITLE, 22)
        elif isinstance(blk, Heading):
            p = d.add_paragraph()
            _line(p)
            p.paragraph_format.first_line_indent = Pt(32)
            p.paragraph_format.keep_with_next = True
            _font(p.add_run(blk.text), FONT_H1 if blk.level == 1 else FONT_H2, 16)
        elif isinstance(blk, Para):
            p = d.add_paragraph()
            _line(p)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Pt(32)
            _font(p.add_run(blk.text), FONT_BODY, 16)
        elif isinstance(blk, Table):
            cap = d.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line(cap)
            _font(cap.add_run(blk.caption), FONT_H1, 14 if not blk.small else 12)
            size = 10.5 if blk.small else 14
            t = d.add_table(rows=1, cols=len(blk.columns))
            t.style = d.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(t.rows[0].cells, blk.columns, strict=True):
                cp = cell.paragraphs[0]
                cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _line(cp, size + 9)
                _font(cp.add_run(str(text)), FONT_H1, size)
            for row in blk.rows:
                cells = t.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cp = cell.paragraphs[0]
                    _line(cp, size + 9)
                    _font(cp.add_run(str(text)), FONT_BODY, size)
            if blk.widths_mm:
                fixed_widths(t, blk.widths_mm)
            d.add_paragraph()
        elif isinstance(blk, Image):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True  # the caption stays on the figure's page
            width, height = _picture_size(blk)
            p.add_run().add_picture(io.BytesIO(blk.png), width=Mm(width), height=Mm(height))
            cap = d.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _line(cap)
            _font(cap.add_run(blk.caption), FONT_H1, 14)
        elif isinstance(blk, PageBreak):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)
    return path


def write(doc: Document, out: Path, stem: str, formats=("docx", "md", "html")) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        p = out / f"{stem}.{fmt}"
        if fmt == "docx":
            to_docx(doc, p)
        elif fmt == "md":
            p.write_text(to_markdown(doc), encoding="utf-8")
        elif fmt == "html":
            p.write_text(to_html(doc), encoding="utf-8")
        else:
            raise ValueError(fmt)
        paths.append(p)
    return paths


def write_annual(region_code: str, year: int, out: Path, formats=("docx", "md", "html")) -> list[Path]:
    doc = annual_document(region_code, year)
    return write(doc, Path(out), f"{region_code}-{year}-行政执法工作报告", formats)
