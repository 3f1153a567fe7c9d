"""The round trip of exchange.md (Going out): a district's export, loaded into an empty database, gives the same
annual report, Markdown compared byte for byte.

The district is the 西青区 2024 scenario at a quarter of its size (every act type, registry and programme of
the generator, written to the tables by the generator, not through the exchange), without its [supervision]
table: 案卷评查, 监督检查 and 月度通报 are the 司法局's own work in the product, not records a unit sends.
Every record type is exported from the tables, the database is emptied (``flush``: regions, units, people,
everything), the folder is loaded through the one path in, and the report is written again.
"""

import difflib
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.exchange.district import write_csv
from zhifa.demo.generator import Generator
from zhifa.demo.scenario import find_scenario, load_scenario
from zhifa.enforcement.models import (
    CoerciveMeasure,
    Hazard,
    Inspection,
    LicenceDecision,
    Party,
    PenaltyCase,
    VehicleOverload,
)
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.models import ExchangeRecord
from zhifa.exchange.services import exchange_load_files
from zhifa.exchange.spec import TYPES
from zhifa.org.models import Certificate, Person, Region, Unit
from zhifa.powers.models import Power
from zhifa.reports.document import annual_document
from zhifa.reports.render import to_markdown
from zhifa.supervision.models import Bulletin, CaseFileReview, SupervisionInspection

REGION, YEAR = "120111", 2024

# A quarter of 西青区 2024: head counts per unit (same order as the scenario's [[units]]) and the year's acts.
OFFICERS = [10, 4, 6, 4, 15, 3, 3, 3, 3, 3]  # 54 at year end = 56 on 1 January + 6 − 5 − 3
SMALLER = {
    "certified_on_jan1 = 201": "certified_on_jan1 = 56",
    "uncertified_staff = 30": "uncertified_staff = 8",
    "inspections = 3200": "inspections = 160",
    "penalties = 9000": "penalties = 200",
    "other_acts = 900": "other_acts = 40",
    "drivers = 3000": "drivers = 200",
    "case_file_reviews = 40": "case_file_reviews = 4",
    "individuals = 800": "individuals = 100",
    "businesses = 1200": "businesses = 150",
}


def small_scenario(folder: Path) -> Path:
    text = find_scenario("xiqing-2024").read_text(encoding="utf-8")
    for old, new in SMALLER.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert "\n[supervision]\n" in text  # kept: the 司法局's 评查, 监督检查 and 月度通报 go round too
    head, *units = text.split("[[units]]")
    assert len(units) == len(OFFICERS)
    units = [
        re.sub(r"(?m)^officers = \d+$", f"officers = {k}", u, count=1) for u, k in zip(units, OFFICERS, strict=True)
    ]
    path = folder / "xiqing-2024-small.toml"
    path.write_text("[[units]]".join([head, *units]), encoding="utf-8")
    return path


def add_measures_and_licences(folder: Path) -> None:
    """The generator makes no 行政强制 or 行政许可: a unit's system sends two of each, one of them a record no table
    holds (措施种类 “其他”, a licence without its 承办人), kept in the exchange's store."""
    unit = Unit.objects.filter(powers__category="penalty").distinct().order_by("pk").first()
    power = Power.objects.filter(owner=unit, category="penalty").order_by("pk").first()
    certs = Certificate.objects.filter(holder__unit=unit, status="active", issued_on__lt="2024-01-01")
    numbers = list(certs.order_by("pk").values_list("number", flat=True)[:2])
    party = Party.objects.filter(region_id=REGION, kind="org").exclude(uscc="").order_by("pk").first()
    common = {
        "实施机构统一社会信用代码": unit.uscc,
        "事项编码": power.code,
        "相对人性质": "法人或其他组织",
        "相对人证件号码": party.uscc,
    }
    measure = {
        **common,
        "措施编号": "QZ2024001",
        "措施种类": "扣押财物",
        "当事人名称": party.name,
        "决定日期": "2024-05-06",
        "期限天数": "30",
        "解除日期": "2024-05-20",
        "解除原因": "已对违法行为作出处理决定，不再需要",
        "执法证号": "；".join(numbers),
        "全程音像记录": "是",
    }
    licence = {
        **common,
        "许可决定书文号": "XK2024001",
        "申请人名称": party.name,
        "受理日期": "2024-05-06",
        "决定日期": "2024-05-20",
        "决定": "准予",
        "公示日期": "2024-05-22",
        "承办人执法证号": numbers[0],
    }
    write_csv(folder, "行政强制", [measure, dict(measure, 措施编号="QZ2024002", 措施种类="其他")])
    write_csv(folder, "行政许可", [licence, dict(licence, 许可决定书文号="XK2024002", 承办人执法证号="")])
    result = exchange_load_files(actor=SYSTEM, paths=[folder])
    assert result.rejections() == [] and result.totals()["行政强制"]["created"] == 2


def report() -> str:
    return to_markdown(annual_document(REGION, YEAR))


def counts() -> dict:
    return (
        {
            m.__name__: m.objects.count()
            for m in (Region, Unit, Person, Certificate, Inspection, PenaltyCase, Hazard, VehicleOverload)
            + (CoerciveMeasure, LicenceDecision, SupervisionInspection, Bulletin)
        }
        | {
            "scored reviews": CaseFileReview.objects.filter(status="scored").count(),
            "reviews by grade": sorted(CaseFileReview.objects.values_list("case__case_no", "total", "grade")),
            "inspections of 重点保供 parties": Inspection.objects.filter(party__key_supply=True).count(),
            "units in the registry's order": list(Unit.objects.order_by("pk").values_list("uscc", flat=True)),
        }
        | {
            "kept only in the store": ExchangeRecord.objects.filter(object_id__isnull=True)
            .exclude(record_type="培训场次")
            .count()
        }
    )


@pytest.mark.django_db(transaction=True)
def test_round_trip_export_load_into_an_empty_database_gives_the_same_report(tmp_path, settings, capsys):
    settings.REPORT_ROOT = tmp_path / "reports"
    t0 = time.perf_counter()
    Generator(load_scenario(small_scenario(tmp_path))).run()
    add_measures_and_licences(tmp_path / "sent")
    t1 = time.perf_counter()
    before, made = report(), counts()
    assert made["Inspection"] > 160 and made["PenaltyCase"] > 200  # 上年 carry-overs and programmes included
    assert made["scored reviews"] > 0 and made["SupervisionInspection"] == 2 and made["Bulletin"] == 12
    assert made["inspections of 重点保供 parties"] > 0

    t2 = time.perf_counter()
    out = tmp_path / "export"
    call_command("exchange", "export", "-o", str(out))
    exported = {p.stem: sum(1 for _ in p.open(encoding="utf-8-sig")) - 1 for p in out.iterdir()}
    assert set(exported) == {t.name for t in TYPES} - {"异地执法协助"}  # none in this district
    assert exported["行政强制"] == exported["行政许可"] == 2

    t3 = time.perf_counter()
    call_command("flush", "--no-input", verbosity=0)
    assert Region.objects.count() == 0 and Inspection.objects.count() == 0
    call_command("exchange", "load", str(out), "--no-progress")  # raises CommandError on any rejection
    t4 = time.perf_counter()

    assert counts() == made
    after = report()
    with capsys.disabled():
        print(
            f"\nround trip: {sum(exported.values())} records ({exported['行政检查']} 行政检查, "
            f"{exported['行政处罚']} 行政处罚); build {t1 - t0:.1f} s, report {t2 - t1:.1f} s, "
            f"export {t3 - t2:.1f} s, flush+load {t4 - t3:.1f} s; report {len(before.encode())} bytes"
        )
    diff = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "before", "after", n=0))
    assert after.encode() == before.encode(), diff[:3000]
