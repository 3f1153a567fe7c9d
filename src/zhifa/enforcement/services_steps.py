"""The shape the 行政强制 and 行政许可 services share: lock and authorize, check, save, audit, open the disclosure.

``services_coercion`` and ``services_licensing`` differ in their rules and their fields, not in how a step is
taken; the steps they have in common are written here once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput, RuleBlocked, Violation
from zhifa.core.policy import authorize

from . import rules as R
from .disclosure import disclosure_open
from .reference import Reference


def blocked(violations: list[Violation]) -> list[Violation]:
    """Raise RuleBlocked on the errors (nothing is written); return the warnings, which are recorded with the act."""
    bad = R.blocking(violations)
    if bad:
        raise RuleBlocked(bad)
    return [v for v in violations if v.severity != "error"]


def choice(value: str, choices, field: str, label: str) -> None:
    if value not in choices.values:
        raise InvalidInput(
            f"{label}“{value}”无效，应为：{'、'.join(str(x) for x in choices.labels)}",
            field=field,
            code=f"{field}.choice",
        )


def same_region(region_id: str, *objs) -> None:
    for o in objs:
        if o is not None and getattr(o, "region_id", region_id) != region_id:
            raise InvalidInput(f"“{o}”不属于本行政区划", field=o._meta.model_name, code="region.mismatch")


def locked(record, *, actor, action: str, on: dt.date):
    """The record's row locked for the step, once the actor is authorized for ``action`` on its unit that day."""
    row = type(record).objects.select_for_update().get(pk=record.pk)
    authorize(actor, action, unit=row.unit_id, on=on)
    return row


def extension_apply(
    row,
    *,
    actor,
    action: str,
    rules: Sequence,
    facts: Callable,
    due: Callable,
    days: int,
    approved_by: str,
    on: dt.date,
    reason: str,
):
    """An extension of the row's term (查封扣押 第二十五条, 行政许可 第四十二条): ``rules`` asked of ``facts(row, **extension)``
    with this extension counted, then the extension recorded, the new ``due(row, ref)`` set, one audit row."""
    ref = Reference(row.region_id)
    f = facts(
        row,
        extensions=(1 if row.extension_days else 0) + 1,
        extension_days=int(days),
        extension_approved_by=approved_by,
        extension_on=on,
    )
    blocked(R.run(rules, f, ref))
    before = snapshot(row)
    row.extension_days, row.extension_approved_by = int(days), approved_by.strip()
    row.extension_on, row.extension_reason = on, reason.strip()
    row.due_on = due(row, ref)
    row.save()
    audit(actor=actor, action=action, obj=row, before=before, after=snapshot(row), note=reason)
    return row


def decision_disclosed(
    row, *, actor, action: str, kind: str, decided_on: dt.date, public_text: str, before=None, warnings=()
):
    """A saved decision: its disclosure opened (国办发〔2018〕118号, due by ``kind``) and one audit row naming the
    warnings it was recorded with."""
    disclosure_open(kind=kind, source=row, decided_on=decided_on, public_text=public_text, actor=actor)
    note = "；".join(str(w) for w in warnings)
    audit(actor=actor, action=action, obj=row, before=before, after=snapshot(row), note=note)
    return row
