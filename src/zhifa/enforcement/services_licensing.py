"""行政许可 services: accept (第三十二条), extend (第四十二条), decide (第三十八条、第四十二条).

Keyword-only, atomic, one audit row each. A decision after the deadline is recorded with its warning
(and alerted by the supervision scan); an extension beyond the law is refused. Rules: ``rules_licensing``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, Violation
from zhifa.core.masking import scrub_text
from zhifa.core.policy import authorize

from . import rules as R
from . import rules_licensing as L
from .choices import DisclosureKind, LicenceResult
from .disclosure import public_party
from .facts_acts import licence_facts
from .models import LicenceDecision
from .reference import Reference
from .services_steps import blocked, choice, decision_disclosed, extension_apply, locked, same_region


@transaction.atomic
def licence_accept(
    *,
    actor,
    unit,
    power,
    applicant,
    application_no: str,
    subject: str,
    accepted_on: dt.date,
    officers,
    excluded_days: int = 0,
    excluded_reason: str = "",
) -> LicenceDecision:
    """第三十二条: an application accepted (dated written receipt); the 20-working-day clock starts."""
    authorize(actor, "licence.accept", unit=unit, on=accepted_on)
    same_region(unit.region_id, power, applicant)
    if not application_no.strip():
        raise InvalidInput(
            "受理应当出具注明日期的书面凭证（受理编号）",
            field="application_no",
            code="licence.application_no",
            citation=L.ART32,
        )
    if not subject.strip():
        raise InvalidInput("应当载明申请事项", field="subject", code="licence.subject", citation=L.ART32)
    officers = [o for o in officers if o is not None]
    if not officers:
        raise InvalidInput("应当指定承办人", field="officer_a", code="licence.officer")
    x = LicenceDecision(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        applicant=applicant,
        application_no=application_no.strip(),
        subject=subject.strip(),
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        accepted_on=accepted_on,
        excluded_days=int(excluded_days or 0),
        excluded_reason=excluded_reason.strip(),
    )
    ref = Reference(unit.region_id)
    f = licence_facts(x)
    blocked(R.run(L.ACCEPT_RULES, f, ref))
    x.due_on = L.licence_due(f, ref)
    x.save()
    audit(actor=actor, action="licence.accept", obj=x, after=snapshot(x))
    return x


@transaction.atomic
def licence_extend(
    *, actor, licence: LicenceDecision, days: int, approved_by: str, on: dt.date, reason: str
) -> LicenceDecision:
    """第四十二条: one extension of at most 10 working days, approved by the head, reasons told to the applicant."""
    x = locked(licence, actor=actor, action="licence.extend", on=on)
    if x.decided_on is not None:
        raise InvalidInput("已作出决定，不能延长", field="extension_days", code="licence.decided")
    if not reason.strip():
        raise InvalidInput(
            "应当将延长期限的理由告知申请人", field="extension_reason", code="licence.reason", citation=L.ART42
        )
    return extension_apply(
        x,
        actor=actor,
        action="licence.extend",
        rules=L.EXTEND_RULES,
        facts=licence_facts,
        due=lambda row, ref: L.licence_due(licence_facts(row), ref),
        days=days,
        approved_by=approved_by,
        on=on,
        reason=reason,
    )


@transaction.atomic
def licence_decide(
    *,
    actor,
    licence: LicenceDecision,
    decided_on: dt.date,
    result: str,
    decision_no: str,
    refusal_reason: str = "",
) -> tuple[LicenceDecision, list[Violation]]:
    """第三十八条: 准予 or 不予 (with reasons). Late (第四十二条) is recorded with a warning, not refused.

    Opens the disclosure, due 7 working days after the decision (国办发〔2018〕118号).
    """
    x = locked(licence, actor=actor, action="licence.decide", on=decided_on)
    if x.decided_on is not None:
        raise InvalidInput(f"已于{x.decided_on:%Y-%m-%d}作出决定", field="decided_on", code="licence.decided")
    choice(result, LicenceResult, "result", "决定结果")
    if not decision_no.strip():
        raise InvalidInput(
            "应当载明决定书文号", field="decision_no", code="licence.decision_no", citation=f"{L.LAW}第三十八条"
        )
    ref = Reference(x.region_id)
    f = licence_facts(x, decided_on=decided_on, result=result, refusal_reason=refusal_reason)
    warnings = blocked(R.run(L.DECIDE_RULES, f, ref))
    before = snapshot(x)
    x.decided_on, x.result = decided_on, result
    x.decision_no, x.refusal_reason = decision_no.strip(), refusal_reason.strip()
    x.save()
    decision_disclosed(
        x,
        actor=actor,
        action="licence.decide",
        kind=DisclosureKind.LICENCE,
        decided_on=decided_on,
        public_text=licence_public_text(x),
        before=before,
        warnings=warnings,
    )
    return x, warnings


def licence_public_text(x: LicenceDecision) -> str:
    who, names = public_party(x.applicant)
    text = (
        f"行政许可决定书文号：{x.decision_no}\n"
        f"许可机关：{x.unit.name}\n"
        f"申请人：{who}\n"
        f"许可事项：{x.subject}（{x.power.name}）\n"
        f"决定：{x.get_result_display()}\n"
        f"决定日期：{x.decided_on:%Y-%m-%d}"
    )
    return scrub_text(text, names)
