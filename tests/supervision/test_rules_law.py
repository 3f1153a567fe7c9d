"""Detection under the 《行政执法监督条例》 and 54号: each rule with a record that triggers it and one just inside."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.supervision.conftest import REGION, case
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import rules_inspection as RI
from zhifa.enforcement.models import Inspection
from zhifa.supervision.models import Alert, InspectionCap, LawSetting
from zhifa.supervision.rules import REGISTRY
from zhifa.supervision.services import alerts_scan

D = dt.date


def at(day, hour=10, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def inspection(w, start, **kw):
    fields = dict(
        region=w.region,
        unit=w.unit,
        power=w.inspect[w.unit.pk],
        party=w.org,
        started_at=start,
        officer_a=w.a,
        officer_b=w.b,
        inspection_class="routine",
        approver=w.officers[2],
        approved_at=start,
    )
    fields.update(kw)
    return Inspection.objects.create(**fields)


def scan(code, as_of):
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=as_of, rules=[code])
    return Alert.objects.filter(rule_id=code)


T = D(2026, 3, 10)

DISORDER = [
    ("approved in the same minute", dict(approved_at=at(T, 10, 0)), False),
    ("approved one minute after", dict(approved_at=at(T, 10, 1)), True),
    ("one minute after, emergency", dict(approved_at=at(T, 10, 1), urgent=True), False),
    ("unapproved", dict(approved_at=None, approver=None), True),
    ("专项 without plan", dict(inspection_class="special"), True),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,kw,fires", DISORDER, ids=[r[0] for r in DISORDER])
def test_inspection_disorder(w, label, kw, fires):
    insp = inspection(w, at(T), **kw)
    found = scan("inspection_disorder", D(2026, 3, 31)).filter(object_id=str(insp.pk))
    assert found.exists() is fires
    if fires:
        assert "行政执法监督条例" in found.get().citation


@pytest.mark.django_db
def test_inspection_disorder_uncertified_and_unpublished(w):
    bad_officer = inspection(w, at(T), officer_b=w.uncertified)
    bad_item = inspection(w, at(T, 11), power=w.penalty)
    found = dict(scan("inspection_disorder", D(2026, 3, 31)).values_list("object_id", "message"))
    assert "执法证件" in found[str(bad_officer.pk)]
    assert "行政检查事项" in found[str(bad_item.pk)]


@pytest.mark.django_db
@pytest.mark.parametrize("n,fires", [(2, False), (3, True)], ids=["cap reached", "cap exceeded"])
def test_inspection_over_cap(w, n, fires):
    InspectionCap.objects.create(region=w.region, year=2026, unit=w.unit, max_per_year=2, source_document="测试上限文件")
    made = [inspection(w, at(D(2026, 3, 1 + i))) for i in range(n)]
    found = scan("inspection_disorder", D(2026, 3, 31))
    assert list(found.values_list("object_id", flat=True)) == ([str(made[-1].pk)] if fires else [])


@pytest.mark.django_db
def test_inspection_before_54_not_judged(w):
    inspection(w, at(D(2024, 12, 31)), approved_at=None, approver=None)
    assert not scan("inspection_disorder", D(2025, 12, 31)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("filed_after,fires", [(15, False), (16, True), (None, True)], ids=["day N", "day N+1", "never"])
def test_case_not_filed(w, filed_after, fires):
    LawSetting.objects.create(region=w.region, key="case_after_inspection_days", value=15, source_document="测试文件")
    insp = inspection(w, at(T), result="filed")
    if filed_after is not None:
        case(w, inspection=insp, filed_on=T + dt.timedelta(days=filed_after), decided_on=None, status="filed")
    found = scan("case_not_filed", D(2026, 6, 30))
    assert found.filter(object_id=str(insp.pk)).exists() is fires
    if fires:
        assert "测试文件" in found.get().message


@pytest.mark.django_db
def test_case_not_filed_silent_without_setting(w):
    inspection(w, at(T), result="filed")
    assert not scan("case_not_filed", D(2026, 6, 30)).exists()


FINES = [
    ("no follow-up", "org", None, True),
    ("follow-up between", "org", "inspection", False),
    ("the second fine's 超限 check took the load off", "org", "unloaded", False),
    ("the second fine's 超限 check unloaded nothing", "org", "not unloaded", True),
    ("a natural person, not a 经营主体", "person", None, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize("party,between,fires", [r[1:] for r in FINES], ids=[r[0] for r in FINES])
def test_fine_without_correction(w, party, between, fires):
    from decimal import Decimal

    from zhifa.enforcement.models import VehicleOverload

    made = [
        case(
            w,
            party=getattr(w, party),
            decided_on=D(2026, m, 1),
            filed_on=D(2026, m, 1) - dt.timedelta(days=20),
            outcome="penalty",
            penalty_kinds=["fine"],
            fine_amount=1000,
        )
        for m in (2, 5, 9)
    ]
    if between == "inspection":
        inspection(w, at(D(2026, 6, 1)), result="correct")
    elif between is not None:
        VehicleOverload.objects.create(
            region=w.region,
            unit=w.unit,
            checked_at=at(D(2026, 4, 20)),
            plate="津A12345",
            gross_weight=Decimal("62.5"),
            limit_weight=Decimal("49"),
            unloaded_tonnage=Decimal("13.5") if between == "unloaded" else Decimal(0),
            case=made[1],
        )
    assert scan("fine_without_correction", D(2026, 12, 31)).exists() is fires


RUNS = [
    ("three in 12 months", [D(2026, 1, 1), D(2026, 6, 1), D(2026, 12, 31)], [], 3),
    ("third after 365 days", [D(2026, 1, 1), D(2026, 6, 1), D(2027, 1, 1)], [], None),
    ("two only", [D(2026, 1, 1), D(2026, 6, 1)], [], None),
    ("follow-up between", [D(2026, 1, 1), D(2026, 6, 1), D(2026, 9, 1)], [D(2026, 7, 1)], None),
    ("follow-up on a fine day is not between", [D(2026, 1, 1), D(2026, 6, 1), D(2026, 9, 1)], [D(2026, 9, 1)], 3),
]


@pytest.mark.parametrize("label,fines,follow,n", RUNS, ids=[r[0] for r in RUNS])
def test_fine_run(label, fines, follow, n):
    run = RI.fine_without_correction(fines, follow)
    assert (run[2] if run else None) == n


def test_citations_registered():
    for code in ("inspection_disorder", "case_not_filed", "fine_without_correction"):
        assert "行政执法监督条例" in REGISTRY[code].citation


@pytest.mark.django_db
@pytest.mark.parametrize("december,fires", [(4, False), (12, True)], ids=["4 of 24 in December", "12 of 24 in December"])
def test_profit_driven_december(w, december, fires):
    """The unit: 24 fines, ``december`` of them in December; the rest of the district: 60 fines, 5 in December."""
    for i in range(24):
        month = 12 if i < december else 1 + i % 11
        case(w, decided_on=D(2026, month, 5), filed_on=D(2026, month, 1), penalty_kinds=["fine"], fine_amount=500)
    for i in range(60):
        month = 12 if i < 5 else 1 + i % 11
        case(w, unit=w.unit2, decided_on=D(2026, month, 5), filed_on=D(2026, month, 1), penalty_kinds=["fine"], fine_amount=500)
    found = scan("profit_driven_december", D(2026, 12, 31))
    assert list(found.values_list("object_id", flat=True)) == ([str(w.unit.pk)] if fires else [])


BINOMIAL = [(0, 10, 0.3, 1.0), (11, 10, 0.3, 0.0), (10, 10, 0.5, 0.5**10), (1, 3, 0.5, 0.875)]


@pytest.mark.parametrize("k,n,p,expected", BINOMIAL)
def test_binomial_tail(k, n, p, expected):
    from zhifa.supervision.rules.law import binomial_tail

    assert binomial_tail(k, n, p) == pytest.approx(expected, rel=1e-9)


def _fine_runs_by_definition(fines, follow):
    """以罚代管 straight from its definition: every (first, last) pair of fines, widest run, earliest of equals."""
    fines = sorted(fines)
    best = None
    for i in range(len(fines)):
        for j in range(len(fines) - 1, i - 1, -1):
            if (fines[j] - fines[i]).days >= RI.FINE_REPEAT_DAYS:
                continue
            if any(fines[i] < d < fines[j] for d in follow):
                continue
            n = j - i + 1
            if n >= RI.FINE_REPEAT_MIN and (best is None or n > best[2]):
                best = (fines[i], fines[j], n)
            break
    return best


_days = st.lists(st.integers(min_value=0, max_value=900), max_size=25)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(fines=_days, follow=st.lists(st.integers(min_value=0, max_value=900), max_size=6))
def test_fine_without_correction_equals_its_definition(fines, follow):
    base = D(2024, 1, 1)
    f = [base + dt.timedelta(days=x) for x in fines]
    u = [base + dt.timedelta(days=x) for x in follow]
    assert RI.fine_without_correction(f, u) == _fine_runs_by_definition(f, u)
