"""Going out: the 双公示 feed of disclosed penalty decisions, in the 信用 data items (exchange.md).

Natural persons' ID numbers are masked (core.masking). 公示截止期 is the decision date plus the longest
publication term of penalty information on credit websites, three years (docs/legal-basis.md).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from zhifa.core.masking import mask_id_number
from zhifa.enforcement.choices import DisclosureStatus, PartyKind, PenaltyKind
from zhifa.enforcement.models import PenaltyCase

from .actors import read_scope
from .models import ExchangeRecord
from .reading import parse_since

PUBLICATION_YEARS = 3  # 信用网站行政处罚信息最长公示期三年（发改办财金〔2019〕527号; 国家发展改革委令2023年第58号）
COLUMNS = (
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)",
    "处罚决定日期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
)
WAN = Decimal("10000")


def _wan(amount) -> str:
    return f"{(Decimal(amount or 0) / WAN):.6f}"


def _until(day):
    try:
        return day.replace(year=day.year + PUBLICATION_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + PUBLICATION_YEARS, day=28)


def shuanggongshi(actor, *, since: str | None = None) -> list[dict]:
    qs = PenaltyCase.objects.filter(disclosure__status=DisclosureStatus.PUBLISHED).select_related(
        "party", "unit", "power", "disclosure"
    )
    everything, regions, unit_id = read_scope(actor)
    if not everything:
        qs = qs.filter(region_id__in=regions)
        if unit_id is not None:
            qs = qs.filter(unit_id=unit_id)
    when = parse_since(since)
    if when is not None:
        qs = qs.filter(disclosure__published_on__gte=when.date())
    cases = list(qs.order_by("decided_on", "id"))
    sent = {
        rec.object_id: rec.data
        for rec in ExchangeRecord.objects.filter(record_type="行政处罚", object_id__in=[c.pk for c in cases])
    }
    out = []
    for c in cases:
        p = c.party
        data = sent.get(c.pk, {})
        person = p.kind == PartyKind.PERSON
        kinds = [str(PenaltyKind(k).label) for k in c.penalty_kinds if k in PenaltyKind.values]
        content = "；".join(kinds) + (f"，罚款{c.fine_amount}元" if c.fine_amount else "")
        if c.confiscation_amount:
            content += f"，没收{c.confiscation_amount}元"
        out.append(
            {
                "行政相对人名称": p.name,
                "行政相对人类别": "自然人"
                if person
                else ("个体工商户" if p.uscc.startswith("92") else "法人及非法人组织"),
                "统一社会信用代码": "" if person else p.uscc,
                "证件号码": mask_id_number(p.id_number) if person else "",
                "行政处罚决定书文号": c.decision_no,
                "违法行为类型": c.violation,
                "违法事实": data.get("违法事实", ""),
                "处罚依据": data.get("处罚依据") or c.power.legal_basis,
                "处罚类别": "；".join(kinds),
                "处罚内容": content,
                "罚款金额(万元)": _wan(c.fine_amount),
                "没收违法所得、没收非法财物的金额(万元)": _wan(c.confiscation_amount),
                "处罚决定日期": c.decided_on.isoformat() if c.decided_on else "",
                "公示截止期": _until(c.decided_on).isoformat() if c.decided_on else "",
                "处罚机关": c.unit.name,
                "处罚机关统一社会信用代码": c.unit.uscc,
                "数据来源单位": c.unit.name,
                "数据来源单位统一社会信用代码": c.unit.uscc,
            }
        )
    return out


def as_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.DictWriter(buf, fieldnames=COLUMNS)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
