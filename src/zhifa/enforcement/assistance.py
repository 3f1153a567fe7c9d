"""异地执法协助: a body that acts on a party registered outside its jurisdiction records the 协助 it asked of the
authority of the party's place (协助函: authority, its region, letter number, matter, the period covered).

- ``assistance_record``: the record, by the body's own staff; refused when the party is registered within the
  body's jurisdiction (no 异地 to assist) or when the assisting authority's region is the body's own;
- ``remote_acts``: a body's acts on one party (on-site inspections, penalty cases, coercive measures), the input
  of ``rules_inspection.remote_enforcement`` for the workspace and the supervision scan alike.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhifa.core.access import person_of
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from . import rules_inspection as RI
from .choices import CoerciveKind, InspectionMode
from .facts import calendar_date
from .models import AssistanceRecord, Inspection, Party, PenaltyCase
from .models_acts import CoerciveMeasure


def _text(value: str, field: str, label: str, n: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"请填写{label}", field=field, code=f"assistance.{field}")
    return value[:n]


@transaction.atomic
def assistance_record(
    *,
    actor,
    unit,
    party_uscc: str,
    assisting_authority: str,
    assisting_region_code: str,
    letter_no: str,
    matter: str,
    requested_on: dt.date,
    covers_until: dt.date,
    reply: str = "",
    amend: AssistanceRecord | None = None,
) -> AssistanceRecord:
    """The body records its 协助函 for a party registered elsewhere (the party is found by its 统一社会信用代码 among
    the region's parties); with ``amend``, the record of that letter is corrected instead (a letter sent again
    through the exchange with other content), audited before and after."""
    authorize(actor, "assistance.record", unit=unit, on=requested_on)
    code = (party_uscc or "").strip().upper()
    party = Party.objects.filter(region_id=unit.region_id, uscc=code).order_by("pk").first()
    if party is None:
        raise InvalidInput(
            f"本区当事人中没有统一社会信用代码为“{code}”的单位", field="party_uscc", code="assistance.party"
        )
    registered = RI.registration_region(party.uscc)
    if registered is None or RI.within_jurisdiction(unit.region_id, registered):
        raise InvalidInput(
            f"当事人登记地（{registered or '无'}）在本单位管辖区域内，无需登记异地执法协助",
            field="party_uscc",
            code="assistance.not_remote",
        )
    region_code = (assisting_region_code or "").strip()
    if len(region_code) != 6 or not region_code.isdigit():
        raise InvalidInput(
            f"协助机关行政区划代码“{region_code}”应为6位数字（GB/T 2260）",
            field="assisting_region_code",
            code="assistance.region",
        )
    if RI.region_prefix(region_code).startswith(RI.region_prefix(unit.region_id)):
        raise InvalidInput(
            "协助机关应为当事人所在地的机关，不能是本单位管辖区域内的机关",
            field="assisting_region_code",
            code="assistance.local",
        )
    if covers_until < requested_on:
        raise InvalidInput("协助期限不能早于发函日期", field="covers_until", code="assistance.period")
    letter = _text(letter_no, "letter_no", "协助函文号", 80)
    same = AssistanceRecord.objects.filter(unit=unit, letter_no=letter)
    if amend is not None:
        same = same.exclude(pk=amend.pk)
    if same.exists():
        raise InvalidInput(f"协助函文号“{letter}”已登记", field="letter_no", code="assistance.duplicate")
    rec = amend or AssistanceRecord(region_id=unit.region_id, unit=unit)
    before = snapshot(rec) if amend is not None else None
    rec.party = party
    rec.assisting_authority = _text(assisting_authority, "assisting_authority", "协助机关", 100)
    rec.assisting_region_code = region_code
    rec.letter_no = letter
    rec.matter = _text(matter, "matter", "协助事项", 2000)
    rec.requested_on, rec.covers_until = requested_on, covers_until
    rec.reply = (reply or "").strip()
    rec.recorded_by = None if getattr(actor, "is_system", False) else person_of(actor)
    rec.recorded_at = timezone.now()
    rec.save()
    audit(actor=actor, action="assistance.record", obj=rec, before=before, after=snapshot(rec))
    return rec


def remote_acts(
    unit_ids, party_ids, *, since: dt.date, until: dt.date
) -> dict[tuple[int, int], list[tuple[dt.date, str]]]:
    """(unit, party) → the acts dated ``since``–``until`` that a body carries out at or against an enterprise: 现场检查,
    行政处罚案件 (the day of 立案, or of the decision for 简易程序) and 查封/扣押/冻结."""
    out: dict[tuple[int, int], list[tuple[dt.date, str]]] = {}
    start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(until, dt.time(23, 59, 59)))
    insp = Inspection.objects.filter(
        unit_id__in=unit_ids,
        party_id__in=party_ids,
        mode=InspectionMode.ON_SITE,
        started_at__gte=start,
        started_at__lte=end,
    )
    for u, p, t in insp.values_list("unit_id", "party_id", "started_at"):
        out.setdefault((u, p), []).append((calendar_date(t), "现场检查"))
    cases = PenaltyCase.objects.filter(unit_id__in=unit_ids, party_id__in=party_ids)
    for u, p, filed, decided, no in cases.values_list("unit_id", "party_id", "filed_on", "decided_on", "case_no"):
        day = filed or decided
        if day is not None and since <= day <= until:
            out.setdefault((u, p), []).append((day, f"行政处罚案件{no}"))
    measures = CoerciveMeasure.objects.filter(
        unit_id__in=unit_ids, party_id__in=party_ids, decided_on__gte=since, decided_on__lte=until
    )
    for u, p, day, kind in measures.values_list("unit_id", "party_id", "decided_on", "kind"):
        out.setdefault((u, p), []).append((day, f"行政强制措施（{CoerciveKind(kind).label}）"))
    return out


def assistance_cover(unit_ids, party_ids) -> dict[tuple[int, int], list[tuple[dt.date, dt.date]]]:
    out: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = {}
    rows = AssistanceRecord.objects.filter(unit_id__in=unit_ids, party_id__in=party_ids)
    for u, p, start, until in rows.values_list("unit_id", "party_id", "requested_on", "covers_until"):
        out.setdefault((u, p), []).append((start, until))
    return out


def remote_notice(unit, party, day: dt.date, what: str = "本次执法") -> str:
    """What the workspace shows beside an act on ``party`` by ``unit`` on ``day``: nothing for a party registered
    within the unit's jurisdiction; else the 协助 record that covers the day, or the rule's verdict (the same
    function as the supervision scan's 违规异地执法)."""
    registered = RI.registration_region(party.uscc)
    if registered is None or RI.within_jurisdiction(unit.region_id, registered):
        return ""
    cover = AssistanceRecord.objects.filter(
        unit=unit, party=party, requested_on__lte=day, covers_until__gte=day
    ).order_by("requested_on", "pk")
    found = RI.remote_enforcement(unit.region_id, party.uscc, [(day, what)], [(day, day)] if cover else [])
    if found:
        return found[0].message
    rec = cover[0]
    return (
        f"当事人登记地{registered}在本单位管辖区域外；异地执法协助：{rec.assisting_authority} {rec.letter_no}"
        f"（{rec.requested_on:%Y-%m-%d}至{rec.covers_until:%Y-%m-%d}）"
    )


def inspection_remote_notice(inspection: Inspection) -> str:
    """``remote_notice`` for an inspection: only a 现场检查 goes to the enterprise (as ``remote_acts`` counts)."""
    if inspection.mode != InspectionMode.ON_SITE:
        return ""
    return remote_notice(inspection.unit, inspection.party, calendar_date(inspection.started_at), "本次检查")


def case_remote_notice(case: PenaltyCase) -> str:
    """``remote_notice`` for a case, on the day ``remote_acts`` counts it (立案, or the decision of 简易程序)."""
    day = case.filed_on or case.decided_on
    return remote_notice(case.unit, case.party, day, f"行政处罚案件{case.case_no}") if day else ""


def measure_remote_notice(measure: CoerciveMeasure) -> str:
    """``remote_notice`` for a 查封/扣押/冻结, on its decision day."""
    return remote_notice(measure.unit, measure.party, measure.decided_on, f"行政强制措施（{measure.get_kind_display()}）")
