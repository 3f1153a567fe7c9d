"""One unit's user cannot see or change another unit's records, by URL or by form (404 / 403)."""

import pytest
from django.urls import reverse

from zhifa.enforcement.models import Inspection


@pytest.mark.django_db
def test_other_units_case_is_404_to_read_and_to_change(login, sample):
    case = sample.cases["open"]  # the 市场监管局's
    other = login("cgw_officer1")
    assert other.get(reverse("web:case_detail", args=[case.pk])).status_code == 404
    r = other.post(
        reverse("web:case_transition", args=[case.pk]), {"to_status": "investigating", "on_date": "2023-11-10"}
    )
    assert r.status_code == 404
    r = other.post(
        reverse("web:case_review", args=[case.pk]), {"reviewed_on": "2023-11-10", "result": "approve", "opinion": "x"}
    )
    assert r.status_code == 404
    case.refresh_from_db()
    assert case.status == "filed"


@pytest.mark.django_db
def test_other_units_inspection_and_alert_are_404(login, sample):
    insp = Inspection.objects.filter(unit=sample.units["scj"]).first()
    other = login("cgw_officer1")
    assert other.get(reverse("web:inspection_detail", args=[insp.pk])).status_code == 404
    alert = sample.alerts[0]
    assert other.get(reverse("web:alert_detail", args=[alert.pk])).status_code == 404
    assert other.post(reverse("web:alert_action", args=[alert.pk]), {"action": "acknowledge"}).status_code == 404


@pytest.mark.django_db
def test_inspection_form_refuses_another_units_officer_and_power(login, sample):
    client = login("scj_officer1")
    r = client.post(
        reverse("web:inspection_new"),
        {
            "started_at": "2023-11-10T09:00",
            "power": sample.powers["XZJC-CGW-001"].pk,
            "kind": "routine",
            "mode": "on_site",
            "officer_a": sample.people["scj_officer1"].pk,
            "officer_b": sample.people["cgw_officer1"].pk,
            "party_kind": "org",
            "party_name": "东丽区测试商贸有限公司",
            "party_code": sample.parties[2].uscc,
        },
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert body.count("选择一个有效的选项") == 2 or body.count("Select a valid choice") == 2
    assert not Inspection.objects.filter(officer_b=sample.people["cgw_officer1"], unit=sample.units["scj"]).exists()


@pytest.mark.django_db
def test_unit_user_may_not_act_as_supervisor_on_an_alert(login, sample):
    alert = sample.alerts[1]  # the 市场监管局's, open, no rectification yet
    r = login("scj_officer1").post(
        reverse("web:alert_action", args=[alert.pk]), {"action": "dismiss", "reason": "自行关闭"}
    )
    assert r.status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.django_db
def test_unit_user_may_not_start_reports(login, sample):
    r = login("scj_admin").post(reverse("web:jobs"), {"kind": "bulletin", "year": 2023, "month": 12})
    assert r.status_code == 403


@pytest.mark.django_db
def test_supervisor_cannot_record_an_inspection(login, sample):
    assert login("sup").get(reverse("web:inspection_new")).status_code == 403


@pytest.mark.parametrize("who", ["scj_admin", "scj_officer1", "sup"])
def test_every_menu_link_opens_for_whoever_sees_it(login, sample, who):
    # the menu offers a page only to those the policy lets use it: no link of the side menu leads to a 403
    import re

    c = login(who)
    page = c.get("/staff/").content.decode()
    start = page.index('class="sidenav"')
    nav = page[start : page.index("</nav>", start)]
    links = re.findall(r'<a href="(/staff/[^"]*)"', nav)
    assert len(links) > 15
    refused = [href for href in links if c.get(href).status_code != 200]
    assert refused == []
    if who != "sup":
        assert "/staff/reports/texts/" not in links
