"""The scan and the workflow give the same verdict on the same record, rule by rule.

For each case, the workflow's verdict is what ``case_check`` answers at each step the case took
(the case put back to the status before the step, in a savepoint that is rolled back), and for an open
case what deciding it on the as-of day would answer; the scan's verdict is whether its alert is there.
Every supervision rule that reuses workflow rules (``WorkflowRule``) is compared on the violation codes
it reports. Cases are written straight to the table, as old records and bulk loads are: the scan exists
to find what slipped past the workflow.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.supervision.agreement import (
    OPEN,
    _Rollback,
    assert_year_agrees,
    batch_workflow_codes,
    disagreements,
    scan_flags,
    workflow_codes,
)
from tests.supervision.conftest import REGION, at, case
from zhifa.core import calendar
from zhifa.enforcement.models import Device, Hearing, LegalReview, PenaltyCase, Recording
from zhifa.enforcement.reference import Reference
from zhifa.powers.models import DiscretionBenchmark
from zhifa.supervision.models import Alert

D = dt.date
AS_OF = D(2023, 12, 31)


def assert_agree(cases, as_of=AS_OF):
    """The scan's alerts and ``case_check`` at each recorded step agree rule by rule; the batch verdicts too."""
    flagged = scan_flags(REGION, as_of)
    cases = list(cases)
    verdicts = {c.pk: workflow_codes(c, as_of) for c in cases}
    case_no = {c.pk: c.case_no for c in cases}
    disagree = disagreements(verdicts, flagged, case_no)
    assert not disagree, disagree
    fresh = list(PenaltyCase.objects.filter(pk__in=list(verdicts)).select_related("party").order_by("pk"))
    assert batch_workflow_codes(fresh, as_of, Reference(REGION).preload()) == verdicts


# ---- a case from drawn facts ------------------------------------------------------------------------
def make_case(w, *, procedure, party, fine, power, decide_after, extension, officer_b, review, hearing, outcome,
              status, device, tier):  # fmt: skip
    filed = D(2023, 1, 3)
    ext_days, approver = extension
    kinds = ["fine"] if fine else ["warning"]
    fields = dict(
        procedure=procedure,
        party=w.org if party == "org" else w.person,
        power=getattr(w, power),
        fine_amount=Decimal(fine),
        penalty_kinds=kinds,
        officer_b={"b": w.b, "none": None, "uncertified": w.uncertified}[officer_b],
        act_date=D(2022, 12, 30),
        discovered_at=at(D(2023, 1, 2)),
        discretion_tier=tier,
        status=status,
    )
    if procedure == "simple":
        fields.update(filed_on=None, decision_due=None, decided_on=filed, status="decided", outcome="penalty")
    else:
        decided = filed + dt.timedelta(days=decide_after) if status not in OPEN else None
        fields.update(
            filed_on=filed,
            extension_days=ext_days,
            extension_approved_by=approver,
            decision_due=calendar.add_calendar_days(filed, 90 + ext_days),
            notified_on=filed + dt.timedelta(days=20),
            decided_on=decided,
            outcome="" if decided is None else outcome,
        )
        if outcome != "penalty" and decided is not None:
            fields.update(penalty_kinds=[], fine_amount=Decimal(0), status="closed")
    if device:
        fields["device"] = Device.objects.create(
            region=w.region, unit=w.unit, name=f"卡口{w.seq[0]}", location="津塘公路", approved_on=D(2022, 12, 30),
            published_on=D(2022, 12, 31) if device == "late" else D(2022, 12, 1),
        )  # fmt: skip
    c = case(w, **fields)
    day = c.decided_on or AS_OF
    if review != "none":
        who = w.b if review == "officer" else w.reviewer
        LegalReview.objects.create(
            case=c, region=w.region, reviewer=who, reviewed_on=day - dt.timedelta(days=3), result="approve", opinion="同意"
        )  # fmt: skip
        if review == "rejected_last":
            LegalReview.objects.create(
                case=c, region=w.region, reviewer=w.reviewer, reviewed_on=day - dt.timedelta(days=1), result="reject",
                opinion="不同意",
            )  # fmt: skip
    if hearing:
        Hearing.objects.create(
            case=c, region=w.region, requested_on=D(2023, 1, 25), notice_on=D(2023, 1, 26), held_on=D(2023, 2, 10)
        )
    if power == "recorded" and fine % 2:
        Recording.objects.create(
            region=w.region, unit=w.unit, case=c, officer=w.a, device_name="执法记录仪", recorded_at=at(filed),
            file_path="x", original_name="x.mp4", size=1, sha256="0" * 64,
        )  # fmt: skip
    return c


def _benchmarks(w):
    DiscretionBenchmark.objects.get_or_create(
        region=w.region, power=w.penalty, tier="minor", defaults={"fine_min": 0, "fine_max": 500}
    )
    DiscretionBenchmark.objects.get_or_create(
        region=w.region, power=w.penalty, tier="general", defaults={"fine_min": 500, "fine_max": 5000}
    )


BASE = dict(
    procedure="ordinary", party="person", fine=100, power="penalty", decide_after=60, extension=(0, ""),
    officer_b="b", review="none", hearing=False, outcome="penalty", status="decided", device="", tier="",
)  # fmt: skip
# The boundaries named in the issue: one row each, with the rule it is about and whether the law says it is broken.
BOUNDARY = [
    ("onspot person 200", dict(procedure="simple", fine=200), "onspot_over_limit", False),
    ("onspot person 201", dict(procedure="simple", fine=201), "onspot_over_limit", True),
    ("onspot org 3000", dict(procedure="simple", party="org", fine=3000), "onspot_over_limit", False),
    ("onspot org 3001", dict(procedure="simple", party="org", fine=3001), "onspot_over_limit", True),
    ("decided on day 90", dict(decide_after=90), "case_overdue", False),
    ("decided on day 91", dict(decide_after=91), "case_overdue", True),
    ("day 91 inside an approved extension", dict(decide_after=91, extension=(10, "局长")), "case_overdue", False),
    ("day 91, extension not approved", dict(decide_after=91, extension=(10, "")), "case_overdue", True),
    ("open past its deadline", dict(status="investigating"), "case_overdue", True),
    ("review by a non-designated person", dict(power="reviewed", review="officer"), "legal_review_missing", True),
    ("latest review rejected", dict(power="reviewed", review="rejected_last"), "legal_review_missing", True),
    ("reviewed by a designated reviewer", dict(power="reviewed", review="designated"), "legal_review_missing", False),
    ("不予处罚 without review", dict(power="reviewed", outcome="no_penalty_minor_harm"), "legal_review_missing", False),
    ("hearing held, no review", dict(fine=20000, hearing=True), "legal_review_missing", True),
    ("hearing held, reviewed", dict(fine=20000, hearing=True, review="designated"), "legal_review_missing", False),
    ("one officer", dict(officer_b="none"), "single_officer", True),
    (
        "one officer, traffic law allows it",
        dict(procedure="simple", power="traffic", officer_b="none"),
        "single_officer",
        False,
    ),
    ("uncertified officer", dict(officer_b="uncertified"), "officer_uncertified", True),
    ("recording missing", dict(power="recorded", fine=100), "recording_missing", True),
    ("device published after the act", dict(device="late"), "device_unapproved", True),
    ("fine outside its tier", dict(fine=600, tier="minor"), "discretion_outside", True),
]


@pytest.mark.django_db
def test_scan_agrees_with_workflow(w):
    """The issue's boundary cases: each verdict is the law's, and the scan and the workflow agree on all."""
    _benchmarks(w)
    cases = {}
    for label, kw, _rule, _broken in BOUNDARY:
        cases[label] = make_case(w, **{**BASE, **kw})
    assert_agree(cases.values())
    for label, _kw, rule, broken in BOUNDARY:
        got = Alert.objects.filter(object_id=str(cases[label].pk), rule_id=rule).exists()
        assert got == broken, label


drawn = st.fixed_dictionaries(
    {
        "procedure": st.sampled_from(["ordinary", "ordinary", "simple"]),
        "party": st.sampled_from(["person", "org"]),
        "fine": st.sampled_from([0, 100, 199, 200, 201, 500, 600, 2999, 3000, 3001, 10000, 20000]),
        "power": st.sampled_from(["penalty", "reviewed", "recorded", "traffic"]),
        "decide_after": st.integers(min_value=85, max_value=105),
        "extension": st.sampled_from([(0, ""), (0, ""), (10, "局长"), (10, "")]),
        "officer_b": st.sampled_from(["b", "b", "none", "uncertified"]),
        "review": st.sampled_from(["none", "designated", "officer", "rejected_last"]),
        "hearing": st.booleans(),
        "outcome": st.sampled_from(["penalty", "penalty", "no_penalty_minor_harm"]),
        "status": st.sampled_from(["decided", "decided", "investigating", "notified"]),
        "device": st.sampled_from(["", "", "ok", "late"]),
        "tier": st.sampled_from(["", "minor", "general"]),
    }
)


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(drawn, min_size=1, max_size=3))
def test_scan_agrees_with_workflow_generated(w, batch):
    try:
        with transaction.atomic():
            _benchmarks(w)
            assert_agree([make_case(w, **kw) for kw in batch])
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.slow
@pytest.mark.django_db
def test_scan_agrees_with_workflow_small_scenario(tmp_path, settings):
    """Every case of the second scenario (西青区 2024, 9 000 decisions), built through the validated path."""
    from zhifa.demo.generator import Generator
    from zhifa.demo.scenario import load_scenario

    settings.REPORT_ROOT = tmp_path
    Generator(load_scenario("xiqing-2024")).run()
    got = assert_year_agrees("120111", D(2024, 12, 31))
    assert got["cases"] >= 9000
