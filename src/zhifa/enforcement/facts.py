"""The rules' facts, built once per record type from rows, in batches.

``case_facts(cases)`` turns PenaltyCase rows (saved, or unsaved with the values a step is about to
set) into ``rules.CaseFacts``; ``act_facts(acts)`` turns Inspection / OtherAct rows into ``rules.ActFacts``.
The workflow (``case_transition``, ``case_check``) calls them with one row, the supervision scan with
the candidates a query found: the related records (parties, the previous case's fine, legal reviews,
the latest hearing, collective discussions, recordings) are read with one query per kind for the whole
batch, never one per row. The data-exchange path builds the facts of each chunk of received cases in one
call and moves them to each step's date (``exchange.writers_acts.case_breaches``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from . import rules as R

CHUNK = 900  # ids per IN (...) list, below SQLite's historical 999-variable limit


def calendar_date(value, tz=None) -> dt.date:
    """The local calendar day of a datetime (a date is itself); ``tz``: the current time zone, when a batch has
    looked it up once (``timezone.localdate`` looks it up per call)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            return value.date()
        return value.astimezone(tz).date() if tz is not None else timezone.localdate(value)
    return value


def _chunks(ids) -> Iterable[list]:
    ids = sorted({i for i in ids if i is not None})
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _for_ids(qs, field: str, ids) -> Iterable:
    """``qs`` narrowed to rows whose ``field`` is among ``ids``, as one or more querysets.

    A dense set (the scan's or a test's batch of consecutive rows) is read as one range, which costs far less
    to build and run than IN lists of 900 ids; the caller looks up only the ids it asked for, so the few rows of
    other ids in the range do no harm. A sparse set is read in IN chunks.
    """
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return
    if ids[-1] - ids[0] < 4 * len(ids):
        yield qs.filter(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
        return
    for i in range(0, len(ids), CHUNK):
        yield qs.filter(**{f"{field}__in": ids[i : i + CHUNK]})


def _counts(model, fk: str, ids) -> dict[int, int]:
    out: dict[int, int] = {}
    for qs in _for_ids(model.objects.all(), fk, ids):
        out.update({r[fk]: r["n"] for r in qs.values(fk).annotate(n=Count("id")).order_by()})
    return out


def _parties(cases: Sequence) -> dict[int, tuple[str, dt.date | None]]:
    from .models import Party

    out = {}
    missing = set()
    for c in cases:
        cached = c._state.fields_cache.get("party")
        if cached is not None:
            out[c.party_id] = (cached.kind, cached.birth_date)
        else:
            missing.add(c.party_id)
    for chunk in _chunks(missing - set(out)):
        for pk, kind, birth in Party.objects.filter(pk__in=chunk).values_list("id", "kind", "birth_date"):
            out[pk] = (kind, birth)
    return out


def _previous_fines(cases: Sequence) -> dict[int, Decimal]:
    from .models import PenaltyCase

    out = {}
    for chunk in _chunks(c.previous_case_id for c in cases):
        out.update(PenaltyCase.objects.filter(pk__in=chunk).values_list("id", "fine_amount"))
    return out


def _reviews(ids) -> dict[int, tuple[R.ReviewFacts, ...]]:
    from .models import LegalReview

    out: dict[int, list] = defaultdict(list)
    for qs in _for_ids(LegalReview.objects.all(), "case_id", ids):
        rows = qs.order_by("case_id", "reviewed_on", "id")
        for case_id, reviewer, on, result in rows.values_list("case_id", "reviewer_id", "reviewed_on", "result"):
            out[case_id].append(R.ReviewFacts(reviewer, on, result))
    return {k: tuple(v) for k, v in out.items()}


def _hearings(ids) -> dict[int, tuple]:
    """The latest hearing of each case (by request date, then id): (requested_on, notice_on, held_on)."""
    from .models import Hearing

    out: dict[int, tuple] = {}
    for qs in _for_ids(Hearing.objects.all(), "case_id", ids):
        rows = qs.order_by("case_id", "requested_on", "id")
        for case_id, *dates in rows.values_list("case_id", "requested_on", "notice_on", "held_on"):
            out[case_id] = tuple(dates)  # ascending: the last row wins
    return out


def case_facts(cases: Iterable, *, on_date: dt.date | None = None, as_of: dt.date | None = None) -> list[R.CaseFacts]:
    """CaseFacts for each PenaltyCase in ``cases`` (in order).

    ``on_date`` is the date of the step being checked; when None, each case is checked on its decision
    date, or on ``as_of`` if it has none (an open case "decided today"). Related records are counted from
    the database for saved cases (an unsaved case has none).
    """
    from .models import CollectiveDiscussion, Recording

    cases = list(cases)
    saved = [c.pk for c in cases if c.pk is not None]
    parties = _parties(cases)
    previous = _previous_fines(cases)
    reviews = _reviews(saved)
    hearings = _hearings(saved)
    discussions = _counts(CollectiveDiscussion, "case_id", saved)
    recordings = _counts(Recording, "case_id", saved)
    tz = timezone.get_current_timezone()
    out = []
    for c in cases:
        kind, birth = parties.get(c.party_id, ("", None))
        requested, notice, held = hearings.get(c.pk, (None, None, None))
        day = on_date or c.decided_on or as_of
        if day is None:
            raise ValueError("case_facts: no date to check the case on (on_date, decided_on or as_of)")
        out.append(
            R.CaseFacts(
                unit_id=c.unit_id,
                power_id=c.power_id,
                procedure=c.procedure,
                on_date=day,
                officer_ids=(c.officer_a_id, c.officer_b_id),
                party_kind=kind,
                party_birth_date=birth,
                act_date=c.act_date,
                discovered_on=calendar_date(c.discovered_at, tz),
                outcome=c.outcome,
                penalty_kinds=tuple(c.penalty_kinds or ()),
                fine_amount=Decimal(c.fine_amount or 0),
                filed_on=c.filed_on,
                extension_days=c.extension_days,
                extension_approved_by=c.extension_approved_by,
                notified_on=c.notified_on,
                hearing_waived=c.hearing_waived,
                hearing_requested_on=requested,
                hearing_notice_on=notice,
                hearing_held_on=held,
                reviews=reviews.get(c.pk, ()),
                discussions=discussions.get(c.pk, 0),
                decided_on=c.decided_on,
                discretion_tier=c.discretion_tier,
                discretion_reason=c.discretion_reason,
                is_major=c.is_major,
                first_offence=c.first_offence,
                harm_minor=c.harm_minor,
                corrected=c.corrected,
                harms_life_or_finance=c.harms_life_or_finance,
                party_absent=c.party_absent,
                delivered_on=c.delivered_on,
                paid_on=c.paid_on,
                paid_amount=Decimal(c.paid_amount or 0),
                device_id=c.device_id,
                previous_case_fined=bool(c.previous_case_id and previous.get(c.previous_case_id, 0) > 0),
                recordings=recordings.get(c.pk, 0),
            )
        )
    return out


def act_facts(acts: Iterable, *, category: str = "") -> list[R.ActFacts]:
    """ActFacts for each Inspection or OtherAct in ``acts`` (in order), on the act's local date."""
    from .models import Inspection, Recording

    acts = list(acts)
    inspections = [a.pk for a in acts if isinstance(a, Inspection) and a.pk is not None]
    recordings = _counts(Recording, "inspection_id", inspections)
    tz = timezone.get_current_timezone()  # once for the batch (timezone.localdate looks it up per call)
    out = []
    for a in acts:
        when = a.started_at if isinstance(a, Inspection) else a.occurred_at
        out.append(
            R.ActFacts(
                a.unit_id,
                a.power_id,
                calendar_date(when, tz),
                (a.officer_a_id, a.officer_b_id),
                category=category,
                recordings=recordings.get(a.pk, 0) if isinstance(a, Inspection) else 0,
            )
        )
    return out
