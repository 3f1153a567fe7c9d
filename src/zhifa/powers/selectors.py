from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .choices import ENFORCEMENT_CATEGORIES
from .models import Power, PowerDelegation


def powers_held_on(region_code: str, day: dt.date, categories=ENFORCEMENT_CATEGORIES) -> QuerySet[Power]:
    qs = Power.objects.filter(region_id=region_code, effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=day)
    )
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


def powers_held_in(
    region_code: str, start: dt.date, end: dt.date, categories=ENFORCEMENT_CATEGORIES
) -> QuerySet[Power]:
    """Powers in force at any time in [start, end]."""
    qs = Power.objects.filter(region_id=region_code, effective_from__lte=end).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=start)
    )
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


def unit_may_exercise(unit_id: int, power: Power, day: dt.date) -> bool:
    """Whether ``unit_id`` holds ``power`` on ``day``: as its owner, or by a delegation in force."""
    if not (power.effective_from <= day and (power.effective_to is None or power.effective_to > day)):
        return False
    if power.owner_id == unit_id:
        return True
    return (
        PowerDelegation.objects.filter(power=power, to_unit_id=unit_id, effective_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .exists()
    )
