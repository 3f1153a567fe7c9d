"""A record's fields are stored as sent: what the sender did not send is empty, never invented.

Both the per-record path (a few rows) and the set-based path (a chunk of new rows) store the 国办发〔2024〕54号
inspection fields on the inspection itself, so that nothing lives only in the exchange's own store.
"""

import pytest

from tests.exchange import district as D
from zhifa.enforcement.models import Inspection, PenaltyCase
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.services import exchange_load_files

pytestmark = pytest.mark.django_db

FIELDS_54 = {
    "检查类别": "个案检查",
    "个案来源": "投诉举报",
    "检查方式": "夜查；联合",
    "审批人身份证号码": D.REVIEWER,
    "审批时间": "2024-04-01 08:00",
    "紧急": "否",
    "检查结果": "责令改正",
    "报送时间": "2024-04-04 17:00",
}


@pytest.fixture
def registry(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])


@pytest.mark.parametrize("n", [2, 80], ids=["per-record", "set-based"])
def test_inspection_fields_are_stored_on_the_inspection(registry, tmp_path, n):
    rows = [D.inspection(i, **FIELDS_54, 检查时间="2024-04-03 09:30") for i in range(1, n)]
    rows.append(D.inspection(n, 检查结果=""))
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "a", "行政检查", rows)])
    assert result.rejections() == [] and result.totals()["行政检查"]["created"] == n
    first = Inspection.objects.get(number="JC202400001")
    assert (first.inspection_class, first.case_source, first.methods, first.urgent, first.result) == (
        "case",
        "complaint",
        ["夜查", "联合"],
        False,
        "correct",
    )
    assert first.approver.id_number == D.REVIEWER
    assert (first.approved_at.isoformat(), first.reported_at.isoformat()) == (
        "2024-04-01T00:00:00+00:00",  # 08:00 Beijing time
        "2024-04-04T09:00:00+00:00",
    )
    last = Inspection.objects.get(number=f"JC2024{n:05d}")
    # not sent: empty / NULL
    assert (last.case_source, last.approver, last.approved_at, last.urgent, last.result, last.reported_at) == (
        "",
        None,
        None,
        None,
        "",
        None,
    )
    assert last.inspection_class == "routine" and last.methods == ["双随机"]


def test_case_fields_not_sent_stay_empty(registry, tmp_path):
    rows = [
        D.case(1, 法制审核日期="2024-03-10", 法制审核人身份证号码=D.REVIEWER, 集体讨论日期="2024-03-15"),
        D.case(2, 当事人不在场="是", 送达日期="2024-03-25", 公示日期="2024-03-26"),
    ]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "c", "行政处罚", rows)])
    assert result.rejections() == []
    one, two = PenaltyCase.objects.order_by("case_no")
    assert one.party_absent is None and two.party_absent is True
    review = one.legal_reviews.get()
    discussion = one.discussions.get()
    assert (review.opinion, discussion.attendees, discussion.conclusion) == ("", "", "")
