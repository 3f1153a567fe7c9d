"""Narrative blocks: placeholders are checked, defaults are overridden per region-year."""

import pytest

from tests.factories import RegionFactory
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import SYSTEM
from zhifa.reports.figures import about, join_units
from zhifa.reports.texts import DEFAULTS, PLACEHOLDERS, check_placeholders, fill, report_text_set, texts_for


@pytest.mark.parametrize(
    "text, ok",
    [
        ("全年共开展行政检查{inspections}次", True),
        ("{region_name}{year}年", True),
        ("全年共开展行政检查{inspection}次", False),  # typo: not a placeholder
        ("未闭合的{inspections", False),
        ("没有占位符", True),
        ("{行政检查次数 执法领域=市场监管 检查对象类别=零售药店}家次", True),
        ("{履职率 显示=数值}", True),
        ("{行政检察次数 执法领域=市场监管}", False),  # misspelled metric
        ("{行政检查次数 执法区域=市场监管}", False),  # unknown parameter
        ("{行政检查次数 检查方式=飞行}", False),  # value outside the choices
        ("{行政检查次数 检查对象类别=食品经营者}", True),  # free text as the senders name it (exchange.md principle 5)
    ],
)
def test_check_placeholders(text, ok):
    assert (check_placeholders(text) == []) is ok


def test_every_default_uses_known_placeholders():
    for key, text in DEFAULTS.items():
        assert check_placeholders(text) == [], key


@pytest.mark.parametrize(
    "n, text", [(4, "4项"), (10, "10项"), (11, "10余项"), (12, "10余项"), (20, "20项"), (23, "20余项")]
)
def test_about(n, text):
    assert about(n, "项") == text


def test_join_units_drops_repeated_district_prefix():
    assert join_units(["区卫健委", "区应急管理局", "区生态环境局"]) == "区卫健委、应急管理局、生态环境局"
    assert join_units(["公安东丽分局", "区运管局"]) == "公安东丽分局、区运管局"


@pytest.mark.django_db
def test_report_text_overrides_default_and_is_audited():
    from zhifa.core.models import AuditLog

    RegionFactory()
    report_text_set(actor=SYSTEM, region_code="120110", year=2023, key="s1", text="区领导听取汇报{inspections}次。")
    texts = texts_for("120110", 2023)
    assert texts["s1"] == "区领导听取汇报{inspections}次。"
    assert texts["s2"] == DEFAULTS["s2"]
    assert texts_for("120110", 2024)["s1"] == DEFAULTS["s1"]
    assert AuditLog.objects.filter(action="report_text.set").count() == 1
    assert fill(texts["s1"], {"inspections": "7"}) == "区领导听取汇报7次。"


@pytest.mark.django_db
@pytest.mark.parametrize("key, text", [("nope", "x"), ("s1", "{nope}")])
def test_report_text_rejects_unknown_key_or_placeholder(key, text):
    RegionFactory()
    with pytest.raises(InvalidInput):
        report_text_set(actor=SYSTEM, region_code="120110", year=2023, key=key, text=text)


def test_placeholders_are_documented():
    assert all(PLACEHOLDERS.values())


@pytest.mark.django_db
def test_metric_placeholder_refused_naming_it_and_nothing_saved():
    from zhifa.reports.models import ReportText

    region = RegionFactory()
    with pytest.raises(InvalidInput, match="未知的指标“行政检察次数”"):
        report_text_set(actor=SYSTEM, region_code=region.code, year=2023, key="s4_1", text="{行政检察次数}次")
    assert not ReportText.objects.exists()
    report_text_set(actor=SYSTEM, region_code=region.code, year=2023, key="s4_1", text="检查{行政检查次数 检查类别=夜查}次")
    assert fill(texts_for(region.code, 2023)["s4_1"], {}, region_code=region.code, year=2023) == "检查0次"
