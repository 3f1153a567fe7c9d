"""The supervision scan: run the rule catalogue, reconcile findings with the alerts.

Reconciliation, per rule:
- a finding with no live alert for its fingerprint (rule|object) raises one (status open);
- a finding whose live alert is already there changes nothing (last_seen_on moves with the date);
- a finding whose alert was 已整改待核验 re-opens it (the problem is back or was never fixed);
- a live alert (open / acknowledged / rectification requested) with no finding, inside the part of
  the region the run looked at, is marked 已整改待核验 (rectified, pending verification): the scan
  never closes an alert; a supervisor closes it through ``alert_verify``;
- a finding whose earlier alert was dismissed (核实不构成问题) is not raised again.

Incremental scan (``--incremental``): each ScanRun stores, per watched table, the highest id it saw
and the highest AuditLog id. The next run re-checks only:
- rows with a higher id (inserts, bulk loads included) and rows named by newer audit rows (every
  service update writes one);
- rows whose business date entered the window (previous as-of, new as-of] (records are often entered
  after the fact, and the demo loads a year before scanning it month by month): the acts are selected by
  date in the rules' queries (Scope.window), the smaller tables' rows by id;
- the cases/inspections their child rows belong to (reviews, hearings, disclosures, transitions,
  recordings), and the acts of persons whose certificates changed;
- deadlines that fell between the two as-of dates (overdue cases, disclosures, clues, notices);
- unit-level rules only where a change can move them (a new act can only clear a 零执法 alert or raise
  a 参与率; staff and power changes recount their units), or for every unit when the date moved;
- threshold gaming from band counts kept in GamingCount: new fines are added, edited cases recount
  their unit.
Changed ids are passed to SQL as id ranges (bulk inserts are contiguous), so the work follows the
number of changed rows, not the size of the year. A full scan after an incremental one finds nothing
to do (tested, and checked by bench/scan.py); when the date moved, the alerts a narrowed run did not
look at are found again as of the new date (last_seen_on), so month-end incremental scans leave the
alerts and events that month-end full scans leave (tested).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from zhifa.core.audit import audit
from zhifa.core.models import AuditLog
from zhifa.core.policy import SystemActor, authorize
from zhifa.enforcement.choices import Procedure
from zhifa.enforcement.models import (
    AssistanceRecord,
    CaseTransition,
    CoerciveMeasure,
    CollectiveDiscussion,
    Disclosure,
    EnforcementExecution,
    Hearing,
    Inspection,
    InterferenceRecord,
    LegalReview,
    LicenceDecision,
    OtherAct,
    Party,
    PenaltyCase,
    Recording,
)
from zhifa.org.models import Certificate, LegalReviewerDesignation, Person, TrainingAttendance, Unit
from zhifa.powers.models import Power, PowerDelegation

from .choices import AlertResolution, AlertSource, AlertStatus, RuleKind
from .models import Alert, AlertEvent, AlertRule, Clue, Rectification, ScanRun
from .models_law import ClueReturn
from .rules import REGISTRY, Ctx, Finding, Rule, Scope
from .rules.base import WINDOW_DATES, window_q

CHUNK = 900  # ids per IN (...) list, below SQLite's historical 999-variable limit

WATCHED = {
    "enforcement.penaltycase": PenaltyCase,
    "enforcement.inspection": Inspection,
    "enforcement.otheract": OtherAct,
    "enforcement.recording": Recording,
    "enforcement.legalreview": LegalReview,
    "enforcement.hearing": Hearing,
    "enforcement.disclosure": Disclosure,
    "enforcement.casetransition": CaseTransition,
    "enforcement.collectivediscussion": CollectiveDiscussion,
    "enforcement.interferencerecord": InterferenceRecord,
    "enforcement.coercivemeasure": CoerciveMeasure,
    "enforcement.enforcementexecution": EnforcementExecution,
    "enforcement.licencedecision": LicenceDecision,
    "org.certificate": Certificate,
    "org.legalreviewerdesignation": LegalReviewerDesignation,
    "org.trainingattendance": TrainingAttendance,
    "org.person": Person,
    "org.unit": Unit,
    "powers.power": Power,
    "powers.powerdelegation": PowerDelegation,
    "supervision.clue": Clue,
    "supervision.rectification": Rectification,
    "enforcement.assistancerecord": AssistanceRecord,
    "supervision.cluereturn": ClueReturn,
}
# Beyond this share of the acts (measured by bench/scan.py: at 5 % an incremental run costs as much as
# a full one on SQLite) a full scan is run instead; below INCREMENTAL_FLOOR rows always incremental.
INCREMENTAL_SHARE = 0.02
INCREMENTAL_FLOOR = 5_000
_WINDOW_MODELS = {"cases": PenaltyCase, "inspections": Inspection, "other_acts": OtherAct, "recordings": Recording}
MAX_NAMED = 20_000  # ids a narrowed query names in one IN list (SQLite takes 32 766 parameters)


@dataclass
class ScanResult:
    region_code: str
    as_of: dt.date
    incremental: bool = False
    seconds: float = 0.0
    rules: dict[str, dict] = field(default_factory=dict)
    changed_rows: int | None = None

    def total(self, what: str) -> int:
        return sum(r.get(what, 0) for r in self.rules.values())

    @property
    def raised(self) -> int:
        return self.total("raised")

    @property
    def cleared(self) -> int:
        return self.total("cleared")

    @property
    def reopened(self) -> int:
        return self.total("reopened")

    @property
    def found(self) -> int:
        return self.total("found")

    def as_dict(self) -> dict:
        return {
            "region": self.region_code,
            "as_of": self.as_of.isoformat(),
            "incremental": self.incremental,
            "seconds": round(self.seconds, 3),
            "changed_rows": self.changed_rows,
            "found": self.found,
            "raised": self.raised,
            "cleared": self.cleared,
            "reopened": self.reopened,
            "rules": self.rules,
        }


def sync_rules() -> None:
    """Mirror the registry into the AlertRule table (code, title, severity, citation, …)."""
    have = {r.code: r for r in AlertRule.objects.all()}
    for rule in REGISTRY.values():
        values = {
            "title": rule.title,
            "kind": rule.kind,
            "severity": rule.severity,
            "citation": rule.citation,
            "object_type": rule.object_type,
            "description": rule.description,
        }
        row = have.get(rule.code)
        if row is None:
            AlertRule.objects.create(code=rule.code, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            AlertRule.objects.filter(pk=rule.code).update(**values)


def _chunks(items, n=CHUNK):
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _ids_by(model, ids, *fields) -> list[tuple]:
    out = []
    for chunk in _chunks(sorted(ids)):
        out += list(model.objects.filter(pk__in=chunk).values_list(*fields))
    return out


def _watermarks() -> dict[str, int]:
    return {label: (model.objects.aggregate(m=Max("id"))["m"] or 0) for label, model in WATCHED.items()}


def _changed(prev: ScanRun, marks: dict[str, int], audit_mark: int, edited=None) -> dict[str, set[int]]:
    """label -> ids inserted (id above the previous watermark) or audited since the previous run.

    ``edited`` (a dict) receives the audited ids alone: rows that existed before and were changed.
    """
    out: dict[str, set[int]] = defaultdict(set)
    for label, model in WATCHED.items():
        lo = prev.watermarks.get(label, 0)
        if marks[label] > lo:
            out[label].update(model.objects.filter(pk__gt=lo, pk__lte=marks[label]).values_list("id", flat=True))
    rows = AuditLog.objects.filter(id__gt=prev.audit_watermark, id__lte=audit_mark, object_type__in=list(WATCHED))
    for otype, oid in rows.values_list("object_type", "object_id").iterator():
        if str(oid).isdigit():
            out[otype].add(int(oid))
            if edited is not None and int(oid) <= prev.watermarks.get(otype, 0):
                edited.setdefault(otype, set()).add(int(oid))
    return out


def _dated_between(region_code: str, prev: dt.date, as_of: dt.date) -> dict[str, set[int]]:
    """Rows of the smaller tables whose business date entered the window (prev, as_of]: they were invisible to
    the last scan. Records are often entered after the day they happened (and the demo loads a whole year at
    once), so a later as-of date brings rows into view that no insert or audit row marks as new. The acts
    themselves (cases, inspections, other acts, recordings) are selected by date in the rules' queries
    (``rules.base.window_q``); their parties are added by ``_window_parties``.
    """
    sources = {
        "enforcement.interferencerecord": InterferenceRecord.objects.filter(
            region_id=region_code, recorded_on__gt=prev, recorded_on__lte=as_of
        ),
        "enforcement.coercivemeasure": CoerciveMeasure.objects.filter(
            region_id=region_code, decided_on__gt=prev, decided_on__lte=as_of
        ),
        "enforcement.licencedecision": LicenceDecision.objects.filter(region_id=region_code).filter(
            Q(accepted_on__gt=prev, accepted_on__lte=as_of) | Q(decided_on__gt=prev, decided_on__lte=as_of)
        ),
        "org.certificate": Certificate.objects.filter(region_id=region_code).filter(
            Q(issued_on__gt=prev, issued_on__lte=as_of) | Q(revoked_on__gt=prev, revoked_on__lte=as_of)
        ),
        "org.legalreviewerdesignation": LegalReviewerDesignation.objects.filter(region_id=region_code).filter(
            Q(designated_on__gt=prev, designated_on__lte=as_of) | Q(ended_on__gt=prev, ended_on__lte=as_of)
        ),
        "supervision.clue": Clue.objects.filter(region_id=region_code, received_on__gt=prev, received_on__lte=as_of),
        "supervision.rectification": Rectification.objects.filter(
            region_id=region_code, issued_on__gt=prev, issued_on__lte=as_of
        ),
    }
    return {label: set(qs.values_list("id", flat=True)) for label, qs in sources.items()}


def _steps_between(region_code: str, prev: dt.date, as_of: dt.date) -> set[int]:
    """Cases with a step before the decision dated in (prev, as_of]: filing or notification, which only the
    ordinary procedure has (workflow.TRANSITIONS). The decisions themselves are selected by date (window_q)."""
    qs = PenaltyCase.objects.filter(region_id=region_code, procedure=Procedure.ORDINARY).filter(
        Q(filed_on__gt=prev, filed_on__lte=as_of) | Q(notified_on__gt=prev, notified_on__lte=as_of)
    )
    return set(qs.values_list("id", flat=True))


def _window_parties(region_code: str, scope: Scope, steps: set[int]) -> tuple[set[int], set[int]]:
    """The parties of the inspections and of the cases dated in the scope's window (their 多头检查, 以罚代管 may move)."""
    found = []
    for model, attr in ((Inspection, "inspections"), (PenaltyCase, "cases")):
        qs = model.objects.filter(region_id=region_code).filter(window_q(scope, attr))
        found.append(set(qs.values_list("party_id", flat=True).distinct().order_by()))
    return found[0], found[1] | {p for (p,) in _ids_by(PenaltyCase, steps, "party_id")}


def _merge(into: Scope, extra: Scope) -> None:
    for name, value in vars(extra).items():
        if isinstance(value, set):
            getattr(into, name).update(value)
    into.acts += extra.acts


def scope_from_changes(changed: dict[str, set[int]]) -> Scope:
    s = Scope()
    s.cases |= changed.get("enforcement.penaltycase", set())
    s.inspections |= changed.get("enforcement.inspection", set())
    s.other_acts |= changed.get("enforcement.otheract", set())
    s.recordings |= changed.get("enforcement.recording", set())
    s.interference |= changed.get("enforcement.interferencerecord", set())
    s.measures |= changed.get("enforcement.coercivemeasure", set())
    s.executions |= changed.get("enforcement.enforcementexecution", set())
    s.licences |= changed.get("enforcement.licencedecision", set())
    for m, x, e in _ids_by(
        Disclosure, changed.get("enforcement.disclosure", ()), "measure_id", "licence_id", "execution_id"
    ):
        s.measures |= {m} if m else set()
        s.licences |= {x} if x else set()
        s.executions |= {e} if e else set()
    s.clues |= changed.get("supervision.clue", set())
    s.clues |= {c for (c,) in _ids_by(ClueReturn, changed.get("supervision.cluereturn", ()), "clue_id")}
    s.parties |= {p for (p,) in _ids_by(AssistanceRecord, changed.get("enforcement.assistancerecord", ()), "party_id")}
    s.parties |= {p for (p,) in _ids_by(CoerciveMeasure, s.measures, "party_id")}
    s.rectifications |= changed.get("supervision.rectification", set())
    s.persons |= changed.get("org.person", set())
    s.units |= changed.get("org.unit", set())
    for label in (
        "enforcement.legalreview",
        "enforcement.hearing",
        "enforcement.disclosure",
        "enforcement.casetransition",
        "enforcement.collectivediscussion",
    ):
        s.cases |= {c for (c,) in _ids_by(WATCHED[label], changed.get(label, ()), "case_id") if c}
    for case, insp in _ids_by(Recording, s.recordings, "case_id", "inspection_id"):
        if case:
            s.cases.add(case)
        if insp:
            s.inspections.add(insp)
    s.persons |= {p for (p,) in _ids_by(Certificate, changed.get("org.certificate", ()), "holder_id")}
    for p, u in _ids_by(
        LegalReviewerDesignation, changed.get("org.legalreviewerdesignation", ()), "person_id", "unit_id"
    ):
        s.persons.add(p)
        s.units.add(u)
    s.persons |= {p for (p,) in _ids_by(TrainingAttendance, changed.get("org.trainingattendance", ()), "person_id")}
    s.power_units |= {u for (u,) in _ids_by(Power, changed.get("powers.power", ()), "owner_id")}
    s.power_units |= {u for (u,) in _ids_by(PowerDelegation, changed.get("powers.powerdelegation", ()), "to_unit_id")}
    s.power_units |= changed.get("org.unit", set())
    for model, ids, datefield in (
        (PenaltyCase, s.cases, "decided_on"),
        (Inspection, s.inspections, "started_at"),
        (OtherAct, s.other_acts, "occurred_at"),
    ):
        fields = ("unit_id", "power_id", datefield) + (("party_id",) if model is not OtherAct else ())
        for row in _ids_by(model, ids, *fields):
            u, p, day = row[:3]
            if day is not None:
                s.acts.append((u, p, timezone.localtime(day).date() if isinstance(day, dt.datetime) else day))
            s.units.add(u)
            if len(row) > 3:
                s.parties.add(row[3])
    s.person_units |= {u for (u,) in _ids_by(Person, s.persons, "unit_id")}
    s.person_units |= {
        u for (u,) in _ids_by(LegalReviewerDesignation, changed.get("org.legalreviewerdesignation", ()), "unit_id")
    }
    s.units |= s.power_units | s.person_units
    return s


def scope_for_object(obj) -> Scope | None:
    """The Scope that re-checks one written record (the write hook)."""
    s = Scope()
    if isinstance(obj, PenaltyCase):
        s.cases, s.units, s.parties = {obj.pk}, {obj.unit_id}, {obj.party_id}
    elif isinstance(obj, Inspection):
        s.inspections, s.units, s.parties = {obj.pk}, {obj.unit_id}, {obj.party_id}
    elif isinstance(obj, OtherAct):
        s.other_acts, s.units = {obj.pk}, {obj.unit_id}
    elif isinstance(obj, Recording):
        s.recordings = {obj.pk}
        if obj.case_id:
            s.cases.add(obj.case_id)
        if obj.inspection_id:
            s.inspections.add(obj.inspection_id)
    elif isinstance(obj, CoerciveMeasure):
        s.measures, s.units, s.parties = {obj.pk}, {obj.unit_id}, {obj.party_id}
    elif isinstance(obj, EnforcementExecution):
        s.executions, s.units = {obj.pk}, {obj.unit_id}
    elif isinstance(obj, LicenceDecision):
        s.licences, s.units = {obj.pk}, {obj.unit_id}
    elif isinstance(obj, Disclosure) and obj.case_id is None:
        s.measures = {obj.measure_id} if obj.measure_id else set()
        s.licences = {obj.licence_id} if obj.licence_id else set()
        s.executions = {obj.execution_id} if obj.execution_id else set()
    elif isinstance(obj, LegalReview | Hearing | Disclosure | CaseTransition | CollectiveDiscussion):
        s.cases = {obj.case_id}
    elif isinstance(obj, InterferenceRecord):
        s.interference = {obj.pk}
    elif isinstance(obj, Clue):
        s.clues = {obj.pk}
    elif isinstance(obj, ClueReturn):
        s.clues = {obj.clue_id}
    elif isinstance(obj, AssistanceRecord):
        s.parties = {obj.party_id}
    elif isinstance(obj, Rectification):
        s.rectifications = {obj.pk}
    elif isinstance(obj, Certificate):
        s.persons = {obj.holder_id}
    elif isinstance(obj, Party):
        s.parties = {obj.pk}
    else:
        return None
    return s


def _scope_size(s: Scope) -> int:
    return (
        len(s.cases)
        + len(s.inspections)
        + len(s.other_acts)
        + len(s.recordings)
        + len(s.measures)
        + len(s.executions)
        + len(s.licences)
    )


# ---- reconciliation ------------------------------------------------------------------------------
def fingerprint(rule_code: str, f: Finding, period: str = "") -> str:
    return f"{rule_code}|{f.object_type}|{f.object_id}|{period}"[:160]


def _reconcile(rule: Rule, ctx: Ctx, findings: list[Finding], covered, source: str, actor_text: str) -> dict:
    region, as_of, period = ctx.region_code, ctx.as_of, rule.period(ctx)
    by_fp: dict[str, Finding] = {}
    for f in findings:
        by_fp.setdefault(fingerprint(rule.code, f, period), f)
    live_qs = Alert.objects.filter(
        region_id=region, rule_id=rule.code, period=period, status__in=[s.value for s in _LIVE]
    )
    live: dict[str, tuple] = {}
    fields = ("fingerprint", "id", "status", "last_seen_on")
    if covered is None:
        for row in live_qs.values_list(*fields).iterator():
            live[row[0]] = row[1:]
    elif live_qs.count() <= 20_000:
        # A narrowed run: with few live alerts for the rule, reading them all and picking the covered
        # ones (and the ones found again) in Python is cheaper than long IN lists of keys.
        covered = set(covered)
        for fp, pk, status, last_seen, skey in live_qs.values_list(*fields, "scope_key").iterator():
            if skey in covered or fp in by_fp:
                live[fp] = (pk, status, last_seen)
    else:
        for chunk in _chunks(covered):
            for row in live_qs.filter(scope_key__in=chunk).values_list(*fields):
                live[row[0]] = row[1:]
        # Findings outside the covered keys (time-based additions) may already have a live alert.
        extra = [fp for fp in by_fp if fp not in live]
        for chunk in _chunks(extra):
            for row in live_qs.filter(fingerprint__in=chunk).values_list(*fields):
                live[row[0]] = row[1:]
    new_fps = [fp for fp in by_fp if fp not in live]
    dismissed = set()
    for chunk in _chunks(new_fps):
        dismissed |= set(
            Alert.objects.filter(
                rule_id=rule.code, resolution=AlertResolution.DISMISSED, fingerprint__in=chunk
            ).values_list("fingerprint", flat=True)
        )
    to_create = []
    for fp in new_fps:
        if fp in dismissed:
            continue
        f = by_fp[fp]
        to_create.append(
            Alert(
                region_id=region,
                unit_id=f.unit_id,
                rule_id=rule.code,
                object_type=f.object_type,
                object_id=f.object_id,
                period=period,
                fingerprint=fp,
                scope_key=f.scope_key[:64],
                severity=rule.severity,
                message=f.message,
                citation=rule.citation,
                details=f.details,
                status=AlertStatus.OPEN,
                source=source,
                first_seen_on=as_of,
                last_seen_on=as_of,
            )
        )
    events = []
    created = Alert.objects.bulk_create(to_create, batch_size=500)
    for a in created:
        events.append(_event(a.pk, region, as_of, "raised", "", AlertStatus.OPEN, actor_text, a.message[:200]))
    seen_ids, cleared_ids, reopen = [], [], []
    for fp, (pk, status, last_seen) in live.items():
        if fp in by_fp:
            if status == AlertStatus.RECTIFIED:
                reopen.append(pk)
            elif last_seen < as_of:
                seen_ids.append(pk)
        elif status != AlertStatus.RECTIFIED:
            cleared_ids.append((pk, status, last_seen))
    # A narrowed run whose date moved: the alerts it did not look at stand as they were, so they are found
    # again as of this date, as a full scan finds them (it moves last_seen_on of every alert it finds).
    moved = covered is not None and ctx.scope is not None and ctx.scope.window is not None
    if moved:
        live_qs.exclude(status=AlertStatus.RECTIFIED).filter(last_seen_on__lt=as_of).update(last_seen_on=as_of)
        seen_ids = []
    for chunk in _chunks(seen_ids):
        Alert.objects.filter(pk__in=chunk).update(last_seen_on=as_of)
    for chunk in _chunks(cleared_ids):
        Alert.objects.filter(pk__in=[pk for pk, *_ in chunk]).update(status=AlertStatus.RECTIFIED, cleared_on=as_of)
        if moved:  # a cleared alert was last seen by the run before
            days = defaultdict(list)
            for pk, _st, last_seen in chunk:
                days[last_seen].append(pk)
            for day, pks in days.items():
                Alert.objects.filter(pk__in=pks).update(last_seen_on=day)
        events += [
            _event(
                pk,
                region,
                as_of,
                "cleared_by_scan",
                st,
                AlertStatus.RECTIFIED,
                actor_text,
                "复查未再发现该问题，待监督人员核验",
            )
            for pk, st, _seen in chunk
        ]
    if reopen:
        with_rect = set(
            Alert.rectifications.through.objects.filter(alert_id__in=reopen).values_list("alert_id", flat=True)
        )
        for pk in reopen:
            to = AlertStatus.RECTIFICATION_REQUESTED if pk in with_rect else AlertStatus.OPEN
            Alert.objects.filter(pk=pk).update(status=to, last_seen_on=as_of, cleared_on=None)
            events.append(
                _event(pk, region, as_of, "reopened_by_scan", AlertStatus.RECTIFIED, to, actor_text, "复查仍发现该问题")
            )
    AlertEvent.objects.bulk_create(events, batch_size=1000)
    return {"found": len(by_fp), "raised": len(created), "cleared": len(cleared_ids), "reopened": len(reopen)}


_LIVE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.RECTIFICATION_REQUESTED, AlertStatus.RECTIFIED)


def _event(alert_id, region, on, action, frm, to, actor_text, note) -> AlertEvent:
    return AlertEvent(
        alert_id=alert_id,
        region_id=region,
        on_date=on,
        actor_label=actor_text,
        action=action,
        from_status=frm,
        to_status=to,
        note=note,
    )


def _run(ctx: Ctx, rules: list[Rule], source: str, actor_text: str, result: ScanResult) -> None:
    """Each rule's findings, reconciled in the rules' order. Inside ``elsewhere.finding_elsewhere`` the rules marked
    ``elsewhere`` are found in the finder's process meanwhile: the others are found here first, then every rule is
    reconciled in the same order with the same findings (the alerts and their ids are those of a run in one process)."""
    from . import elsewhere

    due = {r.code for r in rules if ctx.scope is None or r.relevant(ctx.scope)}
    finder = elsewhere.current()
    away = finder.submit(ctx, [r.code for r in rules if r.code in due and r.elsewhere]) if finder is not None else None
    found: dict[str, tuple[list[Finding], float, float]] = {}
    if away is not None:
        for rule in rules:
            if rule.code in due and rule.code not in away.codes:
                found[rule.code] = timed_find(rule, ctx)
    for rule in rules:
        if rule.code not in due:
            if ctx.scope.window is not None:  # nothing to re-check; its alerts are found again as of the new date
                _reconcile(rule, ctx, [], set(), source, actor_text)
            continue
        if rule.code in found:
            findings, seconds, cpu = found.pop(rule.code)
        elif away is not None and rule.code in away.codes and (done := away.result(rule.code)) is not None:
            findings, seconds, cpu = done
        else:  # (also a rule the second process failed to find)
            findings, seconds, cpu = timed_find(rule, ctx)
        t0, c0 = time.perf_counter(), time.process_time()
        counts = _reconcile(rule, ctx, findings, rule.covers(ctx), source, actor_text)
        counts["seconds"] = round(seconds + time.perf_counter() - t0, 3)
        counts["cpu"] = round(cpu + time.process_time() - c0, 3)  # wall time stretches on a shared machine
        result.rules[rule.code] = counts


def timed_find(rule: Rule, ctx: Ctx) -> tuple[list[Finding], float, float]:
    """(findings, seconds, CPU seconds) of one rule, wherever it runs."""
    t0, c0 = time.perf_counter(), time.process_time()
    findings = rule.find(ctx)
    return findings, time.perf_counter() - t0, time.process_time() - c0


HOOK = SystemActor("hook")  # the write hook re-checks a record on the product's own behalf


# ---- entry points --------------------------------------------------------------------------------
def alerts_scan(
    *,
    region_code: str,
    as_of: dt.date | None = None,
    actor,
    incremental: bool = False,
    rules: list[str] | None = None,
) -> ScanResult:
    """Scan the region as of ``as_of`` (default today) and reconcile the alerts.

    ``incremental=True`` re-checks only what changed since the last scan of the region (falls back to
    a full scan when there is none, when the date goes backwards, or when too much changed).
    """
    from zhifa.org.models import Region

    authorize(actor, "alerts.scan", region=region_code)
    if not Region.objects.filter(pk=region_code).exists():
        from zhifa.core.errors import InvalidInput

        raise InvalidInput(f"行政区划代码“{region_code}”不存在", field="region", code="region.unknown")
    as_of = as_of or timezone.localdate()
    t0 = time.perf_counter()
    sync_rules()
    marks = _watermarks()
    audit_mark = AuditLog.objects.aggregate(m=Max("id"))["m"] or 0
    scope = None
    changed_rows = None
    if incremental:
        prev = ScanRun.objects.filter(region_id=region_code).order_by("-id").first()
        if prev is not None and prev.as_of <= as_of:
            edited: dict[str, set[int]] = {}
            changed = _changed(prev, marks, audit_mark, edited)
            dated = _dated_between(region_code, prev.as_of, as_of) if prev.as_of < as_of else {}
            acts = PenaltyCase.objects.count() + Inspection.objects.count() + OtherAct.objects.count()
            changed_rows = sum(len(v) for v in changed.values()) + sum(len(v) for v in dated.values())
            # The acts dated in a moved window are not counted: the rules select them by date, at the cost of
            # the rows they select (a month of the demo year is 30 000 of them).
            if changed_rows <= max(INCREMENTAL_FLOOR, acts * INCREMENTAL_SHARE):
                scope = scope_from_changes(changed)
                scope.edited_cases = edited.get("enforcement.penaltycase", set())
                scope.written_cases = set(changed.get("enforcement.penaltycase", set()))
                scope.prev_as_of = prev.as_of
                scope.aggregates_full = prev.as_of != as_of
                if prev.as_of < as_of:
                    scope.window = (prev.as_of, as_of)
                    steps = scope.steps = _steps_between(region_code, prev.as_of, as_of)
                    scope.cases |= steps
                    scope.dated = {
                        attr
                        for attr, model in _WINDOW_MODELS.items()
                        if model.objects.filter(window_q(scope, attr), region_id=region_code).exists()
                    } | ({"cases"} if steps else set())
                    scope.named = {attr: set(getattr(scope, attr)) for attr in (*WINDOW_DATES, "persons")}
                    _merge(scope, scope_from_changes(dated))
                    inspected, fined = _window_parties(region_code, scope, steps)
                    # the inspection rules name the parties whose inspections may have moved, not those of cases
                    scope.named["parties"] = scope.parties | inspected
                    scope.parties |= inspected | fined
                    if len(scope.parties) > MAX_NAMED:  # a long window: the parties would not fit one IN list
                        scope = None
    selected = [REGISTRY[c] for c in (rules or sorted(REGISTRY))]
    result = ScanResult(region_code, as_of, incremental=scope is not None, changed_rows=changed_rows)
    ctx = Ctx(region_code, as_of, scope)
    with transaction.atomic():
        _run(ctx, selected, AlertSource.SCAN, "scan", result)
        result.seconds = time.perf_counter() - t0
        run = ScanRun.objects.create(
            region_id=region_code,
            as_of=as_of,
            incremental=result.incremental,
            seconds=result.seconds,
            watermarks=marks,
            audit_watermark=audit_mark,
            counts={k: v for k, v in result.as_dict().items() if k != "rules"},
        )
        audit(actor=actor, action="alerts.scan", obj=run, after=result.as_dict(), region_code=region_code)
    return result


def alerts_raise_for(obj, *, as_of: dt.date | None = None, actor=HOOK) -> ScanResult:
    """Hook for writes: re-check one record at once (record rules and the 多头/重复检查 rules).

    Called by enforcement services after a write or a transition; alerts are raised, kept, or marked
    rectified pending verification exactly as by the scan. Unit-level and statistical rules are left
    to the scan (they look at a whole year of a unit's records).
    """
    as_of = as_of or timezone.localdate()
    region_code = getattr(obj, "region_id", None)
    scope = scope_for_object(obj)
    result = ScanResult(str(region_code), as_of)
    if scope is None or not region_code:
        return result
    result.incremental = True
    rules = [
        r
        for r in REGISTRY.values()
        if r.kind == RuleKind.RECORD or r.code in ("multi_unit_inspection", "repeated_inspection")
    ]
    sync_rules()
    ctx = Ctx(region_code, as_of, scope)
    with transaction.atomic():
        _run(ctx, rules, AlertSource.HOOK, "hook", result)
        if result.raised or result.cleared or result.reopened:
            audit(
                actor=actor,
                action="alerts.raise_for",
                obj=obj,
                after={k: v for k, v in result.as_dict().items() if k in ("raised", "cleared", "reopened", "as_of")},
            )
    return result
