"""The 司法局's work and the units' answers in a real chromium (issue 15): a certificate application refused
by the 编制 check and one carried to a certificate; a 权责清单 调整 approved and in force from its date while an
earlier case keeps the old version; a quarter's 案卷评查 with a veto; a 整改通知 answered and verified; a
portal clue assigned, answered and looked up by its reference number. Screenshots go to $ZHIFA_ARTIFACT_DIR."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from zhifa.core.policy import SYSTEM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(sample, name, staffing, seq):
    from zhifa.core.validators import make_id_number
    from zhifa.org.services import person_register

    return person_register(
        actor=SYSTEM,
        unit=sample.units["scj"],
        name=name,
        id_number=make_id_number("120110", dt.date(1990, 3, 1 + seq), 700 + seq),
        staffing_type=staffing,
    )


def _submit(page, key):
    page.click(f"#form-{key} button[type=submit]")


def test_certificate_application_to_certificate(page, login, shots, sample):
    from zhifa.org.models import Certificate

    _person(sample, "刘派遣", "dispatched", 1)
    _person(sample, "赵新员", "admin", 2)
    login("scj_admin")
    page.goto("/staff/certificates/applications/")
    page.select_option("#id_apply-person", label="刘派遣（劳务派遣）")
    page.fill("#id_apply-applied_on", "2023-03-01")
    _submit(page, "apply")
    err = page.locator("#row-apply-person .errorlist")
    expect(err).to_contain_text("劳务派遣")
    expect(err).to_contain_text("天津市持证执法管理办法")
    shots.take(page, "refused-dispatched")
    page.select_option("#id_apply-person", label="赵新员（行政编制）")
    page.fill("#id_apply-applied_on", "2023-03-01")
    _submit(page, "apply")
    expect(page.locator("#status")).to_have_text("待审核")
    url = page.url
    shots.take(page, "applied")

    login("sup")
    page.goto("/staff/certificates/exams/")
    page.fill("#id_exam-name", "2023年第一次执法资格考试")
    page.fill("#id_exam-held_on", "2023-04-15")
    _submit(page, "exam")
    expect(page.locator("#exams")).to_contain_text("2023年第一次执法资格考试")
    page.goto(url)
    page.select_option("#id_decide-decision", "approve")
    page.fill("#id_decide-decided_on", "2023-03-10")
    _submit(page, "decide")
    expect(page.locator("#status")).to_have_text("已审核待考试")
    page.select_option("#id_result-exam", index=0)
    page.fill("#id_result-score", "86")
    page.fill("#id_result-issued_on", "2023-05-10")
    _submit(page, "result")
    expect(page.locator("#status")).to_have_text("考试合格已发证")
    expect(page.locator("#facts")).to_contain_text("津执1201102023")
    shots.take(page, "issued")
    cert = Certificate.objects.get(holder__name="赵新员")
    assert cert.status == "active" and cert.issued_on == dt.date(2023, 5, 10)
    page.goto("/staff/certificates/annual/?year=2023")
    expect(page.locator("#new")).to_contain_text("赵新员")
    shots.take(page, "annual-list")


def test_power_adjustment_in_force_from_its_date(page, login, shots, sample):
    power = sample.powers["XZCF-SCJ-001"]  # 须法制审核 in version 1; the sample's 2023 cases were decided under it
    login("scj_admin")
    page.goto("/staff/powers/changes/")
    page.select_option("#id_propose-kind", "modify")
    page.select_option("#id_propose-power", label=f"{power.code} {power.name}")
    page.select_option("#id_propose-requires_legal_review", "0")
    page.fill("#id_propose-legal_basis", "区政府关于调整重大执法决定法制审核目录的通知")
    page.fill("#id_propose-document_no", "东丽政办发〔2024〕3号")
    page.fill("#id_propose-effective_on", "2024-01-01")
    _submit(page, "propose")
    expect(page.locator("#status")).to_have_text("待审核")
    url = page.url
    shots.take(page, "proposed")
    login("sup")
    page.goto(url)
    page.select_option("#id_decide-decision", "approve")
    page.fill("#id_decide-decided_on", "2023-12-20")
    _submit(page, "decide")
    expect(page.locator("#status")).to_have_text("已批准")
    expect(page.locator("#facts")).to_contain_text("第2版，2024-01-01起施行")
    shots.take(page, "approved")
    page.goto(f"/staff/powers/{power.pk}/?on=2024-01-02")
    expect(page.locator("#versions")).to_contain_text("东丽政办发〔2024〕3号")
    expect(page.locator("#facts")).to_contain_text("2024-01-02适用第2版：须法制审核否")
    # an earlier case is still judged by version 1 (须法制审核: 是)
    row = page.locator("#cases tr", has_text="东scj罚〔2023〕1号")
    expect(row).to_contain_text("第1版")
    expect(row.locator("td").nth(3)).to_have_text("是")
    shots.take(page, "power-versions")
    page.goto(f"/portal/units/{sample.units['scj'].pk}/powers/")
    expect(page.locator("#history")).to_contain_text("东丽政办发〔2024〕3号")
    shots.take(page, "portal-history")


def test_quarter_review_with_a_veto(page, login, shots, sample):
    from zhifa.org.choices import UnitKind
    from zhifa.org.models import Unit

    Unit.objects.filter(pk__in=[sample.units["scj"].pk, sample.units["cgw"].pk]).update(kind=UnitKind.STREET)
    login("sup")
    page.goto("/staff/reviews/?year=2023&quarter=1")
    page.fill("#id_sample-size", "4")
    page.fill("#id_sample-seed", "2023Q1-东丽")
    _submit(page, "sample")
    expect(page.locator("#facts")).to_contain_text("2023Q1-东丽")
    expect(page.locator("#reviews tbody tr")).to_have_count(4)
    page.locator("#form-assign input[type=checkbox]").first.check()
    page.select_option("#id_assign-reviewer", label="孙明远")
    _submit(page, "assign")
    expect(page.locator("#reviews")).to_contain_text("孙明远")
    shots.take(page, "sample-drawn")
    first = page.locator("#reviews tbody tr", has_text="孙明远").first
    case_no = first.locator("td").first.inner_text()
    unit_name = first.locator("td").nth(1).inner_text()
    first.locator("a").first.click()
    page.check("#form-score input[value=证据]")
    page.fill("#id_score-d1", "8")
    page.fill("#id_score-r1", "现场检查笔录缺当事人签字")
    page.fill("#id_score-reviewed_on", "2023-04-10")
    shots.take(page, "score-sheet")
    _submit(page, "score")
    row = page.locator("#reviews tr", has_text=case_no)
    expect(row).to_contain_text("不合格")
    expect(row).to_contain_text("证据")
    page.goto("/staff/reviews/results/?year=2023&quarter=1")
    expect(page.locator("#results tr", has_text=unit_name).locator("td").nth(3)).to_have_text("1")
    expect(page.locator("#failed")).to_contain_text(case_no)
    shots.take(page, "results")
    with page.expect_download() as dl:
        page.click("text=下载DOCX")
    assert dl.value.suggested_filename.endswith(".docx")


def test_rectification_answered_and_verified(page, login, shots, sample, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    login("sup")
    page.goto("/staff/oversight/")
    page.select_option("#id_inspect-unit", label="东丽区城市管理委员会")
    page.fill("#id_inspect-inspected_on", "2023-11-06")
    page.fill("#id_inspect-inspectors", "孙明远、区司法局执法监督科")
    page.fill("#id_inspect-scope", "随机抽查执法案卷，查看执法装备和音像记录管理")
    page.fill("#id_inspect-files_drawn", "东cgw罚〔2023〕2号\n东cgw罚〔2023〕4号")
    page.fill("#id_inspect-equipment", "执法记录仪8台，2台故障未报修")
    page.fill("#id_inspect-recording_management", "音像记录未按月归档")
    page.fill("#id_inspect-findings", "音像记录归档不及时")
    _submit(page, "inspect")
    expect(page.locator("#inspections")).to_contain_text("执法记录仪8台")
    shots.take(page, "inspection")
    page.goto("/staff/rectifications/")
    page.select_option("#id_notice-unit", label="东丽区城市管理委员会")
    page.fill("#id_notice-requirement", "音像记录按月归档，故障记录仪报修")
    page.fill("#id_notice-working_days", "10")
    page.fill("#id_notice-issued_on", "2023-11-07")
    _submit(page, "notice")
    # 10 working days from 2023-11-07 (no holiday in between): 2023-11-21
    expect(page.locator("#facts")).to_contain_text("2023-11-21（10个工作日")
    url = page.url
    shots.take(page, "notice")
    login("cgw_admin")
    page.goto(url)
    page.fill("#id_respond-response", "已完成归档并报修，附整改照片")
    evidence = tmp_path / "整改照片.txt"
    evidence.write_text("归档台账")
    page.set_input_files("#id_respond-attachments", str(evidence))
    page.fill("#id_respond-responded_on", "2023-11-15")
    _submit(page, "respond")
    expect(page.locator("#status")).to_have_text("单位已反馈")
    expect(page.locator("#attachments")).to_contain_text("整改照片")
    shots.take(page, "answered")
    login("sup")
    page.goto(url)
    page.select_option("#id_verify-accepted", "1")
    page.fill("#id_verify-note", "现场复查，已整改到位")
    page.fill("#id_verify-verified_on", "2023-11-20")
    _submit(page, "verify")
    expect(page.locator("#status")).to_have_text("整改已核验")
    shots.take(page, "verified")


def test_portal_clue_assigned_answered_and_tracked(page, login, shots, sample):
    page.goto("/portal/clue/")
    page.fill("textarea[name=text]", "先锋路某餐馆后厨卫生条件差，使用过期食材")
    page.fill("input[name=contact]", "13800001111")
    page.click("#clue-form button[type=submit]")
    ref = page.locator("#clue-ref strong").inner_text()
    assert ref.startswith("XS")
    page.click("text=查询办理进度")
    expect(page.locator("#clue-state")).to_have_text("已接收")
    shots.take(page, "portal-received")
    login("sup")
    page.goto("/staff/clues/")
    page.click(f"text={ref}")
    page.select_option("#id_assign-unit", label="东丽区市场监督管理局")
    _submit(page, "assign")
    expect(page.locator("#status")).to_have_text("已交办")
    url = page.url
    shots.take(page, "assigned")
    login("scj_admin")
    page.goto(url)
    expect(page.locator("#facts")).not_to_contain_text("13800001111")
    page.fill("#id_respond-response", "已现场检查，责令整改，立案调查中")
    _submit(page, "respond")
    expect(page.locator("#status")).to_have_text("已回复")
    shots.take(page, "answered")
    page.context.clear_cookies()
    page.goto(f"/portal/clue/status/?ref={ref}")
    expect(page.locator("#clue-state")).to_have_text("已回复")
    expect(page.locator("#clue-status")).to_contain_text("东丽区市场监督管理局")
    body = page.locator("body").inner_text()
    assert "13800001111" not in body and "过期食材" not in body
    shots.take(page, "portal-status")
