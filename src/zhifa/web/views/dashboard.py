"""Dashboard: the district for supervisors, the unit for everybody else (the scope decides, not the view)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from zhifa import metrics
from zhifa.core.access import visible
from zhifa.enforcement.models import Inspection, PenaltyCase
from zhifa.org.models import Region, Unit

from .. import integrations
from ..decorators import staff_view
from .common import is_supervisor, role_labels

MONTHS = [f"{m}月" for m in range(1, 13)]


def _default_year(user) -> int:
    """The latest year with a recorded act in scope (the demo district is 2023), else this year."""
    last = visible(Inspection.objects.all(), user).order_by("-started_at").values_list("started_at", flat=True).first()
    if last is None:
        return timezone.localdate().year
    return timezone.localtime(last).year


def report_year(user) -> int:
    """The year an annual report, a template or a 考核 sheet opens on: the latest year before this one with a
    recorded act in scope (2023 for the demo district), else last year."""
    return min(_default_year(user), timezone.localdate().year - 1)


def scope_region(scope) -> str | None:
    """The region a scope's figures are asked for (its own region with the regions under it)."""
    if scope.region_code and not scope.everything:
        return scope.region_code
    top = Region.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True).first()
    return top


@staff_view
def dashboard(request):
    user = request.user
    try:
        year = int(request.GET.get("year") or _default_year(user))
    except ValueError:
        year = _default_year(user)
    scope = request.scope
    region = scope_region(scope)
    units = (scope.unit_id,) if scope.unit_id is not None else None
    # every figure is a named metric of the one metrics layer, for the scope's region (and unit)
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), max(timezone.localdate(), dt.date(year, 1, 1)))

    def series(name):
        return metrics.monthly(name, region, year, unit_ids=units) if region else [0] * 12

    def value(name):
        return metrics.compute(name, region, start, end, unit_ids=units).value if region else 0

    acts = {
        "labels": MONTHS,
        "series": [
            {"name": "行政检查", "data": series("行政检查次数"), "stack": "acts"},
            {"name": "行政处罚决定", "data": series("行政处罚决定数"), "stack": "acts"},
            {"name": "巡查/现场规范/教育改正", "data": series("巡查及现场规范教育改正次数"), "stack": "acts"},
        ],
    }
    alert_series = integrations.alert_monthly(user=user, year=year)
    alerts = {"labels": MONTHS, "series": alert_series}
    rect_series = integrations.rectification_monthly(user=user, year=year)
    rect_series.append(
        {
            "name": "隐患整改完成",
            "data": series("隐患整改数"),
            "type": "line",
        }
    )
    rectification = {"labels": MONTHS, "series": rect_series}
    totals = {
        "inspections": sum(acts["series"][0]["data"]),
        "decisions": sum(acts["series"][1]["data"]),
        "fines": value("罚款金额"),
        "open_cases": visible(PenaltyCase.objects.all(), user).exclude(status__in=integrations.FINAL_STATUSES).count(),
        "certified": value("行政执法人员数"),
        "open_alerts": integrations.open_alert_count(user=user),
    }
    if scope.unit_id is not None:
        scope_label = Unit.objects.get(pk=scope.unit_id).name
    else:
        scope_label = region_scope_label(scope)
    return render(
        request,
        "web/dashboard.html",
        {
            "year": year,
            "years": list(range(year - 3, year + 2)),
            "acts": acts,
            "alerts": alerts,
            "rectification": rectification,
            "totals": totals,
            "scope_label": scope_label,
            "supervisor": is_supervisor(user),
            "roles": role_labels(user),
        },
    )


def region_scope_label(scope) -> str:
    """What a region-wide user sees, by name: 东丽区, 天津市（含下辖16个区划）, or every region."""
    if scope.everything:
        return "全部区划"
    region = Region.objects.filter(pk=scope.region_code).first()
    name = region.name if region else scope.region_code
    below = len(set(scope.region_codes) - {scope.region_code})
    return f"{name}（含下辖{below}个区划）" if below else name
