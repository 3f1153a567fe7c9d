"""行政强制 services: 查封/扣押/冻结 (decide, extend, lift) and 强制执行 (催告, 陈述申辩, 决定, 执行).

Keyword-only, atomic, one audit row each. A rule that is a precondition of the act blocks it (RuleBlocked,
nothing written); a missed deadline is recorded with its warning and left to the supervision scan.
Rules: ``rules_coercion`` (《行政强制法》).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, Violation
from zhifa.core.masking import scrub_text
from zhifa.core.policy import authorize

from . import rules as R
from . import rules_coercion as C
from .choices import CoerciveKind, DisclosureKind, ExecutionMethod, LiftReason
from .disclosure import public_party
from .facts_acts import execution_facts, measure_facts
from .models import CoerciveMeasure, EnforcementExecution
from .recordings import recording_store
from .reference import Reference
from .services_steps import blocked, choice, decision_disclosed, extension_apply, locked, same_region


@dataclass
class RecordingUpload:
    """An audio-video file handed in with the act; stored (SHA-256 while streaming) once the act is saved."""

    stream: BinaryIO
    original_name: str
    device_name: str
    recorded_at: dt.datetime
    officer: object


def _store(actor, unit, uploads, **subject) -> None:
    for u in uploads:
        recording_store(
            actor=actor,
            unit=unit,
            officer=u.officer,
            stream=u.stream,
            original_name=u.original_name,
            device_name=u.device_name,
            recorded_at=u.recorded_at,
            **subject,
        )


# ---- 查封 / 扣押 / 冻结 ------------------------------------------------------------------------------
@transaction.atomic
def coercive_measure_decide(
    *,
    actor,
    unit,
    power,
    party,
    kind: str,
    decided_on: dt.date,
    term_days: int,
    officers,
    decision_no: str,
    approved_by: str,
    reason: str,
    items: str,
    onsite_record: bool,
    recordings=(),
    testing_days: int = 0,
    testing_notified_on: dt.date | None = None,
    case=None,
) -> CoerciveMeasure:
    """查封/扣押/冻结 decided and carried out (第十八条、第二十四条、第二十五条): blocks on every procedural rule.

    ``recordings`` are the RecordingUpload files of the act (118号: 查封、扣押 need one), stored and linked
    once the measure is saved. Opens the disclosure (20 working days: an 执法决定 other than 处罚/许可).
    """
    authorize(actor, "coercive_measure.decide", unit=unit, on=decided_on)
    choice(kind, CoerciveKind, "kind", "措施种类")
    same_region(unit.region_id, power, party, case)
    officers = [o for o in officers if o is not None]
    for name, value in (("decision_no", decision_no), ("reason", reason), ("items", items)):
        if not str(value).strip():
            label = {"decision_no": "决定书文号", "reason": "理由和依据", "items": "场所、设施或者财物"}[name]
            raise InvalidInput(
                f"查封、扣押决定书应当载明{label}", field=name, code=f"coercion.{name}", citation=C.ART24
            )
    recordings = list(recordings)
    m = CoerciveMeasure(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        case=case,
        kind=kind,
        decision_no=decision_no.strip(),
        approved_by=approved_by.strip(),
        reason=reason.strip(),
        items=items.strip(),
        onsite_record=bool(onsite_record),
        officer_a=officers[0] if officers else None,
        officer_b=officers[1] if len(officers) > 1 else None,
        decided_on=decided_on,
        term_days=int(term_days),
        testing_days=int(testing_days or 0),
        testing_notified_on=testing_notified_on,
    )
    ref = Reference(unit.region_id)
    facts = measure_facts(m, recordings=len(recordings))
    blocked(R.run(C.DECIDE_RULES, facts, ref))
    m.due_on = C.measure_due(facts, ref)
    m.save()
    _store(actor, m.unit, recordings, measure=m)
    return decision_disclosed(
        m,
        actor=actor,
        action="coercive_measure.decide",
        kind=DisclosureKind.COERCION,
        decided_on=decided_on,
        public_text=measure_public_text(m),
    )


def measure_public_text(m: CoerciveMeasure) -> str:
    who, names = public_party(m.party)
    text = (
        f"行政强制措施决定书文号：{m.decision_no}\n"
        f"执法机关：{m.unit.name}\n"
        f"当事人：{who}\n"
        f"措施：{m.get_kind_display()}（期限{m.term_days}日）\n"
        f"执法事项：{m.power.name}\n"
        f"依据：{m.power.legal_basis}\n"
        f"决定日期：{m.decided_on:%Y-%m-%d}"
    )
    return scrub_text(text, names)


@transaction.atomic
def coercive_measure_extend(
    *, actor, measure: CoerciveMeasure, days: int, approved_by: str, on: dt.date, reason: str
) -> CoerciveMeasure:
    """第二十五条第一款、第二款: one extension ≤ 30 days approved by the head, told to the party with reasons."""
    m = locked(measure, actor=actor, action="coercive_measure.extend", on=on)
    if m.lifted_on is not None:
        raise InvalidInput(f"已于{m.lifted_on:%Y-%m-%d}解除，不能延长", field="extension_days", code="coercion.lifted")
    if not reason.strip():
        raise InvalidInput(
            "延长决定应当书面告知当事人并说明理由",
            field="extension_reason",
            code="coercion.reason",
            citation=f"{C.LAW}第二十五条第二款",
        )
    return extension_apply(
        m,
        actor=actor,
        action="coercive_measure.extend",
        rules=C.EXTEND_RULES,
        facts=lambda row, **ext: measure_facts(row, on_date=on, **ext),
        due=lambda row, ref: C.measure_due(measure_facts(row), ref),
        days=days,
        approved_by=approved_by,
        on=on,
        reason=reason,
    )


@transaction.atomic
def coercive_measure_lift(
    *, actor, measure: CoerciveMeasure, on: dt.date, reason: str, note: str = ""
) -> tuple[CoerciveMeasure, list[Violation]]:
    """第二十八条: lift on one of its grounds. A lifting after the term is recorded, with its warning."""
    m = locked(measure, actor=actor, action="coercive_measure.lift", on=on)
    if m.lifted_on is not None:
        raise InvalidInput(f"已于{m.lifted_on:%Y-%m-%d}解除", field="lifted_on", code="coercion.lifted")
    choice(reason, LiftReason, "lift_reason", "解除情形")
    ref = Reference(m.region_id)
    warnings = blocked(R.run(C.LIFT_RULES, measure_facts(m, lifted_on=on, lift_reason=reason), ref))
    before = snapshot(m)
    m.lifted_on, m.lift_reason, m.lift_note = on, reason, note.strip()
    m.save(update_fields=["lifted_on", "lift_reason", "lift_note"])
    audit(
        actor=actor,
        action="coercive_measure.lift",
        obj=m,
        before=before,
        after=snapshot(m),
        note="；".join(str(w) for w in warnings),
    )
    return m, warnings


# ---- 强制执行 ---------------------------------------------------------------------------------------
@transaction.atomic
def enforcement_execution_demand(
    *,
    actor,
    unit,
    power,
    party,
    method: str,
    obligation: str,
    demand_on: dt.date,
    demand_due: dt.date,
    officers,
    case=None,
) -> EnforcementExecution:
    """第三十五条: the written 催告 that opens a 强制执行, with the period to perform."""
    authorize(actor, "enforcement_execution.demand", unit=unit, on=demand_on)
    choice(method, ExecutionMethod, "method", "执行方式")
    same_region(unit.region_id, power, party, case)
    if not obligation.strip():
        raise InvalidInput(
            "应当载明所执行的行政决定及义务", field="obligation", code="execution.obligation", citation=C.ART35
        )
    officers = [o for o in officers if o is not None]
    if not officers:
        raise InvalidInput("应当指定执法人员", field="officer_a", code="execution.officers")
    e = EnforcementExecution(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        case=case,
        method=method,
        obligation=obligation.strip(),
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        demand_on=demand_on,
        demand_due=demand_due,
    )
    ref = Reference(unit.region_id)
    f = execution_facts(e)
    blocked(C.execution_demand(f, ref) + C.execution_officers(f, ref))
    e.save()
    audit(actor=actor, action="enforcement_execution.demand", obj=e, after=snapshot(e))
    return e


@transaction.atomic
def enforcement_execution_statement(
    *, actor, execution: EnforcementExecution, on: dt.date, note: str
) -> EnforcementExecution:
    """第三十六条: the party's 陈述和申辩, recorded and reviewed."""
    e = locked(execution, actor=actor, action="enforcement_execution.statement", on=on)
    if e.decided_on is not None:
        raise InvalidInput("已作出强制执行决定", field="statement_on", code="execution.decided", citation=C.ART36)
    if on < e.demand_on:
        raise InvalidInput(
            "陈述申辩日期不能早于催告日期", field="statement_on", code="execution.statement_order", citation=C.ART36
        )
    if not note.strip():
        raise InvalidInput(
            "应当记录当事人的陈述申辩及复核意见", field="statement_note", code="execution.statement", citation=C.ART36
        )
    before = snapshot(e)
    e.statement_on, e.statement_note = on, note.strip()
    e.save(update_fields=["statement_on", "statement_note"])
    audit(actor=actor, action="enforcement_execution.statement", obj=e, before=before, after=snapshot(e))
    return e


@transaction.atomic
def enforcement_execution_decide(
    *,
    actor,
    execution: EnforcementExecution,
    decided_on: dt.date,
    decision_no: str,
    immediate: bool = False,
    immediate_reason: str = "",
) -> EnforcementExecution:
    """第三十七条: the 强制执行决定, only after the 催告 period (or immediately, with evidence)."""
    e = locked(execution, actor=actor, action="enforcement_execution.decide", on=decided_on)
    if e.decided_on is not None:
        raise InvalidInput(f"已于{e.decided_on:%Y-%m-%d}作出强制执行决定", field="decided_on", code="execution.decided")
    if not decision_no.strip():
        raise InvalidInput(
            "应当载明强制执行决定书文号", field="decision_no", code="execution.decision_no", citation=C.ART37
        )
    ref = Reference(e.region_id)
    f = execution_facts(e, decided_on=decided_on, immediate=immediate, immediate_reason=immediate_reason)
    blocked(C.execution_decision(f, ref) + C.execution_officers(f, ref))
    before = snapshot(e)
    e.decided_on, e.decision_no = decided_on, decision_no.strip()
    e.immediate, e.immediate_reason = bool(immediate), immediate_reason.strip()
    e.save()
    return decision_disclosed(
        e,
        actor=actor,
        action="enforcement_execution.decide",
        kind=DisclosureKind.EXECUTION,
        decided_on=decided_on,
        public_text=execution_public_text(e),
        before=before,
    )


def execution_public_text(e: EnforcementExecution) -> str:
    who, names = public_party(e.party)
    text = (
        f"行政强制执行决定书文号：{e.decision_no}\n"
        f"执法机关：{e.unit.name}\n"
        f"当事人：{who}\n"
        f"执行方式：{e.get_method_display()}\n"
        f"执法事项：{e.power.name}\n"
        f"依据：{e.power.legal_basis}\n"
        f"决定日期：{e.decided_on:%Y-%m-%d}"
    )
    return scrub_text(text, names)


@transaction.atomic
def enforcement_execution_execute(
    *, actor, execution: EnforcementExecution, on: dt.date, recordings=()
) -> tuple[EnforcementExecution, list[Violation]]:
    """Carried out after the decision with its audio-video recording (118号); a holiday is a warning (第四十三条)."""
    e = locked(execution, actor=actor, action="enforcement_execution.execute", on=on)
    if e.executed_on is not None:
        raise InvalidInput(f"已于{e.executed_on:%Y-%m-%d}执行完毕", field="executed_on", code="execution.executed")
    recordings = list(recordings)
    ref = Reference(e.region_id)
    f = execution_facts(e, executed_on=on)
    f.recordings += len(recordings)
    warnings = blocked(C.execution_done(f, ref))
    before = snapshot(e)
    _store(actor, e.unit, recordings, execution=e)
    e.executed_on = on
    e.save(update_fields=["executed_on"])
    audit(
        actor=actor,
        action="enforcement_execution.execute",
        obj=e,
        before=before,
        after=snapshot(e),
        note="；".join(str(w) for w in warnings),
    )
    return e, warnings
