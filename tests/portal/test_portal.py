"""The public portal: search of published decisions, masked texts, 权责清单, rate-limited clues."""

import datetime as dt

import pytest
from django.urls import reverse

from zhifa.enforcement.choices import DisclosureStatus, Outcome
from zhifa.enforcement.models import Disclosure


@pytest.mark.django_db
def test_search_lists_only_published(client, sample):
    hidden = Disclosure.objects.filter(unit=sample.units["cgw"]).first()
    hidden.status = DisclosureStatus.DUE
    hidden.save()
    body = client.get(reverse("portal:index")).content.decode()
    assert sample.cases[next(iter(sample.cases))].decision_no in body or "决定书文号" in body
    all_pages = "".join(client.get(reverse("portal:index") + f"?page={p}").content.decode() for p in range(1, 4))
    assert hidden.case.decision_no not in all_pages
    r = client.get(reverse("portal:decision", args=[hidden.pk]))
    assert r.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expect_unit, reject_unit",
    [
        ({"unit": "scj"}, "东scj罚决字", "东cgw罚决字"),
        ({"unit": "cgw"}, "东cgw罚决字", "东scj罚决字"),
        ({"q": "建筑垃圾"}, "东cgw罚决字", "东scj罚决字"),
        ({"q": "食品"}, "东scj罚决字", "东cgw罚决字"),
    ],
)
def test_search_filters(client, sample, params, expect_unit, reject_unit):
    if "unit" in params:
        params = {"unit": sample.units[params["unit"]].pk}
    body = client.get(reverse("portal:index"), params).content.decode()
    assert expect_unit in body and reject_unit not in body


@pytest.mark.django_db
def test_search_by_date_and_type(client, sample):
    body = client.get(reverse("portal:index"), {"start": "2023-03-01", "end": "2023-03-31"}).content.decode()
    march = Disclosure.objects.filter(published_on__range=(dt.date(2023, 3, 1), dt.date(2023, 3, 31)))
    others = Disclosure.objects.exclude(pk__in=march.values("pk"))
    assert march.exists() and all(d.case.decision_no in body for d in march)
    assert not any(d.case.decision_no in body for d in others)
    body = client.get(reverse("portal:index"), {"type": Outcome.FIRST_OFFENCE}).content.decode()
    assert "没有符合条件的公示信息" in body


@pytest.mark.django_db
def test_a_bad_date_is_reported_and_the_other_filters_still_apply(client, sample):
    r = client.get(reverse("portal:index"), {"start": "2023-13-45", "page": "x", "unit": sample.units["cgw"].pk})
    body = r.content.decode()
    assert r.status_code == 200 and "公示日期起：" in body
    assert "东cgw罚决字" in body and "东scj罚决字" not in body


@pytest.mark.django_db
def test_decision_page_masks_the_person(client, sample):
    d = Disclosure.objects.filter(case__party__kind="person").select_related("case__party").first()
    body = client.get(reverse("portal:decision", args=[d.pk])).content.decode()
    party = d.case.party
    assert party.name not in body and party.id_number not in body and party.phone not in body
    assert party.name[0] + "*" * (len(party.name) - 1) in body


@pytest.mark.django_db
def test_unpublished_text_is_rescrubbed(client, sample):
    """A public_text that slipped through unmasked (e.g. edited in the admin) is still masked on the page."""
    d = Disclosure.objects.filter(case__party__kind="person").select_related("case__party").first()
    party = d.case.party
    d.public_text = f"当事人{party.name}，身份证{party.id_number}，电话{party.phone}"
    d.save()
    body = client.get(reverse("portal:decision", args=[d.pk])).content.decode()
    assert party.name not in body and party.id_number not in body and party.phone not in body


@pytest.mark.django_db
def test_powers_list_of_a_unit(client, sample):
    unit = sample.units["scj"]
    body = client.get(reverse("portal:units")).content.decode()
    assert unit.name in body
    body = client.get(reverse("portal:unit_powers", args=[unit.pk])).content.decode()
    assert "XZCF-SCJ-001" in body and "XZCF-CGW-001" not in body
    body = client.get(reverse("portal:unit_powers", args=[unit.pk]), {"category": "inspection"}).content.decode()
    assert "XZJC-SCJ-001" in body and "XZCF-SCJ-001" not in body


@pytest.mark.django_db
def test_clue_rate_limit_per_address(client, sample, settings):
    url = reverse("portal:clue")
    data = {"text": "某市场摊位长期占道经营，执法人员未处理。", "contact": ""}
    statuses = [client.post(url, data, REMOTE_ADDR="10.0.0.1").status_code for _ in range(5)]
    assert 429 not in statuses
    r = client.post(url, data, REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 429 and "每小时最多提交5条" in r.content.decode()
    # another address is not limited by the first one
    assert client.post(url, data, REMOTE_ADDR="10.0.0.2").status_code != 429


@pytest.mark.django_db
def test_clue_form_errors_at_the_field(client, sample):
    r = client.post(reverse("portal:clue"), {"text": "太短"}, REMOTE_ADDR="10.0.0.3")
    body = r.content.decode()
    assert r.status_code == 422 and "线索内容至少10个字" in body


@pytest.mark.django_db
def test_page_cache_sees_a_new_publication_at_once(client, sample):
    first = client.get(reverse("portal:index")).content.decode()
    d = Disclosure.objects.select_related("case").order_by("-published_on").first()
    assert d.case.decision_no in first
    d.status = DisclosureStatus.WITHDRAWN  # 行政处罚法第四十八条: withdrawn, must leave the portal
    d.save()
    again = client.get(reverse("portal:index")).content.decode()
    assert d.case.decision_no not in again
    assert client.get(reverse("portal:decision", args=[d.pk])).status_code == 404
