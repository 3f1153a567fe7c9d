"""行政执法公示: a decision creates its disclosure row, with the public text masked and a computed due date.

- 国办发〔2018〕118号 第二部分第（六）项: 执法决定 published within 20 working days of the decision; 行政许可、
  行政处罚 decisions within 7 working days (``disclosure_working_days`` by ``DisclosureKind``).
- A unit may choose to publish automatically on the day of the decision (UnitDisclosureSetting); otherwise
  its unit admin publishes from the queue (/staff/disclosures/).
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
from zhifa.core.errors import InvalidInput, Violation
from zhifa.core.masking import mask_id_number, mask_name, scrub_text
from zhifa.core.policy import authorize

from . import rules as R
from .choices import DisclosureKind, DisclosureStatus, Outcome, PartyKind, PenaltyKind, Procedure
from .models import Disclosure, PenaltyCase, UnitDisclosureSetting

# 国办发〔2018〕118号 第二部分第（六）项: "行政执法机关要在执法决定作出之日起20个工作日内，向社会公布……行政许可、
# 行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开".
OTHER_DECISION_WORKING_DAYS = 20
DISCLOSURE_WORKING_DAYS = {
    DisclosureKind.PENALTY: R.DISCLOSURE_WORKING_DAYS,
    DisclosureKind.LICENCE: R.DISCLOSURE_WORKING_DAYS,
    DisclosureKind.COERCION: OTHER_DECISION_WORKING_DAYS,
    DisclosureKind.EXECUTION: OTHER_DECISION_WORKING_DAYS,
}


def disclosure_working_days(kind: str) -> int:
    """7 working days for 行政处罚 and 行政许可 decisions, 20 for other 执法决定 (118号 第二部分第（六）项)."""
    return DISCLOSURE_WORKING_DAYS[DisclosureKind(kind)]


def disclosure_due_on(kind: str, decided_on: dt.date) -> dt.date:
    return calendar.add_working_days(decided_on, disclosure_working_days(kind))


def disclosure_lateness(
    *, kind: str, decided_on: dt.date, published_on: dt.date | None, as_of: dt.date
) -> list[Violation]:
    """118号 第二部分第（六）项: published by the due day (7 or 20 working days by kind), else late."""
    due = disclosure_due_on(kind, decided_on)
    days = disclosure_working_days(kind)
    label = DisclosureKind(kind).label
    if published_on is not None and published_on > due:
        msg = f"{label}应于{due:%Y-%m-%d}前（{days}个工作日内）公示，实际{published_on:%Y-%m-%d}公示"
    elif published_on is None and as_of > due:
        msg = f"{label}应于{due:%Y-%m-%d}前（{days}个工作日内）公示，至{as_of:%Y-%m-%d}未公示"
    else:
        return []
    return [Violation("disclosure.late", msg, R.GUOBAN118_DISCLOSE, "published_on", "warning")]


def auto_publish(unit_id: int) -> bool:
    return UnitDisclosureSetting.objects.filter(unit_id=unit_id, auto_publish=True).exists()


def disclosure_required(case: PenaltyCase) -> bool:
    """普通程序 penalty decisions (简易程序 decisions are on-the-spot forms, not published one by one)."""
    return case.procedure == Procedure.ORDINARY and case.outcome == Outcome.PENALTY and case.decided_on is not None


def public_party(party) -> tuple[str, list[str]]:
    """How a party appears on a public page, and the names to scrub from free text."""
    if party.kind == PartyKind.PERSON:
        return f"{mask_name(party.name)}（身份证号码 {mask_id_number(party.id_number)}）", [party.name]
    return party.name, []


def public_text_from(
    *,
    case,
    party_kind: str,
    party_name: str,
    party_id_number: str,
    unit_name: str,
    power_name: str,
    legal_basis: str = "",
) -> str:
    """The published text. 处罚依据 is the decision's own basis as recorded, else the power's legal basis;
    the power's name is the 执法事项, never the basis."""
    if party_kind == PartyKind.PERSON:
        who = f"{mask_name(party_name)}（身份证号码 {mask_id_number(party_id_number)}）"
        names = [party_name]
    else:
        who = party_name
        names = []
    kinds = "、".join(str(PenaltyKind(k).label) for k in case.penalty_kinds if k in PenaltyKind.values)
    fine = f"，罚款{case.fine_amount}元" if case.fine_amount else ""
    basis = (case.basis or legal_basis).strip()
    text = (
        f"行政处罚决定书文号：{case.decision_no}\n"
        f"执法机关：{unit_name}\n"
        f"当事人：{who}\n"
        f"违法行为：{case.violation}\n"
        f"执法事项：{power_name}\n"
        + (f"处罚依据：{basis}\n" if basis else "")
        + f"处罚种类：{kinds}{fine}\n"
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
        legal_basis=case.power.legal_basis,
    )


def disclosure_for_decision(case: PenaltyCase, *, actor=None) -> Disclosure | None:
    """Create the DUE disclosure row when a case is decided (called inside case_transition)."""
    if not disclosure_required(case):
        return None
    return disclosure_open(
        kind=DisclosureKind.PENALTY, source=case, decided_on=case.decided_on, public_text=public_text(case), actor=actor
    )


SOURCE_FIELD = {
    DisclosureKind.PENALTY: "case",
    DisclosureKind.LICENCE: "licence",
    DisclosureKind.COERCION: "measure",
    DisclosureKind.EXECUTION: "execution",
}


def disclosure_open(*, kind: str, source, decided_on: dt.date, public_text: str, actor=None) -> Disclosure:
    """The disclosure row of a decision just taken (called inside the deciding service's transaction).

    Due ``disclosure_working_days(kind)`` working days after the decision; published at once when the unit
    has chosen automatic publication (then the decision day is the publication day).
    """
    d = Disclosure.objects.create(
        region_id=source.region_id,
        unit_id=source.unit_id,
        kind=kind,
        decided_on=decided_on,
        status=DisclosureStatus.DUE,
        due_on=disclosure_due_on(kind, decided_on),
        public_text=public_text,
        **{SOURCE_FIELD[DisclosureKind(kind)]: source},
    )
    if auto_publish(source.unit_id):
        before = snapshot(d)
        d.status, d.published_on = DisclosureStatus.PUBLISHED, decided_on
        d.save(update_fields=["status", "published_on"])
        audit(actor=actor, action="disclosure.publish", obj=d, before=before, after=snapshot(d), note="自动公示")
    return d


def decided_on_of(d: Disclosure) -> dt.date | None:
    if d.decided_on is not None:
        return d.decided_on
    src = d.source
    return getattr(src, "decided_on", None)


@transaction.atomic
def disclosure_setting_set(*, actor, unit, auto_publish: bool) -> UnitDisclosureSetting:
    """The unit's choice: publish every decision on the day it is taken, or from the queue."""
    authorize(actor, "disclosure.setting", unit=unit)
    setting, _ = UnitDisclosureSetting.objects.select_for_update().get_or_create(
        unit=unit, defaults={"region_id": unit.region_id}
    )
    before = snapshot(setting)
    setting.auto_publish = bool(auto_publish)
    setting.save()
    audit(actor=actor, action="disclosure.setting", obj=setting, before=before, after=snapshot(setting))
    return setting


@transaction.atomic
def disclosure_publish(*, actor, disclosure: Disclosure, on: dt.date) -> Disclosure:
    d = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    authorize(actor, "disclosure.publish", unit=d.unit_id, on=on)
    if d.status != DisclosureStatus.DUE:
        raise InvalidInput(f"公示状态为“{d.get_status_display()}”，不能公示", field="status", code="disclosure.status")
    decided = decided_on_of(d)
    if decided is not None and on < decided:
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
    authorize(actor, "disclosure.withdraw", unit=d.unit_id, on=on)
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
