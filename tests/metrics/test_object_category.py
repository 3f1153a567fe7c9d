"""检查对象类别 as the sender names it (exchange.md principle 5): stored with the inspection, grouped and filtered on
as given, exported as sent; an inspection without one is grouped by its party's type."""

import datetime as dt

import pytest

from tests.exchange import district as D
from zhifa import metrics
from zhifa.enforcement.models import Inspection
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.outgoing import build
from zhifa.exchange.services import exchange_load_files
from zhifa.reports.texts import check_placeholders, metric_text

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.fixture
def sent(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    rows = [D.inspection(1), D.inspection(2, 检查对象类别="食品经营者"), D.inspection(3, 检查对象类别="食品经营者")]
    rows.append(D.inspection(4, 检查对象类别=""))  # not sent: the party's type (零售药店, from its first record)
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "acts", "行政检查", rows)])
    assert result.rejections() == []


def test_inspections_are_counted_by_the_category_sent(sent):
    by = dict(metrics.breakdown("行政检查次数", D.REGION, *YEAR, by="检查对象类别"))
    assert by == {"食品经营者": 2, "零售药店": 2}
    food = metrics.compute("行政检查次数", D.REGION, *YEAR, 检查对象类别="食品经营者")
    pharmacy = metrics.compute("行政检查次数", D.REGION, *YEAR, 检查对象类别="零售药店")
    assert (food.value, pharmacy.value) == (2, 2)
    assert metrics.compute("行政检查次数", D.REGION, *YEAR, 检查对象类别="retail_pharmacy").value == 2  # a code: its label


def test_a_template_names_a_category_the_product_does_not_list(sent):
    # the issue's own example: accepted at the field, and the report prints the number
    assert check_placeholders("{行政检查次数 执法领域=市场监管 检查对象类别=食品经营者}") == []
    assert metric_text(D.REGION, 2024, "行政检查次数 检查对象类别=食品经营者") == "2"


def test_the_category_goes_out_as_it_came_in(sent):
    out = {r["检查行为编号"]: r.get("检查对象类别", "") for r in build("行政检查", Inspection.objects.all())}
    assert out[D.inspection(2)["检查行为编号"]] == "食品经营者"
    assert out[D.inspection(1)["检查行为编号"]] == "零售药店"
