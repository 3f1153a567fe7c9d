"""What the public may see of a decision. Every string that can carry personal data goes through
zhifa.core.masking here, even the public text the disclosure service already masked (defence in depth:
a row loaded in bulk or edited in the admin must not leak a name)."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.core.masking import mask_name, scrub_text
from zhifa.enforcement.choices import Outcome, PartyKind, PenaltyKind


def party_names(party) -> list[str]:
    return [party.name] if party.kind == PartyKind.PERSON else []


def public_party(party) -> str:
    """Organisations by name (public); natural persons masked (README masking policy)."""
    return mask_name(party.name) if party.kind == PartyKind.PERSON else party.name


@dataclass
class PublicDecision:
    pk: int
    unit_name: str
    decision_no: str
    decided_on: object
    published_on: object
    party: str
    violation: str
    outcome: str
    penalty_kinds: str
    fine_amount: object
    text: str


def present(disclosure) -> PublicDecision:
    case = disclosure.case
    names = party_names(case.party)
    kinds = "、".join(str(PenaltyKind(k).label) for k in (case.penalty_kinds or []) if k in PenaltyKind.values)
    return PublicDecision(
        pk=disclosure.pk,
        unit_name=disclosure.unit.name,
        decision_no=scrub_text(case.decision_no, names),
        decided_on=case.decided_on,
        published_on=disclosure.published_on,
        party=public_party(case.party),
        violation=scrub_text(case.violation, names),
        outcome=str(Outcome(case.outcome).label) if case.outcome in Outcome.values else "",
        penalty_kinds=kinds,
        fine_amount=case.fine_amount,
        text=scrub_text(disclosure.public_text, names),
    )
