"""Report documents as a list of blocks, rendered to Markdown, HTML and DOCX by ``render``.

Blocks: ``Title``, ``Para`` (body text), ``Heading`` (level 1 = 一、 黑体; level 2 = （一） 楷体), ``Table``,
``PageBreak``. ``annual_document`` lays out the annual report as the seed does: title, opening,
一、工作情况及成效 with its five parts, 二、存在问题和下一步工作举措, then the 数据口径 appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .charts import annual_charts
from .figures import AnnualFigures, annual_figures
from .focus import TOP_N, focus_paragraphs
from .tables import is_table_key, parse_table, render_table, table_anchor
from .texts import Filled, fill, fill_block, section_keys, texts_for


@dataclass
class Title:
    text: str


@dataclass
class Para:
    text: str


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple]
    small: bool = False
    widths_mm: tuple[float, ...] = ()  # column widths in the DOCX (text block is 156 mm wide)


@dataclass
class PageBreak:
    pass


@dataclass
class Image:
    caption: str
    png: bytes
    width_mm: float = 150


@dataclass
class Document:
    title: str
    blocks: list


class Context:
    """What a template block is filled from: the region-year's figures, and the previous year's for 同比.

    The previous year's figures are computed only when a 同比 cell names a report figure key (``prev`` is None
    when that year has no data); a metric placeholder's previous value is the metric for that year.
    """

    def __init__(self, region: str, year: int, af: AnnualFigures):
        self.region, self.year, self.af = region, year, af
        self._prev: AnnualFigures | None | bool = False

    @property
    def figures(self):
        return self.af.figures

    @property
    def has_previous(self) -> bool:
        if self._prev is False:
            self._prev = True if previous_year_has_data(self.region, self.year) else None
        return self._prev is not None

    @property
    def prev(self) -> AnnualFigures | None:
        if not self.has_previous:
            return None
        if self._prev is True:
            self._prev = annual_figures(self.region, self.year - 1)
        return self._prev

    def fill(self, text: str, *, previous: bool = False) -> Filled:
        year = self.year - 1 if previous else self.year
        if previous and not _figure_keys(text):  # only metrics: the previous year's whole report is not needed
            return fill_block(text, {}, region_code=self.region, year=year, zeros={})
        af = self.prev if previous else self.af
        return fill_block(text, af.placeholders(), region_code=self.region, year=year, zeros=af.zeros())


def _figure_keys(text: str) -> list[str]:
    from .texts import PLACEHOLDER, _is_key

    return [b.strip() for b in PLACEHOLDER.findall(text) if _is_key(b.strip())]


def annual_document(
    region_code: str, year: int, figures: AnnualFigures | None = None, *, charts: bool = True
) -> Document:
    af = figures or annual_figures(region_code, year)
    T = texts_for(region_code, year)
    ctx = Context(af.region.code, year, af)
    tables = {}
    for key in T:
        if is_table_key(key) and T[key].strip():
            anchor, n = table_anchor(key)
            tables.setdefault(anchor, []).append((n, key))

    def text(key):
        return fill(T[key], af.placeholders(), region_code=af.region.code, year=year)

    def P(key):
        """The paragraph (left out when empty or when every figure in it is zero), then its tables."""
        filled = ctx.fill(T[key])
        out = [Para(filled.text.strip())] if filled.text.strip() and not filled.all_zero else []
        for _n, tkey in sorted(tables.get(key, ())):
            t = render_table(parse_table(T[tkey]), ctx)
            if t is not None:
                out.append(Table(t.caption, t.columns, t.rows))
        return out

    kept = []

    def section(n, paras):
        """A section with nothing left goes, and those kept are numbered in order: （一）（二）…, never a gap."""
        if not paras:
            return []
        kept.append(n)
        title = re.sub(
            r"^（[一二三四五六七八九十]+）", f"（{'一二三四五六七八九十'[len(kept) - 1]}）", text(f"s{n}_title")
        )
        return [Heading(title, 2), *paras]

    title = f"{af.region.name}{year}年度行政执法工作报告"
    b: list = [Title(title), *P("opening"), Heading("一、工作情况及成效"), *P("overview")]
    if charts:
        for chart in annual_charts(region_code, year, af.units):
            b.append(Image(chart.caption, chart.png))
    for n in (1, 2, 3):
        b += section(n, [p for key in section_keys(T, n) for p in P(key)])
    focus = [p for key in section_keys(T, 4) for p in P(key)]
    if not any(T[key].strip() for key in section_keys(T, 4)):
        # 重点领域 composed from the data: the domains and campaigns with the year's most acts (focus.py),
        # before any table the region-year anchors in this section
        top_n = int(T.get("focus_top_n") or TOP_N)
        top_c = int(T.get("focus_campaign_top_n") or 0)
        focus = [Para(t) for t in focus_paragraphs(af.region.code, year, top_n, top_c)] + focus
    b += section(4, focus)
    b += section(5, [p for key in section_keys(T, 5) for p in P(key)])

    b += [Heading("二、存在问题和下一步工作举措"), *P("problems")]
    if af.gaps:
        b.append(Para(f"经对监督平台数据统计分析，{year}年全区行政执法工作主要存在以下问题："))
        for i, g in enumerate(af.gaps, start=1):
            b.append(Para(f"{i}.{g['text']}"))
            if g.get("table"):
                b.append(
                    Table(
                        f"法制审核人员占比不足5%的单位（{len(g['table'])}个）",
                        g["columns"],
                        g["table"],
                        small=True,
                    )
                )
    else:
        b.append(
            Para("经对监督平台数据统计分析，未发现法制审核力量、培训学时、零执法、办案超期、执法公示等方面的明显问题。")
        )
    for key in ("n1", "n2", "n3"):
        b += [Heading(text(f"{key}_title"), 2), *P(key)]

    b += [
        PageBreak(),
        Heading("附件　数据口径"),
        Para(
            f"本报告数据均由行政执法监督平台记录统计生成（统计期间{year}年1月1日至12月31日，存量指标取12月31日数）。"
            f"各项数据的统计口径及所依据的记录数如下；任一数据的明细记录可用“zhifa report explain 指标 --region {af.region.code} --year {year}”导出。"
        ),
    ]
    rows = [(fig.key, fig.label, fig.text, fig.definition, fig.records) for fig in af.figures.values() if fig.label]
    b.append(
        Table(
            "附表　数据口径",
            ("指标", "名称", "数值", "口径", "记录数"),
            rows,
            small=True,
            widths_mm=(30, 26, 24, 56, 20),  # (记录数: seven digits on one line)
        )
    )
    numbered = [blk for blk in b if isinstance(blk, Table) and not blk.caption.startswith("附表")]
    for i, t in enumerate(numbered, 1):
        t.caption = f"表{i}　{t.caption}"
    return Document(title=title, blocks=b)


def block_preview(region_code: str, year: int, key: str, text: str) -> Para | Table | None:
    """One template block as the report would print it (None: left out, its figures all zero).

    Raises ``InvalidInput`` (field ``text``) listing the block's problems: unknown metric, parameter or line.
    """
    from zhifa.core.errors import InvalidInput

    from .texts import check_block

    problems = check_block(key, text)
    if problems:
        raise InvalidInput("；".join(problems), field="text", code="report_text.placeholder")
    af = annual_figures(region_code, year)
    if is_table_key(key):
        spec = parse_table(text)
        t = render_table(spec, Context(region_code, year, af))
        return Table(t.caption, t.columns, t.rows) if t else None
    filled = Context(region_code, year, af).fill(text)
    return None if filled.all_zero or not filled.text.strip() else Para(filled.text.strip())


def previous_year_has_data(region_code: str, year: int) -> bool:
    from .xlsx import previous_year_has_data as has

    return has(region_code, year)


def change(now, before) -> str:
    from .xlsx import change as ch

    return ch(now, before)
