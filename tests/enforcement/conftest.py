"""A small registry for the enforcement tests: units, certified officers, powers, parties, devices."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, RegionFactory, UnitFactory
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.enforcement.models import Device, Party
from zhifa.org.choices import UnitKind
from zhifa.org.models import LegalReviewerDesignation
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import DiscretionBenchmark, PowerDelegation

D = dt.date


@pytest.fixture
def world(db, settings, tmp_path):
    settings.RECORDING_ROOT = tmp_path / "recordings"
    region = RegionFactory()
    unit = UnitFactory(region=region, name="区市场监督管理局")
    street = UnitFactory(region=region, name="张贵庄街道", kind=UnitKind.STREET)
    a = PersonFactory(unit=unit, name="李明")
    b = PersonFactory(unit=unit, name="王芳")
    c = PersonFactory(unit=street, name="赵强")
    uncertified = PersonFactory(unit=unit, name="钱进")
    reviewer = PersonFactory(unit=unit, name="孙律", has_legal_qualification=True)
    reviewer_unqualified = PersonFactory(unit=unit, name="周新", has_legal_qualification=False)
    for p in (a, b, c, reviewer):
        CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2029, 12, 31))
    # b's certificate is revoked from 2023-07-01 (调离): before, b may act; after, not.
    cert_b = b.certificates.get()
    cert_b.status, cert_b.revoked_on, cert_b.revocation_reason = "revoked", D(2023, 7, 1), "transferred"
    cert_b.save()
    d = PersonFactory(unit=unit, name="吴刚")
    CertificateFactory(holder=d, issued_on=D(2023, 1, 1), valid_until=D(2027, 12, 31))
    LegalReviewerDesignation.objects.create(
        region=region, unit=unit, person=reviewer, designated_on=D(2022, 1, 1), first_time=True
    )
    LegalReviewerDesignation.objects.create(
        region=region, unit=unit, person=reviewer_unqualified, designated_on=D(2022, 1, 1), first_time=True
    )
    penalty = PowerFactory(
        owner=unit,
        code="CF-001",
        name="对销售不符合标准商品的处罚",
        hearing_threshold_person=Decimal("10000"),
        hearing_threshold_org=Decimal("100000"),
    )
    reviewed = PowerFactory(owner=unit, code="CF-002", name="对无证经营的处罚", requires_legal_review=True)
    recorded = PowerFactory(owner=unit, code="QZ-001", name="查封扣押", requires_recording=True)
    traffic = PowerFactory(
        owner=unit, code="CF-003", name="道路交通违法处罚", single_officer_basis="《道路交通安全法》第一百零七条"
    )
    inspect = PowerFactory(owner=unit, code="JC-001", name="对经营场所的检查", category=PowerCategory.INSPECTION)
    street_power = PowerFactory(owner=unit, code="CF-010", name="对占道经营的处罚")
    PowerDelegation.objects.create(
        region=region,
        power=street_power,
        to_unit=street,
        kind="authorize",
        document_no="津东政发〔2022〕1号",
        effective_on=D(2022, 6, 1),
    )
    DiscretionBenchmark.objects.create(region=region, power=penalty, tier="minor", fine_min=0, fine_max=500)
    DiscretionBenchmark.objects.create(region=region, power=penalty, tier="general", fine_min=500, fine_max=5000)
    adult = Party.objects.create(
        region=region,
        kind="person",
        party_type="individual",
        name="张三丰",
        id_number=make_id_number("120110", D(1985, 5, 5), 11),
        birth_date=D(1985, 5, 5),
        phone="13812345678",
    )
    child = Party.objects.create(
        region=region,
        kind="person",
        party_type="individual",
        name="小明",
        id_number=make_id_number("120110", D(2010, 10, 1), 12),
        birth_date=D(2010, 10, 1),
    )
    teen = Party.objects.create(
        region=region,
        kind="person",
        party_type="individual",
        name="刘少年",
        id_number=make_id_number("120110", D(2007, 3, 1), 13),
        birth_date=D(2007, 3, 1),
    )
    org = Party.objects.create(
        region=region,
        kind="org",
        party_type="retail_pharmacy",
        name="天津某某大药房有限公司",
        uscc=make_uscc("91120110", 777),
    )
    good_device = Device.objects.create(
        region=region,
        unit=unit,
        name="卡口1",
        location="津塘公路",
        approved_on=D(2023, 1, 10),
        approval_doc="审核意见书",
        published_on=D(2023, 1, 15),
    )
    raw_device = Device.objects.create(region=region, unit=unit, name="卡口2", location="先锋路")
    return SimpleNamespace(**locals())
