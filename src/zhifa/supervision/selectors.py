"""Reading alerts and rectifications: what a user sees, and which steps of an alert's handling are open to them.

The staff pages ask these; the steps themselves are the services in ``supervision.services``.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth

from zhifa.core import policy
from zhifa.core.access import visible

from .choices import LIVE_STATUSES, AlertStatus, RectificationStatus
from .models import Alert, Rectification

# The steps of an alert's handling, in the order they are offered.
ALERT_ACTIONS = ("acknowledge", "respond", "request", "verify", "dismiss")


def rectification_to_respond(alert: Alert) -> Rectification | None:
    """The oldest 整改通知 of the alert still waiting for the unit's answer (new, or sent back)."""
    return (
        alert.rectifications.filter(status__in=[RectificationStatus.NOTICE, RectificationStatus.REJECTED])
        .order_by("issued_on", "id")
        .first()
    )


def rectification_to_verify(alert: Alert) -> Rectification | None:
    """The oldest answered 整改通知 of the alert, waiting for the 司法局's check."""
    return alert.rectifications.filter(status=RectificationStatus.RESPONDED).order_by("issued_on", "id").first()


def alert_actions_open(*, alert: Alert, user) -> list[str]:
    """The steps this user may take on this alert now: the alert's state says which steps exist, the policy
    (zhifa.core.policy) who may take them — units sign and answer, the 司法局 notifies and verifies."""

    def may(action: str) -> bool:
        return policy.can(user, action, unit=alert.unit_id, region=alert.region_id)

    names = []
    if alert.status == AlertStatus.OPEN and may("alert.acknowledge"):
        names.append("acknowledge")
    if may("rectification.respond") and rectification_to_respond(alert) is not None:
        names.append("respond")
    if (
        alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
        and alert.unit_id
        and may("alert.request_rectification")
    ):
        names.append("request")
    if may("rectification.verify") and rectification_to_verify(alert) is not None:
        names.append("verify")
    if alert.status != AlertStatus.CLOSED and may("alert.dismiss"):
        names.append("dismiss")
    return names


def _monthly(qs: QuerySet, date_field: str, year: int) -> list[int]:
    out = [0] * 12
    rows = (
        qs.filter(**{f"{date_field}__year": year})
        .annotate(m=ExtractMonth(date_field))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in rows:
        out[r["m"] - 1] = r["n"]
    return out


def alerts_by_month(*, user, year: int) -> tuple[list[int], list[int]]:
    """(alerts first seen, alerts closed) per month of ``year``, among the alerts ``user`` sees."""
    alerts = visible(Alert.objects.all(), user)
    return _monthly(alerts, "first_seen_on", year), _monthly(alerts.filter(closed_at__isnull=False), "closed_at", year)


def rectifications_by_month(*, user, year: int) -> tuple[list[int], list[int]]:
    """(整改通知 issued, 整改 verified) per month of ``year``, among those ``user`` sees."""
    rects = visible(Rectification.objects.all(), user)
    verified = rects.filter(status=RectificationStatus.VERIFIED)
    return _monthly(rects, "issued_on", year), _monthly(verified, "verified_on", year)


def open_alert_count(*, user) -> int:
    return visible(Alert.objects.filter(status__in=LIVE_STATUSES), user).count()
