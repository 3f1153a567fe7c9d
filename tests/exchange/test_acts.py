"""Acts through the one path in: bad rows precisely, corrections complete the data, breaches load and alert."""

import datetime as dt

import pytest

from tests.exchange import district as D
from zhifa.core.models import AuditLog
from zhifa.enforcement.models import Disclosure, Inspection, LegalReview, PenaltyCase
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.services import exchange_load_files
from zhifa.supervision.models import Alert

pytestmark = pytest.mark.django_db

C0, C1, C9 = "120110000000", "120110000001", "120110009999"


def wrong_check(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


@pytest.fixture
def registry(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])


def bad_files(folder):
    inspections = [
        D.inspection(1),
        D.inspection(2),
        D.inspection(3, 事项编码="JC-999"),  # unknown 事项编码
        D.inspection(4, 执法证号=f"{C0}；{C9}"),  # unknown 执法证号
        D.inspection(1, 检查时间="2024-05-01 10:00"),  # key repeated in the file
        D.inspection(6, 检查时间="2099-01-01 09:00"),  # a future date
        D.inspection(7, 执法证号=C0),  # one officer: a breach, loaded
    ]
    cases = [
        D.case(1),
        D.case(2, 立案日期="2024-03-25"),  # 决定日期 (03-20) before 立案日期
        D.case(3, 当事人名称="张三", 相对人性质="自然人", 相对人证件号码=wrong_check(D.CITIZEN)),  # ID check digit
        D.case(
            4,
            决定日期="2024-06-05",
            送达日期="2024-06-06",
            缴款日期="2024-06-10",
            结案日期="2024-06-12",
            公示日期="2024-06-07",
        ),  # decided 120 days after 立案: a breach, loaded
    ]
    D.write_csv(folder, "行政检查", inspections)
    D.write_csv(folder, "行政处罚", cases)
    return folder


def test_exactly_the_bad_rows_are_rejected_with_field_and_reason(
    registry, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = exchange_load_files(actor=SYSTEM, paths=[bad_files(tmp_path / "acts")])
    got = {(t, r.row, r.field) for _f, t, r in result.rejections()}
    assert got == {
        ("行政检查", 4, "事项编码"),
        ("行政检查", 5, "执法证号"),
        ("行政检查", 6, "检查行为编号"),
        ("行政检查", 7, "检查时间"),
        ("行政处罚", 3, "决定日期"),
        ("行政处罚", 4, "相对人证件号码"),
    }
    reasons = {(r.row, r.field): r.reason for _f, t, r in result.rejections()}
    assert "权责清单" in reasons[(4, "事项编码")]
    assert C9 in reasons[(5, "执法证号")]
    assert "第2条重复" in reasons[(6, "检查行为编号")]
    assert "将来" in reasons[(7, "检查时间")]
    assert "校验码错误" in reasons[(4, "相对人证件号码")]
    assert Inspection.objects.count() == 3 and PenaltyCase.objects.count() == 2
    totals = result.totals()
    assert totals["行政检查"]["created"] == 3 and totals["行政处罚"]["created"] == 2

    # Breaches are facts: loaded, reported, and their alerts raised by the supervision hook (the checks
    # queued by the load, run by `zhifa worker`).
    from zhifa.ops.tasks import drain_checks

    drain_checks()
    breaches = {(f.record_type.name, b["row"], b["code"]) for f in result.files for b in f.report.breaches}
    assert breaches == {("行政检查", 8, "officers.too_few"), ("行政处罚", 5, "deadline.decision")}
    single = Inspection.objects.get(officer_b__isnull=True)
    assert Alert.objects.filter(rule_id="single_officer", object_id=str(single.pk)).exists()
    late = PenaltyCase.objects.get(case_no__endswith="0004号")
    assert Alert.objects.filter(rule_id="case_overdue", object_id=str(late.pk)).exists()
    assert late.status == "closed" and Disclosure.objects.filter(case=late, status="published").exists()


def test_corrected_rows_complete_the_data_and_reloading_changes_nothing(registry, tmp_path):
    folder = bad_files(tmp_path / "acts")
    exchange_load_files(actor=SYSTEM, paths=[folder])
    fixed = tmp_path / "fixed"
    D.write_csv(
        fixed,
        "行政检查",
        [
            D.inspection(3),
            D.inspection(4),
            D.inspection(5, 检查时间="2024-05-01 10:00"),
            D.inspection(6),
        ],
    )
    D.write_csv(
        fixed,
        "行政处罚",
        [
            D.case(2),
            D.case(3, 当事人名称="张三", 相对人性质="自然人", 相对人证件号码=D.CITIZEN),
        ],
    )
    result = exchange_load_files(actor=SYSTEM, paths=[fixed])
    assert result.rejections() == []
    assert Inspection.objects.count() == 7 and PenaltyCase.objects.count() == 4
    person_case = PenaltyCase.objects.get(party__id_number=D.CITIZEN)
    assert person_case.party.kind == "person" and person_case.status == "closed"

    audits = AuditLog.objects.count()
    for path in (folder, fixed):
        again = exchange_load_files(actor=SYSTEM, paths=[path])
        for name, c in again.totals().items():
            assert c["created"] == c["updated"] == 0, name
        assert {r.row for _f, _t, r in again.rejections()} <= {4, 5, 6, 7, 3}
    assert AuditLog.objects.count() == audits


def test_a_changed_case_is_an_update_with_its_steps_replaced(registry, tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "a", "行政处罚", [D.case(1)])])
    changed = D.case(1, 法制审核日期="2024-03-15", 法制审核人身份证号码=D.REVIEWER, 罚款金额="5000", 实缴金额="5000")
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "b", "行政处罚", [changed])])
    assert result.totals()["行政处罚"]["updated"] == 1
    case = PenaltyCase.objects.get()
    assert case.fine_amount == 5000 and LegalReview.objects.get(case=case).reviewer.id_number == D.REVIEWER
    log = AuditLog.objects.get(action="exchange.update", object_id=str(case.pk))
    assert log.before["record"]["罚款金额"] == "3000.00" and log.after["record"]["罚款金额"] == "5000.00"


def test_the_set_based_path_gives_the_same_per_record_results(registry, tmp_path):
    """60 new inspections go the set-based way: the same rejections, audit rows per batch, breaches, alerts."""
    from zhifa.ops.tasks import drain_checks

    rows = [D.inspection(i) for i in range(1, 61)]
    rows[9] = D.inspection(10, 事项编码="JC-999")
    rows[19] = D.inspection(20, 执法证号=f"{C0}；{C9}")
    rows[29] = D.inspection(1, 检查时间="2024-05-01 10:00")  # repeats row 2's key
    rows[39] = D.inspection(40, 执法证号=C0)  # one officer: loaded, with its breach
    path = D.write_csv(tmp_path / "many", "行政检查", rows)
    audits = AuditLog.objects.count()
    result = exchange_load_files(actor=SYSTEM, paths=[path])
    got = {(r.row, r.field) for _f, _t, r in result.rejections()}
    assert got == {(11, "事项编码"), (21, "执法证号"), (31, "检查行为编号")}
    assert result.totals()["行政检查"]["created"] == 57 and Inspection.objects.count() == 57
    (log,) = AuditLog.objects.filter(action="exchange.bulk_create")
    assert AuditLog.objects.count() - audits == 1  # one row for the batch, naming its records and new parties
    assert len(log.after["keys"]) == 57 and len(log.after["parties_registered"]) == 1
    (breach,) = result.files[0].report.breaches
    assert (breach["row"], breach["code"]) == (41, "officers.too_few")
    drain_checks()
    single = Inspection.objects.get(officer_b__isnull=True)
    assert Alert.objects.filter(rule_id="single_officer", object_id=str(single.pk)).exists()
    again = exchange_load_files(actor=SYSTEM, paths=[path])
    assert again.totals()["行政检查"]["unchanged"] == 57 and again.totals()["行政检查"]["rejected"] == 3


def _measures_and_licences():
    measure = {
        "实施机构统一社会信用代码": D.MARKET,
        "措施编号": "QZ2024001",
        "事项编码": "CF-001",
        "措施种类": "扣押财物",
        "当事人名称": "东丽区好运来超市",
        "相对人性质": "法人或其他组织",
        "相对人证件号码": D.SHOP,
        "决定日期": "2024-03-01",
        "解除日期": "2024-03-20",
        "处理结果": "依法解除",
        "执法证号": f"{C0}；{C1}",
        "全程音像记录": "是",
    }
    other = dict(measure, 措施编号="QZ2024002", 措施种类="其他")
    licence = {
        "实施机构统一社会信用代码": D.MARKET,
        "许可决定书文号": "津丽市监许〔2024〕1号",
        "事项编码": "CF-001",
        "申请人名称": "东丽区好运来超市",
        "相对人性质": "法人或其他组织",
        "相对人证件号码": D.SHOP,
        "受理日期": "2024-03-01",
        "决定日期": "2024-03-15",
        "决定": "准予",
        "承办人执法证号": C0,
    }
    return measure, other, licence


def test_measures_and_licences_go_to_their_tables_with_computed_deadlines(registry, tmp_path):
    from zhifa.enforcement.models import CoerciveMeasure, LicenceDecision

    measure, other, licence = _measures_and_licences()
    folder = tmp_path / "more"
    D.write_csv(folder, "行政强制", [measure, other])
    D.write_csv(folder, "行政许可", [licence, dict(licence, 许可决定书文号="津丽市监许〔2024〕2号", 承办人执法证号="")])
    result = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert result.rejections() == []
    m = CoerciveMeasure.objects.get()
    # 期限天数 not sent: stored empty (never a default), bounded by 第二十五条's 30 days, and reported as missing.
    assert (m.kind, m.term_days, str(m.due_on), m.lifted_on.isoformat()) == (
        "seize",
        None,
        "2024-04-01",
        "2024-03-20",
    )  # 03-31 is a Sunday
    breaches = [b["code"] for f in result.files for b in f.report.breaches if f.record_type.name == "行政强制"]
    assert "coercion.term_missing" in breaches
    x = LicenceDecision.objects.get(application_no="津丽市监许〔2024〕1号")
    assert x.result == "grant" and x.due_on > x.accepted_on
    # sent without 承办人 (not a field of exchange.md): still the year's decision, in its table with no 承办人
    bare = LicenceDecision.objects.get(application_no="津丽市监许〔2024〕2号")
    assert (bare.officer_a_id, bare.result, bare.decided_on) == (None, "grant", x.decided_on)
    assert result.totals()["行政强制"]["created"] == 2 and result.totals()["行政许可"]["created"] == 2
    again = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert all(c["unchanged"] == 2 for c in again.totals().values())


def test_an_inspection_approved_after_the_fact_loads_and_alerts(registry, tmp_path):
    """国办发〔2024〕54号: approval beforehand; approved afterwards without 紧急 is a breach, loaded and alerted."""
    from zhifa.ops.tasks import drain_checks
    from zhifa.supervision.scan import alerts_scan

    rows = [
        D.inspection(1, 检查时间="2025-04-08 09:30", 审批时间="2025-04-08 09:30"),  # same minute: lawful
        D.inspection(2, 检查时间="2025-04-09 09:30", 审批时间="2025-04-09 09:31"),  # a minute after, not urgent
    ]
    D.write_csv(tmp_path / "acts", "行政检查", rows)
    result = exchange_load_files(actor=SYSTEM, paths=[tmp_path / "acts"])
    assert list(result.rejections()) == []
    assert Inspection.objects.count() == 2
    drain_checks()
    alerts_scan(actor=SYSTEM, region_code="120110", as_of=dt.date(2025, 12, 31))
    late = Inspection.objects.get(number="JC202400002")
    ok = Inspection.objects.get(number="JC202400001")
    flagged = set(Alert.objects.filter(rule_id="inspection_disorder").values_list("object_id", flat=True))
    assert str(late.pk) in flagged and str(ok.pk) not in flagged


def test_measures_and_licences_are_exported_from_their_tables_then_the_store(registry, tmp_path):
    """Exported as sent: the table rows (行政强制 全程音像记录 from the key index), then the records no table holds."""
    from tests.exchange.test_api import call
    from zhifa.exchange import services
    from zhifa.exchange.export import records
    from zhifa.exchange.spec import record_type
    from zhifa.org.models import Unit

    measure, other, licence = _measures_and_licences()
    bare = dict(licence, 许可决定书文号="津丽市监许〔2024〕2号", 承办人执法证号="")
    folder = tmp_path / "more"
    D.write_csv(folder, "行政强制", [measure, other])
    D.write_csv(folder, "行政许可", [licence, bare])
    result = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert result.rejections() == []
    # 解除日期 without 解除原因: loaded, and 第二十八条's check reports the missing ground
    assert "coercion.lift_reason" in [b["code"] for f in result.files for b in f.report.breaches]
    assert list(records(record_type("行政强制"))) == [measure, other]
    assert list(records(record_type("行政许可"))) == [licence, {k: v for k, v in bare.items() if v}]
    _, token = services.token_create(actor=SYSTEM, name="市场监管业务系统", unit=Unit.objects.get(uscc=D.MARKET))
    page = call("get", "/api/v1/coercive-measures?limit=1", token).json()
    numbers = [r["number"] for r in page["items"]]
    while page["next_cursor"]:
        page = call("get", f"/api/v1/coercive-measures?limit=1&cursor={page['next_cursor']}", token).json()
        numbers += [r["number"] for r in page["items"]]
    assert numbers == ["QZ2024001", "QZ2024002"]
    got = call("get", f"/api/v1/coercive-measures/{D.MARKET}|QZ2024002", token)
    assert got.status_code == 200 and got.json()["kind"] == "其他"
