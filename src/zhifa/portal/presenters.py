"""What the public may see of a decision. Every string that can carry personal data goes through
zhifa.core.masking here, even the public text the disclosure service already masked (defence in depth:
a row loaded in bulk or edited in the admin must not leak a name)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html

from zhifa.core.masking import mask_name, scrub_text
from zhifa.enforcement.choices import (
    CoerciveKind,
    DisclosureKind,
    ExecutionMethod,
    LicenceResult,
    Outcome,
    PartyKind,
    PenaltyKind,
)

# Label lookups built once: TextChoices' .values/.label are recomputed on every access.
OUTCOME_LABELS = {k: str(v) for k, v in Outcome.choices}
PENALTY_LABELS = {k: str(v) for k, v in PenaltyKind.choices}
KIND_LABELS = {k: str(v) for k, v in DisclosureKind.choices}
MEASURE_LABELS = {k: str(v) for k, v in CoerciveKind.choices}
METHOD_LABELS = {k: str(v) for k, v in ExecutionMethod.choices}
LICENCE_LABELS = {k: str(v) for k, v in LicenceResult.choices}

# The columns a list row needs (no model instances: the search page is the portal's hot path). A penalty
# decision's columns come with the row; those of a 行政许可 / 行政强制 decision are read for the page's rows only
# (ACT_FIELDS, one query of at most a page of rows).
ROW_FIELDS = (
    "pk",
    "kind",
    "decided_on",
    "published_on",
    "unit__name",
    "case__decision_no",
    "case__decided_on",
    "case__violation",
    "case__party__kind",
    "case__party__name",
)
ACT_FIELDS = (
    "pk",
    "measure__decision_no",
    "measure__kind",
    "measure__party__kind",
    "measure__party__name",
    "licence__decision_no",
    "licence__subject",
    "licence__result",
    "licence__applicant__kind",
    "licence__applicant__name",
    "execution__decision_no",
    "execution__method",
    "execution__party__kind",
    "execution__party__name",
)


def act_columns(kind: str, row: dict) -> tuple[str, str, str, str]:
    """(决定书文号, party kind, party name, 事项) of a decision from a row of ``ROW_FIELDS`` + ``ACT_FIELDS``."""
    if kind == DisclosureKind.LICENCE:
        subject = row["licence__subject"] or ""
        result = LICENCE_LABELS.get(row["licence__result"] or "", "")
        return (
            row["licence__decision_no"] or "",
            row["licence__applicant__kind"],
            row["licence__applicant__name"] or "",
            f"{subject}（{result}）" if result else subject,
        )
    if kind == DisclosureKind.COERCION:
        return (
            row["measure__decision_no"] or "",
            row["measure__party__kind"],
            row["measure__party__name"] or "",
            MEASURE_LABELS.get(row["measure__kind"] or "", ""),
        )
    if kind == DisclosureKind.EXECUTION:
        return (
            row["execution__decision_no"] or "",
            row["execution__party__kind"],
            row["execution__party__name"] or "",
            METHOD_LABELS.get(row["execution__method"] or "", ""),
        )
    return (
        row["case__decision_no"] or "",
        row["case__party__kind"],
        row["case__party__name"] or "",
        row["case__violation"] or "",
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
    kind: str
    unit_name: str
    decision_no: str
    decided_on: str
    published_on: str
    party: str
    violation: str


ROW_HTML = '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="nowrap">{}</td><td class="nowrap">{}</td></tr>'


def row_html(r: PublicRow, decision_base: str) -> str:
    """One result row, escaped by format_html: the search page's rows are built here rather than in the
    template because they are its hot path (a template variable costs ~10x a format_html field)."""
    return format_html(
        ROW_HTML,
        decision_base,
        r.pk,
        r.decision_no,
        r.kind,
        r.unit_name,
        r.party,
        r.violation,
        r.decided_on,
        r.published_on,
    )


def present_row(row: dict) -> PublicRow:
    """A list row; ``row`` holds ``ROW_FIELDS`` and, for a 行政许可 / 行政强制 decision, ``ACT_FIELDS``."""
    decision_no, kind, name, subject = act_columns(row["kind"], row)
    names = _names(kind, name)
    decided = row["case__decided_on"] or row["decided_on"]
    return PublicRow(
        pk=row["pk"],
        kind=KIND_LABELS.get(row["kind"], ""),
        unit_name=row["unit__name"],
        decision_no=scrub_text(decision_no, names),
        decided_on=decided.isoformat() if decided else "",
        published_on=row["published_on"].isoformat() if row["published_on"] else "",
        party=public_party_name(kind, name),
        violation=scrub_text(subject, names),
    )


@dataclass
class PublicDecision:
    pk: int
    kind: str
    subject_label: str
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
    party_label: str = "当事人"


SUBJECT_LABELS = {
    DisclosureKind.PENALTY: "违法行为",
    DisclosureKind.LICENCE: "许可事项",
    DisclosureKind.COERCION: "强制措施",
    DisclosureKind.EXECUTION: "执行方式",
}


def present(disclosure) -> PublicDecision:
    if disclosure.case_id is None:
        return _present_act(disclosure)
    case = disclosure.case
    names = _names(case.party.kind, case.party.name)
    return PublicDecision(
        pk=disclosure.pk,
        kind=KIND_LABELS[DisclosureKind.PENALTY],
        subject_label=SUBJECT_LABELS[DisclosureKind.PENALTY],
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


def _present_act(disclosure) -> PublicDecision:
    """A 行政许可 / 行政强制措施 / 行政强制执行 decision: its 文号, party and 事项, and the masked public text."""
    from zhifa.enforcement.models import Disclosure

    row = Disclosure.objects.filter(pk=disclosure.pk).values(*ACT_FIELDS).get()
    decision_no, kind, name, subject = act_columns(disclosure.kind, row)
    names = _names(kind, name)
    result = LICENCE_LABELS.get(row["licence__result"] or "", "") if disclosure.kind == DisclosureKind.LICENCE else ""
    return PublicDecision(
        pk=disclosure.pk,
        kind=KIND_LABELS.get(disclosure.kind, ""),
        subject_label=SUBJECT_LABELS.get(disclosure.kind, "事项"),
        unit_name=disclosure.unit.name,
        decision_no=scrub_text(decision_no, names),
        decided_on=disclosure.decided_on,
        published_on=disclosure.published_on,
        party=public_party_name(kind, name),
        violation=scrub_text(subject, names),
        outcome=result or KIND_LABELS.get(disclosure.kind, ""),
        penalty_kinds="",
        fine_amount=None,
        text=scrub_text(disclosure.public_text, names),
        party_label="申请人" if disclosure.kind == DisclosureKind.LICENCE else "当事人",
    )
