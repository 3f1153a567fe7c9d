"""重点领域: the default report's paragraphs, one per 执法领域 with the year's most enforcement acts.

Each paragraph lists that domain's inspections by 检查对象类别, penalty decisions by 违法行为类型, hazards found
and rectified, overloads and other acts, every figure asked of the metrics layer with ``执法领域=<domain>``;
a part whose figure is zero is left out, and a domain with nothing to say gives no paragraph.
"""

from __future__ import annotations

import datetime as dt

from zhifa import metrics

TOP_N = 3  # the default number of domains (a region-year's text ``focus_top_n`` overrides it)
TOP_KINDS = 4  # 对象类别 / 违法行为 listed per domain


def _list(rows, unit: str) -> str:
    return "、".join(f"{label}{n}{unit}" for label, n in rows)


def domain_parts(region: str, year: int, domain: str) -> list[str]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    p = {"执法领域": domain}

    def value(name):
        return metrics.compute(name, region, start, end, **p).value

    parts = []
    insp = value("行政检查次数")
    if insp:
        by = metrics.breakdown("行政检查次数", region, start, end, by="检查对象类别", **p)[:TOP_KINDS]
        parts.append(f"开展行政检查{insp}次" + (f"，其中检查{_list(by, '家次')}" if by else ""))
    pen = value("行政处罚决定数")
    if pen:
        by = metrics.breakdown("行政处罚决定数", region, start, end, by="违法行为类型", **p)[:TOP_KINDS]
        parts.append(f"作出行政处罚决定{pen}件" + (f"，主要涉及{_list(by, '件')}" if by else ""))
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


def focus_paragraphs(region: str, year: int, top_n: int = TOP_N) -> list[str]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    domains = metrics.breakdown("执法行为数", region, start, end, by="执法领域")[:top_n]
    out = []
    for domain, _n in domains:
        parts = domain_parts(region, year, domain)
        if parts:
            out.append(f"{len(out) + 1}.{domain}领域执法。全年" + "；".join(parts) + "。")
    return out
