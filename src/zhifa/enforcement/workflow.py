"""The penalty-case transition table, as data (domain.md §4).

普通程序: 线索 → 立案 → 调查取证 → 告知 → [听证] → [法制审核] → [集体讨论] → 决定 → 送达 → 执行 → 结案;
side exits 不予处罚, 移送, 撤销立案. 简易程序: 当场决定 → 送达 → 执行 → 结案.

Each transition lists the rules it must pass and the date field the step sets. ``workflow.case_transition``
is the one service that performs a transition; ``bulk.BulkLoader`` walks ``path_to`` and runs the same
rules for every step of a historical case.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rules as R
from .choices import CaseStatus as S
from .choices import Procedure

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

# The usual road to each status, used to validate historical rows loaded in bulk.
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
    road = _MAIN.get(procedure)
    if road is None:
        return None
    if status in road:
        idx = road.index(status)
        return [TRANSITIONS[(procedure, a, b)] for a, b in zip(road[:idx], road[1 : idx + 1], strict=True)]
    if procedure == ORD and status == S.NO_PENALTY:
        return [*path_to(ORD, S.INVESTIGATING), TRANSITIONS[(ORD, S.INVESTIGATING, S.NO_PENALTY)]]
    return None


def historical_case(*, status: str, **fields):
    """An unsaved PenaltyCase already at ``status``: the bulk path's only way to set a status.

    The caller (bulk.BulkLoader) has run every rule of ``path_to(procedure, status)``; the load's
    audit row and ``load_batch`` stand in for CaseTransition rows.
    """
    from .models import PenaltyCase

    case = PenaltyCase(**fields)
    case.status = status  # FROM (new) -> status, validated along path_to
    return case
