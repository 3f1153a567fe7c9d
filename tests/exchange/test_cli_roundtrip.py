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
    # every field sent comes back as sent; the tables add what they hold for a field left blank (a unit is an
    # 执法主体 unless sent 否, a power not on the 法制审核 list unless sent 是)
    assert after.keys() == before.keys()
    for k, data in before.items():
        assert data.items() <= after[k].items(), k
        assert set(after[k]) - set(data) <= {
            "具有执法主体资格",
            "须法制审核",
            "须全程音像记录",
            "人员状态",
            "证件状态",
        }, k
    assert (Person.objects.count(), Inspection.objects.count(), PenaltyCase.objects.count()) == counts
    again = tmp_path / "again"
    call_command("exchange", "export", "-o", str(again))
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}


def _acts_of_every_table(folder):
    D.write_csv(
        folder, "行政检查", [D.inspection(1, 个案来源="投诉举报", 检查类别="个案检查", 紧急="否", 重点保供="是")]
    )
    D.write_csv(
        folder,
        "行政处罚",
        [
            D.case(
                1,
                法定代表人="李四",
                法制审核日期="2024-03-10",
                法制审核人身份证号码=D.REVIEWER,
                审核意见="事实清楚",
                集体讨论日期="2024-03-15",
                集体讨论参加人员="王五；赵六",
                当事人不在场="是",
                延期批准日期="2024-03-01",
                延期天数="30",
                移送机关="区公安分局",
                移送日期="2024-04-05",
            )
        ],
    )
    D.write_csv(
        folder,
        "其他执法行为",
        [
            {
                "行为编号": "XC2024001",
                "类型": "巡查",
                "实施机构统一社会信用代码": D.MARKET,
                "时间": "2024-05-06 10:00",
                "执法证号": "120110000000；120110000001",
                "内容": "农贸市场巡查",
            }
        ],
    )
    D.write_csv(
        folder,
        "隐患",
        [
            {
                "隐患编号": "YH2024001",
                "实施机构统一社会信用代码": D.MARKET,
                "检查行为编号": "JC202400001",
                "对象名称": "东丽区好运来超市",
                "相对人证件号码": D.SHOP,
                "隐患类别": "燃气",
                "等级": "一般",
                "发现日期": "2024-04-02",
            }
        ],
    )
    D.write_csv(
        folder,
        "超限超载",
        [
            {
                "检测编号": "CX2024001",
                "实施机构统一社会信用代码": D.MARKET,
                "车牌号": "津A12345",
                "车货总重": "55.20",
                "限值": "49",
                "检测时间": "2024-06-01 23:10",
            }
        ],
    )
    return folder


@pytest.mark.django_db(transaction=True)
def test_export_reads_the_act_tables_with_every_field_as_sent(tmp_path):
    """Acts are exported from their tables: every field sent comes back the same, and nothing else."""
    call_command("exchange", "load", str(D.write_registry(tmp_path / "reg")), "--no-progress")
    call_command("exchange", "load", str(_acts_of_every_table(tmp_path / "acts")), "--no-progress")
    types = ("行政检查", "行政处罚", "其他执法行为", "隐患", "超限超载")
    before = {(r.record_type, r.key): r.data for r in ExchangeRecord.objects.filter(record_type__in=types)}
    assert len(before) == 5
    out = tmp_path / "export"
    call_command("exchange", "export", "-o", str(out))
    call_command("flush", "--no-input", verbosity=0)
    call_command("exchange", "load", str(out), "--no-progress")
    after = {(r.record_type, r.key): r.data for r in ExchangeRecord.objects.filter(record_type__in=types)}
    assert after == before


@pytest.mark.django_db
def test_acts_entered_in_the_workspace_are_exported(tmp_path):
    import datetime as dt

    from zhifa.enforcement import services as enf
    from zhifa.enforcement.models import Party
    from zhifa.exchange.export import records
    from zhifa.exchange.fields import BEIJING
    from zhifa.exchange.spec import record_type
    from zhifa.org.models import Unit
    from zhifa.powers.models import Power

    call_command("exchange", "load", str(D.write_registry(tmp_path / "reg")), "--no-progress")
    unit = Unit.objects.get(uscc=D.MARKET)
    party = Party.objects.create(region_id=D.REGION, kind="org", party_type="other", name="某店", uscc=D.SHOP)
    officers = list(Person.objects.filter(id_number__in=D.OFFICERS[:2]).order_by("id_number"))
    from zhifa.exchange.actors import SYSTEM

    made = enf.inspection_record(
        actor=SYSTEM,
        unit=unit,
        power=Power.objects.get(region_id=D.REGION, code="JC-001"),
        party=party,
        started_at=dt.datetime(2024, 4, 8, 9, 30, tzinfo=BEIJING),
        officers=officers,
    )
    (row,) = list(records(record_type("行政检查")))
    assert row["检查行为编号"] == f"ZF-{D.MARKET}-JC-{made.pk}"
    assert (row["检查时间"], row["检查类别"], row["检查对象名称"], row["相对人证件号码"]) == (
        "2024-04-08 09:30:00",
        "日常检查",
        "某店",
        D.SHOP,
    )
    assert row["执法证号"] == "120110000000；120110000001"


@pytest.mark.django_db
def test_units_are_exported_in_the_registrys_order_with_parents_first(tmp_path):
    """A receiving instance registers the units in the sender's order (the report breaks its ties in that order);
    a unit placed under a unit registered after it still comes after its parent, so that the file loads."""
    from zhifa.core.validators import make_uscc
    from zhifa.exchange.export import records
    from zhifa.exchange.spec import record_type
    from zhifa.org.models import Unit

    call_command("exchange", "load", str(D.write_registry(tmp_path / "reg")), "--no-progress")
    team, committee = make_uscc("12120110", 41), make_uscc("11120110", 42)
    common = {"行政区划代码": D.REGION, "设立日期": "2015-01-01"}
    street = dict(next(u for u in D.registry()["执法主体"] if u["统一社会信用代码"] == D.STREET))
    rows = [
        {
            "统一社会信用代码": team,
            "单位名称": "执法大队",
            "单位类型": "受委托组织",
            "上级单位统一社会信用代码": D.MARKET,
        }
        | common,
        {"统一社会信用代码": committee, "单位名称": "新设委员会", "单位类型": "区级部门"} | common,
        street | {"上级单位统一社会信用代码": committee},  # moved under a unit registered after it
    ]
    call_command("exchange", "load", str(D.write_csv(tmp_path / "more", "执法主体", rows)), "--no-progress")
    registered = list(Unit.objects.order_by("pk").values_list("uscc", flat=True))
    assert registered == [D.MARKET, D.STREET, D.JUSTICE, team, committee]
    exported = [r["统一社会信用代码"] for r in records(record_type("执法主体"))]
    assert exported == [D.MARKET, committee, D.STREET, D.JUSTICE, team]
