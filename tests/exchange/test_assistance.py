"""异地执法协助 through the exchange: a unit's 协助函 loads through the same service as the workspace's, a party of the
district is refused at its field, a letter sent again with other content is an update, and the record goes out
again as it came in (its own key, read from the table)."""

import pytest

from tests.exchange import district as D
from zhifa.core.models import AuditLog
from zhifa.core.validators import make_uscc
from zhifa.enforcement.models import AssistanceRecord
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.export import records
from zhifa.exchange.reading import one
from zhifa.exchange.services import exchange_load_files
from zhifa.exchange.spec import record_type

pytestmark = pytest.mark.django_db

REMOTE = make_uscc("91131000", 4711)  # registered in 廊坊市


@pytest.fixture
def registry(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])


def letter(n: int, **over) -> dict:
    row = {
        "实施机构统一社会信用代码": D.MARKET,
        "协助函文号": f"津丽市监协〔2024〕{n}号",
        "当事人名称": "廊坊市通达物流有限公司",
        "当事人统一社会信用代码": REMOTE,
        "协助机关": "廊坊市市场监督管理局",
        "协助机关行政区划代码": "131000",
        "协助事项": "请求协助核查当事人经营场所",
        "发函日期": "2024-04-01",
        "协助期限至": "2024-04-30",
    }
    row.update(over)
    return row


def test_assistance_loads_refuses_updates_and_goes_out(registry, tmp_path):
    rows = [
        letter(1),
        letter(2, 当事人名称="东丽区好运来超市", 当事人统一社会信用代码=D.SHOP),  # registered in the district
        letter(3, 协助机关行政区划代码="120110"),  # an authority of the body's own district
        letter(4, 协助期限至="2024-03-01"),  # period ends before the letter
    ]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "a", "异地执法协助", rows)])
    got = {r.row: (r.field, r.reason) for _f, _t, r in result.rejections()}
    assert set(got) == {3, 4, 5}
    assert got[3][0] == "当事人统一社会信用代码" and "管辖区域内" in got[3][1]
    assert got[4][0] == "协助机关行政区划代码"
    assert got[5][0] == "协助期限至"
    rec = AssistanceRecord.objects.get()
    assert (rec.letter_no, rec.party.uscc, rec.assisting_region_code) == ("津丽市监协〔2024〕1号", REMOTE, "131000")

    again = exchange_load_files(
        actor=SYSTEM, paths=[D.write_csv(tmp_path / "b", "异地执法协助", [letter(1, 协助期限至="2024-05-31")])]
    )
    assert again.totals()["异地执法协助"]["updated"] == 1
    rec.refresh_from_db()
    assert str(rec.covers_until) == "2024-05-31" and AssistanceRecord.objects.count() == 1
    assert AuditLog.objects.filter(action="assistance.record", object_id=str(rec.pk)).count() == 2

    rtype = record_type("异地执法协助")
    out = list(records(rtype, actor=SYSTEM, unit=None, region=None, since=None, date_from=None, date_to=None))
    assert out == [{k: v for k, v in letter(1, 协助期限至="2024-05-31").items()}]
    assert one(SYSTEM, rtype, f"{D.MARKET}|津丽市监协〔2024〕1号")["letter_no"] == "津丽市监协〔2024〕1号"
