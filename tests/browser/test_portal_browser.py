"""The public portal in a real chromium: search, a decision's masked text, a unit's 权责清单, a clue."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_the_portal(page, shots, sample):
    page.goto("/portal/")
    expect(page.locator("#results tbody tr")).to_have_count(20)
    shots.take(page, "portal-index")
    page.fill("input[name=q]", "建筑垃圾")
    page.select_option("select[name=unit]", label="东丽区城市管理委员会")
    page.fill("input[name=start]", "2023-01-01")
    page.fill("input[name=end]", "2023-06-30")
    page.click("#search button[type=submit]")
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_contain_text("东丽区城市管理委员会")
    assert rows.count() >= 1
    for text in rows.all_inner_texts():
        assert "城市管理委员会" in text and "东cgw罚决字" in text
    shots.take(page, "portal-search")
    rows.first.locator("a").click()
    expect(page.locator("#public-text")).to_contain_text("罚款")
    body = page.content()
    for name in sample.natural_names:
        assert name not in body
    for value in sample.id_numbers + sample.phones:
        assert value not in body
    shots.take(page, "portal-decision")


def test_powers_and_clue(page, shots, sample):
    page.goto("/portal/units/")
    page.click("text=东丽区市场监督管理局")
    expect(page.locator("#powers")).to_contain_text("XZCF-SCJ-001")
    shots.take(page, "portal-powers")
    page.click("text=线索举报")
    page.fill("#id_text", "太短")
    page.click("#clue-form button[type=submit]")
    expect(page.locator("#clue-form .errorlist")).to_contain_text("至少10个字")
    page.fill("#id_text", "2023年12月在先锋路菜市场附近多次看到占道经营，城管执法人员到场后未作处理。")
    page.click("#clue-form button[type=submit]")
    expect(page.locator("#clue-ref")).to_contain_text("受理编号")
    shots.take(page, "portal-clue-done")
