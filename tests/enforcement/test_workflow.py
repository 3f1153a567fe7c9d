"""The case workflow: one service moves a case; illegal moves are refused with their citation, case unchanged."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zhifa.core.audit import snapshot
from zhifa.core.errors import InvalidInput, RuleBlocked
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import workflow as W
from zhifa.enforcement.models import CaseTransition, Disclosure, PenaltyCase

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
pytestmark = pytest.mark.django_db


def open_case(w, power=None, party=None, no="东市监立〔2023〕1号", **kw):
    return W.case_open(
        actor=SYSTEM,
        unit=w.unit,
        power=power or w.penalty,
        party=party or w.adult,
        case_no=no,
        violation="销售不合格商品",
        act_date=D(2023, 7, 1),
        discovered_at=dt.datetime(2023, 7, 3, 10, tzinfo=TZ),
        officers=[w.a, w.d],
        file_on=D(2023, 7, 5),
        **kw,
    )


def to_notified(w, case, on=D(2023, 9, 26)):
    case = W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 7, 6))
    return W.case_transition(
        actor=SYSTEM, case=case, to_status="notified", on_date=on, penalty_kinds=["fine"], fine_amount=Decimal("3000")
    )


def assert_refused(case, call, citation_part):
    before = snapshot(PenaltyCase.objects.get(pk=case.pk))
    n_tr, n_audit = CaseTransition.objects.count(), AuditLog.objects.count()
    with pytest.raises(RuleBlocked) as exc:
        call()
    assert any(citation_part in v.citation for v in exc.value.violations), exc.value.as_dict()
    assert snapshot(PenaltyCase.objects.get(pk=case.pk)) == before
    assert (CaseTransition.objects.count(), AuditLog.objects.count()) == (n_tr, n_audit)
    return exc.value


def test_ordinary_case_full_path_records_every_step(world):
    w = world
    n_audit = AuditLog.objects.count()
    case = open_case(w, power=w.reviewed)
    assert case.status == "filed"
    assert case.decision_due == D(2023, 10, 7)  # 第六十条: 90 days over National Day to the 调休 Saturday
    case = to_notified(w, case)
    assert case.hearing_request_due == D(2023, 10, 9)  # 第六十四条: 5 working days
    case = W.case_transition(actor=SYSTEM, case=case, to_status="legal_review", on_date=D(2023, 9, 27))
    W.case_legal_review_record(
        actor=SYSTEM,
        case=case,
        reviewer=w.reviewer,
        reviewed_on=D(2023, 9, 28),
        result="approve",
        opinion="事实清楚，同意",
    )
    # decided on the last day of the period, 10-07, a 调休 Saturday that is a working day
    case = W.case_transition(
        actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 10, 7), decision_no="东市监罚〔2023〕1号"
    )
    case = W.case_transition(actor=SYSTEM, case=case, to_status="delivered", on_date=D(2023, 10, 7))
    # 第六十七条第三款: 15 calendar days → Sun 10-22, rolled to Mon 10-23 (民法典第二百零三条)
    assert case.payment_due == D(2023, 10, 23)
    case = W.case_payment_record(actor=SYSTEM, case=case, paid_on=D(2023, 10, 25), paid_amount=Decimal("3180"))
    assert case.surcharge == Decimal("180.00")  # 第七十二条: 2 days × 3 % × 3000
    case = W.case_transition(actor=SYSTEM, case=case, to_status="closed", on_date=D(2023, 10, 30))
    steps = list(case.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", "filed"),
        ("filed", "investigating"),
        ("investigating", "notified"),
        ("notified", "legal_review"),
        ("legal_review", "decided"),
        ("decided", "delivered"),
        ("delivered", "executed"),
        ("executed", "closed"),
    ]
    decided = case.transitions.get(to_status="decided")
    assert {r["rule"] for r in decided.rule_results} >= {"legal_review_done", "officers_certified", "hearing_rights"}
    disc = Disclosure.objects.get(case=case)
    assert disc.status == "due" and disc.due_on == D(2023, 10, 16)  # 国办发〔2018〕118号: 7 working days
    assert "张**" in disc.public_text and "张三丰" not in disc.public_text
    # one audit row per service call: open, 2 transitions, legal_review, review record, decide, deliver, pay, close
    assert AuditLog.objects.count() - n_audit == 9


def test_decide_without_required_legal_review_is_refused(world):
    case = to_notified(world, open_case(world, power=world.reviewed))
    err = assert_refused(
        case,
        lambda: W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 10, 7), decision_no="X"),
        "第五十八条",
    )
    assert [v.code for v in err.violations] == ["review.missing"]


def test_review_by_unqualified_first_time_reviewer_is_refused(world):
    case = to_notified(world, open_case(world, power=world.reviewed))
    assert_refused(
        case,
        lambda: W.case_legal_review_record(
            actor=SYSTEM,
            case=case,
            reviewer=world.reviewer_unqualified,
            reviewed_on=D(2023, 9, 28),
            result="approve",
            opinion="同意",
        ),
        "第五十八条",
    )


def test_decide_inside_hearing_window_is_refused(world):
    case = open_case(world)
    case = W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 7, 6))
    case = W.case_transition(
        actor=SYSTEM,
        case=case,
        to_status="notified",
        on_date=D(2023, 9, 26),
        penalty_kinds=["fine"],
        fine_amount=Decimal("10000"),
    )
    assert_refused(
        case,
        lambda: W.case_transition(
            actor=SYSTEM,
            case=case,
            to_status="decided",
            on_date=D(2023, 10, 9),
            decision_no="X",
            discretion_reason="情节严重",
        ),
        "第六十四条",
    )


def test_decide_after_90_days_is_refused(world):
    case = to_notified(world, open_case(world))
    assert_refused(
        case,
        lambda: W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 10, 8), decision_no="X"),
        "第六十条",
    )
    W.case_extend(actor=SYSTEM, case=case, days=30, approved_by="局长", on=D(2023, 10, 7))
    case = W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 10, 8), decision_no="X")
    assert case.status == "decided"


def test_illegal_transition_is_refused(world):
    case = open_case(world)
    err = assert_refused(
        case, lambda: W.case_transition(actor=SYSTEM, case=case, to_status="closed", on_date=D(2023, 7, 6)), "普通程序"
    )
    assert err.code == "workflow.illegal_transition"


def test_major_case_needs_collective_discussion(world):
    case = to_notified(world, open_case(world, is_major=True))
    case = W.case_transition(actor=SYSTEM, case=case, to_status="legal_review", on_date=D(2023, 9, 27))
    W.case_legal_review_record(
        actor=SYSTEM, case=case, reviewer=world.reviewer, reviewed_on=D(2023, 9, 28), result="approve", opinion="同意"
    )

    def decide():
        return W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 10, 7), decision_no="X")  # noqa: E731

    assert_refused(case, decide, "第五十七条")
    W.case_collective_discussion_record(
        actor=SYSTEM, case=case, held_on=D(2023, 10, 7), attendees="局长、副局长", conclusion="同意处罚"
    )
    assert decide().status == "decided"


def test_late_delivery_when_party_absent_is_refused(world):
    case = to_notified(world, open_case(world))
    case = W.case_transition(
        actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 9, 28), decision_no="X", party_absent=True
    )
    assert_refused(
        case,
        lambda: W.case_transition(actor=SYSTEM, case=case, to_status="delivered", on_date=D(2023, 10, 16)),
        "第六十一条",
    )
    assert (
        W.case_transition(actor=SYSTEM, case=case, to_status="delivered", on_date=D(2023, 10, 13)).status == "delivered"
    )


@pytest.mark.parametrize(
    "party, fine, ok", [("adult", "200", True), ("adult", "201", False), ("org", "3000", True), ("org", "3001", False)]
)
def test_onspot_decision_limits(world, party, fine, ok):
    call = lambda: W.case_onspot_decide(  # noqa: E731
        actor=SYSTEM,
        unit=world.unit,
        power=world.penalty,
        party=getattr(world, party),
        case_no="简1",
        violation="占道经营",
        act_date=D(2023, 5, 1),
        officers=[world.a, world.c],
        decided_on=D(2023, 5, 1),
        decision_no="津0001",
        penalty_kinds=["fine"],
        fine_amount=Decimal(fine),
        discretion_reason="依基准" if Decimal(fine) > 500 else "",
    )
    if ok:
        case = call()
        assert case.status == "decided" and case.transitions.get().from_status == ""
        assert not Disclosure.objects.filter(case=case).exists()  # 简易程序: not disclosed one by one
    else:
        with pytest.raises(RuleBlocked) as exc:
            call()
        assert exc.value.citation == "《行政处罚法》第五十一条"
        assert not PenaltyCase.objects.exists() and not AuditLog.objects.filter(action__startswith="case.").exists()


def test_onspot_with_unpublished_device_is_refused(world):
    with pytest.raises(RuleBlocked) as exc:
        W.case_onspot_decide(
            actor=SYSTEM,
            unit=world.unit,
            power=world.penalty,
            party=world.adult,
            case_no="简2",
            violation="超速",
            act_date=D(2023, 5, 1),
            officers=[world.a, world.c],
            decided_on=D(2023, 5, 1),
            decision_no="津2",
            penalty_kinds=["warning"],
            device=world.raw_device,
        )
    assert "第四十一条" in exc.value.citation


def test_unknown_fact_field_is_refused(world):
    case = open_case(world)
    with pytest.raises(InvalidInput):
        W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 7, 6), status="closed")


def test_nothing_else_assigns_case_status():
    """Style rule: only workflow.py assigns a PenaltyCase status (grep over the source tree)."""
    src = Path(__file__).resolve().parents[2] / "src" / "zhifa"
    pattern = re.compile(
        r"(\bcase|\blocked|PenaltyCase\.objects\.\w+\(.*)\.?(?<!__)status\s*=(?!=)|PenaltyCase\.objects\.\w*update\(.*(?<!__)status="
    )
    offenders = []
    for path in src.rglob("*.py"):
        if "migrations" in path.parts or path.name == "workflow.py":
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(src)}:{no}: {line.strip()}")
    assert offenders == []


def test_case_check_reports_without_writing(world):
    case = to_notified(world, open_case(world, power=world.reviewed))
    n_tr = CaseTransition.objects.count()
    found = W.case_check(case=case, to_status="decided", on_date=D(2023, 10, 7), decision_no="X")
    assert [v.code for v in found] == ["review.missing"]
    assert W.case_check(case=case, to_status="closed", on_date=D(2023, 10, 7))[0].code == "workflow.illegal_transition"
    assert CaseTransition.objects.count() == n_tr
    assert PenaltyCase.objects.get(pk=case.pk).status == "notified"
