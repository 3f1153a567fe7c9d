import csv

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import RegionFactory
from zhifa.core.errors import ImportRejected
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.org.importers import CertificateImporter, PersonImporter, UnitImporter
from zhifa.org.models import Certificate, Person, Unit
from zhifa.powers.models import Power

pytestmark = pytest.mark.django_db

UNIT_HEADERS = ["统一社会信用代码", "单位名称", "行政区划代码", "单位类型", "设立日期", "执法领域"]


def write_csv(path, headers, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(rows)
    return path


def write_xlsx(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def unit_rows(n=3):
    return [
        [make_uscc("11120110", 500 + i), f"导入测试局{i}", "120110", "区级部门", "2018-01-01", "市场监管"]
        for i in range(n)
    ]


@pytest.fixture
def region():
    return RegionFactory()


@pytest.mark.parametrize("writer, suffix", [(write_csv, ".csv"), (write_xlsx, ".xlsx")])
def test_good_file_loads_and_reimport_changes_nothing(tmp_path, region, writer, suffix):
    path = writer(tmp_path / f"units{suffix}", UNIT_HEADERS, unit_rows())
    r = UnitImporter().run(path, actor=SYSTEM)
    assert (r.created, r.unchanged) == (3, 0)
    n_audit = AuditLog.objects.count()
    r2 = UnitImporter().run(path, actor=SYSTEM)
    assert (r2.created, r2.unchanged) == (0, 3)
    assert Unit.objects.count() == 3 and AuditLog.objects.count() == n_audit


def test_bad_row_rejects_whole_file_listing_every_error(tmp_path, region):
    rows = unit_rows(4)
    rows[1][0] = rows[1][0][:-1] + ("0" if rows[1][0][-1] != "0" else "1")  # broken check character
    rows[3][3] = "乡镇"  # not a unit kind
    path = write_csv(tmp_path / "units.csv", UNIT_HEADERS, rows)
    with pytest.raises(ImportRejected) as exc:
        UnitImporter().run(path, actor=SYSTEM)
    errs = exc.value.errors
    assert [(e.row, e.column) for e in errs] == [(3, "统一社会信用代码"), (5, "单位类型")]
    assert "GB 32100" in errs[0].reason
    assert Unit.objects.count() == 0 and AuditLog.objects.count() == 0


def test_people_and_certificates_import_checks_eligibility(tmp_path, region):
    UnitImporter().run(write_csv(tmp_path / "u.csv", UNIT_HEADERS, unit_rows(1)), actor=SYSTEM)
    uscc = Unit.objects.get().uscc
    ids = [make_id_number("120110", __import__("datetime").date(1985, 1, 1 + i), i) for i in range(3)]
    people = write_csv(
        tmp_path / "p.csv",
        ["身份证号码", "姓名", "单位统一社会信用代码", "编制类型", "法律职业资格"],
        [
            [ids[0], "王芳", uscc, "行政编制", "否"],
            [ids[1], "李强", uscc, "劳务派遣", "否"],
            [ids[2], "赵敏", uscc, "参公事业编制", "是"],
        ],
    )
    assert PersonImporter().run(people, actor=SYSTEM).created == 3
    cert_headers = ["证件编号", "持证人身份证号码", "发证机关", "发证日期", "考试名称", "考试日期", "考试成绩"]
    bad = write_csv(
        tmp_path / "c.csv",
        cert_headers,
        [
            ["TJ001", ids[0], "天津市人民政府", "2023-05-01", "2023年执法资格考试", "2023-04-01", "88"],
            ["TJ002", ids[1], "天津市人民政府", "2023-05-01", "2023年执法资格考试", "2023-04-01", "90"],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        CertificateImporter().run(bad, actor=SYSTEM)
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "持证人身份证号码")]
    assert "编制" in exc.value.errors[0].reason
    assert Certificate.objects.count() == 0
    good = write_csv(
        tmp_path / "c2.csv",
        cert_headers,
        [
            ["TJ001", ids[0], "天津市人民政府", "2023-05-01", "2023年执法资格考试", "2023-04-01", "88"],
            ["TJ003", ids[2], "天津市人民政府", "2023-05-01", "2023年执法资格考试", "2023-04-01", "75"],
        ],
    )
    assert CertificateImporter().run(good, actor=SYSTEM).created == 2
    assert CertificateImporter().run(good, actor=SYSTEM).unchanged == 2
    assert Person.objects.count() == 3


def test_powers_import_and_command(tmp_path, region):
    UnitImporter().run(write_csv(tmp_path / "u.csv", UNIT_HEADERS, unit_rows(1)), actor=SYSTEM)
    uscc = Unit.objects.get().uscc
    path = write_xlsx(
        tmp_path / "powers.xlsx",
        [
            "职权编码",
            "职权名称",
            "职权类别",
            "实施主体统一社会信用代码",
            "法律依据",
            "生效日期",
            "文件文号",
            "须法制审核",
        ],
        [
            [
                "XZCF-001",
                "对不凭处方销售处方药的处罚",
                "行政处罚",
                uscc,
                "《药品管理法》第一百二十九条",
                "2020-01-01",
                "东政办〔2020〕1号",
                "是",
            ]
        ],
    )
    call_command("import", "powers", str(path))
    p = Power.objects.get()
    assert p.requires_legal_review and p.changes.count() == 1
    with pytest.raises(CommandError):
        call_command("import", "powers", str(tmp_path / "missing.csv"))
