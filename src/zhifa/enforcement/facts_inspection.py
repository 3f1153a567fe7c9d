"""InspectionFacts (rules_inspection) for Inspection rows, saved or about to be saved, in batches.

The cap an inspection falls under is the region's ``InspectionCap`` for its year naming its unit, else one
naming the unit's 执法领域 (a cap for the unit wins over one for the field). Its count is the number of
inspections of the same enterprise by the same unit earlier that year (by start time, then id) that count
under the cap's own rule of what counts. One query per kind of related record for the whole batch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from . import rules_inspection as RI
from .facts import calendar_date


def _local(t: dt.datetime) -> dt.datetime:
    """Naive local wall time (minutes compare as the officer and the head saw them)."""
    return timezone.localtime(t).replace(tzinfo=None) if timezone.is_aware(t) else t


def caps_for(region_code: str, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], RI.CapInfo]:
    """The cap in force for each (unit_id, year)."""
    from zhifa.org.models import Unit
    from zhifa.supervision.models import InspectionCap

    pairs = set(pairs)
    if not pairs:
        return {}
    domains = dict(Unit.objects.filter(pk__in={u for u, _ in pairs}).values_list("id", "domain"))
    years = {y for _, y in pairs}
    rows = InspectionCap.objects.filter(region_id=region_code, year__in=years, party_grade="").order_by("id")
    by_unit, by_domain = {}, {}
    for c in rows:
        info = RI.CapInfo(
            c.pk,
            c.max_per_year,
            c.source_document,
            c.counts_routine,
            c.counts_case,
            c.counts_special,
            c.excludes_superior,
            c.on_site_only,
        )
        if c.unit_id:
            by_unit[(c.unit_id, c.year)] = info
        else:
            by_domain[(c.domain, c.year)] = info
    out = {}
    for unit_id, year in pairs:
        cap = by_unit.get((unit_id, year)) or by_domain.get((domains.get(unit_id, ""), year))
        if cap is not None:
            out[(unit_id, year)] = cap
    return out


def _superior_plans(plan_ids) -> dict[int, tuple[dt.datetime | None, bool, dt.date | None]]:
    """Each plan's (审批时间, 上级部署, 备案日期)."""
    from .models import InspectionPlan

    ids = {p for p in plan_ids if p}
    return {
        pk: (approved, superior, filed)
        for pk, approved, superior, filed in InspectionPlan.objects.filter(pk__in=ids).values_list(
            "id", "approved_at", "superior_deployed", "filed_on"
        )
    }


def counted_before(insp, cap: RI.CapInfo, history: list) -> int:
    """How many of ``history`` (same party, unit, year: (started_at, pk, class, mode, superior)) count and come first."""
    key = (insp.started_at, insp.pk or 10**18)
    return sum(1 for t, pk, cls, mode, sup in history if (t, pk) < key and cap.counts(cls, mode, sup))


def inspection_facts(inspections: Iterable, *, as_of: dt.datetime | None = None) -> list[RI.InspectionFacts]:
    from .models import Inspection

    inspections = list(inspections)
    if not inspections:
        return []
    region = inspections[0].region_id
    years = {(i.unit_id, calendar_date(i.started_at).year) for i in inspections}
    caps = caps_for(region, years)
    plans = _superior_plans(i.plan_id for i in inspections)
    # The year's inspections of the same (party, unit) pairs that fall under a cap.
    capped = {(i.party_id, i.unit_id, calendar_date(i.started_at).year) for i in inspections}
    capped = {k for k in capped if (k[1], k[2]) in caps}
    history: dict[tuple, list] = defaultdict(list)
    if capped:
        q = Q()
        for party, unit, year in capped:
            q |= Q(party_id=party, unit_id=unit, started_at__year=year)
        rows = Inspection.objects.filter(q).values_list(
            "party_id", "unit_id", "started_at", "id", "inspection_class", "mode", "plan_id"
        )
        rows = list(rows)
        plans.update(_superior_plans(r[6] for r in rows if r[6] not in plans))
        for party, unit, started, pk, cls, mode, plan in rows:
            sup = plans.get(plan, (None, False, None))[1]
            history[(party, unit, calendar_date(started).year)].append((started, pk, cls, mode, sup))
    out = []
    for i in inspections:
        year = calendar_date(i.started_at).year
        cap = caps.get((i.unit_id, year))
        plan_approved, superior, plan_filed = plans.get(i.plan_id, (None, False, None))
        counts = cap is not None and cap.counts(i.inspection_class, i.mode, superior)
        prior = counted_before(i, cap, history.get((i.party_id, i.unit_id, year), [])) if counts else 0
        out.append(
            RI.InspectionFacts(
                unit_id=i.unit_id,
                power_id=i.power_id,
                started_at=_local(i.started_at),
                officer_ids=(i.officer_a_id, i.officer_b_id),
                as_of=_local(as_of) if as_of is not None else None,
                inspection_class=i.inspection_class or "",
                case_source=i.case_source or "",
                plan_id=i.plan_id,
                plan_approved_at=_local(plan_approved) if plan_approved else None,
                plan_filed_on=plan_filed,
                approver_id=i.approver_id,
                approved_at=_local(i.approved_at) if i.approved_at else None,
                urgent=bool(i.urgent),
                cap=cap,
                counts_against_cap=counts,
                prior_count=prior,
            )
        )
    return out
