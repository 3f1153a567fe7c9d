"""The catalogue of supervision alert rules (预警规则目录).

Each rule is a class in ``REGISTRY`` with its code, severity, citation and the object it applies to,
and a ``find(ctx)`` that returns findings with set-based queries over the whole region (no per-row
Python over the 330 000 acts of a year: where Python is needed, a query first narrows the rows to
the few candidates). ``ctx.scope`` narrows a rule to the records that changed since the last scan
(incremental scan) or to one record (the write hook); ``covers(ctx)`` names the scope keys a
narrowed run looked at, so that only alerts inside them can be found cleared.

The legal figures and citations are those of ``zhifa.enforcement.rules`` (the workflow blocks on the
same rules, so the scan finds what slipped through: time passing, old records, bulk loads, edits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import CharField, Count, Exists, F, IntegerField, Min, OuterRef, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from zhifa.core import calendar
from zhifa.enforcement import rules as ER
from zhifa.enforcement.choices import (
    CaseStatus,
    DisclosureStatus,
    InspectionKind,
    Outcome,
    PartyKind,
    Procedure,
    ReviewResult,
)
from zhifa.enforcement.models import (
    Disclosure,
    Inspection,
    InterferenceRecord,
    LegalReview,
    OtherAct,
    PenaltyCase,
    Recording,
)
from zhifa.enforcement.reference import Reference
from zhifa.org.models import Certificate, LegalReviewerDesignation, Person, TrainingAttendance, Unit
from zhifa.org.selectors import units_active_on
from zhifa.powers.models import DiscretionBenchmark

from . import metrics, policy
from .choices import RuleKind, Severity
from .sql import Plain, ids_q, plain, plain_alias

OPEN_CASE_STATUSES = (
    CaseStatus.FILED,
    CaseStatus.INVESTIGATING,
    CaseStatus.NOTIFIED,
    CaseStatus.HEARING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.COLLECTIVE,
)
CASE, INSPECTION, OTHER, RECORDING = (
    "enforcement.penaltycase",
    "enforcement.inspection",
    "enforcement.otheract",
    "enforcement.recording",
)
PARTY, INTERFERENCE = "enforcement.party", "enforcement.interferencerecord"
UNIT, REGION, PERSON, POWER = "org.unit", "org.region", "org.person", "powers.power"
CLUE, RECT = "supervision.clue", "supervision.rectification"
TRAINING_CITE = (
    "《提升行政执法质量三年行动计划（2023—2025年）》（国办发〔2023〕27号）；《天津市行政执法监督规定》第十条"
)
REVIEWER_CITE = f"{ER.GUOBAN118}第四部分第（十一）项"
PERFORMANCE_CITE = "《天津市行政执法监督规定》；区权责清单（履职率、执法参与率口径见数据口径说明）"
MULTI_CITE = "《优化营商环境条例》第五十九条（合并或者纳入跨部门联合抽查范围，减少检查频次）"
INTERFERENCE_CITE = "《东丽区行政执法机关内部人员、领导干部非法干预、插手案件办理的记录、通报和责任追究制度》"
CLUE_CITE = "《市场监督管理行政处罚程序规定》第十八条（参照：十五个工作日内核查处理）"
RECT_CITE = "《天津市行政执法监督规定》（整改通知书载明的期限）"
CALENDAR_CITE = f"{ER.LAW}第八十五条；国务院办公厅节假日安排通知"


@dataclass(frozen=True, slots=True)
class Finding:
    object_type: str
    object_id: str
    unit_id: int | None
    message: str
    details: dict = field(default_factory=dict)
    scope: str = ""  # the key a narrowed run covers; default "<object_type>:<object_id>"

    @property
    def scope_key(self) -> str:
        return self.scope or key(self.object_type, self.object_id)


def key(object_type: str, object_id) -> str:
    return f"{object_type}:{object_id}"


@dataclass
class Scope:
    """What changed: the ids a narrowed run re-checks (see scan.py for how they are found)."""

    cases: set[int] = field(default_factory=set)
    inspections: set[int] = field(default_factory=set)
    other_acts: set[int] = field(default_factory=set)
    recordings: set[int] = field(default_factory=set)
    interference: set[int] = field(default_factory=set)
    clues: set[int] = field(default_factory=set)
    rectifications: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)
    parties: set[int] = field(default_factory=set)
    persons: set[int] = field(default_factory=set)
    # (unit, power, date) of every changed act; units whose powers/delegations or staff changed.
    acts: list[tuple[int, int | None, dt.date]] = field(default_factory=list)
    power_units: set[int] = field(default_factory=set)
    person_units: set[int] = field(default_factory=set)
    # Cases that existed at the last scan and were edited since (their old values are unknown).
    edited_cases: set[int] = field(default_factory=set)
    # The scan before this one was as of ``prev_as_of``: deadlines that fell in [prev_as_of, as_of)
    # are new findings even on unchanged rows. None: no time-based additions (the write hook).
    prev_as_of: dt.date | None = None
    # Unit- and region-level figures are year-to-date: when the date moves, every unit is re-run.
    aggregates_full: bool = False


@dataclass
class Ctx:
    region_code: str
    as_of: dt.date
    scope: Scope | None = None  # None: the whole region
    _ref: Reference | None = None

    @property
    def year_start(self) -> dt.date:
        return self.as_of.replace(month=1, day=1)

    @property
    def day_of_year(self) -> int:
        return (self.as_of - self.year_start).days + 1

    @property
    def ref(self) -> Reference:
        if self._ref is None:
            self._ref = Reference(self.region_code)
        return self._ref

    @property
    def full(self) -> bool:
        return self.scope is None

    def figures(self, unit_ids=None) -> dict[int, metrics.UnitFigures]:
        """Year-to-date unit figures; the whole-region set is computed once per run and shared."""
        if unit_ids is not None:
            return metrics.unit_figures(self.region_code, self.year_start, self.as_of, unit_ids)
        if getattr(self, "_figs", None) is None:
            self._figs = metrics.unit_figures(self.region_code, self.year_start, self.as_of)
        return self._figs

    def narrow(self, qs, attr: str, *, time_q: Q | None = None, pk: str = "pk"):
        """Restrict ``qs`` to the changed ids in ``scope.<attr>`` (and to rows a moved date makes due)."""
        if self.scope is None:
            return qs
        q = ids_q(pk, getattr(self.scope, attr))
        if time_q is not None and self.scope.prev_as_of is not None and self.scope.prev_as_of < self.as_of:
            q |= time_q
        return qs.filter(q)


class Rule:
    code: str = ""
    title: str = ""
    kind: str = RuleKind.RECORD
    severity: str = Severity.MEDIUM
    citation: str = ""
    object_type: str = ""
    description: str = ""
    # The Scope attributes that make this rule worth re-running in a narrowed run.
    watches: tuple[str, ...] = ()
    # Year-to-date rules: an alert belongs to the year it measures, so a new year starts new alerts and
    # leaves last year's to their lifecycle (a January scan says nothing about last year's gaps).
    periodic = False

    def period(self, ctx: Ctx) -> str:
        return str(ctx.as_of.year) if self.periodic else ""

    def find(self, ctx: Ctx) -> list[Finding]:
        raise NotImplementedError

    def covers(self, ctx: Ctx) -> set[str] | None:
        """Scope keys a narrowed run re-checked (alerts outside them are left alone); None = all."""
        if ctx.scope is None:
            return None
        return self._covers(ctx)

    def _covers(self, ctx: Ctx) -> set[str]:
        return set()

    def relevant(self, scope: Scope) -> bool:
        if self.kind == RuleKind.AGGREGATE and scope.aggregates_full:
            return True
        return any(getattr(scope, w) for w in self.watches) or (scope.prev_as_of is not None and self.time_based)

    time_based = False


REGISTRY: dict[str, Rule] = {}


def register(cls):
    inst = cls()
    assert inst.code not in REGISTRY, inst.code
    REGISTRY[inst.code] = inst
    return cls


def _rows(ctx, model, **lookups):
    """The region's rows of a large fact table; region and date terms read the table straight through (sql.py)."""
    return plain(model.objects.all(), region_id=ctx.region_code, **lookups)


def _power_ids(ctx, **flags) -> list[int]:
    """Ids of the region's powers with the given flags: a short list that spares a join per act."""
    from zhifa.powers.models import Power

    return sorted(Power.objects.filter(region_id=ctx.region_code, **flags).values_list("id", flat=True))


def _case_keys(ctx) -> set[str]:
    return {key(CASE, i) for i in ctx.scope.cases}


# ---- record rules --------------------------------------------------------------------------------
@register
class CaseOverdue(Rule):
    code = "case_overdue"
    title = "办案超期"
    severity = Severity.HIGH
    citation = ER.ART60
    object_type = CASE
    description = (
        "普通程序案件自立案之日起九十日（含经批准延长的期限，决定期限 decision_due）内未作出决定，或决定晚于期限。"
    )
    watches = ("cases",)
    time_based = True

    def find(self, ctx):
        base = _rows(ctx, PenaltyCase, filed_on__lte=ctx.as_of).filter(procedure=Procedure.ORDINARY)
        base = plain_alias(base, "decided_on", "status")
        pending = Q(plain_decided_on__isnull=True, plain_status__in=OPEN_CASE_STATUSES, decision_due__lt=ctx.as_of)
        late = Q(
            plain_decided_on__isnull=False, plain_decided_on__lte=ctx.as_of, plain_decided_on__gt=F("decision_due")
        )
        qs = ctx.narrow(
            base.filter(pending | late),
            "cases",
            time_q=Q(
                decision_due__gte=ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of,
                decision_due__lt=ctx.as_of,
            ),
        )
        out = []
        for pk, unit, no, filed, due, decided in qs.values_list(
            "id", "unit_id", "case_no", "filed_on", "decision_due", "decided_on"
        ):
            if decided:
                msg = f"案件{no}于{filed:%Y-%m-%d}立案，应于{due:%Y-%m-%d}前作出决定，实际{decided:%Y-%m-%d}决定，超期{(decided - due).days}日"
            else:
                msg = (
                    f"案件{no}于{filed:%Y-%m-%d}立案，决定期限{due:%Y-%m-%d}已届满，至{ctx.as_of:%Y-%m-%d}仍未作出决定"
                )
            out.append(Finding(CASE, str(pk), unit, msg, {"decision_due": due.isoformat()}))
        return out

    def _covers(self, ctx):
        return _case_keys(ctx)


def _cutoff(as_of: dt.date, working_days: int) -> dt.date:
    """The last day d with add_working_days(d, n) < as_of: records dated on or before it are overdue."""
    d = as_of - dt.timedelta(days=1)
    while calendar.add_working_days(d, working_days) >= as_of:
        d -= dt.timedelta(days=1)
    return d


@register
class DisclosureLate(Rule):
    code = "disclosure_late"
    title = "执法决定未按期公示"
    severity = Severity.MEDIUM
    citation = ER.GUOBAN118_DISCLOSE
    object_type = CASE
    description = (
        "普通程序行政处罚决定应自决定之日起7个工作日内公示：期限届满未公示、晚于期限公示，或决定后没有公示记录。"
    )
    watches = ("cases",)
    time_based = True

    def find(self, ctx):
        cutoff = _cutoff(ctx.as_of, ER.DISCLOSURE_WORKING_DAYS)
        prev_cutoff = (
            _cutoff(ctx.scope.prev_as_of, ER.DISCLOSURE_WORKING_DAYS) if ctx.scope and ctx.scope.prev_as_of else cutoff
        )
        out = []
        d = Disclosure.objects.filter(region_id=ctx.region_code).exclude(status=DisclosureStatus.NOT_REQUIRED)
        d = d.filter(
            Q(published_on__isnull=True, due_on__lt=ctx.as_of)
            | Q(published_on__gt=F("due_on"), published_on__lte=ctx.as_of)
        )
        d = ctx.narrow(
            d,
            "cases",
            pk="case__pk",
            time_q=Q(
                due_on__gte=ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of,
                due_on__lt=ctx.as_of,
            ),
        )
        for cid, unit, no, due, pub in d.values_list("case_id", "unit_id", "case__case_no", "due_on", "published_on"):
            if pub:
                msg = f"案件{no}的处罚决定应于{due:%Y-%m-%d}前公示，实际{pub:%Y-%m-%d}公示"
            else:
                msg = f"案件{no}的处罚决定应于{due:%Y-%m-%d}前公示，至{ctx.as_of:%Y-%m-%d}未公示"
            out.append(Finding(CASE, str(cid), unit, msg, {"due_on": due.isoformat()}))
        missing = _rows(ctx, PenaltyCase, decided_on__lte=cutoff).filter(
            procedure=Procedure.ORDINARY,
            outcome=Outcome.PENALTY,
            disclosure__isnull=True,
        )
        missing = ctx.narrow(missing, "cases", time_q=Q(decided_on__gt=prev_cutoff, decided_on__lte=cutoff))
        for cid, unit, no, decided in missing.values_list("id", "unit_id", "case_no", "decided_on"):
            due = calendar.add_working_days(decided, ER.DISCLOSURE_WORKING_DAYS)
            out.append(
                Finding(
                    CASE,
                    str(cid),
                    unit,
                    f"案件{no}于{decided:%Y-%m-%d}作出处罚决定，没有公示记录（应于{due:%Y-%m-%d}前公示）",
                    {"due_on": due.isoformat()},
                )
            )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx)


@register
class LegalReviewMissing(Rule):
    code = "legal_review_missing"
    title = "应审未审（重大执法决定未经法制审核）"
    severity = Severity.HIGH
    citation = ER.ART58
    object_type = CASE
    description = "普通程序案件属于法制审核事项清单（职权须审核）或重大执法决定，决定前没有审核通过的法制审核记录。"
    watches = ("cases",)

    def find(self, ctx):
        reviewed = LegalReview.objects.filter(case_id=OuterRef("pk"), reviewed_on__lte=OuterRef("decided_on")).exclude(
            result=ReviewResult.REJECT
        )
        qs = (
            _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of)
            .filter(procedure=Procedure.ORDINARY)
            .filter(Q(is_major=True) | Q(power_id__in=_power_ids(ctx, requires_legal_review=True)))
            .exclude(outcome=Outcome.TRANSFERRED)
            .filter(~Exists(reviewed))
        )
        qs = ctx.narrow(qs, "cases")
        return [
            Finding(
                CASE,
                str(pk),
                unit,
                f"案件{no}属于应当法制审核的情形，{decided:%Y-%m-%d}作出决定前未经法制审核（或审核未通过）",
            )
            for pk, unit, no, decided in qs.values_list("id", "unit_id", "case_no", "decided_on")
        ]

    def _covers(self, ctx):
        return _case_keys(ctx)


@register
class RecordingMissing(Rule):
    code = "recording_missing"
    title = "应当音像记录而未记录"
    severity = Severity.MEDIUM
    citation = ER.GUOBAN118_RECORD
    object_type = f"{CASE}|{INSPECTION}"
    description = "职权须全程音像记录（查封扣押、强制拆除等）的案件或检查没有音像记录。"
    watches = ("cases", "inspections")

    def find(self, ctx):
        out = []
        powers = _power_ids(ctx, requires_recording=True)
        if not powers:
            return out
        cases = _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of).filter(power_id__in=powers)
        cases = ctx.narrow(cases.filter(~Exists(Recording.objects.filter(case_id=OuterRef("pk")))), "cases")
        for pk, unit, no, code in cases.values_list("id", "unit_id", "case_no", "power__code"):
            out.append(Finding(CASE, str(pk), unit, f"案件{no}（职权{code}须全程音像记录）没有音像记录"))
        insp = _rows(ctx, Inspection, started_at__lt=metrics.day_after(ctx.as_of)).filter(power_id__in=powers)
        insp = ctx.narrow(insp.filter(~Exists(Recording.objects.filter(inspection_id=OuterRef("pk")))), "inspections")
        for pk, unit, code, at in insp.values_list("id", "unit_id", "power__code", "started_at"):
            out.append(
                Finding(
                    INSPECTION,
                    str(pk),
                    unit,
                    f"{_local_date(at):%Y-%m-%d}的检查（职权{code}须全程音像记录）没有音像记录",
                )
            )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx) | {key(INSPECTION, i) for i in ctx.scope.inspections}


def recording_path(file_path: str) -> Path:
    p = Path(file_path)
    return p if p.is_absolute() else Path(settings.RECORDING_ROOT) / p


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@register
class RecordingHashMismatch(Rule):
    code = "recording_hash_mismatch"
    title = "音像记录文件缺失或被篡改"
    severity = Severity.HIGH
    citation = f"{ER.GUOBAN118_RECORD}；{ER.LAW}第四十七条"
    object_type = RECORDING
    description = "音像记录文件不存在，或其 SHA-256 与入库时记录的不一致。文件须读取后计算，无法在数据库内完成：全量扫描读全部文件，增量扫描只读新增或变更的记录。"
    watches = ("recordings",)

    def find(self, ctx):
        qs = ctx.narrow(
            Recording.objects.filter(region_id=ctx.region_code, recorded_at__lt=metrics.day_after(ctx.as_of)),
            "recordings",
        )
        out = []
        for pk, unit, path, sha in qs.values_list("id", "unit_id", "file_path", "sha256").iterator():
            p = recording_path(path)
            if not p.is_file():
                out.append(Finding(RECORDING, str(pk), unit, f"音像记录#{pk}的文件不存在（{path}）", {"expected": sha}))
                continue
            actual = file_sha256(p)
            if actual != sha:
                out.append(
                    Finding(
                        RECORDING,
                        str(pk),
                        unit,
                        f"音像记录#{pk}的文件 SHA-256 与入库值不一致，可能被篡改",
                        {"expected": sha, "actual": actual},
                    )
                )
        return out

    def _covers(self, ctx):
        return {key(RECORDING, i) for i in ctx.scope.recordings}


# Acts and the date field the officers' certificates are checked on.
ACT_SOURCES = (
    (CASE, PenaltyCase, "cases", "decided_on", False),
    (INSPECTION, Inspection, "inspections", "started_at", True),
    (OTHER, OtherAct, "other_acts", "occurred_at", True),
)


def _local_date(v) -> dt.date:
    return timezone.localtime(v).date() if isinstance(v, dt.datetime) else v


def _earliest_act(ctx) -> dt.date | None:
    days = []
    for _otype, model, _attr, datefield, _is_dt in ACT_SOURCES:
        v = model.objects.filter(region_id=ctx.region_code).aggregate(m=Min(datefield))["m"]  # index: one probe
        if v is not None:
            days.append(_local_date(v))
    return min(days) if days else None


def _act_qs(model, datefield, is_dt, ctx):
    if is_dt:
        return _rows(ctx, model, **{f"{datefield}__lt": metrics.day_after(ctx.as_of)})
    return _rows(ctx, model, **{f"{datefield}__lte": ctx.as_of})


@register
class OfficerUncertified(Rule):
    code = "officer_uncertified"
    title = "无有效执法证件人员执法"
    severity = Severity.HIGH
    citation = f"{ER.ART42}；《天津市行政执法监督规定》第十条"
    object_type = f"{CASE}|{INSPECTION}|{OTHER}"
    description = (
        "检查、处罚决定、巡查/现场规范/教育改正的执法人员在当日没有有效的行政执法证件（未发证、已注销、暂扣或过期）。"
    )
    watches = ("cases", "inspections", "other_acts", "persons")

    def find(self, ctx):
        # Set-based narrowing: a person holding one certificate in force from before the earliest act
        # up to as_of cannot be the cause; only acts by the other persons are checked one by one, with
        # the enforcement Reference (the same interval logic that blocks the workflow).
        earliest = _earliest_act(ctx)
        if earliest is None:
            return []
        covered = (
            Certificate.objects.filter(region_id=ctx.region_code, issued_on__lte=earliest, valid_until__gte=ctx.as_of)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=ctx.as_of))
            .exclude(status="suspended", suspended_on__lte=ctx.as_of)
            .values_list("holder_id", flat=True)
        )
        suspects = sorted(
            set(Person.objects.filter(region_id=ctx.region_code).values_list("id", flat=True)) - set(covered)
        )
        persons = sorted(ctx.scope.persons) if ctx.scope is not None else []
        out = []
        for otype, model, attr, datefield, is_dt in ACT_SOURCES:
            base = _act_qs(model, datefield, is_dt, ctx)
            qs = ctx.narrow(base, attr)
            if persons:
                qs = qs | base.filter(Q(officer_a__in=persons) | Q(officer_b__in=persons))
            cand = qs.filter(Q(officer_a__in=suspects) | Q(officer_b__in=suspects))
            rows = cand.values_list("id", "unit_id", "officer_a_id", "officer_b_id", datefield)
            for pk, unit, a, b, when in rows.iterator():
                if when is None:
                    continue
                day = _local_date(when)
                bad = [p for p in (a, b) if p is not None and not ctx.ref.certificate_active(p, day)]
                if bad:
                    names = "、".join(str(p) for p in bad)
                    out.append(
                        Finding(
                            otype,
                            str(pk),
                            unit,
                            f"{day:%Y-%m-%d}的执法行为中，执法人员（ID {names}）当日没有有效的行政执法证件",
                            {"persons": bad},
                        )
                    )
        return out

    def _covers(self, ctx):
        s = ctx.scope
        keys = (
            {key(CASE, i) for i in s.cases}
            | {key(INSPECTION, i) for i in s.inspections}
            | {key(OTHER, i) for i in s.other_acts}
        )
        if s.persons:
            for otype, model, _attr, _datefield, _is_dt in ACT_SOURCES:
                ids = (
                    model.objects.filter(region_id=ctx.region_code)
                    .filter(Q(officer_a__in=sorted(s.persons)) | Q(officer_b__in=sorted(s.persons)))
                    .values_list("id", flat=True)
                )
                keys |= {key(otype, i) for i in ids}
        return keys


@register
class SingleOfficer(Rule):
    code = "single_officer"
    title = "一人执法"
    severity = Severity.HIGH
    citation = ER.ART42
    object_type = f"{CASE}|{INSPECTION}"
    description = "检查或处罚只有一名执法人员，且该职权没有法律规定可以一人执法（职权的“一人执法的法律依据”为空）。"
    watches = ("cases", "inspections")

    def find(self, ctx):
        out = []
        for otype, model, attr, datefield, is_dt in ACT_SOURCES[:2]:
            qs = (
                _act_qs(model, datefield, is_dt, ctx)
                .filter(officer_b__isnull=True)
                .exclude(power_id__in=_power_ids(ctx, single_officer_basis__gt=""))
            )
            if model is PenaltyCase:
                qs = qs.filter(decided_on__isnull=False)
            for pk, unit, when in ctx.narrow(qs, attr).values_list("id", "unit_id", datefield).iterator():
                out.append(
                    Finding(
                        otype,
                        str(pk),
                        unit,
                        f"{_local_date(when):%Y-%m-%d}的执法行为只有一名执法人员，该职权无一人执法的法律依据",
                    )
                )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx) | {key(INSPECTION, i) for i in ctx.scope.inspections}


@register
class OnSpotOverLimit(Rule):
    code = "onspot_over_limit"
    title = "简易程序超限额罚款"
    severity = Severity.HIGH
    citation = ER.ART51
    object_type = CASE
    description = "简易程序（当场处罚）对公民罚款超过200元或对法人、其他组织罚款超过3000元。"
    watches = ("cases",)

    def find(self, ctx):
        qs = (
            _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of)
            .filter(
                procedure=Procedure.SIMPLE,
                fine_amount__gt=ER.ONSPOT_MAX_PERSON,  # a one-table filter first: the party is looked up for few rows
            )
            .filter(
                Q(party__kind=PartyKind.ORG, fine_amount__gt=ER.ONSPOT_MAX_ORG)
                | (~Q(party__kind=PartyKind.ORG) & Q(fine_amount__gt=ER.ONSPOT_MAX_PERSON))
            )
        )
        out = []
        for pk, unit, no, fine, kind in ctx.narrow(qs, "cases").values_list(
            "id", "unit_id", "case_no", "fine_amount", "party__kind"
        ):
            limit = ER.ONSPOT_MAX_ORG if kind == PartyKind.ORG else ER.ONSPOT_MAX_PERSON
            out.append(
                Finding(
                    CASE,
                    str(pk),
                    unit,
                    f"案件{no}适用简易程序罚款{fine}元，超过当场处罚限额{limit:.0f}元",
                    {"fine": str(fine)},
                )
            )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx)


@register
class DiscretionOutside(Rule):
    code = "discretion_outside"
    title = "超出裁量基准且未说明理由"
    severity = Severity.MEDIUM
    citation = ER.ART34
    object_type = CASE
    description = "罚款金额不在所选裁量阶次（未选阶次时：任何阶次）的基准范围内，且没有书面裁量说明。"
    watches = ("cases",)

    def find(self, ctx):
        inside_tier = DiscretionBenchmark.objects.filter(
            power_id=OuterRef("power_id"),
            tier=OuterRef("discretion_tier"),
            fine_min__lte=OuterRef("fine_amount"),
            fine_max__gte=OuterRef("fine_amount"),
        )
        inside_any = DiscretionBenchmark.objects.filter(
            power_id=OuterRef("power_id"), fine_min__lte=OuterRef("fine_amount"), fine_max__gte=OuterRef("fine_amount")
        )
        qs = _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of).filter(fine_amount__gt=0, discretion_reason="")
        with_tiers = sorted(
            DiscretionBenchmark.objects.filter(region_id=ctx.region_code).values_list("power_id", flat=True).distinct()
        )
        if not with_tiers:
            return []
        qs = qs.filter(power_id__in=with_tiers).filter(
            (~Q(discretion_tier="") & ~Exists(inside_tier)) | (Q(discretion_tier="") & ~Exists(inside_any))
        )
        return [
            Finding(
                CASE,
                str(pk),
                unit,
                f"案件{no}罚款{fine}元不在裁量基准{('（' + tier + '阶次）') if tier else ''}范围内，且未书面说明理由",
                {"fine": str(fine), "tier": tier},
            )
            for pk, unit, no, fine, tier in ctx.narrow(qs, "cases").values_list(
                "id", "unit_id", "case_no", "fine_amount", "discretion_tier"
            )
        ]

    def _covers(self, ctx):
        return _case_keys(ctx)


@register
class DeviceUnapproved(Rule):
    code = "device_unapproved"
    title = "使用未经审核或未公布的电子监控设备取证"
    severity = Severity.HIGH
    citation = ER.ART41
    object_type = CASE
    description = "处罚证据来自电子技术监控设备，而违法行为发生时该设备未经法制和技术审核，或设置地点未向社会公布。"
    watches = ("cases",)

    def find(self, ctx):
        from zhifa.enforcement.models import Device

        devices = sorted(Device.objects.filter(region_id=ctx.region_code).values_list("id", flat=True))
        if not devices:
            return []
        qs = PenaltyCase.objects.filter(
            region_id=ctx.region_code, device_id__in=devices, decided_on__lte=ctx.as_of
        ).filter(
            Q(device__approved_on__isnull=True)
            | Q(device__approved_on__gt=F("act_date"))
            | Q(device__published_on__isnull=True)
            | Q(device__published_on__gt=F("act_date"))
        )
        return [
            Finding(
                CASE,
                str(pk),
                unit,
                f"案件{no}以电子监控设备“{dev}”的记录为证据，违法行为发生时该设备未经审核或未公布",
                {"device": dev},
            )
            for pk, unit, no, dev in ctx.narrow(qs, "cases").values_list("id", "unit_id", "case_no", "device__name")
        ]

    def _covers(self, ctx):
        return _case_keys(ctx)


# ---- unit and region rules -----------------------------------------------------------------------
# Narrowed runs (as-of date unchanged) re-check only what a change can move: a new act can only clear
# a 零执法 unit/power alert or raise a unit's 参与率; certificates, designations and training rows move
# the person- and staff-based figures; power changes move the powers a unit holds.
def _ytd_acts(ctx) -> tuple[set[int], set[tuple[int, int]]]:
    """Units and (unit, power) pairs of the changed acts dated in the year up to as_of."""
    units, pairs = set(), set()
    for unit, power, day in ctx.scope.acts:
        if ctx.year_start <= day <= ctx.as_of:
            units.add(unit)
            if power is not None:
                pairs.add((unit, power))
    return units, pairs


def _live_keys(ctx, rule_code: str, units) -> set[str]:
    from .choices import LIVE_STATUSES
    from .models import Alert

    return set(
        Alert.objects.filter(
            region_id=ctx.region_code, rule_id=rule_code, unit_id__in=sorted(units), status__in=LIVE_STATUSES
        ).values_list("scope_key", flat=True)
    )


def _live_units(ctx, rule_code: str) -> set[int]:
    from .choices import LIVE_STATUSES
    from .models import Alert

    return set(
        Alert.objects.filter(region_id=ctx.region_code, rule_id=rule_code, status__in=LIVE_STATUSES).values_list(
            "unit_id", flat=True
        )
    )


class _Aggregate(Rule):
    kind = RuleKind.AGGREGATE

    def narrowed(self, ctx) -> bool:
        return ctx.scope is not None and not ctx.scope.aggregates_full

    def covers(self, ctx):
        if not self.narrowed(ctx):
            return None
        return self._covers(ctx)


@register
class ReviewersUnder5(_Aggregate):
    code = "reviewers_under_5pct"
    title = "法制审核人员不足5%"
    severity = Severity.MEDIUM
    citation = REVIEWER_CITE
    object_type = f"{UNIT}|{REGION}"
    description = "法制审核人员（检查日在任）少于本单位（及全区）持有效执法证件人员的5%。"
    watches = ("person_units",)

    def find(self, ctx):
        day = ctx.as_of
        certified = metrics.certified_by_unit(ctx.region_code, day)
        reviewers = defaultdict(int)
        designations = LegalReviewerDesignation.objects.filter(
            region_id=ctx.region_code, designated_on__lte=day
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        for unit, n in designations.values_list("unit_id").annotate(n=Count("person_id", distinct=True)).order_by():
            reviewers[unit] = n
        units = dict(units_active_on(ctx.region_code, day).values_list("id", "name"))
        out = []
        wanted = ctx.scope.person_units if self.narrowed(ctx) else None
        pct = policy.REVIEWER_RATIO_PERCENT
        for u, people in certified.items():
            if u not in units or (wanted is not None and u not in wanted):
                continue
            n, r = len(people), reviewers.get(u, 0)
            if n and r * 100 < pct * n:
                out.append(
                    Finding(
                        UNIT,
                        str(u),
                        u,
                        f"{units[u]}法制审核人员{r}人，占执法人员{n}人的{r / n:.1%}，低于{pct}%",
                        {"reviewers": r, "officers": n},
                    )
                )
        total_n = sum(len(p) for u, p in certified.items() if u in units)
        total_r = sum(n for u, n in reviewers.items() if u in units)
        if total_n and total_r * 100 < pct * total_n:
            out.append(
                Finding(
                    REGION,
                    ctx.region_code,
                    None,
                    f"全区法制审核人员{total_r}人，占执法人员{total_n}人的{total_r / total_n:.1%}，低于{pct}%",
                    {"reviewers": total_r, "officers": total_n},
                )
            )
        return out

    def _covers(self, ctx):
        return {key(UNIT, u) for u in ctx.scope.person_units} | {key(REGION, ctx.region_code)}


@register
class TrainingProjectedLow(_Aggregate):
    periodic = True
    code = "training_projected_low"
    title = "培训学时按进度不足"
    severity = Severity.LOW
    citation = TRAINING_CITE
    object_type = PERSON
    description = "持证人员本年已完成学时低于全年60学时按日历进度折算的应完成学时（自4月1日起检查；年末即不足60学时）。"
    watches = ("persons",)

    def find(self, ctx):
        if ctx.day_of_year < policy.TRAINING_RULE_FROM_DAY:
            return []
        days_in_year = (ctx.year_start.replace(year=ctx.as_of.year + 1) - ctx.year_start).days
        needed = (policy.TRAINING_HOURS_PER_YEAR * ctx.day_of_year / days_in_year).quantize(Decimal("0.1"))
        certified = metrics.certified_by_unit(ctx.region_code, ctx.as_of)
        person_unit = {p: u for u, ps in certified.items() for p in ps}
        if self.narrowed(ctx):
            person_unit = {p: u for p, u in person_unit.items() if p in ctx.scope.persons}
        hours = defaultdict(Decimal)
        att = TrainingAttendance.objects.filter(
            session__region_id=ctx.region_code, session__held_on__range=(ctx.year_start, ctx.as_of)
        )
        if self.narrowed(ctx):
            att = att.filter(person_id__in=sorted(person_unit))
        for pid, h in att.values_list("person_id").annotate(h=Sum("hours")).order_by():
            hours[pid] = h or Decimal("0")
        short = sorted(p for p in person_unit if hours[p] < needed)
        names = dict(Person.objects.filter(pk__in=short).values_list("id", "name")) if len(short) < 5000 else {}
        return [
            Finding(
                PERSON,
                str(p),
                person_unit[p],
                f"{names.get(p, p)}本年已培训{hours[p]}学时，按进度应不少于{needed}学时（全年{policy.TRAINING_HOURS_PER_YEAR}学时）",
                {"hours": str(hours[p]), "needed": str(needed)},
            )
            for p in short
        ]

    def _covers(self, ctx):
        return {key(PERSON, p) for p in ctx.scope.persons}


@register
class ZeroEnforcementUnit(_Aggregate):
    periodic = True
    code = "zero_enforcement_unit"
    title = "零执法单位"
    severity = Severity.MEDIUM
    citation = PERFORMANCE_CITE
    object_type = UNIT
    description = "持有执法类职权的单位本年度（至检查日）没有任何执法行为（检查、处罚决定、巡查、现场规范、教育改正）；自2月起检查。"
    watches = ("acts", "power_units")

    def find(self, ctx):
        if ctx.day_of_year < policy.ZERO_UNIT_FROM_DAY:
            return []
        units = None
        if self.narrowed(ctx):
            # A unit with a changed act in the year has acted: only power changes need a recount.
            units = ctx.scope.power_units - _ytd_acts(ctx)[0]
            if not units:
                return []
        figs = ctx.figures(units)
        return [
            Finding(
                UNIT, str(u), u, f"{f.name}本年至{ctx.as_of:%m月%d日}没有执法行为（持有执法职权{len(f.powers_held)}项）"
            )
            for u, f in sorted(figs.items())
            if f.powers_held and f.acts == 0
        ]

    def _covers(self, ctx):
        return {key(UNIT, u) for u in _ytd_acts(ctx)[0] | ctx.scope.power_units}


@register
class ZeroEnforcementPower(_Aggregate):
    periodic = True
    code = "zero_enforcement_power"
    title = "零执法职权"
    severity = Severity.LOW
    citation = PERFORMANCE_CITE
    object_type = POWER
    description = "单位持有（自有或下放承接）的执法类职权本年度（至检查日）从未行使；自7月起检查（对象键：职权@单位）。"
    watches = ("acts", "power_units")

    def find(self, ctx):
        if ctx.day_of_year < policy.ZERO_POWER_FROM_DAY:
            return []
        units = ctx.scope.power_units if self.narrowed(ctx) else None
        if units is not None and not units:
            return []
        figs = ctx.figures(units)
        ids = set().union(*(f.zero_powers for f in figs.values())) if figs else set()
        from zhifa.powers.models import Power

        names = dict(Power.objects.filter(pk__in=sorted(ids)).values_list("id", "code"))
        return [
            Finding(
                POWER,
                f"{p}@{u}",
                u,
                f"{f.name}持有的职权{names.get(p, p)}本年至{ctx.as_of:%m月%d日}未行使",
                {"power": p},
            )
            for u, f in sorted(figs.items())
            for p in sorted(f.zero_powers)
        ]

    def _covers(self, ctx):
        # (unit, power) pairs with a changed act in the year are exercised; power changes: the whole unit.
        pairs = {key(POWER, f"{p}@{u}") for u, p in _ytd_acts(ctx)[1]}
        return pairs | _live_keys(ctx, self.code, ctx.scope.power_units)


@register
class LowParticipation(_Aggregate):
    periodic = True
    code = "low_participation"
    title = "执法参与率低"
    severity = Severity.LOW
    citation = PERFORMANCE_CITE
    object_type = UNIT
    description = "单位执法参与率（本年有执法行为的持证人员 ÷ 持证人员）低于80%；自2月起检查。"
    watches = ("acts", "person_units")

    def _units(self, ctx) -> set[int]:
        # New acts only raise a rate: recount the units already flagged that acted, and units whose
        # certified staff changed (the denominator).
        return (_ytd_acts(ctx)[0] & _live_units(ctx, self.code)) | ctx.scope.person_units

    def find(self, ctx):
        if ctx.day_of_year < policy.LOW_PARTICIPATION_FROM_DAY:
            return []
        units = self._units(ctx) if self.narrowed(ctx) else None
        if units is not None and not units:
            return []
        pct = policy.LOW_PARTICIPATION_PERCENT
        figs = ctx.figures(units)
        return [
            Finding(
                UNIT,
                str(u),
                u,
                f"{f.name}执法参与率{f.participation_rate:.1%}（{f.officers_active}/{f.officers}），低于{pct}%",
                {"active": f.officers_active, "officers": f.officers},
            )
            for u, f in sorted(figs.items())
            if f.officers and f.officers_active * 100 < pct * f.officers
        ]

    def _covers(self, ctx):
        return {key(UNIT, u) for u in self._units(ctx)}


# ---- cross-record rules ------------------------------------------------------------------------
def _party_events(ctx) -> dict[int, list[tuple[dt.date, int]]]:
    """party -> sorted (local date, unit) of its non-joint inspections in the period, read once per run.

    The period is the as-of year plus the 29 days before it, so that a window ending in January is seen
    whole; a window belongs to the year in which it ends. One straight read of the year's inspections
    (55 000 rows in the demo year) feeds both 多头检查 and 重复检查; the sliding windows are then walked
    per party in Python (a window query in SQL costs more than the read on SQLite).
    """
    cached = getattr(ctx, "_party_events_cache", None)
    if cached is not None:
        return cached
    start = ctx.year_start - dt.timedelta(days=policy.MULTI_UNIT_WINDOW_DAYS - 1)
    base = (
        _rows(ctx, Inspection, started_at__gte=metrics.day_start(start), started_at__lt=metrics.day_after(ctx.as_of))
        .exclude(kind=InspectionKind.JOINT)
        .filter(joint_action__isnull=True)
    )
    if ctx.scope is not None:
        base = base.filter(party_id__in=sorted(ctx.scope.parties))
    # The timestamp as stored (UTC text): the local date changes on the hour at most, so only the
    # distinct "YYYY-MM-DD HH" prefixes (≤ 8 784 a year) are converted, not 55 000 datetimes.
    local: dict[str, dt.date] = {}
    events: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    rows = base.annotate(at_text=Cast("started_at", CharField())).values_list("party_id", "unit_id", "at_text")
    for party, unit, text in rows.iterator(chunk_size=5000):
        hour = text[:13]
        day = local.get(hour)
        if day is None:
            utc = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
            day = local[hour] = _local_date(utc)
        events[party].append((day, unit))
    for ev in events.values():
        ev.sort()
    ctx._party_events_cache = events
    return events


def _party_names(ids) -> dict[int, str]:
    from zhifa.enforcement.models import Party

    return dict(Party.objects.filter(pk__in=sorted(ids)).values_list("id", "name"))


def _windows(dates: list[tuple[dt.date, int]], days: int):
    """Yield (start, end, members) for every maximal run of events within ``days`` days (sorted input)."""
    j = 0
    for i in range(len(dates)):
        while dates[i][0] - dates[j][0] >= dt.timedelta(days=days):
            j += 1
        yield dates[j][0], dates[i][0], dates[j : i + 1]


@register
class MultiUnitInspection(Rule):
    periodic = True
    code = "multi_unit_inspection"
    title = "多头检查"
    kind = RuleKind.CROSS
    severity = Severity.MEDIUM
    citation = MULTI_CITE
    object_type = PARTY
    description = "同一检查对象在任意30日内被3个及以上不同单位分别检查（联合检查不计；窗口按结束日期归属年度）。"
    watches = ("parties",)

    def find(self, ctx):
        hits = {}
        for party, events in _party_events(ctx).items():
            if len({u for _, u in events}) < policy.MULTI_UNIT_MIN_UNITS:
                continue
            best = None
            for start, end, members in _windows(events, policy.MULTI_UNIT_WINDOW_DAYS):
                if end < ctx.year_start:
                    continue
                units = {u for _, u in members}
                if len(units) >= policy.MULTI_UNIT_MIN_UNITS and (best is None or len(units) > len(best[2])):
                    best = (start, end, units)
            if best:
                hits[party] = best
        names = _party_names(hits)
        return [
            Finding(
                PARTY,
                str(party),
                None,
                f"{names.get(party, party)}在{start:%Y-%m-%d}至{end:%Y-%m-%d}间被{len(units)}个单位分别检查，属多头检查",
                {"units": sorted(units), "from": start.isoformat(), "to": end.isoformat()},
            )
            for party, (start, end, units) in sorted(hits.items())
        ]

    def _covers(self, ctx):
        return {key(PARTY, p) for p in ctx.scope.parties}


@register
class RepeatedInspection(Rule):
    periodic = True
    code = "repeated_inspection"
    title = "同一单位重复检查"
    kind = RuleKind.CROSS
    severity = Severity.LOW
    citation = MULTI_CITE
    object_type = PARTY
    description = "同一单位在任意30日内对同一对象检查3次及以上（联合检查不计；窗口按结束日期归属年度）。"
    watches = ("parties",)

    def find(self, ctx):
        hits = {}
        for party, events in _party_events(ctx).items():
            if len(events) < policy.REPEAT_MIN_INSPECTIONS:
                continue
            by_unit: dict[int, list] = defaultdict(list)
            for e in events:
                by_unit[e[1]].append(e)
            for unit, ev in by_unit.items():
                if len(ev) < policy.REPEAT_MIN_INSPECTIONS:
                    continue
                runs = [
                    (s, e, len(m))
                    for s, e, m in _windows(ev, policy.REPEAT_WINDOW_DAYS)
                    if len(m) >= policy.REPEAT_MIN_INSPECTIONS and e >= ctx.year_start
                ]
                if runs:
                    hits[(party, unit)] = max(runs, key=lambda r: r[2])
        names = _party_names({p for p, _ in hits})
        return [
            Finding(
                PARTY,
                f"{party}@{unit}",
                unit,
                f"{names.get(party, party)}在{s:%Y-%m-%d}至{e:%Y-%m-%d}间被同一单位检查{n}次",
                {"party": party, "count": n},
                f"party-scope:{party}",
            )
            for (party, unit), (s, e, n) in sorted(hits.items())
        ]

    def covers(self, ctx):
        if ctx.scope is None:
            return None
        return {f"party-scope:{p}" for p in ctx.scope.parties}


def binomial_upper_tail(k: int, n: int) -> float:
    """P(X ≥ k) for X ~ Binomial(n, ½), exact (integers) up to n = 2000, normal approximation above."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if n <= 2000:
        return sum(math.comb(n, i) for i in range(k, n + 1)) / 2**n
    z = (k - 0.5 - n / 2) / math.sqrt(n / 4)
    return 0.5 * math.erfc(z / math.sqrt(2))


@register
class ThresholdGaming(Rule):
    periodic = True
    code = "threshold_gaming"
    title = "罚款金额集中于限额之下（规避程序）"
    kind = RuleKind.CROSS
    severity = Severity.MEDIUM
    citation = f"{ER.ART51}；{ER.ART63}"
    object_type = UNIT
    description = (
        "单位的罚款金额集中在当场处罚限额（公民200元、单位3000元）或听证标准之下：限额T下方[0.9T,T)的件数与相邻区间"
        "[0.8T,0.9T)比较，单侧二项检验（H0：p=1/2），两区间合计≥20件、上方区间占比≥75%且p<0.001时预警。恰为T的金额不计。"
    )
    watches = ("cases",)

    def find(self, ctx):
        counts, units = self._counts(ctx)
        ctx._gaming_moved = units
        flagged: dict[int, list[dict]] = defaultdict(list)
        for (unit, label), (upper, lower) in counts.items():
            if units is not None and unit not in units:
                continue
            n = upper + lower
            if n < policy.GAMING_MIN_N or upper < policy.GAMING_MIN_SHARE * n:
                continue
            p = binomial_upper_tail(upper, n)
            if p < policy.GAMING_P_VALUE:
                flagged[unit].append({"threshold": label, "upper": upper, "lower": lower, "p": p})
        names = dict(Unit.objects.filter(pk__in=list(flagged)).values_list("id", "name"))
        out = []
        for unit, tests in sorted(flagged.items()):
            desc = "；".join(
                f"{t['threshold']}：限额下方10%区间{t['upper']}件、相邻区间{t['lower']}件（p={t['p']:.1e}）"
                for t in tests
            )
            out.append(
                Finding(
                    UNIT, str(unit), unit, f"{names.get(unit, unit)}罚款金额集中于限额之下：{desc}", {"tests": tests}
                )
            )
        return out

    @staticmethod
    def _classify(counts, unit, kind, fine, thr_person, thr_org, n) -> bool:
        """Add ``n`` fines of ``fine`` to the unit's bands; False when the amount is in no band."""
        band = policy.GAMING_BAND
        lo = 1 - 2 * band
        org = kind == PartyKind.ORG
        tests = (
            ("简易程序单位3000元" if org else "简易程序公民200元", ER.ONSPOT_MAX_ORG if org else ER.ONSPOT_MAX_PERSON),
            ("听证标准（单位）" if org else "听证标准（公民）", thr_org if org else thr_person),
        )
        hit = False
        for label, t in tests:
            if t is not None and t * lo <= fine < t:
                counts[(unit, label)][0 if fine >= t * (1 - band) else 1] += n
                hit = True
        return hit

    def _recount(self, ctx, units=None) -> dict[tuple[int, str], list[int]]:
        """Band counts from the year's fines (of ``units`` only, if given), one grouped query."""
        lo = 1 - 2 * policy.GAMING_BAND
        base = _rows(ctx, PenaltyCase, decided_on__gte=ctx.year_start, decided_on__lte=ctx.as_of).filter(
            fine_amount__gt=0
        )
        if units is not None:
            base = base.filter(unit_id__in=sorted(units))
        in_band = Q(fine_amount__gte=ER.ONSPOT_MAX_PERSON * lo, fine_amount__lt=ER.ONSPOT_MAX_PERSON) | Q(
            fine_amount__gte=ER.ONSPOT_MAX_ORG * lo, fine_amount__lt=ER.ONSPOT_MAX_ORG
        )
        for field_name in ("power__hearing_threshold_person", "power__hearing_threshold_org"):
            t = F(field_name)
            in_band |= Q(**{f"{field_name}__isnull": False}) & Q(fine_amount__gte=t * lo, fine_amount__lt=t)
        rows = (
            base.filter(fine_amount__gte=ER.ONSPOT_MAX_PERSON * lo)
            .filter(in_band)
            .annotate(g_unit=Plain(F("unit_id"), output_field=IntegerField()))  # no index walk for the GROUP BY
            .values_list(
                "g_unit",
                "party__kind",
                "fine_amount",
                "power__hearing_threshold_person",
                "power__hearing_threshold_org",
            )
            .annotate(n=Count("id"))
            .order_by()
        )
        counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            self._classify(counts, *row)
        return counts

    def _counts(self, ctx):
        """(band counts, units whose counts may have moved or None for all).

        The counts are kept in GamingCount after each run. A narrowed run adds the fines of the cases
        inserted or newly dated into the window to the kept counts (no recount of the year) and
        recounts only the units of cases that were edited (their old amounts are unknown).
        """
        from .models import GamingCount

        year = ctx.as_of.year
        kept = GamingCount.objects.filter(region_id=ctx.region_code, year=year)
        prev = ctx.scope.prev_as_of if ctx.scope is not None else None
        usable = (
            ctx.scope is not None
            and prev is not None
            and prev.year == year
            and kept.exists()
            and not kept.exclude(as_of=prev).exists()
        )
        if not usable:
            counts = self._recount(ctx)
            self._keep(ctx, counts, None)
            return counts, None
        counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for unit, label, upper, lower in kept.values_list("unit_id", "label", "upper", "lower"):
            counts[(unit, label)] = [upper, lower]
        edited = ctx.scope.edited_cases
        # Only an edited case decided with a fine can have been counted (an open case has no fine yet).
        recount_units = set(
            PenaltyCase.objects.filter(ids_q("pk", edited), decided_on__isnull=False, fine_amount__gt=0).values_list(
                "unit_id", flat=True
            )
        )
        moved = set(recount_units)
        added = sorted(ctx.scope.cases - edited)
        rows = (
            PenaltyCase.objects.filter(
                pk__in=added, decided_on__gte=ctx.year_start, decided_on__lte=ctx.as_of, fine_amount__gt=0
            )
            .exclude(unit_id__in=sorted(recount_units))
            .values_list(
                "unit_id",
                "party__kind",
                "fine_amount",
                "power__hearing_threshold_person",
                "power__hearing_threshold_org",
            )
        )
        for unit, kind, fine, tp, to in rows:
            if self._classify(counts, unit, kind, fine, tp, to, 1):
                moved.add(unit)
        if recount_units:
            for k in [k for k in counts if k[0] in recount_units]:
                del counts[k]
            counts.update(self._recount(ctx, recount_units))
        self._keep(ctx, counts, moved)
        return counts, moved

    def _keep(self, ctx, counts, units) -> None:
        from .models import GamingCount

        kept = GamingCount.objects.filter(region_id=ctx.region_code, year=ctx.as_of.year)
        if units is None:
            kept.delete()
        else:
            kept.filter(unit_id__in=sorted(units)).delete()
            kept.update(as_of=ctx.as_of)
        GamingCount.objects.bulk_create(
            GamingCount(
                region_id=ctx.region_code,
                unit_id=u,
                year=ctx.as_of.year,
                label=label,
                upper=c[0],
                lower=c[1],
                as_of=ctx.as_of,
            )
            for (u, label), c in counts.items()
            if units is None or u in units
        )

    def relevant(self, scope) -> bool:
        return True  # cheap when nothing moved, and it keeps the counts' date current

    def covers(self, ctx):
        if ctx.scope is None:
            return None
        units = getattr(ctx, "_gaming_moved", None)
        return {key(UNIT, u) for u in units} if units is not None else None


@register
class InterferenceUnreported(Rule):
    code = "interference_unreported"
    title = "干预插手记录未按期报告"
    severity = Severity.HIGH
    citation = INTERFERENCE_CITE
    object_type = INTERFERENCE
    description = "干预插手记录自记录之日起5个工作日内未报告区司法局，或报告晚于期限（期限为平台设置）。"
    watches = ("interference",)
    time_based = True

    def find(self, ctx):
        n = policy.INTERFERENCE_REPORT_WORKING_DAYS
        cutoff = _cutoff(ctx.as_of, n)
        qs = InterferenceRecord.objects.filter(region_id=ctx.region_code, recorded_on__lte=ctx.as_of).filter(
            Q(reported_on__isnull=True, recorded_on__lte=cutoff) | Q(reported_on__isnull=False)
        )
        if ctx.scope is not None:
            prev = _cutoff(ctx.scope.prev_as_of, n) if ctx.scope.prev_as_of else cutoff
            qs = qs.filter(
                Q(pk__in=sorted(ctx.scope.interference))
                | Q(reported_on__isnull=True, recorded_on__gt=prev, recorded_on__lte=cutoff)
            )
        out = []
        for pk, unit, rec, rep in qs.values_list("id", "unit_id", "recorded_on", "reported_on"):
            due = calendar.add_working_days(rec, n)
            if rep is None:
                out.append(
                    Finding(
                        INTERFERENCE,
                        str(pk),
                        unit,
                        f"干预插手记录#{pk}于{rec:%Y-%m-%d}记录，应于{due:%Y-%m-%d}前报告，至今未报告",
                    )
                )
            elif rep > due:
                out.append(
                    Finding(
                        INTERFERENCE,
                        str(pk),
                        unit,
                        f"干预插手记录#{pk}于{rec:%Y-%m-%d}记录，{rep:%Y-%m-%d}才报告（期限{due:%Y-%m-%d}）",
                    )
                )
        return out

    def _covers(self, ctx):
        return {key(INTERFERENCE, i) for i in ctx.scope.interference}


@register
class ClueOverdue(Rule):
    code = "clue_overdue"
    title = "线索逾期未答复"
    severity = Severity.MEDIUM
    citation = CLUE_CITE
    object_type = CLUE
    description = "交办的线索超过答复期限（15个工作日）未答复，或答复晚于期限。"
    watches = ("clues",)
    time_based = True

    def find(self, ctx):
        from .models import Clue

        qs = Clue.objects.filter(region_id=ctx.region_code, received_on__lte=ctx.as_of).filter(
            Q(responded_on__isnull=True, response_due__lt=ctx.as_of) | Q(responded_on__gt=F("response_due"))
        )
        prev = ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of
        qs = ctx.narrow(qs, "clues", time_q=Q(response_due__gte=prev, response_due__lt=ctx.as_of))
        return [
            Finding(
                CLUE,
                str(pk),
                unit,
                f"线索#{pk}（{rec:%Y-%m-%d}接收）答复期限{due:%Y-%m-%d}，{'逾期答复' if rep else '逾期未答复'}",
            )
            for pk, unit, rec, due, rep in qs.values_list(
                "id", "unit_id", "received_on", "response_due", "responded_on"
            )
        ]

    def _covers(self, ctx):
        return {key(CLUE, i) for i in ctx.scope.clues}


@register
class RectificationOverdue(Rule):
    code = "rectification_overdue"
    title = "整改逾期未反馈"
    severity = Severity.MEDIUM
    citation = RECT_CITE
    object_type = RECT
    description = "整改通知的期限（工作日）届满，单位仍未反馈整改情况。"
    watches = ("rectifications",)
    time_based = True

    def find(self, ctx):
        from .choices import RectificationStatus
        from .models import Rectification

        qs = Rectification.objects.filter(
            region_id=ctx.region_code,
            issued_on__lte=ctx.as_of,
            deadline__lt=ctx.as_of,
            status__in=[RectificationStatus.NOTICE, RectificationStatus.REJECTED],
        )
        prev = ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of
        qs = ctx.narrow(qs, "rectifications", time_q=Q(deadline__gte=prev, deadline__lt=ctx.as_of))
        return [
            Finding(RECT, str(pk), unit, f"整改通知{no}期限{due:%Y-%m-%d}已届满，单位未反馈整改情况")
            for pk, unit, no, due in qs.values_list("id", "unit_id", "notice_no", "deadline")
        ]

    def _covers(self, ctx):
        return {key(RECT, i) for i in ctx.scope.rectifications}


@register
class CalendarYearUnknown(Rule):
    code = "calendar_year_unknown"
    title = "节假日安排未录入"
    kind = RuleKind.AGGREGATE
    severity = Severity.HIGH
    citation = CALENDAR_CITE
    object_type = REGION
    description = "在办案件的期限（决定期限，或检查日起九十日内）落入尚未录入节假日安排的年度，工作日期限将无法计算。"
    watches = ("cases",)

    def find(self, ctx):
        horizon = (ctx.as_of + dt.timedelta(days=ER.DECISION_DAYS)).year
        years = set(
            PenaltyCase.objects.filter(
                region_id=ctx.region_code,
                decided_on__isnull=True,
                status__in=OPEN_CASE_STATUSES,
                decision_due__isnull=False,
            )
            .values_list("decision_due__year", flat=True)
            .distinct()
        )
        years.add(horizon)
        missing = sorted(y for y in years if not calendar.year_known(y))
        if not missing:
            return []
        return [
            Finding(
                REGION,
                ctx.region_code,
                None,
                f"{'、'.join(map(str, missing))}年节假日安排尚未录入，在办案件的工作日期限将无法计算，请录入国务院办公厅节假日安排通知",
                {"years": missing},
            )
        ]

    def covers(self, ctx):
        return None if ctx.scope is None else {key(REGION, ctx.region_code)}


def catalogue() -> list[Rule]:
    return [REGISTRY[c] for c in sorted(REGISTRY)]
