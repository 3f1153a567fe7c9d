"""Charts of the annual report (matplotlib, Agg backend), drawn from the metrics layer: acts by month,
履职率 and 参与率 by unit, alerts raised and closed by month. PNG bytes for the DOCX and the HTML.

Chinese labels need a CJK font; it is found through fontconfig (Debian fonts-wqy-microhei or fonts-noto-cjk).
A machine without one gets ``ChartFontMissing`` naming the packages — never a chart of empty boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from zhifa import metrics
from zhifa.core.errors import DomainError
from zhifa.metrics import base as B

CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans SC")
MONTHS = [f"{m}月" for m in range(1, 13)]


class ChartFontMissing(DomainError):
    code = "report.chart_font"


@dataclass
class Chart:
    caption: str
    png: bytes


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """The file of an installed CJK font (fontconfig's answer, checked to cover 汉字)."""
    for family in CJK_FAMILIES:
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}\n%{family}\n%{lang}", f"{family}:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            break
        path, families, langs = (out.split("\n") + ["", ""])[:3]
        # fontconfig answers with a substitute when the family is missing: take only the family asked for
        if path and family in families.split(",") and "zh-cn" in langs.split("|"):
            return path
    raise ChartFontMissing(
        "没有可用的中文字体，无法绘制报告图表：请安装 fonts-wqy-microhei 或 fonts-noto-cjk（apt-get install fonts-wqy-microhei）"
    )


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    plt.rcParams["font.family"] = [name]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(6.2, 3.2), dpi=150)
    return plt, fig, ax


def _png(plt, fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def acts_by_month(region: str, year: int) -> Chart | None:
    series = {
        "行政检查": metrics.monthly("行政检查次数", region, year),
        "行政处罚决定": metrics.monthly("行政处罚决定数", region, year),
        "巡查、现场规范、教育改正": metrics.monthly("巡查及现场规范教育改正次数", region, year),
    }
    if not any(any(v) for v in series.values()):
        return None
    plt, fig, ax = _figure()
    bottom = [0] * 12
    for label, data in series.items():
        ax.bar(MONTHS, data, bottom=bottom, label=label)
        bottom = [a + b for a, b in zip(bottom, data, strict=True)]
    ax.set_title(f"{year}年执法行为按月分布")
    # below the axis, in one row: inside it the legend hid the first months' bars
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(series), frameon=False)
    ax.tick_params(labelsize=7)
    return Chart("图1　执法行为按月分布", _png(plt, fig))


def rates_by_unit(region: str, year: int, units: dict | None = None) -> Chart | None:
    """``units``: the year's ``unit_rows`` when the report has them already (``AnnualFigures.units``)."""
    units = B.unit_rows(region, dt.date(year, 1, 1), dt.date(year, 12, 31)) if units is None else units
    rows = [r for r in units.values() if r.powers_held or r.officers]
    if not rows:
        return None
    rows.sort(key=lambda r: -(r.performance_rate or 0))
    plt, fig, ax = _figure()
    fig.set_size_inches(6.2, max(3.0, 0.16 * len(rows) + 1))
    names = [r.short for r in rows]
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], [float(r.performance_rate or 0) * 100 for r in rows], height=0.4, label="履职率")
    ax.barh(
        [y - 0.2 for y in ys], [float(r.participation_rate or 0) * 100 for r in rows], height=0.4, label="人员参与率"
    )
    ax.set_yticks(list(ys), names, fontsize=6)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.legend(fontsize=7, loc="lower right", framealpha=0.9)  # sorted by 履职率: the lower right is the emptiest
    ax.set_title(f"{year}年各单位履职率和人员参与率")
    return Chart("图2　各单位履职率和人员参与率", _png(plt, fig))


def alerts_by_month(region: str, year: int) -> Chart | None:
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from zhifa.supervision.models import Alert

    raised, closed = [0] * 12, [0] * 12
    qs = Alert.objects.filter(region_id=region)
    for m, n in qs.filter(first_seen_on__year=year).annotate(m=ExtractMonth("first_seen_on")).values_list("m").annotate(n=Count("id")).order_by():  # fmt: skip
        raised[m - 1] = n
    start, end = B.day_start(dt.date(year, 1, 1)), B.day_after(dt.date(year, 12, 31))
    for at in qs.filter(closed_at__gte=start, closed_at__lt=end).values_list("closed_at", flat=True):
        from django.utils import timezone

        closed[timezone.localtime(at).month - 1] += 1
    if not any(raised) and not any(closed):
        return None
    plt, fig, ax = _figure()
    ax.plot(MONTHS, raised, marker="o", label="新增预警")
    ax.plot(MONTHS, closed, marker="s", label="关闭预警")
    ax.set_title(f"{year}年监督预警新增和关闭")
    ax.legend(fontsize=7)
    ax.tick_params(labelsize=7)
    return Chart("图3　监督预警新增和关闭", _png(plt, fig))


def annual_charts(region: str, year: int, units: dict | None = None) -> list[Chart]:
    charts = (acts_by_month(region, year), rates_by_unit(region, year, units), alerts_by_month(region, year))
    return [c for c in charts if c]
