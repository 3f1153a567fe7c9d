"""Workspace pages for 行政强制 measures, 行政许可 and the disclosure queue: forms call the services,
errors come back at their field in Chinese, roles are the policy's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PowerFactory
from zhifa.core import calendar
from zhifa.core.validators import make_uscc
from zhifa.enforcement.choices import DisclosureStatus
from zhifa.enforcement.models import CoerciveMeasure, Disclosure, LicenceDecision
from zhifa.powers.choices import PowerCategory

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2024, 6, 3)  # the sample's certificates run 2020-01-01 to 2025-01-01


@pytest.fixture
def powers(sample):
    scj = sample.units["scj"]
    start = dt.date(2020, 1, 1)
    return (
        PowerFactory(
            owner=scj,
            code="XZQZ-SCJ-001",
            name="查封扣押不符合食品安全标准的食品",
            category=PowerCategory.COERCION,
            effective_from=start,
        ),
        PowerFactory(
            owner=scj, code="XZXK-SCJ-001", name="食品经营许可", category=PowerCategory.LICENSE, effective_from=start
        ),
    )


def measure_data(sample, power, **over):
    data = {
        "kind": "seal",
        "power": power.pk,
        "decided_on": DECIDED.isoformat(),
        "term_days": "30",
        "decision_no": "东市监封〔2025〕1号",
        "approved_by": "冯正清",
        "reason": "涉嫌经营超过保质期的食品",
        "items": "过期奶粉 12 箱",
        "officer_a": sample.people["scj_officer1"].pk,
        "officer_b": sample.people["scj_officer2"].pk,
        "onsite_record": "on",
        "recording_device": "执法记录仪01",
        "party_kind": "org",
        "party_name": "东丽区新开商贸有限公司",
        "party_code": make_uscc("91120110", 778),
        "recording": SimpleUploadedFile("seal.mp4", b"\x00\x01video", content_type="video/mp4"),
    }
    data.update(over)
    return data


def test_seal_of_31_days_is_refused_at_the_term_field(login, sample, powers):
    client = login("scj_officer1")
    r = client.post(reverse("web:measure_new"), measure_data(sample, powers[0], term_days="31"))
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="row-term_days"' in html and "期限不得超过30日" in html and "《行政强制法》第二十五条" in html
    assert not CoerciveMeasure.objects.exists()


def test_seal_without_recording_refused_at_recording_field(login, sample, powers):
    client = login("scj_officer1")
    data = measure_data(sample, powers[0])
    del data["recording"]
    r = client.post(reverse("web:measure_new"), data)
    assert r.status_code == 422
    assert "全程音像记录" in r.content.decode()


def test_seal_recorded_extended_and_lifted(login, sample, powers):
    client = login("scj_officer1")
    r = client.post(reverse("web:measure_new"), measure_data(sample, powers[0]))
    assert r.status_code == 302, r.content.decode()[:3000]
    m = CoerciveMeasure.objects.get()
    assert m.recordings.count() == 1 and m.unit == sample.units["scj"]
    page = client.get(reverse("web:measure_detail", args=[m.pk])).content.decode()
    assert m.decision_no in page and "未解除" in page
    # the extension is the leader's (第二十五条: 经行政机关负责人批准)
    r = client.post(
        reverse("web:measure_extend", args=[m.pk]),
        {
            "ext-extension_days": "10",
            "ext-extension_on": "2024-06-20",
            "ext-extension_approved_by": "冯正清",
            "ext-extension_reason": "需检验",
        },
    )
    assert r.status_code == 403
    leader = login("scj_leader")
    r = leader.post(
        reverse("web:measure_extend", args=[m.pk]),
        {
            "ext-extension_days": "31",
            "ext-extension_on": "2024-06-20",
            "ext-extension_approved_by": "冯正清",
            "ext-extension_reason": "需检验",
        },
    )
    assert r.status_code == 422 and "延长期限不得超过30日" in r.content.decode()
    r = leader.post(
        reverse("web:measure_extend", args=[m.pk]),
        {
            "ext-extension_days": "30",
            "ext-extension_on": "2024-06-20",
            "ext-extension_approved_by": "冯正清",
            "ext-extension_reason": "需检验",
        },
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.extension_days == 30
    officer = login("scj_officer1")
    r = officer.post(
        reverse("web:measure_lift", args=[m.pk]),
        {"lift-lifted_on": "2024-07-01", "lift-lift_reason": "no_violation"},
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.lifted_on == dt.date(2024, 7, 1)


def test_supervisor_reads_but_does_not_record(login, sample, powers):
    client = login("sup")
    assert client.get(reverse("web:measures")).status_code == 200
    assert client.post(reverse("web:measure_new"), measure_data(sample, powers[0])).status_code == 403


def test_licence_accepted_decided_late_then_published_from_the_queue(login, sample, powers):
    officer = login("scj_officer1")
    accepted = dt.date(2024, 3, 4)
    r = officer.post(
        reverse("web:licence_new"),
        {
            "power": powers[1].pk,
            "application_no": "东市监许受〔2025〕9号",
            "subject": "食品经营许可（新办）",
            "accepted_on": accepted.isoformat(),
            "officer_a": sample.people["scj_officer1"].pk,
            "party_kind": "org",
            "party_name": "东丽区新开商贸有限公司",
            "party_code": make_uscc("91120110", 779),
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    x = LicenceDecision.objects.get()
    assert x.due_on == calendar.add_working_days(accepted, 20)
    leader = login("scj_leader")
    r = leader.post(
        reverse("web:licence_extend", args=[x.pk]),
        {
            "ext-extension_days": "11",
            "ext-extension_on": accepted.isoformat(),
            "ext-extension_approved_by": "冯正清",
            "ext-extension_reason": "需现场核查",
        },
    )
    assert r.status_code == 422 and "《行政许可法》第四十二条" in r.content.decode()
    late = calendar.add_working_days(accepted, 21)
    r = leader.post(
        reverse("web:licence_decide", args=[x.pk]),
        {"dec-decided_on": late.isoformat(), "dec-result": "grant", "dec-decision_no": "东市监许〔2025〕9号"},
        follow=True,
    )
    assert r.status_code == 200 and "超期1个工作日" in r.content.decode()
    d = Disclosure.objects.get(licence=x)
    assert d.due_on == calendar.add_working_days(late, 7)
    # the queue: an officer may not publish; the unit admin may
    assert (
        officer.post(reverse("web:disclosure_publish", args=[d.pk]), {"published_on": late.isoformat()}).status_code
        == 403
    )
    admin = login("scj_admin")
    page = admin.get(reverse("web:disclosures")).content.decode()
    assert "行政许可决定" in page and "东市监许〔2025〕9号" in page
    admin.post(reverse("web:disclosure_publish", args=[d.pk]), {"published_on": late.isoformat()})
    d.refresh_from_db()
    assert d.status == DisclosureStatus.PUBLISHED and d.published_on == late
    # the decision is revoked: withdrawn within 3 working days (第四十八条第二款), with the reason published
    changed = late + dt.timedelta(days=30)
    admin.post(
        reverse("web:disclosure_withdraw", args=[d.pk]),
        {"changed_on": changed.isoformat(), "withdrawn_on": changed.isoformat(), "reason": "行政复议决定撤销"},
    )
    d.refresh_from_db()
    assert d.status == DisclosureStatus.WITHDRAWN and d.withdraw_due_on == calendar.add_working_days(changed, 3)
    assert "【已撤回】行政复议决定撤销" in d.public_text
    # the unit admin turns on automatic publication
    admin.post(reverse("web:disclosure_setting"), {"auto_publish": "1"})
    assert sample.units["scj"].disclosure_setting.auto_publish
