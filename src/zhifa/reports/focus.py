"""重点领域: the default report's paragraphs, one per 执法领域 and one per 专项行动 with the year's most acts.

A domain's paragraph lists its inspections by 检查对象类别, penalty decisions by 违法行为类型, hazards found and
rectified, overloads and other acts, every figure asked of the metrics layer with ``执法领域=<domain>``; a
campaign's paragraph lists its deployment meetings, inspections, decisions and joint actions with
``专项行动=<name>``. A part whose figure is zero is left out, and a domain or campaign with nothing to say gives
no paragraph.
"""

from __future__ import annotations

import datetime as dt

from zhifa import metrics

TOP_N = 3  # the default number of domains (a region-year's text ``focus_top_n`` overrides it)
TOP_CAMPAIGNS = 2  # campaigns after them (``focus_campaign_top_n``; 0 leaves campaigns out)
TOP_KINDS = 4  # 对象类别 / 违法行为 listed per domain


def _label(label: str) -> str:
    """A name that itself holds “、” (占用、堵塞、封闭疏散通道) is quoted, so that the list still reads as a list."""
    return f"“{label}”" if "、" in label else label


def _list(rows, unit: str) -> str:
    return "、".join(f"{_label(label)}{n}{unit}" for label, n in rows)


def _inspected(rows) -> str:
    """检查对象 by category: persons are counted in 人次, organisations in 家次."""
    return "、".join(f"{_label(label)}{n}{'人次' if label.endswith('人') else '家次'}" for label, n in rows)


def _acts_parts(region: str, year: int, p: dict) -> list[str]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    parts = []
    insp = metrics.compute("行政检查次数", region, start, end, **p).value
    if insp:
        by = metrics.breakdown("行政检查次数", region, start, end, by="检查对象类别", **p)[:TOP_KINDS]
        parts.append(f"开展行政检查{insp}次" + (f"，其中检查{_inspected(by)}" if by else ""))
    pen = metrics.compute("行政处罚决定数", region, start, end, **p).value
    if pen:
        by = metrics.breakdown("行政处罚决定数", region, start, end, by="违法行为类型", **p)[:TOP_KINDS]
        parts.append(f"作出行政处罚决定{pen}件" + (f"，主要涉及{_list(by, '件')}" if by else ""))
    return parts


def domain_parts(region: str, year: int, domain: str) -> list[str]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    p = {"执法领域": domain}

    def value(name):
        return metrics.compute(name, region, start, end, **p).value

    parts = _acts_parts(region, year, p)
    found, fixed = value("隐患发现数"), value("隐患整改数")
    if found or fixed:
        parts.append(f"发现安全隐患{found}个，整改完成{fixed}个")
    overloads = value("超限超载车辆数")
    if overloads:
        parts.append(f"查处超限超载车辆{overloads}部")
    other = value("巡查及现场规范教育改正次数")
    if other:
        parts.append(f"开展巡查、现场规范、教育改正{other}次")
    return parts


def campaign_parts(region: str, year: int, name: str) -> list[str]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    p = {"专项行动": [name]}  # one name, even when it holds “、”
    parts = []
    meetings = metrics.compute("专题部署会议数", region, start, end, **p).value
    if meetings:
        parts.append(f"召开专题部署会议{meetings}次")
    parts += _acts_parts(region, year, p)
    joint = metrics.compute("联合执法行动数", region, start, end, **p).value
    if joint:
        parts.append(f"开展联合执法行动{joint}次")
    return parts


def focus_paragraphs(region: str, year: int, top_n: int = TOP_N, top_campaigns: int = TOP_CAMPAIGNS) -> list[str]:
    """The domains with the most acts (top_n), then the campaigns with the most acts (top_campaigns)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = []
    for domain, _n in metrics.breakdown("执法行为数", region, start, end, by="执法领域")[:top_n]:
        parts = domain_parts(region, year, domain)
        if parts:
            out.append(f"{len(out) + 1}.{domain}领域执法。全年" + "；".join(parts) + "。")
    if top_campaigns:
        for name, _n in metrics.breakdown("执法行为数", region, start, end, by="专项行动")[:top_campaigns]:
            parts = campaign_parts(region, year, name)
            if parts:
                out.append(f"{len(out) + 1}.开展{name}。全年" + "；".join(parts) + "。")
    return out
