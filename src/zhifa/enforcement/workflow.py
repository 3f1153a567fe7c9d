"""The penalty-case transition table, as data (domain.md §4).

普通程序: 线索 → 立案 → 调查取证 → 告知 → [听证] → [法制审核] → [集体讨论] → 决定 → 送达 → 执行 → 结案;
side exits 不予处罚, 移送, 撤销立案. 简易程序: 当场决定 → 送达 → 执行 → 结案.

Each transition lists the rules it must pass and the date field the step sets. ``workflow.case_transition``
is the one service that performs a transition; the data exchange (``exchange.writers_acts.case_breaches``)
walks ``path_to`` and runs the same rules for every step of a historical case it receives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import transaction

from zhifa.core import calendar
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, RuleBlocked, Violation
from zhifa.core.policy import authorize, case_action, require_self

from . import rules as R
from .choices import CaseStatus as S
from .choices import Outcome, PenaltyKind, Procedure, ReviewResult
from .facts import calendar_date
from .facts import case_facts as build_case_facts
from .reference import Reference

NEW = ""  # the state of a case before its first transition


@dataclass(frozen=True)
class Transition:
    procedure: str
    from_status: str
    to_status: str
    rules: tuple
    date_field: str = ""  # the PenaltyCase date the step sets to on_date


DECIDE_RULES = (
    R.power_held,
    R.officers_certified,
    R.outcome_consistent,
    R.limitation_period,
    R.no_second_fine,
    R.minors,
    R.hearing_rights,
    R.legal_review_done,
    R.collective_discussion_done,
    R.discretion_benchmark,
    R.device_evidence,
    R.recording_required,
    R.decision_deadline,
)
ONSPOT_RULES = (
    R.power_held,
    R.officers_certified,
    R.onspot_limits,
    R.outcome_consistent,
    R.limitation_period,
    R.no_second_fine,
    R.minors,
    R.discretion_benchmark,
    R.device_evidence,
    R.recording_required,
)
NO_PENALTY_RULES = (R.outcome_consistent, R.minors, R.decision_deadline)
FILE_RULES = (R.power_held, R.officers_certified, R.limitation_period)

ORD, SIMPLE = Procedure.ORDINARY, Procedure.SIMPLE
_BEFORE_DECISION = (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE)
_OPEN = (S.FILED, S.INVESTIGATING, *_BEFORE_DECISION)

_rows: list[Transition] = [
    # 普通程序
    Transition(ORD, NEW, S.CLUE, ()),
    Transition(ORD, NEW, S.FILED, FILE_RULES, "filed_on"),
    Transition(ORD, S.CLUE, S.FILED, FILE_RULES, "filed_on"),
    Transition(ORD, S.CLUE, S.WITHDRAWN, ()),
    Transition(ORD, S.FILED, S.INVESTIGATING, (R.officers_certified,)),
    Transition(ORD, S.INVESTIGATING, S.NOTIFIED, (R.officers_certified, R.outcome_consistent), "notified_on"),
    Transition(ORD, S.NOTIFIED, S.HEARING, (R.hearing_request_in_time,)),
    *[Transition(ORD, s, S.LEGAL_REVIEW, ()) for s in (S.NOTIFIED, S.HEARING)],
    *[Transition(ORD, s, S.COLLECTIVE, ()) for s in (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW)],
    *[Transition(ORD, s, S.DECIDED, DECIDE_RULES, "decided_on") for s in _BEFORE_DECISION],
    *[Transition(ORD, s, S.NO_PENALTY, NO_PENALTY_RULES, "decided_on") for s in (S.INVESTIGATING, *_BEFORE_DECISION)],
    *[Transition(ORD, s, S.TRANSFERRED, ()) for s in (S.INVESTIGATING, *_BEFORE_DECISION)],
    *[Transition(ORD, s, S.WITHDRAWN, ()) for s in (S.FILED, S.INVESTIGATING)],
    # 简易程序 (第五十一条、第五十二条)
    Transition(SIMPLE, NEW, S.DECIDED, ONSPOT_RULES, "decided_on"),
]
for _p in (ORD, SIMPLE):
    _rows += [
        Transition(_p, S.DECIDED, S.DELIVERED, (R.delivery_deadline,), "delivered_on"),
        Transition(_p, S.DELIVERED, S.EXECUTED, (R.payment_made,), "paid_on"),
        Transition(_p, S.EXECUTED, S.CLOSED, (), "closed_on"),
    ]
_rows += [Transition(ORD, s, S.CLOSED, (), "closed_on") for s in (S.NO_PENALTY, S.TRANSFERRED, S.WITHDRAWN)]

TRANSITIONS: dict[tuple[str, str, str], Transition] = {(t.procedure, t.from_status, t.to_status): t for t in _rows}

# The usual road to each status, along which a historical case received through the exchange is checked.
_MAIN = {
    ORD: [NEW, S.FILED, S.INVESTIGATING, S.NOTIFIED, S.DECIDED, S.DELIVERED, S.EXECUTED, S.CLOSED],
    SIMPLE: [NEW, S.DECIDED, S.DELIVERED, S.EXECUTED, S.CLOSED],
}


def allowed(procedure: str, from_status: str, to_status: str) -> Transition | None:
    return TRANSITIONS.get((procedure, from_status, to_status))


def targets(procedure: str, from_status: str) -> list[str]:
    return [t for (p, f, t) in TRANSITIONS if p == procedure and f == from_status]


def path_to(procedure: str, status: str) -> list[Transition] | None:
    """The main-road transitions from NEW to ``status`` (None if ``status`` is not on it)."""
    road = _road(procedure, status)
    return None if road is None else list(road)


@cache
def _road(procedure: str, status: str) -> tuple[Transition, ...] | None:
    road = _MAIN.get(procedure)
    if road is None:
        return None
    if status in road:
        idx = road.index(status)
        return tuple(TRANSITIONS[(procedure, a, b)] for a, b in zip(road[:idx], road[1 : idx + 1], strict=True))
    if procedure == ORD and status == S.NO_PENALTY:
        return (*_road(ORD, S.INVESTIGATING), TRANSITIONS[(ORD, S.INVESTIGATING, S.NO_PENALTY)])
    return None


_NO_PENALTY_STEP = frozenset(R.NO_PENALTY_OUTCOMES - {Outcome.TRANSFERRED})


def decision_transition(procedure: str, outcome: str) -> Transition:
    """The transition by which a case is (or would be) decided: 当场决定, 决定, or 不予处罚 by its outcome."""
    if procedure == SIMPLE:
        return TRANSITIONS[(SIMPLE, NEW, S.DECIDED)]
    if outcome in _NO_PENALTY_STEP:
        return TRANSITIONS[(ORD, S.INVESTIGATING, S.NO_PENALTY)]
    return TRANSITIONS[(ORD, S.NOTIFIED, S.DECIDED)]


def recorded_steps(case) -> list[tuple[Transition, dt.date]]:
    """The steps a case has taken, each with its day, read from the case's own date fields.

    The road is the one the exchange checks a historical case along (a 不予处罚 case goes
    调查 → 不予处罚); 调查 counts from the filing day and 告知 without a date from the decision day.
    The supervision scan judges a saved case at these steps with the rules each step runs.
    """
    status, procedure = case.status, case.procedure
    if procedure == ORD and case.outcome in _NO_PENALTY_STEP and case.decided_on is not None:
        road = path_to(ORD, S.NO_PENALTY)
        if status == S.CLOSED:
            road = [*road, TRANSITIONS[(ORD, S.NO_PENALTY, S.CLOSED)]]
    elif procedure == ORD and status in (S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE):
        road = path_to(ORD, S.NOTIFIED)
    elif procedure == ORD and status in (S.TRANSFERRED, S.WITHDRAWN):
        road = path_to(ORD, S.INVESTIGATING if case.filed_on else S.CLUE) or []
    else:
        road = path_to(procedure, status) or []
    days = {
        "filed_on": case.filed_on,
        "notified_on": case.notified_on or case.decided_on or case.filed_on,
        "decided_on": case.decided_on,
        "delivered_on": case.delivered_on,
        "paid_on": case.paid_on or case.delivered_on,
        "closed_on": case.closed_on,
    }
    out = []
    for t in road:
        day = days.get(t.date_field) if t.date_field else (case.filed_on if t.to_status == S.INVESTIGATING else None)
        if day is not None:
            out.append((t, day))
    return out


# ---- the one service that moves a case ------------------------------------------------------------
# Facts a caller may supply with a transition (anything else is refused): what the step decides or records.
FACT_FIELDS = frozenset(
    {
        "outcome",
        "penalty_kinds",
        "fine_amount",
        "confiscation_amount",
        "decision_no",
        "discretion_tier",
        "discretion_reason",
        "is_major",
        "first_offence",
        "harm_minor",
        "corrected",
        "harms_life_or_finance",
        "party_absent",
        "hearing_waived",
        "paid_amount",
        "violation",
    }
)
CITE_PROCEDURE = {
    Procedure.ORDINARY: "《行政处罚法》第五章第三节（普通程序）",
    Procedure.SIMPLE: "《行政处罚法》第五章第二节（简易程序）",
}


def case_facts(case, on_date: dt.date) -> R.CaseFacts:
    """The rules' view of a saved or unsaved PenaltyCase on ``on_date``: the batch builder with one row."""
    return build_case_facts([case], on_date=on_date)[0]


def _results(transition: Transition, facts, ref) -> tuple[list[dict], list[Violation]]:
    results, found = [], []
    for rule in transition.rules:
        vs = rule(facts, ref)
        found.extend(vs)
        results.append({"rule": rule.__name__, "ok": not R.blocking(vs), "violations": [v.as_dict() for v in vs]})
    return results, found


def _perform(*, actor, case, to_status: str, on_date: dt.date, note: str = "", **facts):
    """Check and apply one transition to a locked (or new, unsaved) case; no audit row (callers write one).

    Returns (case, CaseTransition). Raises RuleBlocked with nothing written.
    """
    from .disclosure import disclosure_for_decision
    from .models import CaseTransition

    from_status = case.status if case.pk is not None else NEW
    t = allowed(case.procedure, from_status, to_status)
    if t is None:
        frm = S(from_status).label if from_status else "新建"
        raise RuleBlocked(
            [
                Violation(
                    "workflow.illegal_transition",
                    f"{Procedure(case.procedure).label}案件不能从“{frm}”转为“{S(to_status).label}”",
                    CITE_PROCEDURE.get(case.procedure, ""),
                    "status",
                )
            ]
        )
    unknown = set(facts) - FACT_FIELDS
    if unknown:
        raise InvalidInput(
            f"流转时不能修改字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0], code="case.field"
        )
    for k, v in facts.items():
        if k in ("fine_amount", "paid_amount", "confiscation_amount"):
            v = Decimal(str(v))
        if k == "penalty_kinds":
            v = list(v)
            bad = [x for x in v if x not in PenaltyKind.values]
            if bad:
                raise InvalidInput(f"处罚种类“{bad[0]}”无效", field=k, code="case.penalty_kind", citation=R.ART9)
        if k == "outcome" and v and v not in Outcome.values:
            raise InvalidInput(f"处理结果“{v}”无效", field=k, code="case.outcome")
        setattr(case, k, v)
    if to_status in (S.DECIDED,) and not case.outcome:
        case.outcome = Outcome.PENALTY
    if to_status == S.NO_PENALTY and "penalty_kinds" not in facts and "fine_amount" not in facts:
        # 不予处罚 (第三十条、第三十三条): the penalty proposed at 告知 is not imposed.
        case.penalty_kinds, case.fine_amount = [], Decimal("0")
    if to_status == S.NO_PENALTY and (not case.outcome or case.outcome == Outcome.PENALTY):
        raise InvalidInput("不予处罚应当载明不予处罚的理由（处理结果）", field="outcome", code="case.outcome")
    if to_status == S.TRANSFERRED:
        case.outcome = Outcome.TRANSFERRED
    if t.date_field:
        setattr(case, t.date_field, on_date)
    ref = Reference(case.region_id)
    results, found = _results(t, case_facts(case, on_date), ref)
    blocked = R.blocking(found)
    if blocked:
        raise RuleBlocked(blocked)
    # Deadlines that follow the step (第八十五条: 二/三/五/七日 working days; others calendar days).
    if to_status == S.FILED:
        case.decision_due = calendar.add_calendar_days(case.filed_on, R.DECISION_DAYS + case.extension_days)
    elif to_status == S.NOTIFIED:
        case.hearing_request_due = calendar.add_working_days(case.notified_on, R.HEARING_REQUEST_WORKING_DAYS)
    elif to_status == S.DELIVERED and case.fine_amount > 0:
        case.payment_due = calendar.add_calendar_days(case.delivered_on, R.PAYMENT_DAYS)
    elif to_status == S.EXECUTED:
        case.surcharge = R.late_surcharge(case.fine_amount, case.payment_due, case.paid_on)
    case.status = to_status  # FROM -> TO: the only assignment of a live case's status
    case.save()
    tr = CaseTransition.objects.create(
        case=case,
        region_id=case.region_id,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        on_date=on_date,
        rule_results=results,
        note=note,
    )
    if to_status == S.DECIDED:
        disclosure_for_decision(case, actor=actor)
    return case, tr


def case_check(*, case, to_status: str, on_date: dt.date, **facts) -> list[Violation]:
    """What ``case_transition`` would say, without writing anything: every violation (errors and warnings).

    For forms that show which steps are open and why a step is refused. Runs the same rules in a
    savepoint that is always rolled back, so the answer cannot drift from the service's.
    """
    from zhifa.core.errors import DomainError

    class _Rollback(Exception):
        pass

    from .models import PenaltyCase

    try:
        with transaction.atomic():
            locked = PenaltyCase.objects.select_related("party", "previous_case").get(pk=case.pk)
            _, tr = _perform(actor=None, case=locked, to_status=to_status, on_date=on_date, **facts)
            warnings = [Violation(**v) for r in tr.rule_results for v in r["violations"]]
            raise _Rollback
    except _Rollback:
        return warnings
    except RuleBlocked as exc:
        return list(exc.violations)
    except DomainError as exc:
        return [Violation(exc.code, exc.message, exc.citation, exc.field)]


@transaction.atomic
def case_transition(*, actor, case, to_status: str, on_date: dt.date, note: str = "", **facts):
    """Move ``case`` to ``to_status`` on ``on_date``: lock, check the rules, record, compute deadlines, audit.

    Refused with RuleBlocked (each violation with its citation) and the case left unchanged.
    """
    authorize(actor, case_action(case.procedure, to_status), unit=case.unit_id, on=on_date)
    if to_status == S.TRANSFERRED:
        # 第二十七条: a transfer names the receiving agency and the reason (services.criminal_transfer_record).
        raise InvalidInput(
            "移送应当通过移送登记载明接收机关和移送理由",
            field="to_agency",
            code="case.transfer_fields",
            citation="《行政处罚法》第二十七条",
        )
    from .models import PenaltyCase

    locked = (
        PenaltyCase.objects.select_for_update(of=("self",)).select_related("party", "previous_case").get(pk=case.pk)
    )
    before = snapshot(locked)
    locked, tr = _perform(actor=actor, case=locked, to_status=to_status, on_date=on_date, note=note, **facts)
    audit(
        actor=actor,
        action="case.transition",
        obj=locked,
        before=before,
        after=snapshot(locked),
        note=f"{tr.from_status or '新建'} -> {to_status}",
    )
    return locked


# ---- opening a case --------------------------------------------------------------------------------
def _new_case(
    *, unit, power, party, procedure: str, case_no: str, violation: str, act_date, discovered_at, officers, **fields
):
    from .models import PenaltyCase

    if party.region_id != unit.region_id:
        raise InvalidInput("当事人不属于本行政区划", field="party", code="case.party_region")
    if not case_no.strip():
        raise InvalidInput("案号不能为空", field="case_no", code="case.case_no")
    if PenaltyCase.objects.filter(region_id=unit.region_id, case_no=case_no.strip()).exists():
        raise InvalidInput(f"案号“{case_no}”已存在", field="case_no", code="case.case_no_taken")
    if not violation.strip():
        raise InvalidInput("违法行为不能为空", field="violation", code="case.violation")
    officers = list(officers)
    if not officers:
        raise InvalidInput("至少登记一名执法人员", field="officer_a", code="case.officers")
    return PenaltyCase(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        procedure=procedure,
        case_no=case_no.strip(),
        violation=violation.strip(),
        act_date=act_date,
        discovered_at=discovered_at,
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        **fields,
    )


@transaction.atomic
def case_open(
    *,
    actor,
    unit,
    power,
    party,
    case_no: str,
    violation: str,
    act_date: dt.date,
    discovered_at: dt.datetime,
    officers,
    file_on: dt.date | None = None,
    on_date: dt.date | None = None,
    inspection=None,
    campaign=None,
    device=None,
    previous_case=None,
    harms_life_or_finance: bool = False,
    is_major: bool = False,
):
    """普通程序: register a 线索 (file_on None) or open the case straight at 立案 (file_on given, 第五十四条)."""
    authorize(actor, "case.open", unit=unit, on=file_on or on_date or calendar_date(discovered_at))
    case = _new_case(
        unit=unit,
        power=power,
        party=party,
        procedure=Procedure.ORDINARY,
        case_no=case_no,
        violation=violation,
        act_date=act_date,
        discovered_at=discovered_at,
        officers=officers,
        inspection=inspection,
        campaign=campaign,
        device=device,
        previous_case=previous_case,
        harms_life_or_finance=harms_life_or_finance,
        is_major=is_major,
    )
    to = S.FILED if file_on else S.CLUE
    case, tr = _perform(
        actor=actor, case=case, to_status=to, on_date=file_on or on_date or calendar_date(discovered_at)
    )
    audit(actor=actor, action="case.open", obj=case, after=snapshot(case), note=f"新建 -> {to}")
    return case


@transaction.atomic
def case_onspot_decide(
    *,
    actor,
    unit,
    power,
    party,
    case_no: str,
    violation: str,
    act_date: dt.date,
    officers,
    decided_on: dt.date,
    decision_no: str,
    penalty_kinds: list[str],
    fine_amount: Decimal = Decimal("0"),
    discovered_at: dt.datetime | None = None,
    device=None,
    discretion_tier: str = "",
    discretion_reason: str = "",
    previous_case=None,
):
    """简易程序 (第五十一条、第五十二条): decide on the spot; ≤200 yuan (person) / ≤3000 (organisation) or warning."""
    authorize(actor, "case.onspot_decide", unit=unit, on=decided_on)
    from django.utils import timezone

    if not decision_no.strip():
        raise InvalidInput(
            "当场处罚决定书应有预定格式、编有号码（第五十二条）", field="decision_no", code="case.decision_no"
        )
    case = _new_case(
        unit=unit,
        power=power,
        party=party,
        procedure=Procedure.SIMPLE,
        case_no=case_no,
        violation=violation,
        act_date=act_date,
        discovered_at=discovered_at or timezone.make_aware(dt.datetime.combine(act_date, dt.time(12))),
        officers=officers,
        device=device,
        previous_case=previous_case,
    )
    case, tr = _perform(
        actor=actor,
        case=case,
        to_status=S.DECIDED,
        on_date=decided_on,
        outcome=Outcome.PENALTY,
        penalty_kinds=penalty_kinds,
        fine_amount=fine_amount,
        decision_no=decision_no.strip(),
        discretion_tier=discretion_tier,
        discretion_reason=discretion_reason,
    )
    audit(actor=actor, action="case.onspot_decide", obj=case, after=snapshot(case), note="新建 -> decided")
    return case


# ---- records that feed the rules ------------------------------------------------------------------
def _locked(case):
    from .models import PenaltyCase

    return PenaltyCase.objects.select_for_update(of=("self",)).select_related("party").get(pk=case.pk)


@transaction.atomic
def case_legal_review_record(*, actor, case, reviewer, reviewed_on: dt.date, result: str, opinion: str):
    """法制审核 (第五十八条): by a designated reviewer; a first-time reviewer needs 法律职业资格."""
    authorize(actor, "case.legal_review", unit=case.unit_id, on=reviewed_on)
    require_self(actor, reviewer, "法制审核意见")
    from .models import LegalReview

    case = _locked(case)
    if result not in ReviewResult.values:
        raise InvalidInput(f"审核结论“{result}”无效", field="result", code="review.result")
    if not opinion.strip():
        raise InvalidInput("法制审核应当出具书面审核意见", field="opinion", code="review.opinion", citation=R.ART58)
    if case.status not in (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE):
        raise RuleBlocked([Violation("review.stage", "法制审核应当在告知之后、作出决定之前进行", R.ART58, "status")])
    ref = Reference(case.region_id)
    term = ref.reviewer_term(reviewer.pk, reviewed_on)
    if term is None:
        raise RuleBlocked(
            [
                Violation(
                    "review.not_designated",
                    f"{reviewer.name}在{reviewed_on:%Y-%m-%d}不是法制审核人员",
                    R.ART58,
                    "reviewer",
                )
            ]
        )
    if term.first_time is not False and not term.has_legal_qualification:
        raise RuleBlocked(
            [
                Violation(
                    "review.unqualified", "初次从事法制审核的人员应当取得法律职业资格", f"{R.ART58}第二款", "reviewer"
                )
            ]
        )
    if reviewer.pk in (case.officer_a_id, case.officer_b_id):
        raise RuleBlocked([Violation("review.investigator", "案件承办人员不得审核本案", R.ART58, "reviewer")])
    review = LegalReview.objects.create(
        case=case, region_id=case.region_id, reviewer=reviewer, reviewed_on=reviewed_on, result=result, opinion=opinion
    )
    audit(actor=actor, action="case.legal_review", obj=review, after=snapshot(review), region_code=case.region_id)
    return review


@transaction.atomic
def case_hearing_record(
    *,
    actor,
    case,
    requested_on: dt.date,
    notice_on: dt.date | None = None,
    held_on: dt.date | None = None,
    host: str = "",
    conclusion: str = "",
):
    """听证 (第六十三条、第六十四条): requested within 5 working days of 告知; noticed 7 working days before."""
    authorize(actor, "case.hearing", unit=case.unit_id, on=requested_on)
    from .models import Hearing

    case = _locked(case)
    facts = case_facts(case, requested_on)
    facts.hearing_requested_on = requested_on
    found = R.hearing_request_in_time(facts, Reference(case.region_id))
    if held_on is not None:
        if notice_on is None or calendar.add_working_days(notice_on, R.HEARING_NOTICE_WORKING_DAYS) > held_on:
            found.append(
                Violation("hearing.notice_late", "听证通知应当在举行听证的七个工作日前送达", R.ART64_2, "notice_on")
            )
        if host and host in {getattr(case.officer_a, "name", ""), getattr(case.officer_b, "name", "")}:
            found.append(Violation("hearing.host", "听证由非本案调查人员主持", R.ART64_4, "host"))
    if found:
        raise RuleBlocked(found)
    hearing = case.hearings.order_by("-id").first()
    before = snapshot(hearing)
    if hearing is None:
        hearing = Hearing(case=case, region_id=case.region_id)
    hearing.requested_on, hearing.notice_on, hearing.held_on = requested_on, notice_on, held_on
    hearing.host, hearing.conclusion = host, conclusion
    hearing.save()
    audit(
        actor=actor,
        action="case.hearing",
        obj=hearing,
        before=before,
        after=snapshot(hearing),
        region_code=case.region_id,
    )
    return hearing


@transaction.atomic
def case_collective_discussion_record(*, actor, case, held_on: dt.date, attendees: str, conclusion: str):
    """集体讨论 (第五十七条第二款)."""
    authorize(actor, "case.collective_discussion", unit=case.unit_id, on=held_on)
    from .models import CollectiveDiscussion

    case = _locked(case)
    if not attendees.strip() or not conclusion.strip():
        raise InvalidInput(
            "集体讨论应当记录参加人员和讨论结论", field="attendees", code="collective.fields", citation=R.ART57
        )
    if case.status in (S.DECIDED, S.DELIVERED, S.EXECUTED, S.CLOSED):
        raise RuleBlocked([Violation("collective.stage", "集体讨论应当在作出决定之前进行", R.ART57, "held_on")])
    d = CollectiveDiscussion.objects.create(
        case=case, region_id=case.region_id, held_on=held_on, attendees=attendees, conclusion=conclusion
    )
    audit(actor=actor, action="case.collective_discussion", obj=d, after=snapshot(d), region_code=case.region_id)
    return d


@transaction.atomic
def case_extend(*, actor, case, days: int, approved_by: str, on: dt.date):
    """第六十条 "法律、法规、规章另有规定的，从其规定": an approved extension of the decision period, recorded."""
    authorize(actor, "case.extend", unit=case.unit_id, on=on)
    case = _locked(case)
    if case.procedure != Procedure.ORDINARY or case.filed_on is None or case.decided_on is not None:
        raise InvalidInput("只有已立案、尚未决定的普通程序案件可以延期", field="status", code="case.extend_stage")
    if days <= 0:
        raise InvalidInput("延长天数应大于0", field="extension_days", code="case.extend_days")
    if not approved_by.strip():
        raise InvalidInput(
            "延期应当记录批准人", field="extension_approved_by", code="case.extend_approver", citation=R.ART60
        )
    if case.decision_due and on > case.decision_due:
        raise RuleBlocked(
            [
                Violation(
                    "deadline.extension_late",
                    f"办案期限已于{case.decision_due:%Y-%m-%d}届满，不能事后延期",
                    R.ART60,
                    "extension_days",
                )
            ]
        )
    before = snapshot(case)
    case.extension_days += days
    case.extension_approved_by = approved_by.strip()
    case.decision_due = calendar.add_calendar_days(case.filed_on, R.DECISION_DAYS + case.extension_days)
    case.save(update_fields=["extension_days", "extension_approved_by", "decision_due"])
    audit(actor=actor, action="case.extend", obj=case, before=before, after=snapshot(case), note=f"延长{days}日")
    return case


def case_payment_record(*, actor, case, paid_on: dt.date, paid_amount: Decimal):
    """缴纳罚款 (第六十七条第三款; 第七十二条 surcharge computed): the 送达 → 执行 transition."""
    return case_transition(actor=actor, case=case, to_status=S.EXECUTED, on_date=paid_on, paid_amount=paid_amount)
