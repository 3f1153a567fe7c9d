"""The public reference number of a clue and what the portal may say about it (status and dates, never
the text or the contact)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Clue

_REF = re.compile(r"^XS(\d{8})(\d{6,})$")


def clue_reference(clue: Clue) -> str:
    return f"XS{clue.received_on:%Y%m%d}{clue.pk:06d}"


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
    """The status behind a reference number; None when the number does not match a clue (the date part
    must match too, so that a guessed id alone finds nothing)."""
    m = _REF.match((reference or "").strip().upper())
    if not m:
        return None
    clue = Clue.objects.filter(pk=int(m.group(2))).select_related("unit").first()
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
