"""The inspection form offers exactly the powers the unit holds today (powers.selectors)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PowerFactory, UnitFactory
from zhifa.org.choices import UnitKind
from zhifa.powers.models import PowerDelegation
from zhifa.web.forms import InspectionForm

pytestmark = pytest.mark.django_db


def test_power_not_yet_in_force_is_not_offered():
    """Regression: the form's own copy of the rule checked effective_to and the 赋权 dates but not
    effective_from, so a power adopted with a future 生效日期 could be chosen today."""
    today = timezone.localdate()
    unit = UnitFactory()
    street = UnitFactory(kind=UnitKind.STREET)
    current = PowerFactory(owner=unit, effective_from=today - dt.timedelta(days=30))
    future = PowerFactory(owner=unit, effective_from=today + dt.timedelta(days=10))
    cancelled = PowerFactory(owner=unit, effective_from=dt.date(2015, 1, 1), effective_to=today)
    future_delegated = PowerFactory(effective_from=today + dt.timedelta(days=10))
    PowerDelegation.objects.create(
        region_id=street.region_id,
        power=future_delegated,
        to_unit=street,
        kind="authorize",
        document_no="东政发〔2026〕1号",
        effective_on=today - dt.timedelta(days=1),
    )
    offered = list(InspectionForm(unit_id=unit.pk).fields["power"].queryset)
    assert offered == [current] and future not in offered
    assert cancelled not in InspectionForm(unit_id=unit.pk).fields["power"].queryset
    assert list(InspectionForm(unit_id=street.pk).fields["power"].queryset) == []
