"""Report template editing in a real chromium: a supervisor adds a paragraph with a metric placeholder,
previews it (htmx), saves it, and the generated report shows the number; a misspelled metric is refused at
the field and nothing is saved."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from zhifa import metrics
from zhifa.reports.models import ReportText, ReportTextVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLACEHOLDER = "{行政检查次数 执法领域=市场监管 检查对象类别=生产经营单位}"


def test_supervisor_adds_a_metric_paragraph(page, login, shots, sample):
    region = sample.region.code
    n = metrics.compute(
        "行政检查次数", region, dt.date(2023, 1, 1), dt.date(2023, 12, 31), 执法领域="市场监管", 检查对象类别="生产经营单位"
    ).value
    assert n > 0
    login("sup")
    page.goto("/staff/reports/texts/?year=2023")
    expect(page.locator("h1")).to_contain_text("报告模板")

    # a misspelled metric: the live preview names it, saving is refused at the field, nothing is stored
    page.fill("#id_key", "s5_4")
    page.fill("#id_text", "全年检查食品经营单位{行政检察次数 执法领域=市场监管}家次。")
    page.click("#preview-btn")
    expect(page.locator("#preview-errors")).to_contain_text("未知的指标“行政检察次数”")
    page.click("#save-btn")
    expect(page.locator("#row-text .errorlist")).to_contain_text("行政检察次数")
    shots.take(page, "refused")
    assert not ReportText.objects.filter(key="s5_4").exists()

    # the right placeholder: preview shows the number, save keeps a version, the report prints it
    page.fill("#id_key", "s5_4")
    page.fill("#id_text", f"4.加强市场监管。全年检查生产经营单位{PLACEHOLDER}家次。")
    page.click("#preview-btn")
    expect(page.locator("#preview-text")).to_have_text(f"4.加强市场监管。全年检查生产经营单位{n}家次。")
    shots.take(page, "preview")
    page.click("#save-btn")
    expect(page.locator("#saved")).to_contain_text("s5_4")
    expect(page.locator("#text-s5_4")).to_contain_text(PLACEHOLDER)
    assert ReportTextVersion.objects.filter(key="s5_4").count() == 1
    page.goto("/staff/reports/annual/?year=2023")
    expect(page.locator("body")).to_contain_text(f"4.加强市场监管。全年检查生产经营单位{n}家次。")
    shots.take(page, "report")


def test_supervisor_adds_a_table_bound_to_metrics(page, login, shots, sample):
    """A table by 执法领域: a misspelled metric is refused at the field; the preview computes it; the report prints it."""
    region = sample.region.code
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    n = metrics.compute("行政检查次数", region, *year).value
    login("sup")
    page.goto("/staff/reports/texts/?year=2023")
    page.fill("#id_key", "t_s5_3_1")
    page.fill("#id_text", "标题 = 各领域检查情况\n按 = 执法领域\n合计 = 是\n行政检查（次） = {行政检察次数}")
    page.click("#preview-btn")
    expect(page.locator("#preview-errors")).to_contain_text("未知的指标“行政检察次数”")
    page.click("#save-btn")
    expect(page.locator("#row-text .errorlist")).to_contain_text("行政检察次数")
    assert not ReportText.objects.filter(key="t_s5_3_1").exists()
    page.fill("#id_key", "t_s5_3_1")
    page.fill("#id_text", "标题 = 各领域检查情况\n按 = 执法领域\n合计 = 是\n行政检查（次） = {行政检查次数}")
    page.click("#preview-btn")
    expect(page.locator("#preview-table tr").last).to_have_text(f"合计{n}")
    shots.take(page, "table-preview")
    page.click("#save-btn")
    expect(page.locator("#saved")).to_contain_text("t_s5_3_1")
    page.goto("/staff/reports/annual/?year=2023")
    expect(page.locator("caption", has_text="各领域检查情况")).to_be_visible()
    shots.take(page, "table-report")
