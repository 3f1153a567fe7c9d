"""The case page: the transitions the workflow offers now, the rules that block them, and the legal-review road."""

import re

import pytest
from django.urls import reverse

from zhifa.enforcement.models import CaseTransition, Disclosure, LegalReview


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def step(client, case, to_status, on_date, **data):
    return client.post(
        reverse("web:case_transition", args=[case.pk]), {"to_status": to_status, "on_date": on_date, **data}
    )


@pytest.mark.django_db
def test_case_through_legal_review_to_decision(login, sample):
    case = sample.cases["open"]
    officer = login("scj_officer1")
    assert step(officer, case, "investigating", "2023-11-10").status_code == 302
    r = step(officer, case, "notified", "2023-11-15", penalty_kinds=["warning", "fine"], fine_amount="5000")
    assert r.status_code == 302
    decide = {"decision_no": "东scj罚决字〔2023〕第900号", "penalty_kinds": ["warning", "fine"], "fine_amount": "5000"}
    # 决定 is the leader's (policy): the officer is not offered it and is refused
    page = text(officer.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "转入“决定”" not in page
    assert step(officer, case, "decided", "2023-11-24", **decide).status_code == 403
    # the leader is offered it, blocked by the 法制审核 rule, with its citation
    leader = login("scj_leader")
    page = text(leader.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "转入“决定” 不能办理" in page
    assert "未经法制审核不得作出决定" in page and "《行政处罚法》第五十八条" in page
    r = step(leader, case, "decided", "2023-11-24", **decide)
    assert r.status_code == 422 and "未经法制审核不得作出决定" in text(r)

    # the officer who investigated cannot review (not a reviewer); the designated reviewer can
    officer = login("scj_officer1")
    r = officer.post(
        reverse("web:case_review", args=[case.pk]),
        {"reviewed_on": "2023-11-21", "result": "approve", "opinion": "事实清楚"},
    )
    assert r.status_code == 403 and LegalReview.objects.filter(case=case).count() == 0
    reviewer = login("scj_reviewer")
    assert step(reviewer, case, "legal_review", "2023-11-20").status_code == 302
    r = reviewer.post(
        reverse("web:case_review", args=[case.pk]), {"reviewed_on": "2023-11-21", "result": "approve", "opinion": ""}
    )
    assert r.status_code == 422 and "书面审核意见" in text(r)
    r = reviewer.post(
        reverse("web:case_review", args=[case.pk]),
        {"reviewed_on": "2023-11-21", "result": "approve", "opinion": "事实清楚，证据确凿，同意拟处罚意见。"},
    )
    assert r.status_code == 302 and LegalReview.objects.filter(case=case).count() == 1

    leader = login("scj_leader")
    page = text(leader.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "转入“决定” 规则检查通过" in page
    r = step(leader, case, "decided", "2023-11-24", **decide)
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "decided" and str(case.decided_on) == "2023-11-24"
    # the sample opened the case through workflow.case_open, so the trail starts at 立案
    assert list(CaseTransition.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "filed",
        "investigating",
        "notified",
        "legal_review",
        "decided",
    ]
    assert Disclosure.objects.filter(case=case).exists()
    page = text(leader.get(reverse("web:case_detail", args=[case.pk])))
    assert "法制审核 → 决定" in page


@pytest.mark.django_db
def test_transition_error_is_shown_at_the_step(login, sample):
    case = sample.cases["open"]
    officer = login("scj_officer1")
    r = step(officer, case, "investigating", "2023-11-10")
    r = step(officer, case, "notified", "2023-11-15", penalty_kinds=["warning"], fine_amount="abc")
    assert r.status_code == 422
    assert "罚款金额（元）“abc”不是有效金额" in text(r)
    case.refresh_from_db()
    assert case.status == "investigating"


@pytest.mark.django_db
def test_bad_date_is_refused_not_crashed(login, sample):
    r = step(login("scj_officer1"), sample.cases["open"], "investigating", "2023-02-30")
    assert r.status_code == 422 and "不是有效日期" in text(r)


@pytest.mark.django_db
def test_major_case_needs_collective_discussion(login, sample):
    case = sample.cases["open"]
    case.is_major = True
    case.save(update_fields=["is_major"])
    officer = login("scj_officer1")
    step(officer, case, "investigating", "2023-11-10")
    step(officer, case, "notified", "2023-11-15", penalty_kinds=["warning", "fine"], fine_amount="5000")
    page = text(officer.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "记录集体讨论" not in page
    leader = login("scj_leader")
    page = text(leader.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "应当由行政机关负责人集体讨论决定" in page
    url = reverse("web:case_discussion", args=[case.pk])
    r = leader.post(url, {"held_on": "2023-11-22", "attendees": "", "conclusion": ""})
    assert r.status_code == 422 and "参加人员和讨论结论" in text(r)
    r = leader.post(
        url,
        {"held_on": "2023-11-22", "attendees": "冯正清、钱立群、郑法明", "conclusion": "同意给予警告并处罚款5000元。"},
    )
    assert r.status_code == 302
    page = text(leader.get(reverse("web:case_detail", args=[case.pk]) + "?on=2023-11-24"))
    assert "应当由行政机关负责人集体讨论决定" not in page and "冯正清、钱立群、郑法明" in page
    assert (
        login("cgw_officer1").post(url, {"held_on": "2023-11-22", "attendees": "x", "conclusion": "y"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_changing_the_date_rechecks_the_rules_htmx(login, sample):
    case = sample.cases["open"]
    client = login("scj_officer1")
    url = reverse("web:case_detail", args=[case.pk])
    early = client.get(url + "?on=2023-11-10", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-actions").content.decode()
    assert early.lstrip().startswith('<div id="case-actions">') and "<html" not in early
    assert "没有有效的行政执法证件" not in early
    # the officers' certificates run until 2025-01-01 (sample): on a later date 第四十二条 blocks the step
    late = text(client.get(url + "?on=2025-06-01", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-actions"))
    assert "转入“调查取证” 不能办理" in late and "在2025-06-01没有有效的行政执法证件" in late
    assert "《行政处罚法》第四十二条" in late
