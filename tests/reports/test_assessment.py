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


@pytest.mark.django_db
def test_supervisor_edits_the_sheet_on_its_page_veto_zeroes_and_weights_turn_the_ranking(sample, login):
    """The workspace page 考核评议: each save is a version; the ranking shown follows the sheet, by hand."""
    from tests.factories import PowerFactory, UnitFactory
    from zhifa.core.models import AuditLog
    from zhifa.metrics.base import certified_by_unit
    from zhifa.org.choices import TrainingKind
    from zhifa.org.models import Person, Unit
    from zhifa.org.services import training_record
    from zhifa.reports.assessment import unit_values

    region = sample.region.code
    idle = UnitFactory(region=sample.region, name="东丽区档案馆", short_name="区档案馆", domain="档案")
    PowerFactory(owner=idle)  # an enforcement power and not one act in the year: 零执法
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    targets = {i["metric"]: Decimal(str(i["target"])) for i in DEFAULT_SHEET["indicators"] if i["rule"] == RATE}
    rows = [i["metric"] for i in DEFAULT_SHEET["indicators"]]
    x, y = "培训达标率", "人员参与率"
    before = unit_values(region, *year)
    busy = sorted((u for u, (_n, v) in before.items() if v[VETO_ZERO].value), key=lambda u: before[u][1][y].value)
    assert len(busy) >= 2 and not before[idle.pk][1][VETO_ZERO].value
    a, b = busy[0], busy[-1]  # a: the lower 人员参与率; its officers then train 60 学时 (b's do not)
    people = list(Person.objects.filter(pk__in=certified_by_unit(region, year[1])[a]))
    training_record(
        actor=sample.users["sup"], organizer=Unit.objects.get(pk=a), title="执法人员全员培训", kind=TrainingKind.GENERAL,
        held_on=dt.date(2023, 9, 1), hours=Decimal(60), attendees=people,
    )  # fmt: skip
    vals = unit_values(region, *year)

    def share(unit, metric):
        return min(Decimal(1), vals[unit][1][metric].value / targets[metric])

    assert share(a, x) > share(b, x) and share(a, y) < share(b, y), [vals[u][1][m].text() for u in (a, b) for m in (x, y)]

    def post(wx, wy, vetoes=("零执法",)):
        data = {"year": "2023", "vetoes": list(vetoes), "note": f"{x}{wx}分"}
        for i, m in enumerate(rows):
            data[f"rule_{i}"] = RATE
            if m in (x, y):
                data |= {f"use_{i}": "on", f"weight_{i}": wx if m == x else wy, f"target_{i}": str(targets[m])}
        return login("sup").post("/staff/reports/assessment/?year=2023", data)

    def by_hand(wx, wy, unit):
        return (wx * share(unit, x)).quantize(Decimal("0.01")) + (wy * share(unit, y)).quantize(Decimal("0.01"))

    page = login("sup").get("/staff/reports/assessment/?year=2023")
    assert page.status_code == 200 and "产品默认指标表" in page.content.decode()
    r = post(90, 10)
    assert r.status_code == 200 and "已保存第1版指标表" in r.content.decode()
    shown = {s.unit_id: s for s in r.context["scores"]}
    assert (shown[a].total, shown[b].total) == (by_hand(90, 10, a), by_hand(90, 10, b))
    assert shown[a].rank < shown[b].rank
    assert shown[idle.pk].total == 0 and shown[idle.pk].veto  # 100 points before the veto (nothing to measure)
    assert f'<tr id="unit-{idle.pk}"><td>{shown[idle.pk].rank}</td><td>区档案馆</td><td>0</td>' in r.content.decode()
    r = post(10, 90)
    shown = {s.unit_id: s for s in r.context["scores"]}
    assert (shown[a].total, shown[b].total) == (by_hand(10, 90, a), by_hand(10, 90, b))
    assert shown[b].rank < shown[a].rank  # the weight change turns the ranking over
    r = post(10, 90, vetoes=())
    assert {s.unit_id: s for s in r.context["scores"]}[idle.pk].total == 100
    # refused at the field: a weight of 0; nothing saved
    r = post(0, 90)
    assert r.status_code == 422 and "分值须大于0" in str(r.context["form"].errors[f"weight_{rows.index(x)}"])
    assert list(AssessmentSheet.objects.filter(region_id=region, year=2023).values_list("version", flat=True)) == [3, 2, 1]
    assert AuditLog.objects.filter(action="assessment_sheet.save").count() == 3
    assert login("scj_officer1").get("/staff/reports/assessment/?year=2023").status_code == 403


def test_pages_open_on_the_latest_year_with_acts(sample, login):
    """The sample district's acts are of 2023: the 考核 sheet, the report template and the report job form open
    on 2023, not on last year (which has nothing to show), and the page is named in the browser's title."""
    sup = login("sup")
    page = sup.get("/staff/reports/assessment/")
    assert page.status_code == 200 and page.context["year"] == 2023
    assert "<title>考核评议指标表 ·" in page.content.decode()
    texts = sup.get("/staff/reports/texts/")
    assert texts.status_code == 200 and texts.context["year"] == 2023
    assert "<title>报告模板 ·" in texts.content.decode()
    jobs = sup.get("/staff/reports/")
    assert jobs.status_code == 200 and jobs.context["form"].initial["year"] == 2023
