"""案卷评查 sampling and scoring, bulletins, inspections, interference 通报, clues."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import PersonFactory, UnitFactory
from tests.supervision.conftest import REGION, case, inspection
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.enforcement.models import InterferenceRecord
from zhifa.org.choices import UnitKind
from zhifa.supervision.models import Rectification
from zhifa.supervision.services import (
    bulletin_issue,
    clue_assign,
    clue_respond,
    clue_submit,
    interference_notice_issue,
    review_results,
    review_sample,
    review_score,
    supervision_inspection_record,
)

D = dt.date
FULL = {"立案": 10, "调查取证": 20, "告知": 15, "审核": 10, "决定": 15, "送达": 10, "执行": 10, "归档": 10}


def street_cases(w, n_by_street):
    streets = []
    for i, n in enumerate(n_by_street):
        s = UnitFactory(region=w.region, name=f"街道{i}", kind=UnitKind.STREET)
        o1, o2 = PersonFactory(unit=s), PersonFactory(unit=s)
        for j in range(n):
            case(w, unit=s, officer_a=o1, officer_b=o2, decided_on=D(2023, 4 + j % 3, 1 + j % 27))
        streets.append(s)
    case(w, decided_on=D(2023, 5, 5))  # a department's case: not in the 街道 population
    return streets


@pytest.mark.django_db
def test_review_sample_is_reproducible_and_stratified(w):
    streets = street_cases(w, [30, 10, 0, 20])
    drawn = review_sample(actor=SYSTEM, region_code=REGION, year=2023, quarter=2, size=12, seed=42)
    assert len(drawn) == 12
    per_unit = {s.pk: sum(1 for r in drawn if r.unit_id == s.pk) for s in streets}
    assert list(per_unit.values()) == [6, 2, 0, 4]  # proportional to 30/10/0/20
    ids = [r.case_id for r in drawn]
    # same seed on a fresh quarter table draws the same files
    from zhifa.supervision.models import CaseFileReview

    CaseFileReview.objects.all().delete()
    again = review_sample(actor=SYSTEM, region_code=REGION, year=2023, quarter=2, size=12, seed=42)
    assert [r.case_id for r in again] == ids
    # a second draw in the quarter does not repeat files
    more = review_sample(actor=SYSTEM, region_code=REGION, year=2023, quarter=2, size=12, seed=43)
    assert not set(r.case_id for r in more) & set(ids)
    with pytest.raises(DomainError):
        review_sample(actor=SYSTEM, region_code=REGION, year=2023, quarter=2, size=1000, seed=1)


@pytest.mark.django_db
def test_review_score_grades_and_flags(w):
    street_cases(w, [5])
    r1, r2, r3 = review_sample(actor=SYSTEM, region_code=REGION, year=2023, quarter=2, size=3, seed=1)
    good = review_score(actor=SYSTEM, review=r1, scores=FULL, reviewed_on=D(2023, 7, 10))
    assert good.total == Decimal("100") and good.grade == "excellent" and not good.is_typical_bad
    bad_scores = FULL | {"调查取证": 5, "告知": 0, "审核": 0, "决定": 5}
    bad = review_score(actor=SYSTEM, review=r2, scores=bad_scores, reviewed_on=D(2023, 7, 10))
    assert bad.total == Decimal("50") and bad.grade == "fail" and bad.is_typical_bad
    flagged = review_score(
        actor=SYSTEM, review=r3, scores=FULL | {"送达": 0}, reviewed_on=D(2023, 7, 10), typical_bad=True
    )
    assert flagged.grade == "excellent" and flagged.is_typical_bad
    with pytest.raises(InvalidInput):
        review_score(actor=SYSTEM, review=r1, scores=FULL | {"立案": 11}, reviewed_on=D(2023, 7, 10))
    with pytest.raises(InvalidInput):
        review_score(actor=SYSTEM, review=r1, scores={"立案": 10}, reviewed_on=D(2023, 7, 10))
    (row,) = review_results(REGION, 2023)
    assert row["files"] == 3 and row["fail"] == 1 and row["typical_bad"] == 2


@pytest.mark.django_db
def test_bulletin_writes_docx_and_xlsx(w):
    inspection(w, day=D(2023, 5, 3))
    case(w, decided_on=D(2023, 5, 20))
    b = bulletin_issue(actor=SYSTEM, region_code=REGION, month="2023-05")
    from pathlib import Path

    from docx import Document
    from openpyxl import load_workbook

    assert Path(b.docx_path).is_file() and Path(b.xlsx_path).is_file()
    rows = {r["unit"]: r for r in b.figures["units"]}
    market = rows["区市场监督管理局"]
    assert market["inspections"] == 1 and market["penalties"] == 1 and market["rank"] == 1
    assert market["participation_rate"] == 100.0  # both officers acted
    assert rows["区应急管理局"]["acts"] == 0
    doc = Document(b.docx_path)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "零执法单位" in text and "区应急管理局" in text
    # A4 landscape, and the unit's name in the widest column: 15 columns do not fit a portrait page
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    table = doc.tables[0]
    widths = [round(c.width.mm) for c in table.columns]
    assert table.cell(0, 1).text == "单位" and widths[1] == max(widths) >= 40
    assert sum(widths) <= 297 - 2 * 15 + 1 and all(round(c.width.mm) == w for c, w in zip(table.rows[1].cells, widths, strict=True))
    ws = load_workbook(b.xlsx_path).active
    assert ws["B3"].value == "区市场监督管理局"
    again = bulletin_issue(actor=SYSTEM, region_code=REGION, month="2023-05")
    assert again.pk == b.pk
    with pytest.raises(InvalidInput):
        bulletin_issue(actor=SYSTEM, region_code=REGION, month="2023/05")


@pytest.mark.django_db
def test_bulletin_figures_are_the_same_when_its_rows_are_shared(w):
    """bulletin_issue computes the year-to-date unit rows once for its scan, its table and its assessment
    (metrics.rows_shared): the figures equal those computed without sharing, unit by unit and rank by rank."""
    from zhifa.metrics import base as metrics
    from zhifa.reports.assessment import assess
    from zhifa.supervision.bulletin import bulletin_figures

    inspection(w, day=D(2023, 3, 3))
    case(w, decided_on=D(2023, 5, 20))
    b = bulletin_issue(actor=SYSTEM, region_code=REGION, month="2023-05")
    alone = bulletin_figures(REGION, D(2023, 5, 1))
    for f in (b.figures, alone):
        f.pop("generated_at")
    assert b.figures == alone and alone["units"] and alone["assessment"]
    with metrics.rows_shared():
        ytd = metrics.unit_figures(REGION, D(2023, 1, 1), D(2023, 5, 31))
        assert metrics.unit_figures(REGION, D(2023, 1, 1), D(2023, 5, 31)).keys() == ytd.keys()
        shared = [(a.unit_id, a.total, a.rank) for a in assess(REGION, 2023, end=D(2023, 5, 31))]
        enforcement = metrics.unit_rows(REGION, D(2023, 1, 1), D(2023, 5, 31))
    assert shared == [(a.unit_id, a.total, a.rank) for a in assess(REGION, 2023, end=D(2023, 5, 31))]
    assert list(enforcement) == list(metrics.unit_rows(REGION, D(2023, 1, 1), D(2023, 5, 31)))
    assert set(enforcement) <= set(ytd)  # the enforcement units among every unit active


@pytest.mark.django_db
def test_supervision_inspection_with_notice(w):
    insp = supervision_inspection_record(
        actor=SYSTEM,
        unit=w.unit2,
        inspected_on=D(2023, 11, 6),
        inspectors="区司法局 王某、李某",
        scope="随机抽查执法案卷，实地查看执法装备和音像记录管理",
        findings="音像记录未按规定归档",
        files_checked=10,
        rectification_requirement="30日内完成音像记录归档",
    )
    rect = Rectification.objects.get(inspection=insp)
    assert rect.unit == w.unit2 and rect.deadline == D(2023, 11, 27)  # 15 working days
    assert AuditLog.objects.filter(action="supervision_inspection.record").count() == 1


@pytest.mark.django_db
def test_interference_notice_lists_records(w):
    InterferenceRecord.objects.create(
        region=w.region,
        unit=w.unit,
        interferer_name="某某",
        interferer_role="leader",
        method="打招呼要求从轻",
        occurred_on=D(2023, 5, 6),
        recorded_by=w.a,
        recorded_on=D(2023, 5, 8),
        reported_on=D(2023, 5, 9),
    )
    n = interference_notice_issue(
        actor=SYSTEM,
        region_code=REGION,
        period_start=D(2023, 1, 1),
        period_end=D(2023, 6, 30),
        issued_on=D(2023, 7, 5),
        document_no="东司法通〔2023〕1号",
    )
    assert n.records.count() == 1 and "打招呼要求从轻" in n.text and "已按期报告" in n.text


@pytest.mark.django_db
def test_clue_deadline_and_flow(w):
    with pytest.raises(InvalidInput):
        clue_submit(region_code=REGION, text="短")
    c = clue_submit(region_code=REGION, text="某超市销售过期食品", contact="13800000000", received_on=D(2023, 9, 28))
    assert c.status == "received" and c.response_due == D(2023, 10, 25)
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=D(2023, 10, 9))
    assert c.response_due == D(2023, 10, 30)
    c = clue_respond(actor=SYSTEM, clue=c, response="已立案调查", responded_on=D(2023, 10, 20))
    assert c.status == "responded"
    direct = clue_submit(region_code=REGION, text="占道经营影响通行", unit_id=w.street.pk, received_on=D(2023, 9, 1))
    assert direct.status == "assigned" and direct.unit == w.street
