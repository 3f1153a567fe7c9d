"""行政执法公示: disclosure rows for penalty decisions, with the public text masked.

- 国办发〔2018〕118号 第二部分第（六）项: 行政处罚决定信息 published within 7 working days of the decision.
- 《行政处罚法》第四十八条第二款 + 第八十五条: a published decision that is changed, revoked, confirmed
  illegal or void is withdrawn within 3 working days, with the reason published.

Masking policy (zhifa.core.masking): a natural person's name, ID number, phone and plates are masked;
an organisation's name and USCC are public and kept.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhifa.core import calendar
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.masking import mask_id_number, mask_name, scrub_text

from . import rules as R
from .choices import DisclosureStatus, Outcome, PartyKind, PenaltyKind, Procedure
from .models import Disclosure, PenaltyCase


def disclosure_required(case: PenaltyCase) -> bool:
    """普通程序 penalty decisions (简易程序 decisions are on-the-spot forms, not published one by one)."""
    return case.procedure == Procedure.ORDINARY and case.outcome == Outcome.PENALTY and case.decided_on is not None


def public_text_from(
    *, case, party_kind: str, party_name: str, party_id_number: str, unit_name: str, power_name: str
) -> str:
    if party_kind == PartyKind.PERSON:
        who = f"{mask_name(party_name)}（身份证号码 {mask_id_number(party_id_number)}）"
        names = [party_name]
    else:
        who = party_name
        names = []
    kinds = "、".join(str(PenaltyKind(k).label) for k in case.penalty_kinds if k in PenaltyKind.values)
    fine = f"，罚款{case.fine_amount}元" if case.fine_amount else ""
    text = (
        f"行政处罚决定书文号：{case.decision_no}\n"
        f"执法机关：{unit_name}\n"
        f"当事人：{who}\n"
        f"违法行为：{case.violation}\n"
        f"处罚依据：{power_name}\n"
        f"处罚种类：{kinds}{fine}\n"
        f"决定日期：{case.decided_on:%Y-%m-%d}"
    )
    # Free text (the violation) may quote an ID, phone or plate, or the person's name: scrub it all.
    return scrub_text(text, names)


def public_text(case: PenaltyCase) -> str:
    p = case.party
    return public_text_from(
        case=case,
        party_kind=p.kind,
        party_name=p.name,
        party_id_number=p.id_number,
        unit_name=case.unit.name,
        power_name=case.power.name,
    )


def disclosure_for_decision(case: PenaltyCase) -> Disclosure | None:
    """Create the DUE disclosure row when a case is decided (called inside case_transition)."""
    if not disclosure_required(case):
        return None
    return Disclosure.objects.create(
        region_id=case.region_id,
        unit_id=case.unit_id,
        case=case,
        status=DisclosureStatus.DUE,
        due_on=calendar.add_working_days(case.decided_on, R.DISCLOSURE_WORKING_DAYS),
        public_text=public_text(case),
    )


@transaction.atomic
def disclosure_publish(*, actor, disclosure: Disclosure, on: dt.date) -> Disclosure:
    d = Disclosure.objects.select_for_update().select_related("case").get(pk=disclosure.pk)
    if d.status != DisclosureStatus.DUE:
        raise InvalidInput(f"公示状态为“{d.get_status_display()}”，不能公示", field="status", code="disclosure.status")
    if on < d.case.decided_on:
        raise InvalidInput("公示日期不能早于决定日期", field="published_on", code="disclosure.date")
    before = snapshot(d)
    d.status = DisclosureStatus.PUBLISHED
    d.published_on = on
    d.save(update_fields=["status", "published_on"])
    audit(actor=actor, action="disclosure.publish", obj=d, before=before, after=snapshot(d))
    return d


@transaction.atomic
def disclosure_withdraw(*, actor, disclosure: Disclosure, changed_on: dt.date, on: dt.date, reason: str) -> Disclosure:
    """第四十八条第二款: withdraw within 3 working days of the change or revocation, publishing the reason.

    A late withdrawal is still recorded (the information must come down), and the supervision scan
    sees withdrawn_on > withdraw_due_on.
    """
    d = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if d.status != DisclosureStatus.PUBLISHED:
        raise InvalidInput("只有已公示的决定需要撤回", field="status", code="disclosure.status")
    if not reason.strip():
        raise InvalidInput("撤回应当公开说明理由", field="reason", code="disclosure.reason", citation=R.ART48)
    before = snapshot(d)
    d.status = DisclosureStatus.WITHDRAWN
    d.withdraw_due_on = calendar.add_working_days(changed_on, R.WITHDRAW_WORKING_DAYS)
    d.withdrawn_on = on
    d.public_text = f"{d.public_text}\n【已撤回】{reason.strip()}"
    d.save(update_fields=["status", "withdraw_due_on", "withdrawn_on", "public_text"])
    audit(actor=actor, action="disclosure.withdraw", obj=d, before=before, after=snapshot(d), note=reason)
    return d
