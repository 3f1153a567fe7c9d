"""行政强制执行 in the workspace: 催告 → 陈述申辩 → 强制执行决定 → 执行, each a form calling its service; the rules
of enforcement.rules_coercion come back at their field in Chinese; roles are the policy's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PowerFactory
from zhifa.core.validators import make_uscc
from zhifa.enforcement.choices import DisclosureKind
from zhifa.enforcement.models import Disclosure, EnforcementExecution
from zhifa.powers.choices import PowerCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def power(sample):
    return PowerFactory(
        owner=sample.units["scj"],
        code="XZQZ-SCJ-009",
        name="加处罚款",
        category=PowerCategory.COERCION,
        effective_from=dt.date(2020, 1, 1),
    )


def demand_data(sample, power, **over):
    data = {
        "power": power.pk,
        "method": "surcharge",
        "obligation": "东市监罚〔2024〕12号行政处罚决定书：缴纳罚款5000元",
        "party_kind": "org",
        "party_name": "东丽区新开商贸有限公司",
        "party_code": make_uscc("91120110", 779),
        "demand_on": "2024-05-06",
        "demand_due": "2024-05-16",
        "officer_a": sample.people["scj_officer1"].pk,
        "officer_b": sample.people["scj_officer2"].pk,
    }
    data.update(over)
    return data


def test_demand_with_a_period_before_it_is_refused_at_that_field(login, sample, power):
    client = login("scj_officer1")
    r = client.post(reverse("web:execution_new"), demand_data(sample, power, demand_due="2024-05-01"))
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="row-demand_due"' in html and "催告书应当载明当事人履行义务的期限" in html and "第三十五条" in html
    assert not EnforcementExecution.objects.exists()


def test_demand_statement_decision_and_execution(login, sample, power):
    officer = login("scj_officer1")
    r = officer.post(reverse("web:execution_new"), demand_data(sample, power))
    assert r.status_code == 302, r.content.decode()[:2000]
    e = EnforcementExecution.objects.get()
    url = reverse("web:execution_detail", args=[e.pk])
    page = officer.get(url).content.decode()
    assert "已催告" in page and "履行期限至2024-05-16" in page
    # the officer may record the statement but not decide (第三十七条: the head's decision)
    r = officer.post(url, {"_form": "statement", "statement-statement_on": "2024-05-10", "statement-statement_note": "当事人称资金困难，复核不成立"})
    assert r.status_code == 302
    r = officer.post(url, {"_form": "decide", "decide-decided_on": "2024-05-20", "decide-decision_no": "东市监强〔2024〕1号"})
    assert r.status_code == 403
    leader = login("scj_leader")
    # within the 催告 period: refused at the date, with the article
    r = leader.post(url, {"_form": "decide", "decide-decided_on": "2024-05-15", "decide-decision_no": "东市监强〔2024〕1号"})
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="row-decide-decided_on"' in html and "第三十七条" in html
    r = leader.post(url, {"_form": "decide", "decide-decided_on": "2024-05-20", "decide-decision_no": "东市监强〔2024〕1号"})
    assert r.status_code == 302, r.content.decode()[:2000]
    e.refresh_from_db()
    assert e.decided_on == dt.date(2024, 5, 20)
    assert Disclosure.objects.get(execution=e).kind == DisclosureKind.EXECUTION
    officer = login("scj_officer1")
    video = SimpleUploadedFile("exec.mp4", b"\x00\x01video", content_type="video/mp4")
    r = officer.post(url, {"_form": "execute", "execute-executed_on": "2024-05-22", "execute-recording": video})
    assert r.status_code == 302, r.content.decode()[:2000]
    e.refresh_from_db()
    assert e.executed_on == dt.date(2024, 5, 22) and e.recordings.count() == 1
    page = officer.get(url).content.decode()
    assert "已执行" in page and "exec.mp4" in page
    assert "已执行" in officer.get(reverse("web:executions")).content.decode()


def test_supervisor_reads_but_does_not_demand(login, sample, power):
    client = login("sup")
    assert client.get(reverse("web:executions")).status_code == 200
    assert client.post(reverse("web:execution_new"), demand_data(sample, power)).status_code == 403
