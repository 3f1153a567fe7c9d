"""What the public may see of a decision. Every string that can carry personal data goes through
zhifa.core.masking here, even the public text the disclosure service already masked (defence in depth:
a row loaded in bulk or edited in the admin must not leak a name)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html

from zhifa.core.masking import mask_name, scrub_text
from zhifa.enforcement.choices import Outcome, PartyKind, PenaltyKind

# Label lookups built once: TextChoices' .values/.label are recomputed on every access.
OUTCOME_LABELS = {k: str(v) for k, v in Outcome.choices}
PENALTY_LABELS = {k: str(v) for k, v in PenaltyKind.choices}

# The columns a list row needs (no model instances: the search page is the portal's hot path).
ROW_FIELDS = (
    "pk",
    "published_on",
    "unit__name",
    "case__decision_no",
    "case__decided_on",
    "case__violation",
    "case__party__kind",
    "case__party__name",
)


def public_party_name(kind: str, name: str) -> str:
    """Organisations by name (public); natural persons masked (README masking policy)."""
    return mask_name(name) if kind == PartyKind.PERSON else name


def public_party(party) -> str:
    return public_party_name(party.kind, party.name)


def _names(kind: str, name: str) -> list[str]:
    return [name] if kind == PartyKind.PERSON else []


@dataclass
class PublicRow:
    pk: int
    unit_name: str
    decision_no: str
    decided_on: str
    published_on: str
    party: str
    violation: str


ROW_HTML = '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'


def row_html(r: PublicRow, decision_base: str) -> str:
    """One result row, escaped by format_html: the search page's rows are built here rather than in the
    template because they are its hot path (a template variable costs ~10x a format_html field)."""
    return format_html(
        ROW_HTML, decision_base, r.pk, r.decision_no, r.unit_name, r.party, r.violation, r.decided_on, r.published_on
    )


def present_row(row: dict) -> PublicRow:
    kind, name = row["case__party__kind"], row["case__party__name"]
    names = _names(kind, name)
    return PublicRow(
        pk=row["pk"],
        unit_name=row["unit__name"],
        decision_no=scrub_text(row["case__decision_no"], names),
        decided_on=row["case__decided_on"].isoformat() if row["case__decided_on"] else "",
        published_on=row["published_on"].isoformat() if row["published_on"] else "",
        party=public_party_name(kind, name),
        violation=scrub_text(row["case__violation"], names),
    )


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
    names = _names(case.party.kind, case.party.name)
    return PublicDecision(
        pk=disclosure.pk,
        unit_name=disclosure.unit.name,
        decision_no=scrub_text(case.decision_no, names),
        decided_on=case.decided_on,
        published_on=disclosure.published_on,
        party=public_party(case.party),
        violation=scrub_text(case.violation, names),
        outcome=OUTCOME_LABELS.get(case.outcome, ""),
        penalty_kinds="、".join(PENALTY_LABELS[k] for k in (case.penalty_kinds or []) if k in PENALTY_LABELS),
        fine_amount=case.fine_amount,
        text=scrub_text(disclosure.public_text, names),
    )
