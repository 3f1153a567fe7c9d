"""Point-in-time counts over the registry (the seed counts stocks at year end)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import Certificate, LegalReviewerDesignation, Unit


def units_active_on(region_code: str, day: dt.date) -> QuerySet[Unit]:
    return Unit.objects.filter(region_id=region_code, is_enforcement_body=True, active_from__lte=day).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=day)
    )


def enforcement_units_on(region_code: str, day: dt.date) -> QuerySet[Unit]:
    """Units active on ``day`` that hold at least one enforcement power then (own or delegated)."""
    from zhifa.powers.selectors import holder_units_q  # powers depends on org, not the other way

    return units_active_on(region_code, day).filter(holder_units_q(region_code, day))


def certificates_active_on(region_code: str, day: dt.date) -> QuerySet[Certificate]:
    """Certificates held on ``day``: issued on or before it and not revoked by then."""
    return Certificate.objects.filter(region_id=region_code, issued_on__lte=day).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)
    )


def certificate_holders_on(region_code: str, day: dt.date) -> int:
    return certificates_active_on(region_code, day).values("holder_id").distinct().count()


def legal_reviewers_on(region_code: str, day: dt.date) -> QuerySet[LegalReviewerDesignation]:
    return LegalReviewerDesignation.objects.filter(region_id=region_code, designated_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def certificates_issued_by_exam(region_code: str, start: dt.date, end: dt.date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        region_id=region_code, issued_on__range=(start, end), exam_result__exam__held_on__range=(start, end)
    )


def certificates_revoked(region_code: str, start: dt.date, end: dt.date, reasons=("retired", "transferred")):
    return Certificate.objects.filter(
        region_id=region_code, revoked_on__range=(start, end), revocation_reason__in=reasons
    )
