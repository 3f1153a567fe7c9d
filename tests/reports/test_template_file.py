"""A region-year's report template as a file beside its scenario: read, checked, loaded, exported."""

import tomllib

import pytest

from tests.factories import RegionFactory
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import SYSTEM
from zhifa.demo.scenario import ScenarioError, find_scenario, load_scenario, template_path
from zhifa.reports.models import ReportTextVersion
from zhifa.reports.template_file import read_template_file, report_template_load, template_file_text
from zhifa.reports.texts import texts_for


def test_the_dongli_template_is_its_own_file_and_the_scenario_reads_it():
    path = find_scenario("dongli-2023")
    assert "texts" not in tomllib.loads(path.read_text(encoding="utf-8"))
    tf = read_template_file(template_path(path))
    assert (tf.region, tf.year) == ("120110", 2023)
    sc = load_scenario("dongli-2023")
    assert sc.texts == tf.texts and "s4_2" in sc.texts and "{检查出动人次 执法领域=药品医疗器械}" in sc.texts["s4_2"]
    assert load_scenario("xiqing-2024").texts == {}  # no file: the product's default template


def test_an_inline_texts_table_or_a_mismatched_template_is_refused(tmp_path):
    src = find_scenario("xiqing-2024").read_text(encoding="utf-8")
    (tmp_path / "x.toml").write_text(src + '\n[texts]\ns1 = "文字"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="x.report.toml"):
        load_scenario(tmp_path / "x.toml")
    (tmp_path / "y.toml").write_text(src, encoding="utf-8")
    (tmp_path / "y.report.toml").write_text(
        '[template]\nregion = "120110"\nyear = 2024\n[texts]\ns1 = "文字"\n', encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match="不符"):
        load_scenario(tmp_path / "y.toml")


@pytest.mark.parametrize(
    "texts, message",
    [
        ('s9 = "文字"', "段落“s9”不存在"),
        ('s4_1 = "检查{行政检察次数 执法领域=市场监管}次"', "未知的指标“行政检察次数”"),
        ('s4_1 = "检查{行政检查次数 执法区域=市场监管}次"', "未知的参数“执法区域”"),
    ],
)
def test_a_wrong_key_or_placeholder_in_the_file_is_refused_naming_it(tmp_path, texts, message):
    p = tmp_path / "a.report.toml"
    p.write_text(f"[texts]\n{texts}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        read_template_file(p)


@pytest.mark.django_db
def test_load_stores_versioned_texts_and_export_round_trips(tmp_path):
    RegionFactory()
    p = tmp_path / "a.report.toml"
    p.write_text(
        '[template]\nyear = 2023\n[texts]\ns1 = "区领导听取汇报{inspections}次。"\ns5_4 = """\n多行\n"文字"\n"""\n',
        encoding="utf-8",
    )
    assert report_template_load(actor=SYSTEM, region_code="120110", year=2023, path=p) == ["s1", "s5_4"]
    with pytest.raises(InvalidInput, match="2023年度"):
        report_template_load(actor=SYSTEM, region_code="120110", year=2024, path=p)
    assert texts_for("120110", 2023)["s1"] == "区领导听取汇报{inspections}次。"
    assert ReportTextVersion.objects.filter(region_id="120110", year=2023).count() == 2
    out = tmp_path / "b.report.toml"
    out.write_text(template_file_text("120110", 2023), encoding="utf-8")
    assert read_template_file(out).texts == {"s1": "区领导听取汇报{inspections}次。", "s5_4": '多行\n"文字"'}
