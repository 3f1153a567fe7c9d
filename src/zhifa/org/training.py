"""Training (培训): each person's hours in a year against the requirement, and attendance imported from
an XLSX sheet (one row per attendee: 身份证号码, 学时) through ``services.training_record``."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum

from zhifa.core.errors import ImportRejected, InvalidInput, RowError

from . import services
from .models import Person, TrainingSession, Unit


def required_hours(region_code: str | None) -> Decimal:
    """The region's yearly requirement (a LawSetting with its source; see supervision.law_settings)."""
    from zhifa.supervision.law_settings import training_requirement

    return training_requirement(region_code).hours


def hours_by_person(people, year: int) -> list[dict]:
    """Each person's training hours in ``year`` and whether they reach their region's requirement."""
    needs: dict[str, Decimal] = {}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    people = list(
        people.annotate(
            hours=Sum(
                "trainings__hours",
                filter=Q(trainings__session__held_on__range=(start, end)),
            )
        ).select_related("unit")
    )
    out = []
    for p in people:
        need = needs.get(p.region_id)
        if need is None:
            need = needs[p.region_id] = required_hours(p.region_id)
        out.append({"person": p, "hours": p.hours or Decimal("0"), "required": need, "met": (p.hours or 0) >= need})
    return out


def _read_xlsx(data: bytes) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InvalidInput(f"无法读取XLSX文件：{exc.__class__.__name__}", field="file", code="training.file") from None
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise InvalidInput("文件为空", field="file", code="training.file_empty")
    header = [str(h or "").strip() for h in rows[0]]
    return [
        (i, {h: "" if v is None else str(v).strip() for h, v in zip(header, r, strict=False)})
        for i, r in enumerate(rows[1:], start=2)
        if any(v not in (None, "") for v in r)
    ]


@transaction.atomic
def training_import(
    *, actor, organizer: Unit, title: str, kind: str, held_on: dt.date, hours: Decimal, data: bytes
) -> TrainingSession:
    """A session and its attendance from a sheet with columns 身份证号码 (required) and 学时 (optional: the
    session's hours). Any bad row rejects the whole file, naming row, column and reason."""
    rows = _read_xlsx(data)
    errors: list[RowError] = []
    attendees: list[tuple[Person, Decimal]] = []
    for n, row in rows:
        idn = row.get("身份证号码", "").upper()
        person = Person.objects.filter(id_number=idn, region_id=organizer.region_id).first() if idn else None
        if person is None:
            errors.append(RowError(n, "身份证号码", idn, "本区没有该人员"))
            continue
        raw = row.get("学时", "")
        try:
            h = Decimal(raw) if raw else Decimal(hours)
        except InvalidOperation:
            errors.append(RowError(n, "学时", raw, "不是数字"))
            continue
        if not Decimal("0") < h <= Decimal(hours):
            errors.append(RowError(n, "学时", raw, f"应大于0且不超过本次培训的{hours}学时"))
            continue
        attendees.append((person, h))
    if errors:
        raise ImportRejected(errors=errors)
    session = services.training_record(
        actor=actor,
        organizer=organizer,
        title=title,
        kind=kind,
        held_on=held_on,
        hours=hours,
        attendees=[p for p, _ in attendees],
        attendee_hours={p.pk: h for p, h in attendees if h != Decimal(hours)},
    )
    return session
