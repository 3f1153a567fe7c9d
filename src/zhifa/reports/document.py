"""Report documents as a list of blocks, rendered to Markdown, HTML and DOCX by ``render``.

Blocks: ``Title``, ``Para`` (body text), ``Heading`` (level 1 = 一、 黑体; level 2 = （一） 楷体), ``Table``,
``PageBreak``. ``annual_document`` lays out the annual report as the seed does: title, opening,
一、工作情况及成效 with its five parts, 二、存在问题和下一步工作举措, then the 数据口径 appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import AnnualFigures, annual_figures
from .focus import TOP_N, focus_paragraphs
from .texts import fill, texts_for


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
class Document:
    title: str
    blocks: list


def annual_document(region_code: str, year: int, figures: AnnualFigures | None = None) -> Document:
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
    b.append(
        Table(
            "表1　全区行政执法基本情况",
            ("项目", "数量"),
            [
                ("行政执法单位", f"{f['units'].text}个"),
                ("行政执法人员", f"{f['officers'].text}人"),
                ("法制审核人员", f"{f['reviewers'].text}人（占{f['reviewer_ratio'].text}）"),
                ("行政检查", f"{f['inspections'].text}次"),
                ("行政处罚", f"{f['penalties'].text}件"),
            ],
        )
    )
    for key in ("s1", "s2", "s3"):
        b += [Heading(text(f"{key}_title"), 2), *P(key)]
    focus = [p for key in ("s4_1", "s4_2", "s4_3", "s4_4") for p in P(key)]
    if not focus:  # 重点领域 composed from the data: the domains with the year's most acts (focus.py)
        top_n = int(T.get("focus_top_n") or TOP_N)
        focus = [Para(t) for t in focus_paragraphs(af.region.code, year, top_n)]
    if focus:
        b += [Heading(text("s4_title"), 2), *focus]
    b += [Heading(text("s5_title"), 2), *P("s5_1"), *P("s5_2"), *P("s5_3")]

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
