"""国办发〔2024〕54号 rules (enforcement.rules_inspection), table-driven with their boundaries."""

import datetime as dt

import pytest

from tests.factories import PowerFactory, make_account
from zhifa.core.errors import RuleBlocked
from zhifa.enforcement import rules_inspection as RI
from zhifa.enforcement.choices import InspectionClass
from zhifa.enforcement.models import InspectionCode, InspectionPlan
from zhifa.enforcement.reference import Reference
from zhifa.enforcement.services_inspection import inspection_approve, inspection_cap_check, inspection_request
from zhifa.powers.choices import PowerCategory
from zhifa.supervision.models import InspectionCap

T0 = dt.datetime(2025, 6, 10, 9, 30)
M = dt.timedelta(minutes=1)


def facts(**kw):
    base = dict(unit_id=1, power_id=1, started_at=T0, officer_ids=(1, 2), inspection_class="routine")
    base.update(kw)
    return RI.InspectionFacts(**base)


# 54号第五部分 / 司法部问答: approval beforehand, or emergency with approval afterwards (to the minute).
APPROVAL = [
    ("approved a day before", dict(approved_at=T0 - dt.timedelta(days=1)), []),
    ("approved in the same minute", dict(approved_at=T0 + dt.timedelta(seconds=59)), []),
    ("approved one minute after", dict(approved_at=T0 + M), ["inspection.approved_late"]),
    ("one minute after, emergency", dict(approved_at=T0 + M, urgent=True), []),
    ("no approval", dict(), ["inspection.unapproved"]),
    ("no approval yet, emergency", dict(urgent=True), ["inspection.approval_pending"]),
    ("planned, not yet started", dict(as_of=T0 - M), []),
    ("before 54号 (2024)", dict(started_at=dt.datetime(2024, 12, 31, 9)), []),
    ("54号 day one", dict(started_at=dt.datetime(2025, 1, 3, 9)), ["inspection.unapproved"]),
]


@pytest.mark.parametrize("label,kw,codes", APPROVAL, ids=[r[0] for r in APPROVAL])
def test_approval_before(label, kw, codes):
    assert [v.code for v in RI.approval_before(facts(**kw), None)] == codes


def test_pending_emergency_is_only_a_warning():
    (v,) = RI.approval_before(facts(urgent=True), None)
    assert v.severity == "warning" and "54号" in v.citation


CLASSES = [
    ("routine", dict(), []),
    ("class missing", dict(inspection_class=""), ["inspection.class_missing"]),
    ("个案 without source", dict(inspection_class="case"), ["inspection.case_no_source"]),
    ("个案 from a complaint", dict(inspection_class="case", case_source="complaint"), []),
    ("专项 without plan", dict(inspection_class="special"), ["inspection.special_unplanned"]),
    ("专项, plan unapproved", dict(inspection_class="special", plan_id=5), ["inspection.special_unplanned"]),
    (
        "专项, plan approved one minute after the start",
        dict(inspection_class="special", plan_id=5, plan_approved_at=T0 + dt.timedelta(minutes=1), plan_filed_on=T0.date()),
        ["inspection.special_unplanned"],
    ),
    (
        "专项, plan approved in the minute of the start",
        dict(inspection_class="special", plan_id=5, plan_approved_at=T0 + dt.timedelta(seconds=59), plan_filed_on=T0.date()),
        [],
    ),
    (
        "专项, plan approved the day before, filed that day",
        dict(inspection_class="special", plan_id=5, plan_approved_at=T0 - dt.timedelta(days=1), plan_filed_on=T0.date()),
        [],
    ),
    (
        "专项, plan approved, not filed",
        dict(inspection_class="special", plan_id=5, plan_approved_at=T0 - dt.timedelta(days=1)),
        ["inspection.special_not_filed"],
    ),
    (
        "专项, plan filed the day after",
        dict(
            inspection_class="special",
            plan_id=5,
            plan_approved_at=T0 - dt.timedelta(days=1),
            plan_filed_on=T0.date() + dt.timedelta(days=1),
        ),
        ["inspection.special_not_filed"],
    ),
]


@pytest.mark.parametrize("label,kw,codes", CLASSES, ids=[r[0] for r in CLASSES])
def test_class_complete(label, kw, codes):
    assert [v.code for v in RI.class_complete(facts(**kw), None)] == codes


CAP = RI.CapInfo(1, 2, "嘉善县涉企行政检查频次上限（示例）")
CAPS = [
    ("first of two", dict(prior_count=0), []),
    ("cap reached (2nd of 2)", dict(prior_count=1), []),
    ("cap exceeded (3rd of 2)", dict(prior_count=2), ["inspection.over_cap"]),
    ("not counted (excluded class)", dict(prior_count=5, counts_against_cap=False), []),
    ("no cap", dict(prior_count=5, cap=None), []),
]


@pytest.mark.parametrize("label,kw,codes", CAPS, ids=[r[0] for r in CAPS])
def test_within_cap(label, kw, codes):
    f = facts(**{"cap": CAP, "counts_against_cap": True, **kw})
    assert [v.code for v in RI.within_cap(f, None)] == codes


COUNTS = [
    ("routine counts", RI.CapInfo(1, 2, "x"), ("routine", "on_site", False), True),
    ("河北: 个案 excluded", RI.CapInfo(1, 2, "x", counts_case=False), ("case", "on_site", False), False),
    ("上级部署专项 excluded", RI.CapInfo(1, 2, "x"), ("special", "on_site", True), False),
    ("上级部署专项 counted where the rule counts it", RI.CapInfo(1, 2, "x", excludes_superior=False), ("special", "on_site", True), True),
    ("own 专项 counts", RI.CapInfo(1, 2, "x"), ("special", "on_site", False), True),
    ("嘉善: on-site only, remote not counted", RI.CapInfo(1, 2, "x", on_site_only=True), ("routine", "remote", False), False),
]


@pytest.mark.parametrize("label,cap,args,expected", COUNTS, ids=[r[0] for r in COUNTS])
def test_cap_counts(label, cap, args, expected):
    assert cap.counts(*args) is expected


def test_item_published_and_certified(world):
    ref = Reference(world.region.code)
    day = dt.datetime(2025, 3, 1, 10)
    ok = facts(unit_id=world.unit.pk, power_id=world.inspect.pk, started_at=day, officer_ids=(world.a.pk, world.d.pk))
    assert RI.item_published(ok, ref) == [] and RI.officers_certified(ok, ref) == []
    penalty = facts(unit_id=world.unit.pk, power_id=world.penalty.pk, started_at=day, officer_ids=(world.a.pk,))
    assert [v.code for v in RI.item_published(penalty, ref)] == ["inspection.item_unpublished"]
    cancelled = PowerFactory(
        owner=world.unit, code="JC-9", category=PowerCategory.INSPECTION, effective_to=dt.date(2025, 3, 1)
    )
    gone = facts(unit_id=world.unit.pk, power_id=cancelled.pk, started_at=day, officer_ids=(world.a.pk,))
    assert [v.code for v in RI.item_published(gone, ref)] == ["inspection.item_unpublished"]
    # b's certificate was revoked in 2023: an inspection by a and b is refused (54号第二部分, 第四十二条).
    bad = facts(unit_id=world.unit.pk, power_id=world.inspect.pk, started_at=day, officer_ids=(world.a.pk, world.b.pk))
    assert [v.code for v in RI.officers_certified(bad, ref)] == ["officers.no_certificate"]


def _request(world, officer, start, **kw):
    return inspection_request(
        actor=officer,
        unit=world.unit,
        power=world.inspect,
        party=world.org,
        started_at=start,
        officers=[world.a, world.d],
        **{"inspection_class": InspectionClass.ROUTINE, **kw},
    )


def test_request_approve_and_cap(world):
    officer = make_account("officer", person=world.a)
    leader = make_account("leader", unit=world.unit)
    InspectionCap.objects.create(
        region=world.region, year=2027, unit=world.unit, max_per_year=2, source_document="区市场监管局2027年检查频次上限"
    )
    starts = [dt.datetime(2027, m, 1, 9) for m in (3, 4, 5)]
    warnings = []
    for s in starts:
        insp = _request(world, officer, s)
        assert insp.approved_at is None and not InspectionCode.objects.filter(inspection=insp).exists()
        shown = inspection_cap_check(insp)
        insp, w = inspection_approve(actor=leader, inspection=insp, at=s - dt.timedelta(days=1))
        assert shown == w
        warnings.append([v.code for v in w])
        assert insp.approver == leader.person and insp.scan_code.token
    # the second reaches the cap (no warning), the third would exceed it (warning before and with approval)
    assert warnings == [[], [], ["inspection.over_cap"]]


def test_request_refusals(world):
    officer = make_account("officer", person=world.a)
    past = dt.datetime(2025, 5, 1, 9)
    with pytest.raises(RuleBlocked) as e:
        _request(world, officer, past)
    assert "inspection.unapproved" in str([v.code for v in e.value.violations])
    # an emergency may be recorded and approved afterwards
    insp = _request(world, officer, past, urgent=True)
    assert insp.pk and insp.approved_at is None
    with pytest.raises(RuleBlocked) as e:
        _request(world, officer, past, inspection_class=InspectionClass.SPECIAL, approver=world.d, approved_at=past)
    assert [v.code for v in e.value.violations] == ["inspection.special_unplanned"]
    plan = InspectionPlan.objects.create(
        region=world.region, unit=world.unit, year=2025, kind="special", title="2025年专项",
        approved_at=dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), filed_on=dt.date(2025, 4, 2),
    )  # fmt: skip
    assert _request(world, officer, past, inspection_class="special", plan=plan, approver=world.d, approved_at=past).pk
