"""涉企行政检查 under 国办发〔2024〕54号 in a real chromium: an officer requests approval; the head approves with the
cap warning showing; the 行政检查通知书 DOCX carries the QR code; the code's page shows the certificates' validity
and the cap count; a complaint filed there reaches the 司法局's clue queue."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, RegionFactory, UnitFactory, make_account
from zhifa.core.validators import make_uscc
from zhifa.enforcement.models import Inspection, Party
from zhifa.powers.choices import PowerCategory
from zhifa.supervision.models import InspectionCap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Zhifa-test-2024!"


def _login(page, username):
    page.context.clear_cookies()
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")


def test_request_approve_notice_scan_complaint(page, shots, settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    region = RegionFactory()
    unit = UnitFactory(region=region, name="区市场监督管理局")
    justice = UnitFactory(region=region, name="区司法局")
    a, b = PersonFactory(unit=unit, name="李明"), PersonFactory(unit=unit, name="王芳")
    for p in (a, b):
        CertificateFactory(holder=p, issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2030, 12, 31))
    power = PowerFactory(
        owner=unit, code="JC-001", name="对食品经营者的监督检查", category=PowerCategory.INSPECTION,
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
    )
    party = Party.objects.create(
        region=region, kind="org", party_type="business", name="天津某食品有限公司", uscc=make_uscc("91120110", 321)
    )
    make_account("officer", person=a, username="jc_officer")
    leader = make_account("leader", unit=unit, username="jc_leader")
    make_account("supervisor", unit=justice, username="sfj_sup")
    year = timezone.localdate().year + 1
    InspectionCap.objects.create(
        region=region, year=year, unit=unit, max_per_year=1, source_document="区市场监管局年度检查频次上限公告"
    )
    # an approved inspection earlier that year: the next one would exceed the cap of one
    Inspection.objects.create(
        region=region, unit=unit, power=power, party=party, officer_a=a, officer_b=b, inspection_class="routine",
        started_at=timezone.make_aware(dt.datetime(year, 2, 1, 9)), approver=leader.person,
        approved_at=timezone.now(),
    )

    _login(page, "jc_officer")
    page.goto("/staff/inspections/request/")
    page.fill("#id_started_at", f"{year}-06-10T09:30")
    page.select_option("#id_power", label="JC-001 对食品经营者的监督检查")
    page.select_option("#id_inspection_class", "case")
    page.select_option("#id_case_source", "complaint")
    page.select_option("#id_officer_a", label="李明")
    page.select_option("#id_officer_b", label="王芳")
    page.select_option("#id_party_kind", "org")
    page.fill("#id_party_name", party.name)
    page.fill("#id_party_code", party.uscc)
    shots.take(page, "request-form")
    page.click("#request-submit")
    expect(page.locator("#approval")).to_contain_text("待审批")
    insp = Inspection.objects.latest("pk")

    _login(page, "jc_leader")
    page.goto(f"/staff/inspections/{insp.pk}/")
    page.click("#to-approve")
    expect(page.locator("#cap-warning")).to_contain_text("超过年度检查频次上限1次")
    shots.take(page, "approval-cap-warning")
    page.click("#approve")
    expect(page.locator("#code-url")).to_be_visible()
    shots.take(page, "approved-detail")
    with page.expect_download() as dl:
        page.click("#doc-notice")
    data = open(dl.value.path(), "rb").read()
    z = zipfile.ZipFile(io.BytesIO(data))
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    code_url = page.locator("#code-url").inner_text()
    assert code_url in z.read("word/document.xml").decode()

    page.context.clear_cookies()
    page.goto(code_url)
    expect(page.locator("#ic-officers")).to_contain_text(a.certificates.get().number)
    expect(page.locator("#ic-officers")).to_contain_text("有效")
    expect(page.locator("#ic-cap")).to_contain_text("第2次，年度上限1次")
    shots.take(page, "scan-page")
    page.select_option("#id_stars", "2")
    page.fill("#id_complaint", "检查人员要求企业停产配合检查，影响正常经营")
    page.click("#rating-form button[type=submit]")
    ref = page.locator("#clue-ref").inner_text()
    assert re.match(r"XS\d{8}-[A-Z2-9]{8}$", ref)  # receipt date and a random code (supervision.clue reference)
    shots.take(page, "complaint-filed")

    _login(page, "sfj_sup")
    page.goto("/staff/clues/")
    expect(page.locator("body")).to_contain_text("扫码入企投诉")
    shots.take(page, "clue-queue")
