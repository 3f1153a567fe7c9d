"""Facts of 行政强制 and 行政许可 records for their rule functions (rules_coercion, rules_licensing).

Built from a model instance (saved or not) by the services before a write and by the supervision scan
over stored rows, so both ask the same functions about the same facts.
"""

from __future__ import annotations

import datetime as dt

from . import rules_coercion as C
from . import rules_licensing as L
from .models import CoerciveMeasure, EnforcementExecution, LicenceDecision


def measure_facts(m: CoerciveMeasure, *, on_date: dt.date | None = None, recordings: int | None = None, **over):
    if recordings is None:
        recordings = m.recordings.count() if m.pk else 0
    f = C.MeasureFacts(
        unit_id=m.unit_id,
        power_id=m.power_id,
        kind=m.kind,
        decided_on=m.decided_on,
        term_days=m.term_days,
        officer_ids=m.officer_ids,
        approved_by=m.approved_by,
        onsite_record=m.onsite_record,
        recordings=recordings,
        testing_days=m.testing_days,
        testing_notified_on=m.testing_notified_on,
        extensions=1 if m.extension_days else 0,
        extension_days=m.extension_days,
        extension_approved_by=m.extension_approved_by,
        extension_on=m.extension_on,
        lifted_on=m.lifted_on,
        lift_reason=m.lift_reason,
        on_date=on_date,
    )
    for k, v in over.items():
        setattr(f, k, v)
    return f


def execution_facts(e: EnforcementExecution, **over) -> C.ExecutionFacts:
    f = C.ExecutionFacts(
        unit_id=e.unit_id,
        power_id=e.power_id,
        method=e.method,
        demand_on=e.demand_on,
        demand_due=e.demand_due,
        officer_ids=e.officer_ids,
        statement_on=e.statement_on,
        decided_on=e.decided_on,
        immediate=e.immediate,
        immediate_reason=e.immediate_reason,
        executed_on=e.executed_on,
        recordings=e.recordings.count() if e.pk else 0,
    )
    for k, v in over.items():
        setattr(f, k, v)
    return f


def licence_facts(x: LicenceDecision, **over) -> L.LicenceFacts:
    f = L.LicenceFacts(
        unit_id=x.unit_id,
        power_id=x.power_id,
        accepted_on=x.accepted_on,
        officer_ids=x.officer_ids,
        excluded_days=x.excluded_days,
        excluded_reason=x.excluded_reason,
        extensions=1 if x.extension_days else 0,
        extension_days=x.extension_days,
        extension_approved_by=x.extension_approved_by,
        extension_on=x.extension_on,
        decided_on=x.decided_on,
        result=x.result,
        refusal_reason=x.refusal_reason,
    )
    for k, v in over.items():
        setattr(f, k, v)
    return f
