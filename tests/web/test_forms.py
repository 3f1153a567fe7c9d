"""Forms show the services' Chinese errors at the field they name."""

import pytest
from django.urls import reverse

from zhifa.enforcement.models import Inspection, Party


def form_data(sample, **over):
    data = {
        "started_at": "2023-11-10T09:00",
        "power": sample.powers["XZJC-SCJ-001"].pk,
        "kind": "routine",
        "mode": "on_site",
        "officer_a": sample.people["scj_officer1"].pk,
        "officer_b": sample.people["scj_officer2"].pk,
        "party_kind": "org",
        "party_name": "东丽区新开商贸有限公司",
        "party_code": "",
        "findings": "经营场所整洁，证照齐全。",
    }
    data.update(over)
    return data


@pytest.mark.django_db
def test_record_an_inspection(login, sample):
    from zhifa.core.validators import make_uscc

    client = login("scj_officer1")
    uscc = make_uscc("91120110", 777)
    r = client.post(reverse("web:inspection_new"), form_data(sample, party_code=uscc))
    assert r.status_code == 302, r.content.decode()[:2000]
    insp = Inspection.objects.get(party__uscc=uscc)
    assert insp.unit == sample.units["scj"] and insp.officer_b == sample.people["scj_officer2"]
    # the same party again is found, not registered twice
    r = client.post(reverse("web:inspection_new"), form_data(sample, party_code=uscc, started_at="2023-11-11T09:00"))
    assert r.status_code == 302 and Party.objects.filter(uscc=uscc).count() == 1


@pytest.mark.django_db
def test_bad_uscc_error_is_at_its_field(login, sample):
    r = login("scj_officer1").post(reverse("web:inspection_new"), form_data(sample, party_code="91120110MA05XXXX0X"))
    assert r.status_code == 422
    body = r.content.decode()
    row = body[body.index('id="row-party_code"') :]
    row = row[: row.index("</div>\n  \n  <div") if "</div>\n  \n  <div" in row else 2000]
    assert "校验码" in row


@pytest.mark.django_db
def test_single_officer_is_refused_with_the_rule(login, sample):
    from zhifa.core.validators import make_uscc

    r = login("scj_officer1").post(
        reverse("web:inspection_new"), form_data(sample, officer_b="", party_code=make_uscc("91120110", 778))
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "第四十二条" in body or "两名" in body or "两人" in body
    assert not Inspection.objects.filter(party__uscc=make_uscc("91120110", 778)).exists()


@pytest.mark.django_db
def test_future_time_is_refused(login, sample):
    r = login("scj_officer1").post(reverse("web:inspection_new"), form_data(sample, started_at="2099-01-01T09:00"))
    assert r.status_code == 422 and "检查时间不能晚于当前时间" in r.content.decode()
