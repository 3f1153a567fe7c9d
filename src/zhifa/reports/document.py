"""Report documents as a list of blocks, rendered to Markdown, HTML and DOCX by ``render``.

Blocks: ``Title``, ``Para`` (body text), ``Heading`` (level 1 = 一、 黑体; level 2 = （一） 楷体), ``Table``,
``PageBreak``. ``annual_document`` lays out the annual report as the seed does: title, opening,
一、工作情况及成效 with its five parts, 二、存在问题和下一步工作举措, then the 数据口径 appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from .charts import annual_charts
from .figures import AnnualFigures, annual_figures
from .focus import TOP_N, focus_paragraphs
from .texts import fill, section_keys, texts_for


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


def annual_document(
    region_code: str, year: int, figures: AnnualFigures | None = None, *, charts: bool = True
) -> Document:
    af = figures or annual_figures(region_code, year)
    T = texts_for(region_code, year)
    v = af.placeholders()
    f = af.figures

    def text(key):
        return fill(T[key], v, region_code=af.region.code, year=year)

    def P(key):
        t = text(key).strip()
        return [Para(t)] if t else []  # an empty block (a default with nothing to say) is left out

    title = f"{af.region.name}{year}年度行政执法工作报告"
    b: list = [Title(title), *P("opening"), Heading("一、工作情况及成效"), *P("overview")]
    basics = [
        ("行政执法单位", "units", "个"),
        ("行政执法人员", "officers", "人"),
        ("法制审核人员", "reviewers", "人"),
        ("行政检查", "inspections", "次"),
        ("行政处罚", "penalties", "件"),
    ]
    prev = annual_figures(region_code, year - 1) if previous_year_has_data(region_code, year) else None
    rows = []
    for label, key, unit in basics:
        shown = f"{f[key].text}{unit}" + (f"（占{f['reviewer_ratio'].text}）" if key == "reviewers" else "")
        row = (label, shown)
        if prev is not None:  # 同比: the same figure of the previous year, where that year has data
            row += (f"{prev[key].text}{unit}", change(f[key].value, prev[key].value))
        rows.append(row)
    columns = ("项目", "数量", f"{year - 1}年", "同比") if prev is not None else ("项目", "数量")
    b.append(Table("表1　全区行政执法基本情况", columns, rows))
    if charts:
        for chart in annual_charts(region_code, year):
            b.append(Image(chart.caption, chart.png))
    for n in (1, 2, 3):
        b += [Heading(text(f"s{n}_title"), 2), *[p for key in section_keys(T, n) for p in P(key)]]
    focus = [p for key in section_keys(T, 4) for p in P(key)]
    if not focus:  # 重点领域 composed from the data: the domains with the year's most acts (focus.py)
        top_n = int(T.get("focus_top_n") or TOP_N)
        focus = [Para(t) for t in focus_paragraphs(af.region.code, year, top_n)]
    if focus:
        b += [Heading(text("s4_title"), 2), *focus]
    b += [Heading(text("s5_title"), 2), *[p for key in section_keys(T, 5) for p in P(key)]]

    b += [Heading("二、存在问题和下一步工作举措"), *P("problems")]
    if af.gaps:
        b.append(Para(f"经对监督平台数据统计分析，{year}年全区行政执法工作主要存在以下问题："))
        for i, g in enumerate(af.gaps, start=1):
            b.append(Para(f"{i}.{g['text']}"))
            if g.get("table"):
                b.append(
                    Table(
                        f"表2　法制审核人员占比不足5%的单位（{len(g['table'])}个）",
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
    rows = [(fig.key, fig.label, fig.text, fig.definition, fig.records) for fig in f.values() if fig.label]
    b.append(
        Table(
            "附表　数据口径",
            ("指标", "名称", "数值", "口径", "记录数"),
            rows,
            small=True,
            widths_mm=(30, 28, 26, 56, 16),
        )
    )
    return Document(title=title, blocks=b)


def previous_year_has_data(region_code: str, year: int) -> bool:
    from .xlsx import previous_year_has_data as has

    return has(region_code, year)


def change(now, before) -> str:
    from .xlsx import change as ch

    return ch(now, before)
