"""Outputs of the annual report: charts (CJK font or a clear error), XLSX of every figure with 同比, explain of a
metric placeholder."""

import datetime as dt

import pytest
from django.core.management import call_command

from zhifa import metrics
from zhifa.enforcement.models import Inspection
from zhifa.reports import charts
from zhifa.reports.document import Image, Table, annual_document
from zhifa.reports.render import to_docx, to_html

pytestmark = pytest.mark.django_db


def test_charts_are_embedded_in_docx_and_html(sample, tmp_path):
    doc = annual_document(sample.region.code, 2023)
    images = [b for b in doc.blocks if isinstance(b, Image)]
    assert [i.caption[:2] for i in images][:2] == ["图1", "图2"]
    assert all(i.png.startswith(b"\x89PNG") for i in images)
    assert to_html(doc).count("data:image/png;base64,") == len(images)
    from docx import Document as Docx

    assert len(Docx(str(to_docx(doc, tmp_path / "r.docx"))).inline_shapes) == len(images)


def test_a_missing_cjk_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("没有这个字体",))
    charts.cjk_font_path.cache_clear()
    try:
        with pytest.raises(charts.ChartFontMissing, match="fonts-wqy-microhei"):
            charts.cjk_font_path()
    finally:
        charts.cjk_font_path.cache_clear()


def test_xlsx_of_every_figure_with_year_on_year(sample, tmp_path):
    from openpyxl import load_workbook

    from zhifa.reports.texts import report_text_set
    from zhifa.reports.xlsx import write_figures_xlsx

    region = sample.region.code
    # one inspection moved into each month of 2022: the previous year's records now cover it, so 同比 appears
    for month in range(1, 13):
        moved = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
        Inspection.objects.filter(pk=moved.pk).update(
            started_at=moved.started_at.replace(year=2022, month=month, day=1)
        )
    report_text_set(
        actor=sample.users["sup"],
        region_code=region,
        year=2023,
        key="s5_4",
        text="检查{行政检查次数 执法领域=市场监管}次。",
    )
    wb = load_workbook(write_figures_xlsx(region, 2023, tmp_path / "f.xlsx"))
    rows = {r[0]: r for r in wb["报告数据"].iter_rows(min_row=2, values_only=True)}
    n = metrics.compute("行政检查次数", region, dt.date(2023, 1, 1), dt.date(2023, 12, 31)).value
    assert rows["inspections"][2] == str(n) and rows["inspections"][3] == "12"
    assert rows["inspections"][4] == f"{(n - 12) / 12 * 100:+.1f}%" and rows["inspections"][5]
    tm = {r[0]: r for r in wb["模板指标"].iter_rows(min_row=2, values_only=True)}
    row = tm["{行政检查次数 执法领域=市场监管}"]
    assert (
        row[2] == "执法领域=市场监管" and row[6] and "{履职率 显示=数值}" in tm
    )  # the default overview's indicators too
    t1 = next(b for b in annual_document(region, 2023, charts=False).blocks if isinstance(b, Table))
    assert t1.columns == ("项目", "数量", "2022年", "同比")


def test_no_year_on_year_against_a_year_the_records_do_not_cover(sample, tmp_path):
    """A previous year holding only December's records (the platform went live then) is not compared with: no
    同比 column in 表1 and “—” in the XLSX; with a record in each of its months it is."""
    from openpyxl import load_workbook

    from zhifa.reports.xlsx import previous_year_has_data, write_figures_xlsx

    region = sample.region.code
    for _ in range(3):
        moved = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
        Inspection.objects.filter(pk=moved.pk).update(started_at=moved.started_at.replace(year=2022, month=12, day=20))
    assert metrics.compute("执法行为数", region, dt.date(2022, 1, 1), dt.date(2022, 12, 31)).value >= 3
    assert not previous_year_has_data(region, 2023)
    t1 = next(b for b in annual_document(region, 2023, charts=False).blocks if isinstance(b, Table))
    assert t1.columns == ("项目", "数量")
    rows = {r[0]: r for r in load_workbook(write_figures_xlsx(region, 2023, tmp_path / "f.xlsx"))["报告数据"].iter_rows(min_row=2, values_only=True)}  # fmt: skip
    assert rows["inspections"][3] == "—" and rows["inspections"][4] == "—"
    # one month short of a whole year is still not complete; the twelfth month makes it so
    for month in range(1, 11):
        moved = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
        Inspection.objects.filter(pk=moved.pk).update(
            started_at=moved.started_at.replace(year=2022, month=month, day=2)
        )
    assert not previous_year_has_data(region, 2023)
    moved = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
    Inspection.objects.filter(pk=moved.pk).update(started_at=moved.started_at.replace(year=2022, month=11, day=2))
    assert previous_year_has_data(region, 2023)
    t1 = next(b for b in annual_document(region, 2023, charts=False).blocks if isinstance(b, Table))
    assert t1.columns == ("项目", "数量", "2022年", "同比")


def test_explain_a_metric_placeholder(sample, tmp_path):
    out = tmp_path / "x.csv"
    call_command("report", "explain", "行政检查次数 执法领域=市场监管", "--region", sample.region.code, "--year", "2023", "--out", str(out))  # fmt: skip
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    n = metrics.compute(
        "行政检查次数", sample.region.code, dt.date(2023, 1, 1), dt.date(2023, 12, 31), 执法领域="市场监管"
    ).value
    assert lines[0].startswith("检查ID") and len(lines) == n + 1


def test_explain_works_for_every_placeholder(sample, tmp_path):
    """Every placeholder of the 东丽区 template and of the default one (figure keys and metric placeholders) gives
    its records; choice columns print their labels, and a rate names its numerator and denominator."""
    from io import StringIO

    from zhifa.demo.scenario import find_scenario, template_path
    from zhifa.enforcement.choices import PartyType
    from zhifa.reports.template_file import read_template_file
    from zhifa.reports.texts import DEFAULTS, PLACEHOLDER

    texts = [*read_template_file(template_path(find_scenario("dongli-2023"))).texts.values(), *DEFAULTS.values()]
    bodies = list(dict.fromkeys(b.strip() for t in texts for b in PLACEHOLDER.findall(t)))
    assert len(bodies) > 40 and "hazchem_rounds" in bodies and "filing_phrase" in bodies
    region = sample.region.code
    for i, body in enumerate(bodies):
        out, said = tmp_path / f"{i}.csv", StringIO()
        call_command("report", "explain", body, "--region", region, "--year", "2023", "--out", str(out), stdout=said)
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert lines and lines[0], body
        assert f"{len(lines) - 1}条记录" in said.getvalue(), body

    codes = {c.value for c in PartyType} - {str(c.label) for c in PartyType}
    out = tmp_path / "i.csv"
    call_command("report", "explain", "行政检查次数", "--region", region, "--year", "2023", "--out", str(out))
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows and not {r["对象类别"] for r in rows} & codes
    assert {r["对象类别"] for r in rows} <= {str(c.label) for c in PartyType} | {""}

    for key, num, den in (
        ("performance_rate", "已行使职权", "享有职权"),
        ("履职率 显示=数值", "已行使职权", "享有职权"),
    ):
        said = StringIO()
        call_command("report", "explain", key, "--region", region, "--year", "2023", "--out", str(out), stdout=said)
        r = metrics.compute("履职率", region, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
        assert f"分子{r.num}，分母{r.den}" in said.getvalue()
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert (sum(int(x[num]) for x in rows), sum(int(x[den]) for x in rows)) == (r.num, r.den)
