"""The 司法局's own records through the exchange: 案卷评查, 执法监督检查 and 月度通报.

Only the 司法局 sends them; a 评查 is scored by the supervision service (total and 等次 computed, never sent);
a re-sent record changes nothing; they are read back from their tables.
"""

from decimal import Decimal

import pytest

from tests.exchange import district as D
from tests.exchange.test_api import call, english, tokens  # noqa: F401  (the fixture)
from zhifa.core.models import AuditLog
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.services import exchange_load_files
from zhifa.supervision.models import Bulletin, CaseFileReview, SupervisionInspection

pytestmark = pytest.mark.django_db

CASE_NO = D.case(1)["案件编号"]
SCORES = {"立案": 10, "调查取证": 16, "告知": 15, "审核": 10, "决定": 12, "送达": 10, "执行": 10, "归档": 9}


def review(**over) -> dict:
    row = {
        "案件办理机构统一社会信用代码": D.MARKET,
        "案件编号": CASE_NO,
        "年度": "2024",
        "季度": "1",
        "评查日期": "2024-04-15",
        "评查人员": "区司法局执法监督科",
        **{f"{k}得分": str(v) for k, v in SCORES.items()},
    }
    return row | over


def post(token, slug, rows, rtype, batch):
    r = call("post", f"/api/v1/{slug}/batches", token, {"batch_no": batch, "records": [english(rtype, x) for x in rows]})
    assert r.status_code == 200, r.content
    return r.json()


@pytest.fixture
def with_case(tokens, tmp_path):  # noqa: F811
    exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "acts", "行政处罚", [D.case(1)])])
    return tokens


def test_a_review_sent_by_the_bureau_is_scored_by_the_service_and_read_back(with_case):
    out = post(with_case["region"], "case-file-reviews", [review()], "案卷评查", "pc-1")
    assert out["counts"]["created"] == 1, out
    r = CaseFileReview.objects.get()
    assert r.status == "scored" and r.total == Decimal(sum(SCORES.values())) and r.grade == "excellent"
    audits = AuditLog.objects.count()
    again = post(with_case["region"], "case-file-reviews", [review()], "案卷评查", "pc-2")
    assert again["counts"]["unchanged"] == 1 and AuditLog.objects.count() == audits
    got = call("get", f"/api/v1/case-file-reviews/{D.MARKET}|{CASE_NO}", with_case["region"]).json()
    assert got["score_investigation"] == "16.00" and got["reviewed_on"] == "2024-04-15"
    # a 否决项 fails the file whatever its points; the 等次 is the service's, not the sender's
    post(with_case["region"], "case-file-reviews", [review(否决项="证据")], "案卷评查", "pc-3")
    r.refresh_from_db()
    assert r.grade == "fail" and r.is_typical_bad and r.vetoes == ["证据"]


def test_bad_reviews_are_refused_at_their_field(with_case):
    rows = [
        review(调查取证得分="21"),
        review(案件编号="津丽市监罚〔2024〕9999号"),
        review(季度="5"),
        review(否决项="态度"),
    ]
    fields = []
    for i, row in enumerate(rows):  # one key per batch: each row on its own
        (res,) = post(with_case["region"], "case-file-reviews", [row], "案卷评查", f"pc-bad-{i}")["results"]
        assert res["status"] == "rejected", res
        fields.append(res["field"])
    assert fields == ["调查取证得分", "案件编号", "季度", "否决项"]
    assert CaseFileReview.objects.count() == 0


def test_only_the_bureau_sends_its_records(with_case):
    out = post(with_case["A"], "case-file-reviews", [review()], "案卷评查", "u-1")
    assert out["results"][0]["status"] == "rejected" and "无权" in out["results"][0]["reason"]
    month = {"行政区划代码": D.REGION, "月份": "2024-03"}
    out = post(with_case["A"], "bulletins", [month], "月度通报", "u-2")
    assert out["results"][0]["status"] == "rejected"
    assert not CaseFileReview.objects.exists() and not Bulletin.objects.exists()


def test_inspection_and_bulletin_from_the_bureau(with_case, settings, tmp_path):
    settings.REPORT_ROOT = tmp_path / "reports"
    visit = {
        "被检查单位统一社会信用代码": D.MARKET,
        "检查日期": "2024-06-06",
        "检查人员": "区司法局执法监督科",
        "检查内容": "随机抽查执法案卷",
        "抽查案卷数": "12",
        "发现问题": "个别文书填写不规范",
    }
    out = post(with_case["region"], "supervision-inspections", [visit], "执法监督检查", "si-1")
    assert out["counts"]["created"] == 1 and SupervisionInspection.objects.get().files_checked == 12
    out = post(with_case["region"], "supervision-inspections", [dict(visit, 抽查案卷数="15")], "执法监督检查", "si-2")
    assert out["counts"]["updated"] == 1 and SupervisionInspection.objects.get().files_checked == 15

    months = [{"行政区划代码": D.REGION, "月份": "2024-03"}, {"行政区划代码": D.REGION, "月份": "2024-13"}]
    months.append({"行政区划代码": D.REGION, "月份": "2999-01"})
    out = post(with_case["region"], "bulletins", months, "月度通报", "b-1")
    status = [x["status"] for x in out["results"]]
    assert status == ["created", "rejected", "rejected"] and {x["field"] for x in out["results"][1:]} == {"月份"}
    b = Bulletin.objects.get()
    assert f"{b.month:%Y-%m}" == "2024-03" and (tmp_path / "reports").exists()
    listed = call("get", "/api/v1/bulletins", with_case["region"]).json()["items"]
    assert listed == [{"region_code": D.REGION, "month": "2024-03"}]
    assert call("get", "/api/v1/bulletins", with_case["A"]).json()["items"] == []  # the region's, not a unit's
