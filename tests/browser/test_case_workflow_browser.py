"""Every step of a penalty case in a real chromium, each by the account whose role the policy names:
an officer opens a case from an inspection and takes it through 调查取证, 告知 and 听证; the reviewer does
法制审核; the leader 集体讨论 and 决定; then 送达, 缴款 (with the 第七十二条 surcharge shown), 结案, publication
from the disclosure queue and the decision found on the public portal. And 简易程序 on a 390 px phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from zhifa.core.validators import make_id_number
from zhifa.enforcement.models import Evidence, Inspection, PenaltyCase, Recording

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_NO = "东scj罚〔2023〕950号"
DECISION_NO = "东scj罚决字〔2023〕第950号"


def _on(page, day: str):
    page.fill("#on-date", day)
    page.dispatch_event("#on-date", "change")
    expect(page.locator("#transitions input[name=on_date]").first).to_have_value(day)


def _step(page, to_status: str, **fields):
    box = page.locator(f"#to-{to_status}")
    for name, value in fields.items():
        el = box.locator(f"[name={name}]")
        if isinstance(value, list):
            el.select_option(value)
        elif isinstance(value, bool):
            el.set_checked(value)
        else:
            el.fill(value)
    box.locator("button[type=submit]").click()


def _panel(page, name: str, **fields):
    form = page.locator(f"#{name}-form")
    for field, value in fields.items():
        el = form.locator(f"[name={name}-{field}]")
        if field in ("kind", "collected_by", "officer"):
            el.select_option(label=value) if field != "kind" else el.select_option(value)
        elif field == "file":
            el.set_input_files(value)
        else:
            el.fill(value)
    form.locator("button[type=submit]").click()


def test_case_from_inspection_to_the_portal(page, login, shots, sample, tmp_path):
    scj = sample.units["scj"]
    inspection = (
        Inspection.objects.filter(unit=scj, party__kind="person", started_at__year=2023).order_by("started_at").first()
    )
    party = inspection.party

    # ---- 立案 from the inspection (officer) -----------------------------------------------------------
    login("scj_officer1")
    page.goto(f"/staff/inspections/{inspection.pk}/")
    page.click("#open-case")
    expect(page).to_have_url(f"/staff/cases/new/?inspection={inspection.pk}")
    expect(page.locator("#id_party_name")).to_have_value(party.name)
    expect(page.locator("#id_party_code")).to_have_value(party.id_number)
    expect(page.locator("#case-source")).to_contain_text("来源：行政检查")
    page.fill("#id_case_no", CASE_NO)
    page.select_option("#id_power", label="XZCF-SCJ-001 对销售不符合食品安全标准的食品的行政处罚")
    page.fill("#id_violation", "销售不符合食品安全标准的食品")
    page.fill("#id_file_on", "2023-11-06")
    shots.take(page, "case-new-from-inspection")
    page.click("#case-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(f"已立案，案号{CASE_NO}")
    expect(page.locator("#case-status")).to_have_text("立案")
    case = PenaltyCase.objects.get(case_no=CASE_NO)
    assert case.inspection_id == inspection.pk and case.filed_on == dt.date(2023, 11, 6)
    expect(page.locator("#decision-due")).to_contain_text("2024-02-04")  # 第六十条: 九十日

    # ---- 调查取证 with evidence and a recording ---------------------------------------------------------
    _on(page, "2023-11-06")
    _step(page, "investigating")
    expect(page.locator("#case-status")).to_have_text("调查取证")
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"evidence" * 5000)
    _panel(
        page,
        "evidence",
        kind="document",
        title="进货单据",
        collected_on="2023-11-06",
        collected_by="周海涛",
        file=photo,
    )
    expect(page.locator(".messages")).to_contain_text("证据已登记")
    video = tmp_path / "执法记录仪.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"frame" * 40000)
    _panel(page, "recording", file=video, officer="吴静怡")
    expect(page.locator(".messages")).to_contain_text("音像记录已上传")
    ev, rec = Evidence.objects.get(case=case), Recording.objects.get(case=case)
    import hashlib

    assert ev.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest() and ev.size == photo.stat().st_size
    assert rec.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    expect(page.locator("#evidence-list")).to_contain_text(ev.sha256[:14])
    shots.take(page, "case-evidence")

    # ---- 告知 with the hearing rights ---------------------------------------------------------------
    _on(page, "2023-11-07")
    _step(page, "notified", penalty_kinds=["warning", "fine"], fine_amount="12000")
    expect(page.locator("#case-status")).to_have_text("告知")
    # 第六十四条第（一）项、第八十五条: five working days from 2023-11-07
    expect(page.locator("main")).to_contain_text("听证申请期限至2023-11-14")
    expect(page.locator("#to-decided")).to_have_count(0)  # the leader's step (core.policy)

    # ---- 听证: request, notice, held --------------------------------------------------------------------
    _on(page, "2023-11-09")
    _panel(page, "hearing", requested_on="2023-11-09")
    expect(page.locator(".messages")).to_contain_text("听证记录已保存")
    _on(page, "2023-11-09")
    _step(page, "hearing")
    expect(page.locator("#case-status")).to_have_text("听证")
    # a notice only 5 working days before the hearing is refused at the notice field
    _panel(page, "hearing", notice_on="2023-11-14", held_on="2023-11-21", host="王立法", conclusion="当事人陈述申辩")
    expect(page.locator("#row-hearing-notice_on .errorlist")).to_contain_text("七个工作日前")
    expect(page.locator("#row-hearing-notice_on .errorlist")).to_contain_text("第六十四条")
    shots.take(page, "hearing-notice-late")
    _panel(page, "hearing", notice_on="2023-11-10", held_on="2023-11-21", host="王立法", conclusion="当事人陈述申辩")
    expect(page.locator("#hearing-record")).to_contain_text("举行 2023-11-21")

    # ---- 法制审核 (reviewer) -------------------------------------------------------------------------------
    login("scj_reviewer")
    page.goto(f"/staff/cases/{case.pk}/")
    _on(page, "2023-11-22")
    _step(page, "legal_review")
    expect(page.locator("#case-status")).to_have_text("法制审核")
    page.fill("#review-opinion", "事实清楚，证据确凿，听证程序合法，同意拟处罚意见。")
    page.fill("#review-form input[name=reviewed_on]", "2023-11-22")
    page.click("#review-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("法制审核意见已记录")

    # ---- 集体讨论 and 决定 (leader) -------------------------------------------------------------------------
    login("scj_leader")
    page.goto(f"/staff/cases/{case.pk}/")
    _on(page, "2023-11-23")
    _step(page, "collective")
    expect(page.locator("#case-status")).to_have_text("集体讨论")
    page.fill("#discussion-attendees", "冯正清、钱立群、郑法明")
    page.fill("#discussion-conclusion", "同意给予警告并处罚款12000元。")
    page.fill("#discussion-form input[name=held_on]", "2023-11-23")
    page.click("#discussion-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("集体讨论已记录")
    _on(page, "2023-11-24")
    expect(page.locator("#to-decided")).to_contain_text("规则检查通过")
    _step(page, "decided", decision_no=DECISION_NO, discretion_reason="当事人配合调查，在一般阶次内从轻。")
    expect(page.locator("#case-status")).to_have_text("决定")
    expect(page.locator("#timeline")).to_contain_text("集体讨论 → 决定")
    shots.take(page, "case-decided")

    # ---- 送达, 缴款 (late: the 第七十二条 surcharge), 结案 (officer) ------------------------------------------
    login("scj_officer1")
    page.goto(f"/staff/cases/{case.pk}/")
    _on(page, "2023-11-24")
    _step(page, "delivered")
    expect(page.locator("#case-status")).to_have_text("送达")
    _on(page, "2023-12-14")
    # due 2023-12-09 is a Saturday: the period ends on Monday 12-11; three days late, 3 % a day of 12000
    expect(page.locator("#to-executed .note")).to_contain_text("逾期3日")
    expect(page.locator("#to-executed .note")).to_contain_text("加处罚款1080.00元")
    shots.take(page, "payment-surcharge")
    _step(page, "executed", paid_amount="12000")
    expect(page.locator("#case-status")).to_have_text("执行完毕")
    expect(page.locator("#payment")).to_contain_text("加处罚款 1080.00 元")
    _on(page, "2023-12-15")
    _step(page, "closed")
    expect(page.locator("#case-status")).to_have_text("结案")
    shots.take(page, "case-closed")

    # ---- published from the queue (unit admin), found on the portal ------------------------------------
    login("scj_admin")
    page.goto("/staff/disclosures/?status=due")
    row = page.locator("tr", has_text=DECISION_NO)
    row.locator("input[name=published_on]").fill("2023-11-27")
    row.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已公示")
    page.goto("/portal/?q=" + DECISION_NO)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(DECISION_NO)
    page.click(f"#results a:has-text('{DECISION_NO}')")
    expect(page.locator("#public-text")).to_contain_text("罚款12000.00元")
    expect(page.locator("body")).not_to_contain_text(party.name)  # a natural person is masked
    expect(page.locator("body")).not_to_contain_text(party.id_number)
    shots.take(page, "portal-decision")


def test_onspot_decision_on_a_phone(page, login, shots, sample):
    login("scj_officer1")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/staff/cases/onspot/")
    form = page.locator("#onspot-form")
    page.fill("#id_decision_no", "东scj当罚〔2023〕0001号")
    page.select_option("#id_party_kind", "person")
    page.fill("#id_party_name", "李建华")
    page.fill("#id_party_code", make_id_number("120110", dt.date(1988, 6, 15), 71))
    page.select_option("#id_power", label="XZCF-SCJ-002 对药品零售企业不凭处方销售处方药的行政处罚")
    page.fill("#id_violation", "占道经营")
    page.fill("#id_act_date", "2023-12-01")
    page.fill("#id_decided_on", "2023-12-01")
    page.select_option("#id_officer_a", label="周海涛")
    page.select_option("#id_officer_b", label="吴静怡")
    page.fill("#id_fine_amount", "201")
    shots.take(page, "onspot-form-390")
    form.locator("button[type=submit]").click()
    err = page.locator("#row-fine_amount .errorlist")
    expect(err).to_contain_text("简易程序对公民罚款不得超过200元")
    expect(err).to_contain_text("《行政处罚法》第五十一条")
    # nothing wider than the phone, inputs large enough to tap
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#id_fine_amount").bounding_box()
    assert box["height"] >= 40 and box["x"] + box["width"] <= 390
    shots.take(page, "onspot-refused-390")
    assert not PenaltyCase.objects.filter(decision_no="东scj当罚〔2023〕0001号").exists()

    page.fill("#id_fine_amount", "200")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("当场处罚决定已登记")
    expect(page.locator("#case-status")).to_have_text("决定")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shots.take(page, "onspot-decided-390")
    case = PenaltyCase.objects.get(decision_no="东scj当罚〔2023〕0001号")
    assert case.procedure == "simple" and case.fine_amount == 200 and case.status == "decided"
