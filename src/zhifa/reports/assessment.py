"""考核评议: a yearly scoring sheet per region whose indicators are named metrics, computed per unit.

The sheet (``AssessmentSheet``, versioned) lists indicators {metric, weight, target, rule, deduction} and veto
items. Each unit's indicator values are the metrics layer's per-unit figures (``zhifa.metrics.base``); the
score of an indicator follows its rule:

- ``达标比例``: weight × min(1, value ÷ target); a rate with no denominator (nothing to measure) scores in full;
- ``按件扣分``: weight − deduction × count, not below 0 (办案超期: each overdue case loses ``deduction``).

A veto item (一票否决, e.g. 零执法: no enforcement act in the period) sets the unit's total to 0. Units are
ranked by total (ties share a rank); each lost point is listed with its reason.

DEFAULT_SHEET is the product's default weighting of the Tianjin indicators (履职率, 人员参与率, 人均执法量,
公示及时率, 办案超期, 案卷评查得分, 法制审核人员占比, 培训达标率): the weights are this product's, not Tianjin's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count, F

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize
from zhifa.enforcement.choices import Outcome, Procedure
from zhifa.enforcement.models import Disclosure, PenaltyCase
from zhifa.metrics import base as B

from .models import AssessmentSheet

RATE, PER_ITEM = "达标比例", "按件扣分"
RULES = (RATE, PER_ITEM)
VETO_ZERO = "零执法"
VETOES = {VETO_ZERO: "全年没有任何执法行为（零执法）"}

# The product's default sheet (100 points). Targets: 履职率 and 参与率 100 %, 人均执法量 50 acts per officer,
# 公示及时率 100 %, 案卷评查 90 points, 法制审核人员 5 % (国办发〔2018〕118号), 培训达标 100 % (≥ 60 h).
DEFAULT_SHEET = {
    "indicators": [
        {"metric": "履职率", "weight": 20, "target": 1, "rule": RATE},
        {"metric": "人员参与率", "weight": 15, "target": 1, "rule": RATE},
        {"metric": "人均执法量", "weight": 10, "target": 50, "rule": RATE},
        {"metric": "公示及时率", "weight": 15, "target": 1, "rule": RATE},
        {"metric": "办案超期数", "weight": 10, "target": 0, "rule": PER_ITEM, "deduction": 2},
        {"metric": "案卷评查得分", "weight": 10, "target": 90, "rule": RATE},
        {"metric": "法制审核人员占比", "weight": 10, "target": 0.05, "rule": RATE},
        {"metric": "培训达标率", "weight": 10, "target": 1, "rule": RATE},
    ],
    "vetoes": [VETO_ZERO],
}
ASSESSABLE = {i["metric"] for i in DEFAULT_SHEET["indicators"]}


@dataclass
class Value:
    value: Decimal | None
    num: object = None
    den: object = None
    percent: bool = True

    def text(self) -> str:
        if self.value is None:
            return "无数据"
        if self.den is None:
            return str(self.value.quantize(Decimal("0.1")))
        shown = B.pct(self.value, 1) if self.percent else str(self.value.quantize(Decimal("0.1")))
        return f"{shown}（{self.num}/{self.den}）"


@dataclass
class UnitScore:
    unit_id: int
    name: str
    total: Decimal = Decimal(0)
    rank: int = 0
    points: dict[str, Decimal] = field(default_factory=dict)
    lost: list[tuple[str, Decimal, str]] = field(default_factory=list)  # (indicator, points lost, reason)
    veto: str = ""


def _d(x) -> Decimal:
    return Decimal(str(x))


def unit_values(region: str, start: dt.date, end: dt.date) -> dict[int, tuple[str, dict[str, Value]]]:
    """unit id -> (name, indicator -> Value) for every enforcement unit, from the one metrics layer's figures."""
    rows = B.unit_rows(region, start, end)
    due = dict(
        PenaltyCase.objects.filter(
            region_id=region, decided_on__range=(start, end), outcome=Outcome.PENALTY, procedure=Procedure.ORDINARY
        )
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    timely = dict(
        Disclosure.objects.filter(
            region_id=region,
            case__decided_on__range=(start, end),
            case__outcome=Outcome.PENALTY,
            case__procedure=Procedure.ORDINARY,
            published_on__lte=F("due_on"),
        )
        .values_list("case__unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    overdue = dict(B.overdue_cases(region, end).values_list("unit_id").annotate(n=Count("id")).order_by())
    from zhifa.supervision.choices import ReviewStatus
    from zhifa.supervision.models import CaseFileReview

    reviews = {
        u: (avg, n)
        for u, avg, n in CaseFileReview.objects.filter(
            region_id=region, year=start.year, status=ReviewStatus.SCORED, total__isnull=False
        )
        .values_list("unit_id")
        .annotate(a=Avg("total"), n=Count("id"))
        .order_by()
    }
    hours = B.training_hours(region, start, end)
    need = B.training_min_hours(region)
    trained = defaultdict(int)
    for u, people in B.certified_by_unit(region, end).items():
        trained[u] = sum(1 for p in people if hours.get(p, 0) >= need)
    out = {}
    for u, r in rows.items():
        used, held = len(r.powers_held & r.powers_used), len(r.powers_held)
        avg, n_rev = reviews.get(u, (None, 0))
        out[u] = (
            r.short or r.name,
            {
                "履职率": Value(B.ratio(used, held), used, held),
                "人员参与率": Value(B.ratio(r.officers_acting, r.officers), r.officers_acting, r.officers),
                "人均执法量": Value(B.ratio(r.acts, r.officers), r.acts, r.officers, percent=False),
                "公示及时率": Value(B.ratio(timely.get(u, 0), due.get(u, 0)), timely.get(u, 0), due.get(u, 0)),
                "办案超期数": Value(_d(overdue.get(u, 0))),
                "案卷评查得分": Value(None if avg is None else _d(avg), None, None),
                "法制审核人员占比": Value(B.ratio(r.reviewers, r.officers), r.reviewers, r.officers),
                "培训达标率": Value(B.ratio(trained[u], r.officers), trained[u], r.officers),
                VETO_ZERO: Value(_d(r.acts)),
            },
        )
    return out


def score_units(values: dict[int, tuple[str, dict[str, Value]]], sheet: dict) -> list[UnitScore]:
    """Scores, lost points and ranking (pure: the test computes the same by hand)."""
    out = []
    for u, (name, vals) in values.items():
        s = UnitScore(u, name)
        for ind in sheet["indicators"]:
            metric, weight, rule = ind["metric"], _d(ind["weight"]), ind["rule"]
            v = vals[metric]
            if rule == PER_ITEM:
                n = v.value or 0
                pts = max(Decimal(0), weight - _d(ind.get("deduction", 1)) * n)
                reason = f"{metric}{n}件，每件扣{ind.get('deduction', 1)}分"
            elif v.value is None:
                pts, reason = weight, ""  # nothing to measure (no denominator): not a shortfall
            else:
                target = _d(ind["target"])
                pts = weight * min(Decimal(1), v.value / target) if target else weight
                reason = f"{metric}{v.text()}，目标{ind['target']}"
            pts = pts.quantize(Decimal("0.01"))
            s.points[metric] = pts
            if pts < weight:
                s.lost.append((metric, weight - pts, reason))
        s.total = sum(s.points.values(), Decimal(0))
        for veto in sheet.get("vetoes", []):
            if veto == VETO_ZERO and not vals[VETO_ZERO].value:
                s.veto = VETOES[veto]
                s.lost.append((f"一票否决：{veto}", s.total, VETOES[veto]))
                s.total = Decimal(0)
        out.append(s)
    out.sort(key=lambda s: (-s.total, s.name))
    for i, s in enumerate(out):
        s.rank = out[i - 1].rank if i and out[i - 1].total == s.total else i + 1
    return out


def sheet_in_force(region: str, year: int) -> dict:
    latest = AssessmentSheet.objects.filter(region_id=region, year=year).order_by("-version").first()
    if latest is None:
        return DEFAULT_SHEET
    return {"indicators": latest.indicators, "vetoes": latest.vetoes, "version": latest.version}


def assess(region: str, year: int, *, end: dt.date | None = None, sheet: dict | None = None) -> list[UnitScore]:
    """The region-year's unit scores (to ``end``: year to date for the monthly bulletin)."""
    start = dt.date(year, 1, 1)
    end = end or dt.date(year, 12, 31)
    return score_units(unit_values(region, start, end), sheet or sheet_in_force(region, year))


def check_sheet(indicators: list[dict], vetoes: list[str]) -> None:
    if not indicators:
        raise InvalidInput("考核指标不能为空", field="indicators", code="assessment.empty")
    for i, ind in enumerate(indicators, 1):
        metric = ind.get("metric")
        if metric not in ASSESSABLE:
            raise InvalidInput(
                f"第{i}项：指标“{metric}”不能按单位考核（可用：{'、'.join(sorted(ASSESSABLE))}）",
                field=f"indicators.{i - 1}.metric",
                code="assessment.metric",
            )
        if ind.get("rule") not in RULES:
            raise InvalidInput(f"第{i}项：计分规则须为{'或'.join(RULES)}", field=f"indicators.{i - 1}.rule", code="assessment.rule")
        try:
            weight, target = _d(ind.get("weight")), _d(ind.get("target", 0))
        except ArithmeticError:
            raise InvalidInput(
                f"第{i}项：分值和目标值须为数字", field=f"indicators.{i - 1}.weight", code="assessment.number"
            ) from None
        if weight <= 0 or target < 0 or (ind["rule"] == RATE and target == 0):
            raise InvalidInput(
                f"第{i}项（{metric}）：分值须大于0，达标比例的目标值须大于0", field=f"indicators.{i - 1}.weight", code="assessment.number"
            )
    unknown = [v for v in vetoes if v not in VETOES]
    if unknown:
        raise InvalidInput(
            f"未知的一票否决项“{unknown[0]}”（可用：{'、'.join(VETOES)}）", field="vetoes", code="assessment.veto"
        )


@transaction.atomic
def assessment_sheet_save(
    *, actor, region_code: str, year: int, indicators: list[dict], vetoes: list[str], note: str = ""
) -> AssessmentSheet:
    """Store a new version of the region-year's sheet (the previous versions stay)."""
    authorize(actor, "assessment_sheet.save", region=region_code)
    check_sheet(indicators, vetoes)
    last = (
        AssessmentSheet.objects.select_for_update().filter(region_id=region_code, year=year).order_by("-version").first()
    )
    obj = AssessmentSheet.objects.create(
        region_id=region_code,
        year=year,
        version=(last.version + 1) if last else 1,
        indicators=indicators,
        vetoes=vetoes,
        note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="assessment_sheet.save", obj=obj, before=snapshot(last), after=snapshot(obj))
    return obj


