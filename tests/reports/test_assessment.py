"""考核评议: indicators are metrics with weight, target and rule; a veto zeroes the score; weights decide the ranking."""

import datetime as dt
from decimal import Decimal

import pytest

from zhifa.core.errors import InvalidInput, PermissionDenied
from zhifa.reports.assessment import (
    DEFAULT_SHEET,
    PER_ITEM,
    RATE,
    VETO_ZERO,
    Value,
    assess,
    assessment_sheet_save,
    score_units,
    sheet_in_force,
)
from zhifa.reports.models import AssessmentSheet


def values(perf, part, overdue, acts=10):
    return {
        "履职率": Value(Decimal(perf)),
        "人员参与率": Value(Decimal(part)),
        "办案超期数": Value(Decimal(overdue)),
        VETO_ZERO: Value(Decimal(acts)),
    }


UNITS = {
    1: ("甲局", values("0.9", "0.5", 0)),  # strong 履职, weak 参与
    2: ("乙局", values("0.6", "1.0", 1)),  # weak 履职, full 参与, one overdue case
    3: ("丙办", values("1.0", "1.0", 0, acts=0)),  # perfect rates but no act at all: 零执法
}


def sheet(w_perf, w_part):
    return {
        "indicators": [
            {"metric": "履职率", "weight": w_perf, "target": 1, "rule": RATE},
            {"metric": "人员参与率", "weight": w_part, "target": 1, "rule": RATE},
            {"metric": "办案超期数", "weight": 10, "target": 0, "rule": PER_ITEM, "deduction": 2},
        ],
        "vetoes": [VETO_ZERO],
    }


def test_veto_zeroes_the_score_and_weights_decide_the_ranking():
    # by hand, weights 履职率 60 / 参与率 30 / 超期 10:
    #   甲 = 60×0.9 + 30×0.5 + 10 = 54 + 15 + 10 = 79;  乙 = 60×0.6 + 30×1 + (10 − 2) = 36 + 30 + 8 = 74
    #   丙 = 60 + 30 + 10 = 100 before the veto, 0 after it
    s = {x.name: x for x in score_units(UNITS, sheet(60, 30))}
    assert (s["甲局"].total, s["乙局"].total, s["丙办"].total) == (Decimal(79), Decimal(74), Decimal(0))
    assert (s["甲局"].rank, s["乙局"].rank, s["丙办"].rank) == (1, 2, 3)
    assert s["丙办"].veto and s["丙办"].lost[-1][0] == "一票否决：零执法" and s["丙办"].lost[-1][1] == 100
    lost = {k: pts for k, pts, _ in s["乙局"].lost}
    assert lost == {"履职率": Decimal(24), "办案超期数": Decimal(2)}
    assert "每件扣2分" in dict((k, r) for k, _, r in s["乙局"].lost)["办案超期数"]
    # weights 30 / 60: 甲 = 27 + 30 + 10 = 67; 乙 = 18 + 60 + 8 = 86 — the ranking turns over
    s = {x.name: x for x in score_units(UNITS, sheet(30, 60))}
    assert (s["甲局"].total, s["乙局"].total) == (Decimal(67), Decimal(86))
    assert (s["乙局"].rank, s["甲局"].rank) == (1, 2)
    # without the veto item 丙 leads with 100
    no_veto = sheet(30, 60) | {"vetoes": []}
    assert score_units(UNITS, no_veto)[0].name == "丙办"


def test_a_rate_with_nothing_to_measure_is_not_a_shortfall():
    units = {1: ("甲局", values("0.5", "1", 0) | {"履职率": Value(None, 0, 0)})}
    (s,) = score_units(units, sheet(60, 30))
    assert s.total == 100 and not s.lost


@pytest.mark.django_db
def test_sheet_versions_and_unit_scores_on_the_sample(sample):
    region = sample.region.code
    sup = sample.users["sup"]
    assert sheet_in_force(region, 2023) is DEFAULT_SHEET
    assert sum(i["weight"] for i in DEFAULT_SHEET["indicators"]) == 100
    v1 = assessment_sheet_save(actor=sup, region_code=region, year=2023, **sheet(60, 30))
    v2 = assessment_sheet_save(actor=sup, region_code=region, year=2023, **sheet(30, 60), note="调高参与率分值")
    assert (v1.version, v2.version) == (1, 2) and AssessmentSheet.objects.count() == 2
    assert sheet_in_force(region, 2023)["indicators"][1]["weight"] == 60
    with pytest.raises(InvalidInput, match="指标“行政检察次数”不能按单位考核"):
        assessment_sheet_save(
            actor=sup, region_code=region, year=2023, indicators=[{"metric": "行政检察次数", "weight": 1, "target": 1, "rule": RATE}], vetoes=[]
        )  # fmt: skip
    assert AssessmentSheet.objects.count() == 2
    with pytest.raises(PermissionDenied):
        assessment_sheet_save(actor=sample.users["scj_officer1"], region_code=region, year=2023, **sheet(1, 1))

    scores = assess(region, 2023, sheet=DEFAULT_SHEET)
    assert scores and [s.rank for s in scores] == sorted(s.rank for s in scores)
    for s in scores:
        assert s.total == 0 if s.veto else s.total == sum(s.points.values())
        assert all(pts > 0 and reason for _k, pts, reason in s.lost)
    # year to date (the bulletin's view) is computed to the month's end
    assert assess(region, 2023, end=dt.date(2023, 6, 30))


@pytest.mark.django_db
def test_bulletin_shows_the_year_to_date_assessment_and_the_yearly_report(sample, tmp_path):
    from docx import Document as Docx
    from openpyxl import load_workbook

    from zhifa.reports.assessment_report import assessment_document, write_assessment_xlsx
    from zhifa.reports.render import to_docx
    from zhifa.supervision.bulletin import bulletin_figures

    region = sample.region.code
    june = bulletin_figures(region, dt.date(2023, 6, 1))["assessment"]
    ytd = assess(region, 2023, end=dt.date(2023, 6, 30))
    assert [(a["unit"], a["total"]) for a in june] == [(s.name, float(s.total)) for s in ytd]
    doc = assessment_document(region, 2023)
    text = "\n".join(p.text for p in Docx(str(to_docx(doc, tmp_path / "k.docx"))).paragraphs)
    assert "考核评议结果" in text and "各单位失分情况" in text
    wb = load_workbook(write_assessment_xlsx(region, 2023, tmp_path / "k.xlsx"))
    assert wb.sheetnames == ["得分和排名", "失分明细", "考核指标"]
    assert wb["得分和排名"].max_row == len(assess(region, 2023)) + 1
