"""Template tables bound to metrics, and the zero rule: a clause, row, paragraph or section of zeros is left out."""

import datetime as dt

import pytest

from zhifa import metrics
from zhifa.core.errors import InvalidInput
from zhifa.reports.document import Para, Table, annual_document
from zhifa.reports.figures import annual_figures
from zhifa.reports.tables import check_table
from zhifa.reports.texts import fill_block, report_text_set

YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
BY_DOMAIN = """标题 = 各领域执法情况
按 = 执法领域
合计 = 是
行政检查（次） = {行政检查次数}
行政处罚（件） = {行政处罚决定数}
"""
BY_UNIT = """标题 = 各单位履职情况
按 = 单位
行政检查（次） = {行政检查次数}
履职率 = {履职率}
"""


@pytest.mark.parametrize(
    "text, message",
    [
        ("按 = 执法领域\n检查 = {行政检查次数}", "缺少“标题"),
        ("标题 = 甲\n检查 = {行政检察次数}", "未知的指标“行政检察次数”"),
        ("标题 = 甲\n检查 = {行政检查次数 执法区域=市场监管}", "未知的参数“执法区域”"),
        ("标题 = 甲\n按 = 执法区域\n检查 = {行政检查次数}", "未知的分组参数“按 = 执法区域”"),
        ("标题 = 甲\n按 = 违法行为类型\n检查 = {行政检查次数}", "不接受参数“违法行为类型”"),
        ("标题 = 甲\n按 = 执法领域\n履职率 = {履职率}", "指标“履职率”不接受参数“执法领域”"),
        ("标题 = 甲\n按 = 单位\n检查 = 共{行政检查次数}次", "每列须只写一个指标占位符"),
        ("标题 = 甲\n同比 = 也许\n检查 = {inspections}", "只能是“是”或“否”"),
        ("标题 = 甲\n检查", "须写成“名称 = 值”"),
    ],
)
def test_a_wrong_table_is_refused_naming_the_line_metric_or_parameter(text, message):
    problems = check_table(text)
    assert problems and message in "；".join(problems), problems


def test_a_well_formed_table_passes():
    assert check_table(BY_DOMAIN) == [] and check_table(BY_UNIT) == []
    assert (
        check_table(
            "标题 = 甲\n同比 = 是\n检查 = {inspections}次\n审核 = {法制审核人员数}人（占{法制审核人员占比 显示=数值}）"
        )
        == []
    )


def test_a_clause_of_zeros_is_left_out_and_a_block_of_zeros_is_all_zero():
    values = {"a": "5", "b": "0", "region_name": "某区"}
    zeros = {"a": False, "b": True}
    f = fill_block("{region_name}检查{a}次[，巡查{b}次]。", values, zeros=zeros)
    assert f.text == "某区检查5次。" and not f.all_zero
    f = fill_block("[检查{a}次，巡查{b}次。]", values, zeros=zeros)
    assert f.text == "检查5次，巡查0次。"  # a clause with one figure that is not zero is printed whole
    assert fill_block("巡查{b}次[，另{b}次]。", values, zeros=zeros).all_zero
    assert not fill_block("没有数字。", values, zeros=zeros).all_zero


@pytest.mark.django_db
def test_a_table_is_stored_through_the_editor_service_and_rendered_from_the_metrics(sample):
    region, sup = sample.region.code, sample.users["sup"]
    with pytest.raises(InvalidInput, match="未知的指标“行政检察次数”") as e:
        report_text_set(
            actor=sup, region_code=region, year=2023, key="t_s5_3_1", text="标题 = 甲\n检查 = {行政检察次数}"
        )
    assert e.value.field == "text"
    with pytest.raises(InvalidInput, match="段落“t_s9_1”不存在") as e:
        report_text_set(actor=sup, region_code=region, year=2023, key="t_s9_1", text=BY_DOMAIN)
    report_text_set(actor=sup, region_code=region, year=2023, key="t_s5_3_1", text=BY_DOMAIN)
    report_text_set(actor=sup, region_code=region, year=2023, key="t_s5_3_3", text=BY_UNIT)
    report_text_set(
        actor=sup,
        region_code=region,
        year=2023,
        key="t_s5_3_2",
        text="标题 = 查处情况\n检查 = {行政检查次数}次\n超限超载 = {超限超载车辆数}部\n处罚 = {行政处罚决定数}件",
    )
    doc = annual_document(region, 2023, charts=False)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    captions = [t.caption for t in tables]
    assert captions[0] == "表1　全区行政执法基本情况"
    by_domain = next(t for t in tables if t.caption.endswith("各领域执法情况"))
    assert by_domain.columns == ("执法领域", "行政检查（次）", "行政处罚（件）")
    want = dict(metrics.breakdown("执法行为数", region, *YEAR, by="执法领域"))
    rows = {r[0]: r for r in by_domain.rows}
    assert set(rows) - {"合计"} <= set(want) and rows
    for domain, row in rows.items():
        p = {} if domain == "合计" else {"执法领域": domain}
        assert int(row[1]) == metrics.compute("行政检查次数", region, *YEAR, **p).value
        assert int(row[2]) == metrics.compute("行政处罚决定数", region, *YEAR, **p).value
    assert [int(r[1]) for r in by_domain.rows[:-1]] == sorted((int(r[1]) for r in by_domain.rows[:-1]), reverse=True)
    by_unit = next(t for t in tables if t.caption.endswith("各单位履职情况"))
    for unit, n, rate in by_unit.rows:
        assert n == metrics.compute("行政检查次数", region, *YEAR, 单位=unit).value
        assert rate == metrics.compute("履职率", region, *YEAR, 单位=unit).text
    assert len(by_unit.rows) == len(dict(metrics.breakdown("行政检查次数", region, *YEAR, by="单位")))
    # the sample has no overloads: that row of zeros is left out, the others stay; tables are numbered in order
    plain = next(t for t in tables if t.caption.endswith("查处情况"))
    assert [r[0] for r in plain.rows] == ["检查", "处罚"]
    numbered = [t.caption[:3] for t in tables if not t.caption.startswith("附表")]
    assert numbered == [f"表{i}　" for i in range(1, len(numbered) + 1)]
    # a table of zeros is left out altogether
    report_text_set(
        actor=sup, region_code=region, year=2023, key="t_s5_3_2", text="标题 = 治超\n超限超载 = {超限超载车辆数}部"
    )
    assert not any(
        b.caption.endswith("治超") for b in annual_document(region, 2023, charts=False).blocks if isinstance(b, Table)
    )


@pytest.mark.django_db
def test_the_default_report_prints_no_clause_paragraph_or_section_of_zeros(sample):
    region = sample.region.code
    af = annual_figures(region, 2023)
    doc = annual_document(region, 2023, af, charts=False)
    paras = [b.text for b in doc.blocks if isinstance(b, Para)]
    other = metrics.compute("巡查及现场规范教育改正次数", region, *YEAR).value
    assert other == 0 and not any("教育改正0次" in p or "巡查、现场规范、教育改正" in p for p in paras[:2])
    for p in paras:
        assert "0名" not in p and "全年0次" not in p and "评查案卷0件" not in p, p


@pytest.mark.django_db
def test_the_editor_previews_a_table_and_refuses_an_unknown_metric_at_the_field(sample, login):
    from zhifa.reports.models import ReportText

    client = login("sup")
    bad = "标题 = 甲\n按 = 执法领域\n检查 = {行政检察次数}"
    r = client.post("/staff/reports/texts/preview/", {"year": 2023, "key": "t_s5_3_1", "text": bad})
    assert "preview-errors" in r.content.decode() and "未知的指标“行政检察次数”" in r.content.decode()
    r = client.post("/staff/reports/texts/", {"year": 2023, "key": "t_s5_3_1", "text": bad})
    assert r.status_code == 422
    assert "行政检察次数" in str(r.context["form"].errors["text"]) and not ReportText.objects.exists()
    r = client.post("/staff/reports/texts/preview/", {"year": 2023, "key": "t_s5_3_1", "text": BY_DOMAIN})
    html = r.content.decode()
    assert 'id="preview-table"' in html and "各领域执法情况" in html
    n = metrics.compute("行政检查次数", sample.region.code, *YEAR).value
    assert f"<td>合计</td><td>{n}</td>" in html
    r = client.post("/staff/reports/texts/", {"year": 2023, "key": "t_s5_3_1", "text": BY_DOMAIN})
    assert r.status_code == 200 and ReportText.objects.get(key="t_s5_3_1").text == BY_DOMAIN.strip()


def test_focus_lists_read_as_lists():
    from zhifa.reports.focus import _inspected, _list

    assert _list([("占用、堵塞、封闭疏散通道", 19), ("乱堆乱放", 5)], "件") == "“占用、堵塞、封闭疏散通道”19件、乱堆乱放5件"
    assert _inspected([("机动车驾驶人", 143), ("生产经营单位", 8)]) == "机动车驾驶人143人次、生产经营单位8家次"
