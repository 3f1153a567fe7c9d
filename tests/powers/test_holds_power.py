""""Does this unit hold this power on this day": the one selector, and every form of it agreeing."""

import datetime as dt

import pytest

from tests.factories import PowerFactory, UnitFactory
from zhifa.enforcement.reference import Reference
from zhifa.org.choices import UnitKind
from zhifa.powers import selectors
from zhifa.powers.models import PowerDelegation

pytestmark = pytest.mark.django_db
D = dt.date

# The power exists from 2022-01-01 and is cancelled (取消) with effect from 2024-01-01: that day it is gone.
POWER_FROM, POWER_TO = D(2022, 1, 1), D(2024, 1, 1)
# 授权 to the street from 2022-07-01 until 2023-07-01 (终止日期: first day not held);
# 委托 to the entrusted organisation from 2023-03-01, open-ended (it ends with the power).
AUTH_FROM, AUTH_TO = D(2022, 7, 1), D(2023, 7, 1)
ENTRUST_FROM = D(2023, 3, 1)

CASES = [
    # (who, day, held kind or None)
    ("owner", D(2021, 12, 31), None),  # before effective_from
    ("owner", POWER_FROM, "own"),  # effective_from itself
    ("owner", D(2023, 12, 31), "own"),  # last day before cancellation
    ("owner", POWER_TO, None),  # on the cancellation day
    ("owner", D(2024, 6, 1), None),  # after
    ("street", D(2022, 6, 30), None),  # power in force, 授权 not yet
    ("street", AUTH_FROM, "authorize"),  # 授权 from its 生效日期
    ("street", D(2023, 6, 30), "authorize"),
    ("street", AUTH_TO, None),  # on the 授权's 终止日期
    ("entrusted", D(2023, 2, 28), None),
    ("entrusted", ENTRUST_FROM, "entrust"),  # 委托
    ("entrusted", D(2023, 12, 31), "entrust"),
    ("entrusted", POWER_TO, None),  # 委托 open-ended, but the power is cancelled that day
    ("other", D(2023, 1, 1), None),  # an unrelated department never holds it
]


@pytest.fixture
def world():
    owner = UnitFactory()
    street = UnitFactory(kind=UnitKind.STREET, name="金桥街道")
    entrusted = UnitFactory(kind=UnitKind.ENTRUSTED, name="东丽区综合执法服务中心")
    other = UnitFactory()
    power = PowerFactory(owner=owner, effective_from=POWER_FROM, effective_to=POWER_TO)
    common = {"region_id": power.region_id, "power": power, "document_no": "东政发〔2022〕1号"}
    PowerDelegation.objects.create(to_unit=street, kind="authorize", effective_on=AUTH_FROM, ended_on=AUTH_TO, **common)
    PowerDelegation.objects.create(to_unit=entrusted, kind="entrust", effective_on=ENTRUST_FROM, **common)
    # A delegation that starts after the power was cancelled gives no holding at all.
    PowerDelegation.objects.create(to_unit=other, kind="entrust", effective_on=D(2024, 3, 1), **common)
    return {"owner": owner, "street": street, "entrusted": entrusted, "other": other, "power": power}


@pytest.mark.parametrize("who, day, kind", CASES)
def test_holds_power_on(world, who, day, kind):
    unit, power = world[who], world["power"]
    held = selectors.holding_on(unit.pk, power, day)
    assert (held.kind if held else None) == kind
    assert selectors.unit_holds_power(unit.pk, power.pk, day) is (kind is not None)
    # The set-based forms give the same answer.
    assert selectors.powers_held_by(unit.pk, day).filter(pk=power.pk).exists() is (kind is not None)
    assert ((unit.pk, power.pk) in selectors.held_pairs(power.region_id, day, day)) is (kind is not None)
    assert (power.pk in selectors.powers_held_by_unit(power.region_id, day, day).get(unit.pk, set())) is (
        kind is not None
    )
    # The workflow's rules read it through Reference, lazily and preloaded.
    assert Reference(power.region_id).unit_holds(unit.pk, power.pk, day) is (kind is not None)
    assert Reference(power.region_id).preload().unit_holds(unit.pk, power.pk, day) is (kind is not None)


def test_held_pairs_over_a_range(world):
    p = world["power"].pk
    pairs = selectors.held_pairs(world["power"].region_id, D(2023, 1, 1), D(2023, 12, 31))
    assert pairs == {(world["owner"].pk, p), (world["street"].pk, p), (world["entrusted"].pk, p)}
    # The delegation that begins after the cancellation is no holding in any range.
    assert (world["other"].pk, p) not in selectors.held_pairs(world["power"].region_id, D(2020, 1, 1), D(2026, 1, 1))


def test_holder_units(world):
    from zhifa.org.models import Unit

    holders = set(Unit.objects.filter(selectors.holder_units_q(world["power"].region_id, D(2023, 8, 1))))
    assert holders == {world["owner"], world["entrusted"]}  # the 授权 ended on 2023-07-01
