"""The 54号 flow through HTTP: officer requests, the head approves with the cap warning, the 行政检查通知书 carries
the 扫码入企 code, the code's page shows certificate validity and the cap count, a complaint reaches the queue."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import timezone

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, RegionFactory, UnitFactory, make_account
from zhifa.core.validators import make_uscc
from zhifa.enforcement.models import Inspection, Party
from zhifa.powers.choices import PowerCategory
from zhifa.supervision.models import Clue, InspectionCap, InspectionRating

D = dt.date


@pytest.fixture
def w(db):
    region = RegionFactory()
    unit = UnitFactory(region=region, name="区市场监督管理局")
    a = PersonFactory(unit=unit, name="李明")
    b = PersonFactory(unit=unit, name="王芳")
    for p in (a, b):
        CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2030, 12, 31))
    power = PowerFactory(
        owner=unit, code="JC-001", name="对食品经营者的监督检查", category=PowerCategory.INSPECTION,
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
    )
    party = Party.objects.create(
        region=region, kind="org", party_type="business", name="天津某食品有限公司", uscc=make_uscc("91120110", 321)
    )
    officer = make_account("officer", person=a)
    leader = make_account("leader", unit=unit)
    year = timezone.localdate().year + 1
    InspectionCap.objects.create(region=region, year=year, unit=unit, max_per_year=1, source_document="区市场监管局检查频次上限公告")
    return type("W", (), dict(region=region, unit=unit, a=a, b=b, power=power, party=party, officer=officer,
                              leader=leader, year=year))


def _request(client, w, month):
    client.force_login(w.officer)
    return client.post(
        "/staff/inspections/request/",
        {
            "started_at": f"{w.year}-{month:02d}-10T09:30", "power": w.power.pk, "inspection_class": "case",
            "case_source": "complaint", "mode": "on_site", "officer_a": w.a.pk, "officer_b": w.b.pk,
            "party_kind": "org", "party_name": w.party.name, "party_code": w.party.uscc,
        },
    )


def test_request_approve_notice_scan_complaint(client, w):
    r = _request(client, w, 3)
    assert r.status_code == 302, r.content.decode()[:2000]
    first = Inspection.objects.get()
    client.force_login(w.leader)
    assert client.post(f"/staff/inspections/{first.pk}/approve/").status_code == 302
    # the second inspection of the year would exceed the cap of 1: the approval screen warns before approving
    _request(client, w, 6)
    second = Inspection.objects.latest("pk")
    client.force_login(w.leader)
    page = client.get(f"/staff/inspections/{second.pk}/approve/").content.decode()
    assert 'id="cap-warning"' in page and "超过年度检查频次上限1次" in page
    r = client.post(f"/staff/inspections/{second.pk}/approve/", follow=True)
    assert "超过年度检查频次上限" in r.content.decode()
    second.refresh_from_db()
    assert second.approver == w.leader.person and second.approved_at is not None

    # the notice carries the code: a PNG in the DOCX and the URL in its text
    doc = client.get(f"/staff/inspections/{second.pk}/doc/notice/")
    assert doc.status_code == 200
    import os

    if os.environ.get("ZHIFA_SAVE_DOCX"):  # for rendering the notice to look at (docs/legal-basis.md)
        with open(os.environ["ZHIFA_SAVE_DOCX"], "wb") as fh:
            fh.write(doc.content)
    z = zipfile.ZipFile(io.BytesIO(doc.content))
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    xml = z.read("word/document.xml").decode()
    url = re.search(r"http://testserver(/portal/inspection/[^<\s]+/)", xml).group(1)
    assert second.scan_code.token in url
    for kind in ("approval", "record"):
        assert client.get(f"/staff/inspections/{second.pk}/doc/{kind}/").status_code == 200

    # the code's page: body, item, basis, approval, certificate numbers and validity, count against the cap
    client.logout()
    page = client.get(url).content.decode()
    cert = w.a.certificates.get()
    for text in ("区市场监督管理局", "JC-001", "食品安全法", "经行政执法主体负责人批准", cert.number, "有效", "第2次，年度上限1次", "已超过上限"):
        assert text in page, text
    assert w.party.uscc not in page and w.a.id_number not in page

    r = client.post(url, {"stars": 2, "comment": "", "complaint": "检查人员要求企业停产接受检查，影响经营"})
    assert r.status_code == 200 and 'id="clue-ref"' in r.content.decode()
    clue = Clue.objects.get()
    assert clue.region_id == w.region.code and "扫码入企投诉" in clue.text and clue.status == "received"
    assert InspectionRating.objects.get().clue == clue


def test_bad_code_is_404(client, db):
    assert client.get("/portal/inspection/not-a-code/").status_code == 404


def test_enterprise_page_and_frequency_figures(client, w):
    """Two bodies visit the enterprise five days apart (综合查一次 opportunity); the 统计年报 figures count them."""
    from tests.factories import make_account as acct
    from zhifa import metrics
    from zhifa.metrics.inspection_frequency import distribution
    from zhifa.metrics.query import Query

    other = UnitFactory(region=w.region, name="区应急管理局")
    c = PersonFactory(unit=other)
    CertificateFactory(holder=c, issued_on=D(2020, 1, 1), valid_until=D(2030, 12, 31))
    y = w.year
    base = dict(region=w.region, party=w.party, power=w.power, officer_a=w.a, officer_b=w.b, inspection_class="routine")
    Inspection.objects.create(unit=w.unit, started_at=timezone.make_aware(dt.datetime(y, 3, 1, 9)), **base)
    Inspection.objects.create(unit=w.unit, started_at=timezone.make_aware(dt.datetime(y, 8, 1, 9)), **base)
    Inspection.objects.create(
        unit=other, started_at=timezone.make_aware(dt.datetime(y, 3, 6, 9)), **{**base, "officer_a": c, "officer_b": None}
    )
    sup = acct("supervisor", unit=UnitFactory(region=w.region, name="区司法局"))
    client.force_login(sup)
    page = client.get(f"/staff/enterprises/{w.party.pk}/inspections/?year={y}").content.decode()
    assert page.count("可合并") == 2 and "相隔5日" in page and "区应急管理局" in page
    start, end = D(y, 1, 1), D(y, 12, 31)
    assert metrics.compute("企业受检次数最大值", w.region.code, start, end).value == 3
    assert metrics.compute("受检企业数", w.region.code, start, end).value == 1
    # the cap is 1 for 区市场监督管理局 and it inspected twice: over; 应急 has no cap
    assert metrics.compute("超检查频次上限企业数", w.region.code, start, end).value == 1
    assert distribution(Query(w.region.code, start, end)) == {3: 1}
    # the unit sees its own visits only
    client.force_login(w.officer)
    page = client.get(f"/staff/enterprises/{w.party.pk}/inspections/?year={y}").content.decode()
    assert "区应急管理局" not in page


JOINT = [
    ("5 days, two bodies", [(D(2026, 3, 1), 1, None, 1), (D(2026, 3, 6), 2, None, 2)], 30, [(1, 2, 5)]),
    ("window edge: 30 days", [(D(2026, 3, 1), 1, None, 1), (D(2026, 3, 31), 2, None, 2)], 30, [(1, 2, 30)]),
    ("31 days: outside", [(D(2026, 3, 1), 1, None, 1), (D(2026, 4, 1), 2, None, 2)], 30, []),
    ("same body", [(D(2026, 3, 1), 1, None, 1), (D(2026, 3, 2), 1, None, 2)], 30, []),
    ("already one 联合行动", [(D(2026, 3, 1), 1, 7, 1), (D(2026, 3, 1), 2, 7, 2)], 30, []),
]


@pytest.mark.parametrize("label,visits,window,pairs", JOINT, ids=[r[0] for r in JOINT])
def test_joint_opportunities(label, visits, window, pairs):
    from zhifa.metrics.inspection_frequency import joint_opportunities

    assert joint_opportunities(visits, window) == pairs


def test_supervisor_sets_caps_and_issues_an_opinion(client, w):
    from zhifa.core.calendar import add_working_days
    from zhifa.supervision.models import LawSetting, SupervisionInstrument

    sup = make_account("supervisor", unit=UnitFactory(region=w.region, name="区司法局"))
    client.force_login(sup)
    r = client.post("/staff/law/settings/", {"form": "cap", "year": 2026, "domain": "应急管理", "max_per_year": 2,
                                             "counts_routine": "on", "counts_special": "on", "excludes_superior": "on",
                                             "source_document": "区应急管理局2026年检查频次上限公告"})
    assert r.status_code == 302
    cap = InspectionCap.objects.get(domain="应急管理")
    assert (cap.counts_case, cap.excludes_superior, cap.max_per_year) == (False, True, 2)
    # an instrument issued before the region sets its deadline has none, and says so
    client.post("/staff/law/instruments/", {"form": "issue", "unit": w.unit.pk, "kind": "opinion", "number": "监意〔2026〕1号", "subject": "检查未经审批"})
    assert SupervisionInstrument.objects.get(number="监意〔2026〕1号").response_due is None
    client.post("/staff/law/settings/", {"form": "setting", "key": "opinion_response_days", "value": 10, "source_document": "区司法局监督意见书办理规定"})
    assert LawSetting.objects.get().value == 10
    client.post("/staff/law/instruments/", {"form": "issue", "unit": w.unit.pk, "kind": "opinion", "number": "监意〔2026〕2号", "subject": "检查未经审批"})
    inst = SupervisionInstrument.objects.get(number="监意〔2026〕2号")
    assert inst.response_due == add_working_days(inst.issued_on, 10) and "办理规定" in inst.due_source
    assert "行政执法监督条例" in inst.legal_basis
    client.force_login(w.leader)
    client.post("/staff/law/instruments/", {"form": "answer", "pk": inst.pk, "text": "已补办审批并整改"})
    client.force_login(sup)
    client.post("/staff/law/instruments/", {"form": "follow_up", "pk": inst.pk, "text": "经核实已整改"})
    inst.refresh_from_db()
    assert inst.status == "followed" and inst.answer == "已补办审批并整改" and inst.follow_up == "经核实已整改"
