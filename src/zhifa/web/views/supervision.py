"""Alerts (预警) and their rectification: list, detail, and the actions the supervision services offer."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from zhifa.core.access import visible
from zhifa.core.errors import DomainError, PermissionDenied

from .. import integrations
from ..decorators import staff_view
from ..listing import Filter, apply_listing
from .common import render_list, unit_choices


@staff_view
def alerts(request):
    from zhifa.supervision.choices import AlertStatus, Severity
    from zhifa.supervision.models import Alert

    qs = visible(Alert.objects.select_related("unit", "rule", "region"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("status", "状态", "status", list(AlertStatus.choices)),
            Filter("severity", "严重程度", "severity", list(Severity.choices)),
            Filter("from", "发现日期起", "first_seen_on__gte", kind="date_from"),
            Filter("to", "发现日期止", "first_seen_on__lte", kind="date_to"),
        ],
        search=["message", "rule__title", "rule__code"],
        order=["-first_seen_on", "-id"],
    )
    return render_list(request, template="web/partials/alerts_table.html", title="预警与整改", listing=listing)


@staff_view
def alert_detail(request, pk: int):
    from zhifa.supervision.models import Alert

    alert = get_object_or_404(visible(Alert.objects.select_related("unit", "rule"), request.user), pk=pk)
    ctx = {
        "alert": alert,
        "events": alert.events.select_related("actor").order_by("id"),
        "rectifications": alert.rectifications.order_by("-issued_on"),
        "actions": integrations.alert_actions(alert=alert, user=request.user),
    }
    return render(request, "web/alert_detail.html", ctx)


@staff_view(
    actions=(
        "alert.acknowledge",
        "alert.request_rectification",
        "rectification.respond",
        "rectification.verify",
        "alert.dismiss",
    )
)
def alert_action(request, pk: int):
    from zhifa.supervision.models import Alert

    alert = get_object_or_404(visible(Alert.objects.all(), request.user), pk=pk)
    if request.method != "POST":
        return redirect("web:alert_detail", pk=pk)
    action = request.POST.get("action", "")
    try:
        integrations.alert_perform(alert=alert, user=request.user, action=action, data=request.POST)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
        ctx = {
            "alert": alert,
            "events": alert.events.select_related("actor").order_by("id"),
            "rectifications": alert.rectifications.order_by("-issued_on"),
            "actions": integrations.alert_actions(alert=alert, user=request.user),
            "error": {"action": action, "field": exc.field, "message": str(exc)},
            "posted": request.POST,
        }
        return render(request, "web/alert_detail.html", ctx, status=422)
    messages.success(request, "已办理")
    return redirect("web:alert_detail", pk=pk)
