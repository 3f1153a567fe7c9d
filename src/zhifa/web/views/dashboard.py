"""Dashboard: the district for supervisors, the unit for everybody else (the scope decides, not the view)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.shortcuts import render
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.enforcement.models import Hazard, Inspection, OtherAct, PenaltyCase
from zhifa.org.models import Certificate, Unit

from .. import integrations
from ..decorators import staff_view
from .common import is_supervisor, role_labels

MONTHS = [f"{m}月" for m in range(1, 13)]


def _monthly(qs, date_field: str, year: int) -> list[int]:
    rows = (
        qs.filter(**{f"{date_field}__year": year})
        .annotate(m=ExtractMonth(date_field))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = [0] * 12
    for r in rows:
        out[r["m"] - 1] = r["n"]
    return out


def _default_year(user) -> int:
    """The latest year with a recorded act in scope (the demo district is 2023), else this year."""
    last = visible(Inspection.objects.all(), user).order_by("-started_at").values_list("started_at", flat=True).first()
    if last is None:
        return timezone.localdate().year
    return timezone.localtime(last).year


@staff_view
def dashboard(request):
    user = request.user
    try:
        year = int(request.GET.get("year") or _default_year(user))
    except ValueError:
        year = _default_year(user)
    inspections = visible(Inspection.objects.all(), user)
    cases = visible(PenaltyCase.objects.all(), user)
    others = visible(OtherAct.objects.all(), user)
    hazards = visible(Hazard.objects.all(), user)
    acts = {
        "labels": MONTHS,
        "series": [
            {"name": "行政检查", "data": _monthly(inspections, "started_at", year), "stack": "acts"},
            {
                "name": "行政处罚决定",
                "data": _monthly(cases.filter(decided_on__isnull=False), "decided_on", year),
                "stack": "acts",
            },
            {"name": "巡查/现场规范/教育改正", "data": _monthly(others, "occurred_at", year), "stack": "acts"},
        ],
    }
    alert_series = integrations.alert_monthly(user=user, year=year)
    alerts = {"labels": MONTHS, "series": alert_series}
    rect_series = integrations.rectification_monthly(user=user, year=year)
    rect_series.append(
        {
            "name": "隐患整改完成",
            "data": _monthly(hazards.filter(rectified_on__isnull=False), "rectified_on", year),
            "type": "line",
        }
    )
    rectification = {"labels": MONTHS, "series": rect_series}
    totals = {
        "inspections": sum(acts["series"][0]["data"]),
        "decisions": sum(acts["series"][1]["data"]),
        "fines": cases.filter(decided_on__year=year).aggregate(s=Sum("fine_amount"))["s"] or 0,
        "open_cases": cases.exclude(status__in=integrations.FINAL_STATUSES).count(),
        "certified": visible(Certificate.objects.filter(status="active"), user).count(),
        "open_alerts": integrations.open_alert_count(user=user),
    }
    scope = request.scope
    if scope.unit_id is not None:
        scope_label = Unit.objects.get(pk=scope.unit_id).name
    else:
        scope_label = "全区" if not scope.everything else "全部区划"
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
