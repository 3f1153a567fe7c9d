"""Registry records through the one path in: files in any order, upsert by key, regions from their code."""

from pathlib import Path

import pytest

from tests.exchange import district as D
from zhifa.core.models import AuditLog
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.files import read
from zhifa.exchange.loader import load_records
from zhifa.exchange.models import ExchangeRecord
from zhifa.exchange.services import exchange_load_files
from zhifa.exchange.spec import BY_NAME
from zhifa.org.models import Certificate, LegalReviewerDesignation, Person, Region, TrainingAttendance, Unit
from zhifa.powers.models import Power, PowerChange

pytestmark = pytest.mark.django_db


def load(folder: Path):
    return exchange_load_files(actor=SYSTEM, paths=[folder])


def test_folder_loads_in_dependency_order_and_regions_come_from_their_code(tmp_path):
    result = load(D.write_registry(tmp_path / "in"))
    assert [f.record_type.name for f in result.files] == [
        "执法主体",
        "执法人员",
        "执法证件",
        "法制审核人员",
        "培训记录",
        "权责事项",
        "专项行动",
    ]
    assert result.rejections() == []
    region = Region.objects.get(pk="120110")
    assert (region.name, region.level, region.parent_id) == ("东丽区", "district", "120000")
    assert Region.objects.get(pk="120000").name == "天津市"
    assert Unit.objects.count() == 3 and Person.objects.count() == 5 and Certificate.objects.count() == 5
    assert Person.objects.get(id_number=D.OFFICERS[2]).unit.uscc == D.STREET
    assert LegalReviewerDesignation.objects.get().person.id_number == D.REVIEWER
    assert TrainingAttendance.objects.filter(session__title="行政处罚法专题培训").count() == 3
    power = Power.objects.get(code="CF-001")
    assert power.category == "penalty" and PowerChange.objects.filter(power=power).count() == 1
    assert result.totals()["执法人员"] == {"created": 5, "updated": 0, "unchanged": 0, "deleted": 0, "rejected": 0}


def test_same_files_again_change_nothing(tmp_path):
    folder = D.write_registry(tmp_path / "in")
    load(folder)
    audits = AuditLog.objects.count()
    result = load(folder)
    assert AuditLog.objects.count() == audits
    for name, c in result.totals().items():
        assert c["unchanged"] > 0 and c["created"] == c["updated"] == c["rejected"] == 0, name


def test_changed_record_is_an_audited_update_and_delete_needs_a_reason(tmp_path):
    load(D.write_registry(tmp_path / "in"))
    rtype = BY_NAME["执法人员"]
    row = dict(D.registry()["执法人员"][3], 人员状态="退休", 状态变更日期="2024-06-30")
    report = load_records(rtype, [(2, row)], actor=SYSTEM)
    assert report.counts()["updated"] == 1
    person = Person.objects.get(id_number=D.OFFICERS[3])
    assert person.status == "retired"
    log = AuditLog.objects.filter(action="exchange.update", object_id=str(person.pk)).get()
    assert log.before["row"]["status"] == "active" and log.after["row"]["status"] == "retired"

    cert = dict(D.registry()["执法证件"][3], 操作="删除")
    report = load_records(BY_NAME["执法证件"], [(2, cert)], actor=SYSTEM)
    assert [(r.field, r.reason) for r in report.rejections] == [("删除原因", "操作为删除时必须填写删除原因")]
    cert["删除原因"] = "录入错误"
    report = load_records(BY_NAME["执法证件"], [(2, cert)], actor=SYSTEM)
    assert report.counts()["deleted"] == 1
    assert not Certificate.objects.filter(number=cert["执法证号"]).exists()
    assert ExchangeRecord.objects.get(record_type="执法证件", key=cert["执法证号"]).deleted
    assert "录入错误" in AuditLog.objects.get(action="exchange.delete").note


def test_bad_registry_rows_are_rejected_each_on_its_own(tmp_path):
    reg = D.registry()
    units = reg["执法主体"]
    units.append(dict(units[0], 统一社会信用代码=D.MARKET[:-1] + ("0" if D.MARKET[-1] != "0" else "1")))
    units.append(dict(units[1], 统一社会信用代码="12120110MB0000000X", 行政区划代码="999999"))
    people = reg["执法人员"]
    people.append(dict(people[0], 身份证号码=D.OFFICERS[0][:-1] + ("0" if D.OFFICERS[0][-1] != "0" else "1")))
    people.append(dict(people[1], 身份证号码=D.CITIZEN, 编制类型="合同工"))
    folder = tmp_path / "bad"
    D.write_csv(folder, "执法主体", units)
    D.write_csv(folder, "执法人员", people)
    result = load(folder)
    got = [(t, r.row, r.field) for _f, t, r in result.rejections()]
    assert got == [
        ("执法主体", 5, "统一社会信用代码"),
        ("执法主体", 6, "统一社会信用代码"),
        ("执法人员", 7, "身份证号码"),
        ("执法人员", 8, "编制类型"),
    ]
    reasons = [r.reason for _f, _t, r in result.rejections()]
    assert "校验码错误" in reasons[0] and "校验码错误" in reasons[2]
    assert "代码值无效" in reasons[3]
    assert Unit.objects.count() == 3 and Person.objects.count() == 5


def test_unknown_columns_are_refused_by_name_unless_ignored(tmp_path):
    rows = [dict(D.registry()["执法主体"][0], 备注="x")]
    path = D.write_csv(tmp_path, "执法主体", rows)
    result = exchange_load_files(actor=SYSTEM, paths=[path])
    (r,) = [r for _f, _t, r in result.rejections()]
    assert r.field == "备注" and "未知的字段" in r.reason
    result = exchange_load_files(actor=SYSTEM, paths=[path], ignore_extra=True)
    assert result.rejections() == [] and Unit.objects.count() == 1


def test_xlsx_and_jsonl_read_like_csv(tmp_path):
    import openpyxl

    rows = D.registry()["执法主体"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    ws.append(["填写说明：…"])
    ws.append(list(rows[0].values()))
    wb.save(tmp_path / "执法主体.xlsx")
    assert [n for n, _ in read(tmp_path / "执法主体.xlsx")] == [3]
    D.write_jsonl(
        tmp_path / "j", "units", [{"uscc": D.STREET, **{k: v for k, v in rows[1].items() if k != "统一社会信用代码"}}]
    )
    result = exchange_load_files(actor=SYSTEM, paths=[tmp_path / "执法主体.xlsx", tmp_path / "j" / "units.jsonl"])
    assert result.rejections() == [] and Unit.objects.count() == 2


def test_a_training_session_is_one_row_for_its_attendees_and_follows_a_correction(tmp_path):
    """培训记录 are one row per attendee; their session (培训编号) is stored once, and a corrected record changes it."""
    from zhifa.org.models import TrainingAttendance, TrainingSession

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "reg")])
    assert TrainingSession.objects.count() == 1 and TrainingAttendance.objects.count() == 3
    session = TrainingSession.objects.get()
    assert (session.title, session.hours, str(session.held_on)) == ("行政处罚法专题培训", 8, "2024-03-15")
    rows = [dict(r, 学时="6", 培训日期="2024-03-16") for r in D.registry()["培训记录"]]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "fix", "培训记录", rows)])
    assert result.totals()["培训记录"]["updated"] == 3
    session.refresh_from_db()
    assert (session.hours, str(session.held_on)) == (6, "2024-03-16") and TrainingSession.objects.count() == 1
    assert sorted(TrainingAttendance.objects.values_list("hours", flat=True)) == [6, 6, 6]
