"""涉企行政检查 under 国办发〔2024〕54号: request, prior approval by the body's head, 扫码入企 code, rating.

- ``inspection_request``: a certified officer records an inspection (planned, or done in an emergency, or done
  with its approval recorded); the 54号 rules (rules_inspection) refuse what may not happen;
- ``inspection_cap_check``: what the approval screen warns about before the head approves (the cap);
- ``inspection_approve``: the head approves (审批人, 审批时间) and the inspection gets its code;
- ``inspection_rate``: the enterprise rates it on the code's page; a complaint enters the 司法局's clue queue.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from zhifa.core.access import person_of
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, NotFound, RuleBlocked
from zhifa.core.policy import authorize
from zhifa.powers.choices import PowerCategory

from . import rules as R
from . import rules_inspection as RI
from .choices import CaseInspectionSource, InspectionClass, InspectionKind, InspectionMode, InspectionResult
from .facts import calendar_date
from .facts_inspection import inspection_facts
from .models import Inspection, InspectionCode
from .reference import Reference


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _choice(value: str, choices, field: str, *, blank: bool = False) -> str:
    if (blank and not value) or value in choices.values:
        return value
    raise InvalidInput(
        f"{field}“{value}”无效，应为：{'、'.join(str(label) for label in choices.labels)}", field=field, code=f"{field}.choice"
    )


def inspection_violations(insp: Inspection, *, as_of: dt.datetime | None = None) -> list:
    """Every 54号 rule's verdict on one inspection (saved or not), judged at ``as_of`` (default: now)."""
    facts = inspection_facts([insp], as_of=as_of or timezone.now())[0]
    return R.run(RI.INSPECTION_RULES, facts, Reference(insp.region_id))


@transaction.atomic
def inspection_request(
    *,
    actor,
    unit,
    power,
    party,
    started_at: dt.datetime,
    officers,
    inspection_class: str,
    case_source: str = "",
    plan=None,
    urgent: bool = False,
    mode: str = InspectionMode.ON_SITE,
    approver=None,
    approved_at: dt.datetime | None = None,
    findings: str = "",
    result: str = "",
) -> Inspection:
    """Record an inspection of an enterprise. Planned (start in the future): it waits for the head's approval.
    Already started: it needs an approval at or before its start, or the emergency flag (approval afterwards)."""
    started_at = _aware(started_at)
    authorize(actor, "inspection.record", unit=unit, on=calendar_date(started_at))
    _choice(inspection_class, InspectionClass, "inspection_class")
    _choice(case_source, CaseInspectionSource, "case_source", blank=True)
    _choice(mode, InspectionMode, "mode")
    _choice(result, InspectionResult, "result", blank=True)
    for o in (party, power, plan):
        if o is not None and o.region_id != unit.region_id:
            raise InvalidInput(f"“{o}”不属于本行政区划", field=o._meta.model_name, code="region.mismatch")
    officers = list(officers)
    if not officers:
        raise InvalidInput("请填写执法人员", field="officer_a", code="officers.none")
    insp = Inspection(
        region_id=unit.region_id,
        unit=unit,
        power=power,
        party=party,
        started_at=started_at,
        mode=mode,
        kind=InspectionKind.SPECIAL if inspection_class == InspectionClass.SPECIAL else InspectionKind.ROUTINE,
        officer_a=officers[0],
        officer_b=officers[1] if len(officers) > 1 else None,
        plan=plan,
        findings=findings,
        inspection_class=inspection_class,
        case_source=case_source,
        urgent=urgent,
        approver=approver,
        approved_at=_aware(approved_at) if approved_at else None,
        result=result,
    )
    ref = Reference(unit.region_id)
    day = calendar_date(started_at)
    held = R.power_held(R.ActFacts(unit.pk, power.pk, day, (), category=PowerCategory.INSPECTION), ref)
    # The cap is the head's call at approval (a warning there, an alert after): it does not refuse here.
    found = [v for v in inspection_violations(insp) if v.code != "inspection.over_cap"]
    bad = R.blocking(held + found)
    if bad:
        raise RuleBlocked(bad)
    insp.save()
    if insp.approved_at is not None:
        _issue_code(insp)
    audit(actor=actor, action="inspection.record", obj=insp, after=snapshot(insp))
    return insp


def inspection_cap_check(inspection: Inspection) -> list:
    """The cap warning the approval screen shows before the head approves (within_cap's verdict)."""
    facts = inspection_facts([inspection])[0]
    return RI.within_cap(facts, Reference(inspection.region_id))


def _issue_code(insp: Inspection) -> InspectionCode:
    code = InspectionCode.objects.filter(inspection=insp).first()
    if code is None:
        code = InspectionCode.objects.create(inspection=insp, token=secrets.token_urlsafe(24), issued_at=timezone.now())
    return code


@transaction.atomic
def inspection_approve(*, actor, inspection: Inspection, at: dt.datetime | None = None) -> tuple[Inspection, list]:
    """The body's head approves (54号第五部分): 审批人 = the head's person, 审批时间 = now. Returns the inspection
    and the warnings shown with the approval (cap reached or exceeded); the inspection gets its code."""
    insp = Inspection.objects.select_for_update().get(pk=inspection.pk)
    at = _aware(at) if at else timezone.now()
    authorize(actor, "inspection.approve", unit=insp.unit, on=calendar_date(at))
    if insp.approved_at is not None:
        raise InvalidInput(
            f"该检查已于{timezone.localtime(insp.approved_at):%Y-%m-%d %H:%M}审批", field="approved_at", code="inspection.approved"
        )
    person = person_of(actor) if not getattr(actor, "is_system", False) else None
    before = snapshot(insp)
    insp.approver = person
    insp.approved_at = at
    insp.save(update_fields=["approver", "approved_at"])
    warnings = inspection_cap_check(insp)
    _issue_code(insp)
    audit(actor=actor, action="inspection.approve", obj=insp, before=before, after=snapshot(insp))
    return insp, warnings


def inspection_by_token(token: str) -> Inspection:
    code = InspectionCode.objects.select_related("inspection").filter(token=token or "").first()
    if code is None:
        raise NotFound("检查码无效或已失效", code="inspection.code")
    return code.inspection


@transaction.atomic
def inspection_rate(*, token: str, stars: int, comment: str = "", complaint: str = ""):
    """The enterprise rates the inspection on the code's page (public). A complaint enters the 司法局's
    clue queue, assigned to nobody yet (the 司法局 assigns it)."""
    from zhifa.supervision.models import InspectionRating
    from zhifa.supervision.services import clue_submit

    insp = inspection_by_token(token)
    authorize(None, "inspection.rate", region=insp.region_id)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise InvalidInput("评价应为1至5星", field="stars", code="rating.stars")
    clue = None
    complaint = (complaint or "").strip()
    if complaint:
        text = (
            f"【扫码入企投诉】{insp.unit.name} {timezone.localtime(insp.started_at):%Y-%m-%d %H:%M} "
            f"对{insp.party.name}的行政检查（检查码{token[:8]}…）：{complaint}"
        )
        clue = clue_submit(region_code=insp.region_id, text=text)
    rating = InspectionRating.objects.create(
        inspection=insp, stars=stars, comment=(comment or "")[:500], rated_at=timezone.now(), clue=clue
    )
    audit(actor=None, action="inspection.rate", obj=rating, after=snapshot(rating), region_code=insp.region_id)
    return rating
