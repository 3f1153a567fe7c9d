"""行政强制 in a real chromium: a 查封 recorded in the workspace, past its 30 days without an extension,
raises its alert on the alert list (《行政强制法》第二十五条、第二十八条)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import PowerFactory
from zhifa.core.validators import make_uscc
from zhifa.enforcement.models import CoerciveMeasure
from zhifa.powers.choices import PowerCategory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seal_past_30_days_raises_its_alert(page, login, shots, sample):
    PowerFactory(
        owner=sample.units["scj"],
        code="XZQZ-SCJ-001",
        name="查封扣押不符合食品安全标准的食品",
        category=PowerCategory.COERCION,
        effective_from=dt.date(2020, 1, 1),
    )
    login("scj_officer1")
    page.click("text=行政强制措施")
    page.click("text=+ 新增")
    page.select_option("#id_kind", "seal")
    page.select_option("#id_power", label="XZQZ-SCJ-001 查封扣押不符合食品安全标准的食品")
    page.fill("#id_decided_on", "2024-06-03")  # within the officers' certificates (2020–2024)
    page.fill("#id_term_days", "31")
    page.fill("#id_decision_no", "东市监封〔2024〕7号")
    page.fill("#id_approved_by", "冯正清")
    page.fill("#id_reason", "涉嫌经营超过保质期的食品，依据《食品安全法》第一百一十条")
    page.fill("#id_items", "过期奶粉 12 箱")
    page.select_option("#id_officer_a", label="周海涛")
    page.select_option("#id_officer_b", label="吴静怡")
    page.check("#id_onsite_record")
    page.select_option("#id_party_kind", "org")
    page.fill("#id_party_name", "东丽区新立商贸有限公司")
    page.fill("#id_party_code", make_uscc("91120110", 880))
    page.click("#act-form button[type=submit]")
    # the statute's limits come back at their fields: the term (第二十五条) and the recording (118号)
    expect(page.locator("#row-term_days .errorlist")).to_contain_text("期限不得超过30日")
    expect(page.locator("#row-term_days .errorlist")).to_contain_text("《行政强制法》第二十五条")
    expect(page.locator("#row-recording .errorlist")).to_contain_text("应当全程音像记录")
    shots.take(page, "seal-form-errors")
    page.fill("#id_term_days", "30")
    page.set_input_files(
        "#id_recording", files=[{"name": "seal-20240603.mp4", "mimeType": "video/mp4", "buffer": b"\x00video-of-seal"}]
    )
    page.click("#act-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("查封决定 东市监封〔2024〕7号")
    expect(page.locator("#due-on")).to_have_text("2024-07-03")
    expect(page.locator("#lifted")).to_have_text("未解除")
    shots.take(page, "seal-detail")
    m = CoerciveMeasure.objects.get()
    assert m.recordings.count() == 1 and m.extension_days == 0
    # the write queued it in the supervision outbox; the worker's drain checks it as of today:
    # 30 days passed long ago, not extended, not lifted
    from zhifa.ops.tasks import drain_checks

    assert drain_checks() >= 1
    login("sup")
    page.goto("/staff/alerts/?q=查封")
    expect(page.locator("main")).to_contain_text("查封扣押冻结超期未解除")
    expect(page.locator("main")).to_contain_text("东市监封〔2024〕7号")
    shots.take(page, "alert-list")
    page.click("main table a")
    page.click("text=查看强制措施")
    expect(page.locator("h1")).to_contain_text("查封决定 东市监封〔2024〕7号")
