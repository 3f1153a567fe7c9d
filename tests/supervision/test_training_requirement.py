"""The yearly training requirement is a per-region setting with its source document (supervision.LawSetting):
the region's own figure, else the nearest region above it, else the platform default; the training page, the
metric 培训达标率, the alert rule and the annual report's figures all read it."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import CertificateFactory, PersonFactory, RegionFactory, UnitFactory, make_account
from zhifa import metrics
from zhifa.core.access import Roles
from zhifa.core.errors import PermissionDenied
from zhifa.core.policy import SYSTEM
from zhifa.org import services as org
from zhifa.org.choices import RegionLevel
from zhifa.supervision.law_settings import TRAINING_HOURS_DEFAULT, training_requirement
from zhifa.supervision.models_law import LawSetting
from zhifa.supervision.services_law import law_setting_set

pytestmark = pytest.mark.django_db
KEY = LawSetting.Key.TRAINING_HOURS
TIANJIN_2014 = "天津市行政执法监督规定（2014年）第十条"


@pytest.fixture
def regions():
    city = RegionFactory(code="120000", name="天津市", level=RegionLevel.CITY)
    d1 = RegionFactory(code="120110", name="东丽区", level=RegionLevel.DISTRICT, parent=city)
    d2 = RegionFactory(code="120111", name="西青区", level=RegionLevel.DISTRICT, parent=city)
    return city, d1, d2


def test_own_then_inherited_then_default(regions):
    city, d1, d2 = regions
    assert training_requirement(d1.code) == TRAINING_HOURS_DEFAULT
    law_setting_set(actor=SYSTEM, region_code=city.code, key=KEY, value=40, source_document=TIANJIN_2014)
    law_setting_set(actor=SYSTEM, region_code=d1.code, key=KEY, value=60, source_document="东丽区2023年度行政执法工作报告")
    own, inherited = training_requirement(d1.code), training_requirement(d2.code)
    assert (own.hours, own.region_code, own.source) == (Decimal(60), d1.code, "东丽区2023年度行政执法工作报告")
    assert (inherited.hours, inherited.region_code, inherited.source) == (Decimal(40), city.code, TIANJIN_2014)


def test_set_by_the_districts_supervisor_only(regions):
    _city, d1, d2 = regions
    sup = make_account(Roles.SUPERVISOR, unit=UnitFactory(region=d1, name="东丽区司法局"))
    admin = make_account(Roles.UNIT_ADMIN, unit=UnitFactory(region=d1))
    law_setting_set(actor=sup, region_code=d1.code, key=KEY, value=50, source_document="东丽区某文件")
    with pytest.raises(PermissionDenied):
        law_setting_set(actor=sup, region_code=d2.code, key=KEY, value=50, source_document="西青区某文件")
    with pytest.raises(PermissionDenied):
        law_setting_set(actor=admin, region_code=d1.code, key=KEY, value=50, source_document="东丽区某文件")
    assert training_requirement(d1.code).hours == 50


def _trained(unit, hours: str):
    p = PersonFactory(unit=unit)
    CertificateFactory(holder=p, issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2029, 12, 31))
    org.training_record(
        actor=SYSTEM, organizer=unit, title="培训", kind="general", held_on=dt.date(2024, 5, 6), hours=Decimal(hours),
        attendees=[p],
    )
    return p


def test_metric_and_page_follow_the_setting(regions, client):
    _city, d1, _d2 = regions
    justice = UnitFactory(region=d1, name="东丽区司法局")
    unit = UnitFactory(region=d1)
    _trained(unit, "50")
    _trained(unit, "64")

    def rate():
        return metrics.compute("培训达标率", d1.code, dt.date(2024, 1, 1), dt.date(2024, 12, 31))

    assert (rate().num, rate().den) == (1, 2)  # the default: 60
    sup = make_account(Roles.SUPERVISOR, unit=justice)
    client.force_login(sup, backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(
        "/staff/trainings/?year=2024",
        {"_form": "requirement", "requirement-value": "40", "requirement-source_document": TIANJIN_2014},
    )
    assert r.status_code == 302
    assert (rate().num, rate().den) == (2, 2)
    page = client.get("/staff/trainings/?year=2024").content.decode()
    assert f"40学时（{TIANJIN_2014}）" in page and "每人每年不少于40学时" in page
    bad = client.post("/staff/trainings/?year=2024", {"_form": "requirement", "requirement-value": "40"})
    assert bad.status_code == 422 and "依据文件" in bad.content.decode()
