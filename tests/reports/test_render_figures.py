"""Figures in the DOCX: a tall chart is scaled to the page, and its caption is kept on the figure's page."""

import io
import struct

from docx import Document as Docx

from zhifa.reports.document import Document, Image
from zhifa.reports.render import FIGURE_MAX_HEIGHT_MM, to_docx


def _png(width: int, height: int) -> bytes:
    from PIL import Image as Pil

    buf = io.BytesIO()
    Pil.new("RGB", (width, height), "white").save(buf, format="PNG")
    data = buf.getvalue()
    assert struct.unpack(">II", data[16:24]) == (width, height)
    return data


def test_a_tall_figure_fits_the_text_block_with_its_caption(tmp_path):
    doc = Document(title="测试", blocks=[Image("图1　高图", _png(600, 1800)), Image("图2　宽图", _png(900, 450))])
    path = to_docx(doc, tmp_path / "f.docx")
    d = Docx(path)
    tall, wide = d.inline_shapes
    mm = 36000  # EMU per mm
    assert abs(tall.height / mm - FIGURE_MAX_HEIGHT_MM) < 0.5 and abs(tall.width / tall.height - 1 / 3) < 0.01
    assert abs(wide.width / mm - 150) < 0.5 and abs(wide.width / wide.height - 2) < 0.01  # within bounds: as set
    pictures = [p for p in d.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(pictures) == 2 and all(p.paragraph_format.keep_with_next for p in pictures)
