"""The command line: template, load with a rejections file, export in the format load reads, round trip."""

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.exchange import district as D
from zhifa.enforcement.models import Inspection, PenaltyCase
from zhifa.exchange.models import ExchangeRecord
from zhifa.org.models import Person


def test_template_has_headers_notes_and_dropdowns(tmp_path):
    out = tmp_path / "t.xlsx"
    call_command("exchange", "template", "行政检查", "-o", str(out))
    ws = openpyxl.load_workbook(out).active
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["检查行为编号", "实施机构统一社会信用代码", "事项编码"] and headers[-2:] == [
        "操作",
        "删除原因",
    ]
    assert ws["A2"].value.startswith("填写说明") and "★主键" in ws["A2"].value
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"现场,视频,网络,非现场"' in lists and '"日常检查,个案检查,专项检查"' in lists


@pytest.mark.django_db
def test_load_writes_the_rejections_as_xlsx_and_fails(tmp_path):
    call_command("exchange", "load", str(D.write_registry(tmp_path / "reg")), "--no-progress")
    path = D.write_csv(tmp_path / "acts", "行政检查", [D.inspection(1), D.inspection(2, 事项编码="NOPE")])
    rej = tmp_path / "rej.xlsx"
    with pytest.raises(CommandError, match="1 条记录被拒收"):
        call_command("exchange", "load", str(path), "--rejections", str(rej), "--no-progress")
    rows = list(openpyxl.load_workbook(rej).active.iter_rows(values_only=True))
    assert rows[0] == ("文件", "记录类型", "行号", "主键", "字段", "值", "原因")
    assert rows[1][:6] == ("行政检查.csv", "行政检查", 3, "JC202400002", "事项编码", "NOPE")
    assert Inspection.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_export_then_load_into_an_empty_database_gives_the_same_records(tmp_path):
    call_command("exchange", "load", str(D.write_registry(tmp_path / "reg")), "--no-progress")
    acts = tmp_path / "acts"
    D.write_csv(acts, "行政检查", [D.inspection(i) for i in range(1, 4)])
    D.write_csv(
        acts, "行政处罚", [D.case(1), D.case(2, 当事人名称="张三", 相对人性质="自然人", 相对人证件号码=D.CITIZEN)]
    )
    call_command("exchange", "load", str(acts), "--no-progress")
    before = {(r.record_type, r.key): r.data for r in ExchangeRecord.objects.exclude(record_type="培训场次")}
    counts = (Person.objects.count(), Inspection.objects.count(), PenaltyCase.objects.count())
    out = tmp_path / "export"
    call_command("exchange", "export", "-o", str(out))
    assert {p.name for p in out.iterdir()} >= {"执法主体.csv", "行政检查.csv", "行政处罚.csv"}

    call_command("flush", "--no-input", verbosity=0)
    assert ExchangeRecord.objects.count() == 0 and Inspection.objects.count() == 0
    call_command("exchange", "load", str(out), "--no-progress")
    after = {(r.record_type, r.key): r.data for r in ExchangeRecord.objects.exclude(record_type="培训场次")}
    assert after == before
    assert (Person.objects.count(), Inspection.objects.count(), PenaltyCase.objects.count()) == counts
