"""Scan and workflow, rule by rule, over every case of a built district-year (shared by the scenario tests).

The workflow's verdict on a case is what ``case_check`` answers at each step the case took
(``workflow.recorded_steps``) and, for an open case, deciding it on the as-of day. Asking ``case_check``
case by case costs a savepoint and a dozen queries per step: 13 minutes for 9 000 cases. Here the same
question is put in batches: the facts of 5 000 cases are built at once (``enforcement.facts.case_facts``,
the builder ``case_check`` itself calls with one row), and every rule of each recorded step's transition
runs on them with the step's date, exactly as ``workflow._perform`` does before it writes. A sample of
cases is also asked through ``case_check`` itself, which proves that the batch answer is the per-case one.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from zhifa.core.errors import DomainError
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import facts as EF
from zhifa.enforcement import rules as R
from zhifa.enforcement import workflow as W
from zhifa.enforcement.choices import CaseStatus, Outcome
from zhifa.enforcement.models import Disclosure, PenaltyCase
from zhifa.enforcement.reference import Reference
from zhifa.supervision.models import Alert
from zhifa.supervision.rules import REGISTRY, WorkflowRule
from zhifa.supervision.services import alerts_scan

CASE_RULES = sorted(code for code, r in REGISTRY.items() if isinstance(r, WorkflowRule))
CASE = "enforcement.penaltycase"
OPEN = (
    CaseStatus.FILED,
    CaseStatus.INVESTIGATING,
    CaseStatus.NOTIFIED,
    CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.COLLECTIVE,
)
BATCH = 5000
# The columns ``facts.case_facts`` and ``workflow.recorded_steps`` read of a case (a missing one is an
# AttributeError at once, never a silent query per row).
COLUMNS = (
    "id", "case_no", "unit_id", "power_id", "party_id", "procedure", "status", "officer_a_id", "officer_b_id",
    "act_date", "discovered_at", "outcome", "penalty_kinds", "fine_amount", "filed_on", "extension_days",
    "extension_approved_by", "notified_on", "hearing_waived", "decided_on", "discretion_tier", "discretion_reason",
    "is_major", "first_offence", "harm_minor", "corrected", "harms_life_or_finance", "party_absent", "delivered_on",
    "paid_on", "paid_amount", "device_id", "previous_case_id", "closed_on",
)  # fmt: skip


class _NoCache:
    fields_cache: dict = {}


class CaseRow:
    """A stored PenaltyCase as the rules read it: its columns, without building a model instance (a year is
    276 000 rows; the builder reads attributes only)."""

    __slots__ = (*COLUMNS, "pk", "_state")

    def __init__(self, values):
        for name, value in zip(COLUMNS, values, strict=True):
            setattr(self, name, value)
        self.pk = self.id
        self._state = _NoCache


def case_rows(region_code: str) -> list[CaseRow]:
    qs = PenaltyCase.objects.filter(region_id=region_code).order_by("pk").values_list(*COLUMNS)
    return [CaseRow(v) for v in qs.iterator(chunk_size=BATCH)]


class _Rollback(Exception):
    pass


# ---- per case: case_check itself ----------------------------------------------------------------------
def _check_at(c: PenaltyCase, from_status: str, to_status: str, day: dt.date) -> set[str]:
    """Violation codes of ``case_check`` for one step, the case put back to ``from_status`` meanwhile."""
    codes: set[str] = set()
    try:
        with transaction.atomic():
            PenaltyCase.objects.filter(pk=c.pk).update(status=from_status)
            if to_status == CaseStatus.DECIDED:  # before the decision there is no disclosure yet
                Disclosure.objects.filter(case_id=c.pk).delete()
            codes = {v.code for v in W.case_check(case=c, to_status=to_status, on_date=day)}
            raise _Rollback
    except _Rollback:
        pass
    return codes


def steps(c: PenaltyCase, as_of: dt.date) -> tuple[list, tuple | None]:
    """(the recorded steps up to ``as_of``, the decision step of an open case on ``as_of`` or None)."""
    taken = [(t, day) for t, day in W.recorded_steps(c) if day <= as_of]
    pending = None
    if c.decided_on is None and c.status in OPEN:
        pending = (W.decision_transition(c.procedure, c.outcome), as_of)
    return taken, pending


def workflow_codes(c: PenaltyCase, as_of: dt.date) -> tuple[set[str], set[str]]:
    """(codes at the steps the case took, codes of deciding an open case on ``as_of``), by ``case_check``."""
    c.refresh_from_db()
    taken_steps, pending_step = steps(c, as_of)
    taken: set[str] = set()
    for t, day in taken_steps:
        taken |= _check_at(c, t.from_status, t.to_status, day)
    pending = _check_at(c, pending_step[0].from_status, pending_step[0].to_status, as_of) if pending_step else set()
    return taken, pending


# ---- in batches: the same rules on facts built for 5 000 cases at once ---------------------------------
# The facts a step changes (``workflow._perform``): its date field, the day, and what a decision implies.
STEP_FIELDS = ("on_date", "outcome", "penalty_kinds", "fine_amount", *{t.date_field for t in W.TRANSITIONS.values()})


def _to_step(facts: R.CaseFacts, t: W.Transition, day: dt.date) -> None:
    """Set ``facts`` to what ``_perform`` checks for step ``t`` on ``day``: the step's date field set to the day,
    and the outcome a decision step implies (in place: the caller restores the case's own values)."""
    facts.on_date = day
    if t.date_field and hasattr(facts, t.date_field):
        setattr(facts, t.date_field, day)
    if t.to_status == CaseStatus.DECIDED and not facts.outcome:
        facts.outcome = Outcome.PENALTY
    if t.to_status == CaseStatus.NO_PENALTY:
        facts.penalty_kinds, facts.fine_amount = (), Decimal(0)


def _codes(t: W.Transition, facts: R.CaseFacts, ref) -> set[str]:
    """What ``case_check`` reports for one step: the blocking violations if any, else every violation."""
    found = []
    try:
        for rule in t.rules:
            found.extend(rule(facts, ref))
    except DomainError as exc:
        return {exc.code}
    blocking = R.blocking(found)
    return {v.code for v in (blocking or found)}


def batch_workflow_codes(cases, as_of: dt.date, ref: Reference) -> dict[int, tuple[set[str], set[str]]]:
    """``workflow_codes`` for each case of ``cases`` (model rows), from batch-built facts."""
    out = {}
    cases = list(cases)
    names = [n for n in STEP_FIELDS if n and hasattr(R.CaseFacts, n)]
    for i in range(0, len(cases), BATCH):
        chunk = cases[i : i + BATCH]
        for c, f in zip(chunk, EF.case_facts(chunk, as_of=as_of), strict=True):
            own = [(n, getattr(f, n)) for n in names]
            taken_steps, pending_step = steps(c, as_of)
            verdict: list[set[str]] = [set(), set()]
            for k, (t, day) in [(0, s) for s in taken_steps] + ([(1, pending_step)] if pending_step else []):
                _to_step(f, t, day)
                verdict[k] |= _codes(t, f, ref)
                for n, v in own:
                    setattr(f, n, v)
            out[c.pk] = (verdict[0], verdict[1])
    return out


def scan_flags(region_code: str, as_of: dt.date) -> set[tuple[str, str]]:
    """(rule, case id) of every case alert of a fresh full scan of the workflow rules."""
    Alert.objects.filter(region_id=region_code, rule_id__in=CASE_RULES).delete()  # judged afresh
    alerts_scan(actor=SYSTEM, region_code=region_code, as_of=as_of, rules=CASE_RULES)
    return set(
        Alert.objects.filter(region_id=region_code, object_type=CASE, rule_id__in=CASE_RULES).values_list(
            "rule_id", "object_id"
        )
    )


def disagreements(verdicts: dict, flagged: set, case_no: dict) -> list[tuple]:
    """(rule, case no, workflow codes, pending codes, who says broken) wherever the two verdicts differ."""
    out = []
    for pk, (taken, pending) in verdicts.items():
        for code in CASE_RULES:
            rule = REGISTRY[code]
            # Only 办案超期 judges an open case as if decided that day (judge_open); the others judge steps taken.
            wf = bool((taken | (pending if rule.judge_open else set())) & rule.codes)
            if wf != ((code, str(pk)) in flagged):
                out.append((code, case_no[pk], sorted(taken), sorted(pending), "workflow" if wf else "scan"))
    return out


def assert_year_agrees(region_code: str, as_of: dt.date, *, sample: int = 120, seed: int = 2023) -> dict:
    """Every case of the region: the scan's alerts and the workflow's verdicts (batch) agree rule by rule, and
    on a sample (flagged cases first, then drawn ones) the batch verdict is ``case_check``'s own. Figures back."""
    flagged = scan_flags(region_code, as_of)
    ref = Reference(region_code).preload()
    cases = case_rows(region_code)
    verdicts = batch_workflow_codes(cases, as_of, ref)
    case_no = {c.pk: c.case_no for c in cases}
    disagree = disagreements(verdicts, flagged, case_no)
    assert not disagree, (len(disagree), disagree[:20])
    # The per-case path on a sample: every flagged rule's cases and open cases first, then a seeded draw.
    by_pk = {c.pk: c for c in cases}
    rnd = random.Random(seed)
    picked: list[int] = []
    for code in CASE_RULES:
        picked += sorted(int(pk) for rule, pk in flagged if rule == code)[:5]
    picked += [c.pk for c in cases if c.decided_on is None and c.status in OPEN][:10]
    picked += rnd.sample(sorted(by_pk), min(len(by_pk), sample))
    picked = list(dict.fromkeys(picked))[: sample + 50]
    models = PenaltyCase.objects.in_bulk(picked)
    differ = [
        (case_no[pk], verdicts[pk], got) for pk in picked if (got := workflow_codes(models[pk], as_of)) != verdicts[pk]
    ]
    assert not differ, differ[:10]
    return {"cases": len(cases), "flagged": len(flagged), "sampled": len(picked)}
