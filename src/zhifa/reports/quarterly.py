"""安全生产执法情况季度报告 (the report the 政府常务会 hears every quarter), computed from records.

Safety domains = the 执法领域 whose inspections recorded safety hazards (隐患) in the quarter, unless the caller
names them (``domains``, CLI ``--domains``): their inspections and penalty decisions in the quarter, hazards found and rectified in the quarter by category,
and the campaigns of those domains in force in the quarter with their deployment meetings.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhifa.core.errors import InvalidInput
from zhifa.enforcement.choices import HazardCategory
from zhifa.enforcement.models import Campaign, CampaignMeeting, Hazard
from zhifa.metrics import base as M
from zhifa.org.models import Region

from .document import Document, Heading, Para, Table, Title


def hazard_domains(region_code: str, start: dt.date, end: dt.date) -> list[str]:
    """The 执法领域 of the inspections that found hazards in the period (the region's safety enforcement)."""
    qs = Hazard.objects.filter(region_id=region_code, found_on__range=(start, end), inspection__isnull=False)
    return sorted(d for d in qs.values_list("inspection__power__domain", flat=True).distinct() if d)


def parse_quarter(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", text.strip())
    if not m:
        raise InvalidInput(f"季度“{text}”格式应为YYYYQn，如2023Q3", field="quarter", code="report.quarter")
    return int(m.group(1)), int(m.group(2))


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def safety_quarterly_document(region_code: str, quarter: str, domains: list[str] | None = None) -> Document:
    region = Region.objects.get(code=region_code)
    year, q = parse_quarter(quarter)
    start, end = quarter_bounds(year, q)
    safety_domains = list(domains) if domains else hazard_domains(region_code, start, end)
    insp = M.inspections_in(region_code, start, end).filter(power__domain__in=safety_domains)
    pens = M.penalties_in(region_code, start, end).filter(power__domain__in=safety_domains)
    by_unit_i = dict(insp.values_list("unit__name").annotate(n=Count("id")).order_by())
    by_unit_p = {
        u: (n, f) for u, n, f in pens.values_list("unit__name").annotate(n=Count("id"), f=Sum("fine_amount")).order_by()
    }
    units = sorted(set(by_unit_i) | set(by_unit_p), key=lambda u: -by_unit_i.get(u, 0))
    found = Hazard.objects.filter(region_id=region_code, found_on__range=(start, end))
    rect = Hazard.objects.filter(region_id=region_code, rectified_on__range=(start, end))
    open_end = Hazard.objects.filter(region_id=region_code, found_on__lte=end).filter(
        Q(rectified_on__isnull=True) | Q(rectified_on__gt=end)
    )
    overdue = open_end.filter(deadline__lt=end)
    cats = {c.value: c.label for c in HazardCategory}
    f_by = dict(found.values_list("category").annotate(n=Count("id")).order_by())
    r_by = dict(rect.values_list("category").annotate(n=Count("id")).order_by())
    o_by = dict(open_end.values_list("category").annotate(n=Count("id")).order_by())
    campaigns = Campaign.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=start), region_id=region_code, domain__in=safety_domains, start_on__lte=end
    ).order_by("start_on", "id")
    meetings = CampaignMeeting.objects.filter(
        region_id=region_code, campaign__in=campaigns, held_on__range=(start, end)
    )
    m_by = dict(meetings.values_list("campaign_id").annotate(n=Count("id")).order_by())
    n_insp, n_pen = insp.count(), pens.count()
    fines = pens.aggregate(s=Sum("fine_amount"))["s"] or Decimal("0")
    title = f"{region.name}{year}年第{q}季度安全生产执法情况报告"
    b = [
        Title(title),
        Para(
            f"{year}年第{q}季度（{start:%m月%d日}至{end:%m月%d日}），全区安全生产领域共开展行政检查{n_insp}次，"
            f"发现隐患{found.count()}处、整改完成{rect.count()}处（季末尚未整改{open_end.count()}处，其中逾期{overdue.count()}处），"
            f"实施行政处罚{n_pen}件、罚款{fines:,.2f}元；在推进的安全生产专项行动和专项治理{campaigns.count()}项，"
            f"本季度召开专题部署会议{meetings.count()}次。"
        ),
        Heading("一、安全生产执法检查和处罚"),
        Table(
            "表1　各单位安全生产执法情况",
            ("单位", "行政检查（次）", "行政处罚（件）", "罚款（元）"),
            [
                (
                    u,
                    by_unit_i.get(u, 0),
                    by_unit_p.get(u, (0, 0))[0],
                    f"{by_unit_p.get(u, (0, Decimal(0)))[1] or 0:,.2f}",
                )
                for u in units
            ]
            + [("合计", n_insp, n_pen, f"{fines:,.2f}")],
        ),
        Heading("二、隐患排查整治"),
        Table(
            "表2　隐患发现和整改情况",
            ("类别", "本季度发现", "本季度整改完成", "季末未整改"),
            [
                (cats.get(c, c), f_by.get(c, 0), r_by.get(c, 0), o_by.get(c, 0))
                for c in cats
                if f_by.get(c) or r_by.get(c) or o_by.get(c)
            ]
            + [("合计", found.count(), rect.count(), open_end.count())],
        ),
        Heading("三、专项行动和专项治理"),
        Table(
            "表3　安全生产专项行动和专项治理",
            ("名称", "类型", "牵头单位", "起止日期", "本季度专题部署（次）"),
            [
                (
                    c.name,
                    c.get_kind_display(),
                    c.lead_unit.short_name or c.lead_unit.name,
                    f"{c.start_on:%Y-%m-%d}至{c.end_on:%Y-%m-%d}" if c.end_on else f"{c.start_on:%Y-%m-%d}起",
                    m_by.get(c.pk, 0),
                )
                for c in campaigns.select_related("lead_unit")
            ],
        ),
        Heading("附件　数据口径"),
        Para(
            f"安全生产领域：职权领域为{'、'.join(safety_domains)}的行政检查和处罚决定（给予处罚），检查按检查时间、处罚按决定日期计入本季度；"
            "隐患按发现日期和整改完成日期分别计入；专项行动按期间与本季度重叠计入。"
        ),
    ]
    return Document(title=title, blocks=b)
