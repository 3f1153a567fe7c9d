"""免罚清单: loading (CSV/XLSX, row errors named), matching a case, the case page, and the alert for a fine on a
listed 不予处罚 item whose conditions were recorded as met (and none when recorded as not met)."""

import datetime as dt
import io

import pytest

from tests.factories import make_account
from tests.supervision.conftest import REGION, case
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import SYSTEM
from zhifa.supervision.exemptions import exemption_assess, exemption_list_load, items_for
from zhifa.supervision.models import Alert, ExemptionItem
from zhifa.supervision.services import alerts_scan

D = dt.date
SRC = "天津市市场监管领域不予处罚和减轻处罚事项清单（2025年版）"
CSV = (
    "序号,清单类型,执法领域,事项编码,违法行为,违法依据,处罚依据,适用条件,裁量说明\n"
    "1,不予处罚,市场监管,CF-001,销售不合格商品,《产品质量法》第三十九条,《产品质量法》第五十条,初次违法且危害后果轻微并及时改正,示例\n"
    "2,减轻处罚,市场监管,,未亮照经营,《市场主体登记管理条例》第三十六条,同上第五十条,主动消除或者减轻违法行为危害后果,\n"
)


def load(csv_text=CSV, name="list.csv"):
    return exemption_list_load(actor=SYSTEM, region_code=REGION, data=csv_text.encode("utf-8-sig"), filename=name, source_document=SRC)


@pytest.mark.django_db
def test_load_csv_and_reload_is_idempotent(w):
    assert load() == 2 and load() == 2
    assert ExemptionItem.objects.count() == 2
    item = ExemptionItem.objects.get(seq="1")
    assert item.kind == "no_penalty" and item.power_code == "CF-001" and item.extra == {"裁量说明": "示例"}


@pytest.mark.django_db
def test_load_xlsx(w):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in CSV.strip().splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    assert exemption_list_load(actor=SYSTEM, region_code=REGION, data=buf.getvalue(), filename="清单.xlsx", source_document=SRC) == 2


@pytest.mark.django_db
def test_bad_rows_are_named_and_nothing_is_written(w):
    bad = "清单类型,违法行为,适用条件\n不予处罚,销售不合格商品,\n从轻处罚,未亮照经营,条件\n"
    with pytest.raises(InvalidInput) as e:
        load(bad)
    assert "第2行“适用条件”为空" in e.value.message and "第3行“清单类型”" in e.value.message
    assert not ExemptionItem.objects.exists()
    with pytest.raises(InvalidInput, match="缺少必填列"):
        load("违法行为\n某行为\n")


@pytest.mark.django_db
@pytest.mark.parametrize("met,fires", [(True, True), (False, False)], ids=["conditions met, fined", "conditions not met"])
def test_fine_on_listed_item_with_conditions_met(w, met, fires):
    load()
    c = case(w, decided_on=D(2026, 3, 10), filed_on=D(2026, 3, 1), penalty_kinds=["fine"], fine_amount=2000)
    (item, *_) = items_for(c)
    assert item.violation == "销售不合格商品"
    exemption_assess(actor=SYSTEM, case=c, item=item, conditions_met=met)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2026, 3, 31), rules=["fined_despite_exemption"])
    found = Alert.objects.filter(rule_id="fined_despite_exemption", object_id=str(c.pk))
    assert found.exists() is fires
    if fires:
        assert "第三十三条" in found.get().citation and SRC in found.get().message


@pytest.mark.django_db
def test_case_page_shows_conditions_and_records_assessment(w, client):
    load()
    c = case(w, status="investigating", decided_on=None, outcome="", penalty_kinds=[], filed_on=D(2026, 3, 1))
    officer = make_account("officer", person=w.a)
    client.force_login(officer)
    page = client.get(f"/staff/cases/{c.pk}/").content.decode()
    assert 'id="exemptions"' in page and "初次违法且危害后果轻微并及时改正" in page and SRC in page
    item = ExemptionItem.objects.get(seq="1")
    r = client.post(f"/staff/cases/{c.pk}/exemption/", {"item": item.pk, "conditions_met": "1", "note": "首次违法已改正"})
    assert r.status_code == 302
    assert c.exemption_assessments.get().conditions_met is True
