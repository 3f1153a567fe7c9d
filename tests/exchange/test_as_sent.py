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


@pytest.mark.parametrize("n", [2, 60], ids=["per-record", "set-based"])
def test_case_values_not_sent_are_not_invented_and_the_rules_report_them(registry, tmp_path, n):
    """No 违法行为发生日期, no 处罚种类 beside an amount, no 审核结论: stored empty, loaded, reported as breaches."""
    rows = [
        D.case(
            i,
            违法行为发生日期="",
            处罚种类="",
            处理结果="",
            法制审核日期="2024-03-10",
            法制审核人身份证号码=D.REVIEWER,
        )
        for i in range(1, n + 1)
    ]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "c", "行政处罚", rows)])
    assert result.rejections() == [] and result.totals()["行政处罚"]["created"] == n
    case = PenaltyCase.objects.get(case_no=D.case(1)["案件编号"])
    assert (case.act_date, case.penalty_kinds, case.outcome, case.fine_amount) == (None, [], "", 3000)
    assert case.legal_reviews.get().result == ""
    codes = {b["code"] for f in result.files for b in f.report.breaches if b["key"].endswith(D.case(1)["案件编号"])}
    assert {"limitation.act_date_missing", "outcome.fine_kind", "outcome.no_kind"} <= codes


def test_registry_and_act_values_not_sent_stay_empty(registry, tmp_path):
    from zhifa.enforcement.models import Hazard, VehicleOverload
    from zhifa.org.models import Certificate

    cert = {
        "执法证号": "120110009999",
        "持证人身份证号码": D.CITIZEN,
        "发证机关": "天津市人民政府",
        "发证日期": "2023-03-01",
    }
    person = {"身份证号码": D.CITIZEN, "姓名": "周新", "单位统一社会信用代码": D.MARKET, "编制类型": "行政编制"}
    hazard = {
        "隐患编号": "YH1",
        "实施机构统一社会信用代码": D.MARKET,
        "对象名称": "东丽区好运来超市",
        "相对人证件号码": D.SHOP,
        "隐患类别": "燃气",
        "发现日期": "2024-04-02",
    }
    overload = {
        "检测编号": "CX1",
        "实施机构统一社会信用代码": D.MARKET,
        "车牌号": "津A12345",
        "车货总重": "55.20",
        "限值": "49",
        "检测时间": "2024-06-01 23:10",
    }
    folder = tmp_path / "more"
    D.write_csv(folder, "执法人员", [person])
    D.write_csv(folder, "执法证件", [cert])
    D.write_csv(folder, "隐患", [hazard])
    D.write_csv(folder, "超限超载", [overload])
    result = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert result.rejections() == []
    assert Certificate.objects.get(number="120110009999").valid_until is None
    assert Hazard.objects.get(number="YH1").severity == ""
    assert VehicleOverload.objects.get(number="CX1").unloaded_tonnage is None
    # a certificate without its 有效期 does not show its holder in force: an act by the holder breaks 第四十二条
    act = D.inspection(1, 执法证号="120110000000；120110009999")
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "i", "行政检查", [act])])
    assert [b["code"] for f in result.files for b in f.report.breaches] == ["officers.no_certificate"]


def test_a_decision_without_its_act_date_raises_its_supervision_alert(registry, tmp_path):
    import datetime as dt

    from zhifa.supervision.models import Alert
    from zhifa.supervision.services import alerts_scan

    rows = [D.case(1, 违法行为发生日期=""), D.case(2)]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "c", "行政处罚", rows)])
    assert result.rejections() == []
    alerts_scan(actor=SYSTEM, region_code=D.REGION, as_of=dt.date(2024, 12, 31), rules=["act_date_missing"])
    (alert,) = Alert.objects.filter(rule_id="act_date_missing")
    assert alert.object_id == str(PenaltyCase.objects.get(case_no=D.case(1)["案件编号"]).pk)
    assert "未记载违法行为发生日期" in alert.message


def test_the_report_reads_a_district_whose_records_leave_values_out(registry, tmp_path, settings):
    """NULLs where nothing was sent (违法行为发生日期, 审核结论, 卸载吨数, 隐患等级, 有效期至) never crash the report,
    its XLSX of every record behind each figure, or the metrics."""
    from zhifa.reports.document import annual_document
    from zhifa.reports.render import to_markdown
    from zhifa.reports.xlsx import write_figures_xlsx

    settings.REPORT_ROOT = tmp_path
    folder = tmp_path / "bare"
    D.write_csv(folder, "执法证件", [{"执法证号": "120110009999", "持证人身份证号码": D.OFFICERS[3], "发证机关": "天津市人民政府", "发证日期": "2023-03-01", "证件状态": "注销", "注销日期": "2024-01-05", "注销原因": "其他"}])  # fmt: skip
    D.write_csv(folder, "行政检查", [D.inspection(i) for i in range(1, 4)])
    D.write_csv(
        folder,
        "行政处罚",
        [D.case(1, 违法行为发生日期="", 处罚种类="", 法制审核日期="2024-03-10", 法制审核人身份证号码=D.REVIEWER)],
    )
    D.write_csv(folder, "隐患", [{"隐患编号": "YH1", "实施机构统一社会信用代码": D.MARKET, "检查行为编号": "JC202400001", "隐患类别": "燃气", "发现日期": "2024-04-02", "整改完成日期": "2024-04-20"}])  # fmt: skip
    D.write_csv(folder, "超限超载", [{"检测编号": "CX1", "实施机构统一社会信用代码": D.MARKET, "车牌号": "津A12345", "车货总重": "105", "限值": "49", "检测时间": "2024-06-01 23:10"}])  # fmt: skip
    result = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert result.rejections() == []
    md = to_markdown(annual_document(D.REGION, 2024))
    assert "| overloads | 查处超限超载车辆 | 1 |" in md and "| overloads_100t | 其中“百吨王” | 1 |" in md
    assert "| unloaded_tonnage | 卸载倒运货物（吨） | 0.00 |" in md
    assert "| gas_hazards_rectified | 燃气隐患解决 | 1 |" in md
    path = write_figures_xlsx(D.REGION, 2024, tmp_path / "figures.xlsx")
    assert path.stat().st_size > 0
