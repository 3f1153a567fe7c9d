"""A small district for the supervision tests: two units, certified officers, powers, parties."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, RegionFactory, UnitFactory
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.enforcement.models import Inspection, Party, PenaltyCase
from zhifa.org.choices import UnitKind
from zhifa.org.models import LegalReviewerDesignation
from zhifa.powers.choices import PowerCategory

D = dt.date
REGION = "120110"
AS_OF = D(2023, 12, 31)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from zhifa.core import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def w(db, settings, tmp_path):
    settings.RECORDING_ROOT = tmp_path / "recordings"
    settings.REPORT_ROOT = tmp_path / "reports"
    region = RegionFactory()
    unit = UnitFactory(region=region, name="区市场监督管理局")
    unit2 = UnitFactory(region=region, name="区卫生健康委员会")
    unit3 = UnitFactory(region=region, name="区应急管理局")
    street = UnitFactory(region=region, name="张贵庄街道", kind=UnitKind.STREET)
    officers = []
    for u in (unit, unit2, unit3, street):
        for i in range(2):
            p = PersonFactory(unit=u, name=f"{u.name[:2]}执法{i}")
            CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2029, 12, 31))
            officers.append(p)
    a, b = officers[0], officers[1]
    uncertified = PersonFactory(unit=unit, name="钱进")
    # 第五十八条: a review counts only from a person designated legal reviewer on the day (not an officer).
    reviewer = PersonFactory(unit=unit, name="孙审核", has_legal_qualification=True)
    LegalReviewerDesignation.objects.create(
        region=region, unit=unit, person=reviewer, designated_on=D(2020, 1, 1), first_time=False
    )
    penalty = PowerFactory(
        owner=unit, code="CF-001", hearing_threshold_person=Decimal("10000"), hearing_threshold_org=Decimal("100000")
    )
    reviewed = PowerFactory(owner=unit, code="CF-002", requires_legal_review=True)
    recorded = PowerFactory(owner=unit, code="QZ-001", requires_recording=True, category=PowerCategory.COERCION)
    traffic = PowerFactory(owner=unit, code="CF-003", single_officer_basis="《道路交通安全法》第一百零七条")
    inspect = {
        u.pk: PowerFactory(owner=u, code=f"JC-{u.pk}", category=PowerCategory.INSPECTION)
        for u in (unit, unit2, unit3, street)
    }
    person = Party.objects.create(
        region=region,
        kind="person",
        party_type="individual",
        name="张三丰",
        id_number=make_id_number("120110", D(1985, 5, 5), 11),
    )
    org = Party.objects.create(
        region=region, kind="org", party_type="business", name="东丽某商贸有限公司", uscc=make_uscc("91120110", 777)
    )
    return SimpleNamespace(
        region=region,
        unit=unit,
        unit2=unit2,
        unit3=unit3,
        street=street,
        officers=officers,
        a=a,
        b=b,
        uncertified=uncertified,
        reviewer=reviewer,
        penalty=penalty,
        reviewed=reviewed,
        recorded=recorded,
        traffic=traffic,
        inspect=inspect,
        person=person,
        org=org,
        seq=[0],
    )


def case(w, **kw) -> PenaltyCase:
    w.seq[0] += 1
    fields = dict(
        region=w.region,
        unit=w.unit,
        power=w.penalty,
        party=w.person,
        procedure="ordinary",
        status="closed",
        case_no=f"东市监罚〔2023〕{w.seq[0]}号",
        violation="销售不合格商品",
        act_date=D(2023, 3, 1),
        discovered_at=at(D(2023, 3, 2)),
        filed_on=D(2023, 3, 3),
        decision_due=D(2023, 6, 1),
        decided_on=D(2023, 5, 10),
        outcome="penalty",
        penalty_kinds=["warning"],
        officer_a=w.a,
        officer_b=w.b,
    )
    fields.update(kw)
    return PenaltyCase.objects.create(**fields)


def inspection(w, *, unit=None, party=None, day=D(2023, 5, 10), **kw) -> Inspection:
    unit = unit or w.unit
    officers = [p for p in w.officers if p.unit_id == unit.pk] + [None, None]
    fields = dict(
        region=w.region,
        unit=unit,
        power=w.inspect.get(unit.pk),
        party=party or w.org,
        started_at=at(day),
        officer_a=officers[0],
        officer_b=officers[1],
    )
    fields.update(kw)
    return Inspection.objects.create(**fields)
