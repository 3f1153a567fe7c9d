"""Old cases keep their flags: rules read a power's attributes as in force on the decision date.

And the 第五十八条 verdicts on which the old scan disagreed with the workflow (one row each).
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.supervision.conftest import REGION, case
from zhifa.core.policy import SYSTEM
from zhifa.enforcement.models import Hearing, LegalReview
from zhifa.enforcement.reference import Reference
from zhifa.powers import services as powers
from zhifa.powers.attributes import attributes_on
from zhifa.supervision.models import Alert
from zhifa.supervision.services import alerts_scan

D = dt.date


def _power(w, code, **flags):
    return powers.power_add(
        actor=SYSTEM,
        owner=w.unit,
        code=code,
        document_no="东政办〔2020〕1号",
        effective_on=D(2020, 1, 1),
        name="对无证经营的处罚",
        category="penalty",
        legal_basis="《无证无照经营查处办法》第十三条",
        **flags,
    )


def _flagged(w):
    return set(Alert.objects.filter(rule_id="legal_review_missing").values_list("object_id", flat=True))


@pytest.mark.django_db
def test_old_case_keeps_review_flag_switched_off_later(w):
    p = _power(w, "CF-V1", requires_legal_review=True)
    powers.power_modify(
        actor=SYSTEM, power=p, document_no="东政办〔2023〕9号", effective_on=D(2024, 1, 1), requires_legal_review=False
    )
    p.refresh_from_db()
    assert p.requires_legal_review is False  # the current row says no review ...
    got = attributes_on([(p.pk, D(2023, 12, 31)), (p.pk, D(2024, 1, 1))])
    assert got[(p.pk, D(2023, 12, 31))].requires_legal_review is True  # ... the 2023 权责清单 said yes
    assert got[(p.pk, D(2024, 1, 1))].requires_legal_review is False
    assert Reference(REGION).power_on(p.pk, D(2023, 5, 10)).requires_legal_review is True

    old = case(w, power=p)  # decided 2023-05-10 without review
    new = case(
        w,
        power=p,
        act_date=D(2024, 2, 1),
        discovered_at=old.discovered_at.replace(year=2024, month=2, day=2),
        filed_on=D(2024, 2, 2),
        decision_due=D(2024, 5, 2),
        decided_on=D(2024, 3, 11),
    )
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2024, 12, 31), rules=["legal_review_missing"])
    assert _flagged(w) == {str(old.pk)}, new.pk


@pytest.mark.django_db
def test_flag_switched_on_later_does_not_reach_back(w):
    p = _power(w, "CF-V2")
    powers.power_modify(
        actor=SYSTEM, power=p, document_no="东政办〔2023〕9号", effective_on=D(2023, 6, 1), requires_legal_review=True
    )
    before, after = case(w, power=p), case(w, power=p, decided_on=D(2023, 6, 1), decision_due=D(2023, 6, 1))
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2023, 12, 31), rules=["legal_review_missing"])
    assert _flagged(w) == {str(after.pk)}, before.pk


def _review(w, c, result="approve", reviewer=None, day=None):
    LegalReview.objects.create(
        case=c,
        region=w.region,
        reviewer=reviewer or w.reviewer,
        reviewed_on=day or c.decided_on,
        result=result,
        opinion="意见",
    )


# One row per 第五十八条 case where the old scan and the workflow disagreed: (build, flagged?).
def hearing_triggered(w):  # 第五十八条第（二）项: a decision after a hearing needs review, whatever the power
    c = case(w, fine_amount=Decimal("20000"), penalty_kinds=["fine"])
    Hearing.objects.create(
        case=c, region=w.region, requested_on=D(2023, 4, 3), notice_on=D(2023, 4, 10), held_on=D(2023, 4, 20)
    )
    return c, True


def hearing_triggered_reviewed(w):
    c, _ = hearing_triggered(w)
    _review(w, c)
    return c, False


def no_penalty_without_review(w):  # 不予处罚 is not a 处罚决定 the workflow sends to review
    return case(w, power=w.reviewed, outcome="no_penalty_minor_harm", penalty_kinds=[], status="closed"), False


def latest_review_rejected(w):  # an approval, then a rejection: the latest review decides
    c = case(w, power=w.reviewed)
    _review(w, c, "approve", day=D(2023, 5, 5))
    _review(w, c, "reject", day=D(2023, 5, 8))
    return c, True


def rejected_then_approved(w):
    c = case(w, power=w.reviewed)
    _review(w, c, "reject", day=D(2023, 5, 5))
    _review(w, c, "approve", day=D(2023, 5, 8))
    return c, False


def reviewer_not_designated(w):  # reviewed by an officer who is no designated 法制审核人员
    c = case(w, power=w.reviewed)
    _review(w, c, reviewer=w.b)
    return c, True


ROWS = [
    hearing_triggered,
    hearing_triggered_reviewed,
    no_penalty_without_review,
    latest_review_rejected,
    rejected_then_approved,
    reviewer_not_designated,
]


@pytest.mark.django_db
@pytest.mark.parametrize("build", ROWS, ids=[r.__name__ for r in ROWS])
def test_legal_review_verdict_is_the_workflows(w, build):
    from zhifa.enforcement import rules as ER
    from zhifa.enforcement.workflow import case_facts

    c, flagged = build(w)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2023, 12, 31), rules=["legal_review_missing"])
    assert (str(c.pk) in _flagged(w)) == flagged
    a = Alert.objects.filter(rule_id="legal_review_missing", object_id=str(c.pk)).first()
    assert a is None or a.citation == ER.ART58
    # the function that guards the workflow's 决定 step says the same
    if c.outcome == "penalty":
        assert bool(ER.legal_review_done(case_facts(c, c.decided_on), Reference(REGION))) == flagged


def _fines(w, power, amounts, decided_on):
    for amount in amounts:
        case(w, power=power, fine_amount=Decimal(amount), penalty_kinds=["fine"], decided_on=decided_on)


@pytest.mark.django_db
def test_threshold_gaming_reads_the_hearing_threshold_in_force_on_the_decision_day(w):
    """A 听证标准 of 10 000 yuan raised to 20 000 from 2024: 2023's fines bunched under 10 000 are still gaming
    (measured against 2023's threshold), and 2024's fines at the same amounts are not (they sit far below 20 000)."""
    p = _power(w, "CF-V3", hearing_threshold_person=Decimal("10000"))
    powers.power_modify(
        actor=SYSTEM,
        power=p,
        document_no="东政办〔2023〕12号",
        effective_on=D(2024, 1, 1),
        hearing_threshold_person=Decimal("20000"),
    )
    under = [9000 + (i % 30) * 30 for i in range(30)]  # [9000, 10000): the 10 % just under the old threshold
    below = [8100, 8400, 8700]  # [8000, 9000)
    _fines(w, p, under + below, D(2023, 5, 10))
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2023, 12, 31), rules=["threshold_gaming"])
    a = Alert.objects.get(rule_id="threshold_gaming")
    assert "听证标准（公民）：限额下方10%区间30件、相邻区间3件" in a.message

    _fines(w, p, under + below, D(2024, 5, 10))
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2024, 12, 31), rules=["threshold_gaming"])
    assert not Alert.objects.filter(rule_id="threshold_gaming", period="2024").exists()


@pytest.mark.django_db
def test_a_change_effective_later_applies_from_its_date_only(w):
    """power_modify records the next version at once (the row holds the latest version), but the rules read the
    version in force on the act's day: a 职权类别 and a 一人执法依据 changed from 2024-01-01 leave 2023's acts alone."""
    from zhifa.enforcement import rules as ER

    p = _power(w, "CF-V4")
    powers.power_modify(
        actor=SYSTEM,
        power=p,
        document_no="东政办〔2023〕15号",
        effective_on=D(2024, 1, 1),
        category="inspection",
        single_officer_basis="《道路交通安全法》第一百零七条",
    )
    p.refresh_from_db()
    assert (p.category, p.version) == ("inspection", 2)
    ref = Reference(REGION)

    def judged(day):
        f = ER.CaseFacts(
            unit_id=w.unit.pk,
            power_id=p.pk,
            procedure="ordinary",
            on_date=day,
            officer_ids=(w.a.pk,),
            party_kind="person",
            act_date=day,
            discovered_on=day,
        )
        return {v.code for v in ER.power_held(f, ref) + ER.officers_certified(f, ref)}

    assert judged(D(2023, 12, 31)) == {"officers.too_few"}  # a 处罚 power then; two officers needed
    assert judged(D(2024, 1, 1)) == {"power.category"}  # an inspection power from 2024; one officer allowed
