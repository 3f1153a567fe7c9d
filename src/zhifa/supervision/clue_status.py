"""The public reference number of a clue and what the portal may say about it (status and dates, never
the text or the contact)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import CLUE_CODE_ALPHABET, CLUE_CODE_LENGTH, Clue

_REF = re.compile(rf"^XS(\d{{8}})([{CLUE_CODE_ALPHABET}]{{{CLUE_CODE_LENGTH}}})$")


def clue_reference(clue: Clue) -> str:
    """XS + receipt date + the clue's random code, e.g. XS20231106-K7M4Q9TR (readable, not countable)."""
    return f"XS{clue.received_on:%Y%m%d}-{clue.public_code}"


@dataclass(frozen=True)
class PublicClueStatus:
    reference: str
    status: str
    received_on: str
    assigned_on: str
    unit: str
    response_due: str
    responded_on: str


def clue_public_status(reference: str) -> PublicClueStatus | None:
    """The status behind a reference number; None when it does not match a clue (the random code and the date
    must both match). Spaces and dashes typed into it are ignored."""
    m = _REF.match(re.sub(r"[\s\-－—]", "", reference or "").upper())
    if not m:
        return None
    clue = Clue.objects.filter(public_code=m.group(2)).select_related("unit").first()
    if clue is None or f"{clue.received_on:%Y%m%d}" != m.group(1):
        return None
    return PublicClueStatus(
        reference=clue_reference(clue),
        status=clue.get_status_display(),
        received_on=f"{clue.received_on:%Y-%m-%d}",
        assigned_on=f"{clue.assigned_on:%Y-%m-%d}" if clue.assigned_on else "",
        unit=clue.unit.name if clue.unit else "",
        response_due=f"{clue.response_due:%Y-%m-%d}" if clue.assigned_on and clue.response_due else "",
        responded_on=f"{clue.responded_on:%Y-%m-%d}" if clue.responded_on else "",
    )
