"""Scan and workflow, rule by rule, over every case of a built district-year (shared by the scenario tests).

The workflow's verdict on a case is what ``case_check`` answers at each step the case took
(``workflow.recorded_steps``) and, for an open case, deciding it on the as-of day. Asking ``case_check``
case by case costs a savepoint and a dozen queries per step: 13 minutes for 9 000 cases. Here the same
question is put in batches: the facts of 2 000 cases are built at once (``enforcement.facts.case_facts``,
the builder ``case_check`` itself calls with one row), and every rule of each recorded step's transition
runs on them with the step's date, exactly as ``workflow._perform`` does before it writes. A sample of
cases is also asked through ``case_check`` itself, which proves that the batch answer is the per-case one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
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
BATCH = 2000


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


# ---- in batches: the same rules on facts built for 2 000 cases at once ---------------------------------
def _step_facts(c: PenaltyCase, facts: R.CaseFacts, t: W.Transition, day: dt.date) -> R.CaseFacts:
    """The facts ``_perform`` builds for step ``t`` on ``day``: the step's date field set to the day, and the
    outcome a decision step implies."""
    over: dict = {"on_date": day}
    if t.date_field and hasattr(facts, t.date_field):
        over[t.date_field] = day
    if t.to_status == CaseStatus.DECIDED and not facts.outcome:
        over["outcome"] = Outcome.PENALTY
    if t.to_status == CaseStatus.NO_PENALTY:
        over.update(penalty_kinds=(), fine_amount=Decimal(0))
    return replace(facts, **over)


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
    for i in range(0, len(cases), BATCH):
        chunk = cases[i : i + BATCH]
        for c, f in zip(chunk, EF.case_facts(chunk, as_of=as_of), strict=True):
            taken_steps, pending_step = steps(c, as_of)
            taken: set[str] = set()
            for t, day in taken_steps:
                taken |= _codes(t, _step_facts(c, f, t, day), ref)
            pending = _codes(pending_step[0], _step_facts(c, f, *pending_step), ref) if pending_step else set()
            out[c.pk] = (taken, pending)
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
    qs = PenaltyCase.objects.filter(region_id=region_code).select_related("party").order_by("pk")
    cases = list(qs.iterator(chunk_size=BATCH))
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
    differ = [
        (case_no[pk], verdicts[pk], got) for pk in picked if (got := workflow_codes(by_pk[pk], as_of)) != verdicts[pk]
    ]
    assert not differ, differ[:10]
    return {"cases": len(cases), "flagged": len(flagged), "sampled": len(picked)}
