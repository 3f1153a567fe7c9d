"""The staff workspace in a real chromium: login, dashboard charts, an inspection, a case through legal
review to a decision, an alert answered, a report downloaded, and a cross-unit attempt refused."""

import pytest
from playwright.sync_api import expect

from zhifa.enforcement.models import Inspection, LegalReview, PenaltyCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_dashboard_and_lists(page, login, shots, sample):
    page.goto("/staff/")
    expect(page).to_have_url("/staff/login/?next=/staff/")
    page.fill("#id_username", "sup")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")
    shots.take(page, "login-error")
    login("sup")
    expect(page.locator("h1")).to_contain_text("东丽区 · 2023年执法工作概况")
    expect(page.locator("#acts-chart")).to_have_attribute("data-drawn", "1")
    expect(page.locator("#acts-chart canvas")).to_have_count(1)
    expect(page.locator("#stat-inspections")).to_have_text("40")
    shots.take(page, "dashboard")
    for name, path, marker in [
        ("units", "/staff/units/", "东丽区城市管理委员会"),
        ("people", "/staff/people/", "周海涛"),
        ("certificates", "/staff/certificates/", "有效"),
        ("powers", "/staff/powers/", "XZCF-CGW-001"),
        ("inspections", "/staff/inspections/", "共 40 条"),
        ("cases", "/staff/cases/", "东scj罚〔2023〕900号"),
        ("alerts", "/staff/alerts/?q=公示", "执法决定未按期公示"),
    ]:
        page.goto(path)
        expect(page.locator("main")).to_contain_text(marker)
        shots.take(page, name)
    # HTMX filter: choosing a status swaps the table and pushes the URL
    page.goto("/staff/cases/")
    page.select_option("select[name=status]", "filed")
    expect(page).to_have_url("/staff/cases/?q=&unit=&status=filed&procedure=&from=&to=")
    expect(page.locator("#list")).to_contain_text("共 1 条")


def test_record_an_inspection(page, login, shots, sample):
    login("scj_officer1")
    page.click("nav.sidenav >> text=行政检查")  # the phone menu holds a hidden link of the same name
    page.click("text=+ 新增")
    page.fill("#id_started_at", "2023-11-20T09:30")
    page.select_option("#id_power", label="XZJC-SCJ-001 对食品经营者的监督检查")
    page.select_option("#id_officer_a", label="周海涛")
    page.select_option("#id_party_kind", "org")
    page.fill("#id_party_name", "东丽区新立商贸有限公司")
    page.fill("#id_party_code", "91120110MA05XXXX0X")
    page.fill("#id_findings", "现场检查食品经营许可证、进货查验记录，未发现问题。")
    page.click("#inspection-form button[type=submit]")
    # the service's errors come back at their fields: the USCC check character, and the second officer
    expect(page.locator("#row-party_code .errorlist")).to_contain_text("校验码")
    shots.take(page, "inspection-form-errors")
    from zhifa.core.validators import make_uscc

    page.fill("#id_party_code", make_uscc("91120110", 4242))
    page.click("#inspection-form button[type=submit]")
    expect(page.locator("#row-officer_b .errorlist, .messages .error")).to_contain_text("执法人员")
    page.select_option("#id_officer_b", label="吴静怡")
    page.click("#inspection-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("行政检查已登记")
    expect(page.locator("#party")).to_contain_text("东丽区新立商贸有限公司")
    shots.take(page, "inspection-detail")
    assert Inspection.objects.filter(party__name="东丽区新立商贸有限公司", unit=sample.units["scj"]).count() == 1


def _do(page, to_status, **fields):
    page.wait_for_load_state("networkidle")  # the date change re-renders the step forms (htmx); fill the final ones
    box = page.locator(f"#to-{to_status}")
    for name, value in fields.items():
        el = box.locator(f"[name={name}]")
        if isinstance(value, list):
            el.select_option(value)
        else:
            el.fill(value)
    box.locator("button[type=submit]").click()


def test_case_through_legal_review_to_decision(page, login, shots, sample):
    case = sample.cases["open"]
    login("scj_officer1")
    page.goto(f"/staff/cases/{case.pk}/")
    page.fill("#on-date", "2023-11-10")
    page.dispatch_event("#on-date", "change")
    expect(page.locator("#to-investigating")).to_contain_text("规则检查通过")
    _do(page, "investigating")
    expect(page.locator("#case-status")).to_have_text("调查取证")
    page.fill("#on-date", "2023-11-15")
    page.dispatch_event("#on-date", "change")
    expect(page.locator("#to-notified input[name=on_date]")).to_have_value("2023-11-15")
    _do(page, "notified", penalty_kinds=["warning", "fine"], fine_amount="5000")
    expect(page.locator("#case-status")).to_have_text("告知")
    expect(page.locator("#to-decided")).to_have_count(0)  # 决定 is the leader's (core.policy)

    login("scj_leader")
    page.goto(f"/staff/cases/{case.pk}/")
    page.fill("#on-date", "2023-11-24")
    page.dispatch_event("#on-date", "change")
    decide = page.locator("#to-decided")
    expect(decide).to_contain_text("未经法制审核不得作出决定")
    expect(decide).to_contain_text("《行政处罚法》第五十八条")
    expect(decide.locator("button[type=submit]")).to_be_disabled()
    shots.take(page, "case-blocked")

    login("scj_reviewer")
    page.goto(f"/staff/cases/{case.pk}/")
    page.fill("#on-date", "2023-11-20")
    page.dispatch_event("#on-date", "change")
    expect(page.locator("#to-legal_review input[name=on_date]")).to_have_value("2023-11-20")
    _do(page, "legal_review")
    expect(page.locator("#case-status")).to_have_text("法制审核")
    page.fill("#review-form input[name=reviewed_on]", "2023-11-21")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-panel .errorlist")).to_contain_text("书面审核意见")
    page.fill("#review-opinion", "事实清楚，证据确凿，程序合法，同意拟处罚意见。")
    page.fill("#review-form input[name=reviewed_on]", "2023-11-21")
    page.click("#review-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("法制审核意见已记录")
    assert LegalReview.objects.filter(case=case).count() == 1

    login("scj_leader")
    page.goto(f"/staff/cases/{case.pk}/?on=2023-11-24")
    expect(page.locator("#to-decided")).to_contain_text("规则检查通过")
    _do(
        page, "decided", decision_no="东scj罚决字〔2023〕第900号", penalty_kinds=["warning", "fine"], fine_amount="5000"
    )
    expect(page.locator("#case-status")).to_have_text("决定")
    expect(page.locator("#timeline")).to_contain_text("法制审核 → 决定")
    shots.take(page, "case-decided")
    case.refresh_from_db()
    assert case.status == "decided" and case.decision_no == "东scj罚决字〔2023〕第900号"


def test_answer_an_alert(page, login, shots, sample):
    alert = sample.alerts[0]
    login("scj_admin")
    page.goto("/staff/alerts/")
    page.fill("input[name=q]", "公示")
    page.press("input[name=q]", "Enter")
    page.click(f"a[href='/staff/alerts/{alert.pk}/']")
    expect(page.locator("#alert-status")).to_have_text("已通知整改")
    form = page.locator("#action-respond")
    form.locator("textarea[name=response]").fill("已于12月8日补充公示，并对承办人员进行提醒谈话。")
    form.locator("input[name=responded_on]").fill("2023-12-08")
    form.locator("button[type=submit]").click()
    expect(page.locator("#alert-status")).to_have_text("已整改待核验")
    expect(page.locator("#alert-events")).to_contain_text("已整改待核验")
    shots.take(page, "alert-answered")


def _generate(page, shots, kind, month=""):
    page.goto("/staff/reports/")
    page.select_option("#id_kind", kind)
    page.fill("#id_year", "2023")
    page.fill("#id_month", month)
    page.click("#job-form button[type=submit]")
    # the progress block polls (HTMX, every 1 s) until the file is ready
    expect(page.locator("#job-progress")).to_be_visible()
    expect(page.locator("#download")).to_be_visible(timeout=60000)
    expect(page.locator("#job-progress")).to_have_attribute("data-status", "done")
    shots.take(page, f"{kind}-done")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    with open(download.path(), "rb") as f:
        assert f.read(2) == b"PK"
    return download


def test_download_the_annual_report_and_a_bulletin(page, login, shots, sample, settings):
    # The job runs inline in the request here: `zhifa worker` running it (a separate process on a file
    # database) is tested in tests/ops/test_service_processes.py; this test is about the page.
    settings.WEB_JOBS_INLINE = True
    login("sup")
    download = _generate(page, shots, "annual_report")
    assert download.suggested_filename == "2023年度行政执法工作报告.docx"
    download = _generate(page, shots, "bulletin", month="12")
    assert download.suggested_filename.endswith("行政执法监督通报.docx")
    page.goto("/staff/reports/")
    expect(page.locator("main table")).to_contain_text("年度行政执法工作报告")
    shots.take(page, "reports-list")


def test_cross_unit_attempts_are_refused(page, login, shots, sample):
    case = sample.cases["open"]
    login("cgw_officer1")
    response = page.goto(f"/staff/cases/{case.pk}/")
    assert response.status == 404
    shots.take(page, "cross-unit-404")
    token = page.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    r = page.request.post(
        f"/staff/cases/{case.pk}/transition/",
        form={"to_status": "investigating", "on_date": "2023-11-10", "csrfmiddlewaretoken": csrf},
        headers={"X-CSRFToken": csrf, "Referer": page.url},
    )
    assert r.status == 404
    r = page.request.post(
        "/staff/reports/",
        form={"kind": "bulletin", "year": "2023", "month": "12", "csrfmiddlewaretoken": csrf},
        headers={"X-CSRFToken": csrf, "Referer": page.url},
    )
    assert r.status == 403
    assert PenaltyCase.objects.get(pk=case.pk).status == "filed"
