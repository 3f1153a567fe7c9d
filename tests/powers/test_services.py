import datetime as dt

import pytest

from tests.factories import PowerFactory, UnitFactory
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.org.choices import UnitKind
from zhifa.powers import selectors, services
from zhifa.powers.models import PowerChange

pytestmark = pytest.mark.django_db
D = dt.date


def test_power_history_is_versioned_and_point_in_time():
    unit = UnitFactory()
    p = services.power_add(
        actor=SYSTEM,
        owner=unit,
        code="XZCF-1",
        document_no="东政办〔2021〕3号",
        effective_on=D(2021, 1, 1),
        name="对某违法行为的处罚",
        category="penalty",
        legal_basis="《某法》第十条",
    )
    services.power_modify(
        actor=SYSTEM, power=p, document_no="东政办〔2023〕5号", effective_on=D(2023, 3, 1), requires_legal_review=True
    )
    services.power_remove(actor=SYSTEM, power=p, document_no="东政办〔2023〕9号", effective_on=D(2023, 9, 1))
    kinds = list(PowerChange.objects.filter(power=p).values_list("version", "kind"))
    assert kinds == [(1, "add"), (2, "modify"), (3, "remove")]
    assert PowerChange.objects.get(power=p, version=2).before["requires_legal_review"] is False
    assert selectors.powers_held_on(unit.region_id, D(2023, 8, 31)).filter(pk=p.pk).exists()
    assert not selectors.powers_held_on(unit.region_id, D(2023, 9, 1)).filter(pk=p.pk).exists()
    assert AuditLog.objects.filter(action__startswith="power.").count() == 3
    with pytest.raises(DomainError):
        services.power_modify(actor=SYSTEM, power=p, document_no="x", effective_on=D(2023, 10, 1), name="新名称")


def test_delegation_to_street_lets_the_street_exercise_the_power():
    dept = UnitFactory()
    street = UnitFactory(kind=UnitKind.STREET, name="金桥街道")
    other_dept = UnitFactory()
    p = PowerFactory(owner=dept)
    services.power_delegate(
        actor=SYSTEM,
        power=p,
        to_unit=street,
        kind="authorize",
        document_no="东政发〔2022〕1号",
        effective_on=D(2022, 7, 1),
    )
    assert selectors.unit_holds_power(street.pk, p, D(2023, 1, 1))
    assert not selectors.unit_holds_power(street.pk, p, D(2022, 6, 30))
    assert not selectors.unit_holds_power(other_dept.pk, p, D(2023, 1, 1))
    with pytest.raises(InvalidInput) as exc:
        services.power_delegate(
            actor=SYSTEM, power=p, to_unit=other_dept, kind="authorize", document_no="x", effective_on=D(2022, 7, 1)
        )
    assert exc.value.code == "delegation.authorize_street"


@pytest.mark.parametrize("lo, hi, ok", [(0, 200, True), (200, 200, True), (500, 200, False), (-1, 10, False)])
def test_benchmark_range(lo, hi, ok):
    p = PowerFactory()
    if ok:
        b = services.benchmark_set(actor=SYSTEM, power=p, tier="general", fine_min=lo, fine_max=hi)
        assert b.fine_max == hi
    else:
        with pytest.raises(InvalidInput):
            services.benchmark_set(actor=SYSTEM, power=p, tier="general", fine_min=lo, fine_max=hi)
