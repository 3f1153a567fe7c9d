"""Record rules that the workflow also guards: the scan asks the workflow's own rule functions.

Each rule here narrows the region's records to candidates with set-based queries (a superset of the
records that can break the rule), builds their facts with ``enforcement.facts`` in batches, and asks
the functions in ``enforcement.rules`` that guard ``case_transition``, at the steps the workflow runs
them (``workflow.recorded_steps``: the same transition table), on the same dates, with the same
``Reference``. An alert is raised when a function returns a blocking violation whose code the rule
reports. No legal condition is written here: only which functions and violation codes make the alert,
and queries that are allowed to find too much, never too little.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from django.db.models import Exists, F, Min, OuterRef, Q

from zhifa.enforcement import facts as EF
from zhifa.enforcement import rules as ER
from zhifa.enforcement import rules_coercion as EC
from zhifa.enforcement import workflow as W
from zhifa.enforcement.choices import PartyKind, Procedure
from zhifa.enforcement.facts_acts import execution_facts, measure_facts
from zhifa.enforcement.models import (
    CoerciveMeasure,
    EnforcementExecution,
    Hearing,
    Inspection,
    OtherAct,
    PenaltyCase,
    Recording,
)
from zhifa.metrics import base as metrics
from zhifa.org.models import Certificate, Person
from zhifa.powers.models import DiscretionBenchmark

from ..choices import Severity
from ..sql import plain_alias
from .base import (
    CASE,
    INSPECTION,
    OPEN_CASE_STATUSES,
    OTHER,
    Finding,
    Rule,
    _case_keys,
    _local_date,
    _rows,
    key,
    powers_where,
    register,
)

MEASURE, EXECUTION = "enforcement.coercivemeasure", "enforcement.enforcementexecution"
BATCH = 2000  # cases whose facts are built together (one query per kind of related record)
NO_PENALTY = sorted(ER.NO_PENALTY_OUTCOMES)


class WorkflowRule(Rule):
    """A supervision rule whose verdict is that of ``checks`` (enforcement.rules functions) on a record."""

    elsewhere = True

    checks: tuple = ()  # the enforcement.rules functions asked
    codes: frozenset[str] = frozenset()  # the violation codes this alert reports
    # Also judge an open case as if it were decided on the as-of day (办案超期 of a pending case).
    judge_open = False

    def case_candidates(self, ctx):
        """PenaltyCase rows that may break the rule (a superset); None: the rule has no case side."""
        return None

    def find(self, ctx):
        qs = self.case_candidates(ctx)
        return [] if qs is None else self.judge_cases(ctx, ctx.narrow(qs, "cases", steps=self.judges_steps))

    @property
    def judges_steps(self) -> bool:
        """Whether a check runs at a step before the decision (filing, investigation, notification), by the
        workflow's transition table: a moved date must then re-check the cases filed or notified since."""
        dates = {t.date_field or "filed_on" for t in W.TRANSITIONS.values() if set(t.rules) & set(self.checks)}
        return not dates <= {"decided_on", "delivered_on", "paid_on", "closed_on"}

    # ---- verdicts ------------------------------------------------------------------------------
    def violations(self, transition, facts, ref) -> list:
        return [
            v
            for fn in self.checks
            if fn in transition.rules
            for v in ER.blocking(fn(facts, ref))
            if v.code in self.codes
        ]

    def judge_case(self, ctx, case, facts) -> list:
        """The violations at each step the case took up to the as-of day (and, if open, deciding that day)."""
        found, seen = [], set()
        steps = [(t, day) for t, day in W.recorded_steps(case) if day <= ctx.as_of]
        if self.judge_open and case.decided_on is None and case.status in OPEN_CASE_STATUSES:
            steps.append((W.decision_transition(case.procedure, case.outcome), ctx.as_of))
        for t, day in steps:
            if not any(fn in t.rules for fn in self.checks):
                continue
            f = facts if facts.on_date == day else replace(facts, on_date=day)
            for v in self.violations(t, f, ctx.ref):
                if (v.code, v.message) not in seen:
                    seen.add((v.code, v.message))
                    found.append(v)
        return found

    def judge_cases(self, ctx, qs) -> list[Finding]:
        out = []
        for chunk, facts in _cases_with_facts(ctx, qs):
            for case, f in zip(chunk, facts, strict=True):
                found = self.judge_case(ctx, case, f)
                if found:
                    out.append(
                        Finding(
                            CASE,
                            str(case.pk),
                            case.unit_id,
                            f"案件{case.case_no}：{'；'.join(v.message for v in found)}",
                            {"violations": sorted({v.code for v in found})},
                        )
                    )
        return out

    def judge_acts(self, ctx, qs, otype: str) -> list[Finding]:
        """Inspections / other acts: the services run officers_certified when the act is recorded; 音像记录
        come after the act, so recording_required is asked of the saved act only."""
        out = []
        for chunk in _rows_of(qs):
            for act, f in zip(chunk, EF.act_facts(chunk), strict=True):
                found = [v for fn in self.checks for v in ER.blocking(fn(f, ctx.ref)) if v.code in self.codes]
                if found:
                    out.append(
                        Finding(
                            otype,
                            str(act.pk),
                            act.unit_id,
                            f"{f.on_date:%Y-%m-%d}的执法行为：{'；'.join(v.message for v in found)}",
                            {"violations": sorted({v.code for v in found})},
                        )
                    )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx)


def _rows_of(qs):
    """Batches of model rows: from a queryset, or from (model, ids) that a Python pass narrowed to."""
    if isinstance(qs, tuple):
        model, ids = qs
        for i in range(0, len(ids), BATCH):
            yield list(model.objects.filter(pk__in=ids[i : i + BATCH]).order_by("pk"))
        return
    yield from _batches(qs.order_by("pk").iterator(chunk_size=BATCH))


CASE_MEMO = 30_000  # cases (with their facts) a run keeps for the next rule: a month's window of a large district


def _cases_with_facts(ctx, qs):
    """(cases, their CaseFacts as of the run's day) in batches of BATCH, in id order. Several rules judge the same
    cases (a month's window, for each rule whose candidates it holds): a case and its facts built for one rule are
    kept for the run (up to CASE_MEMO of them) and given to the next one, which then reads only the ids its query
    selects. Nothing a run reads changes during it (a scan writes alerts only), and facts are not modified by the
    rules (``judge_case`` moves a copy to each step's day)."""
    memo = ctx.__dict__.setdefault("_case_memo", {})  # pk -> (case, facts)
    if isinstance(qs, tuple):
        model, ids = qs
        ids = sorted(ids)
    else:
        model, ids = qs.model, list(qs.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        batch = ids[i : i + BATCH]
        missing = [pk for pk in batch if pk not in memo]
        if missing:
            rows = list(model.objects.filter(pk__in=missing).order_by("pk"))
            built = {c.pk: (c, f) for c, f in zip(rows, EF.case_facts(rows, as_of=ctx.as_of), strict=True)}
            if len(memo) + len(built) <= CASE_MEMO:
                memo.update(built)
        else:
            built = {}
        pairs = [memo.get(pk) or built.get(pk) for pk in batch]
        pairs = [p for p in pairs if p is not None]  # (a case deleted between the two reads)
        yield [c for c, _f in pairs], [f for _c, f in pairs]


def _batches(rows: Iterable, n: int = BATCH):
    chunk = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _decided(ctx):
    return _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of)


def _with_step(ctx):
    """Cases with a step dated on or before the as-of day (filed, or decided on the spot).

    The region is written plain too: a narrowed run's ids and dated window (``Ctx.narrow``) or the officers then
    drive the query through their indexes, not a walk of every case of the region through a region index."""
    qs = plain_alias(PenaltyCase.objects.all(), "region_id", "filed_on", "decided_on")
    return qs.filter(plain_region_id=ctx.region_code).filter(
        Q(plain_filed_on__lte=ctx.as_of) | Q(plain_decided_on__lte=ctx.as_of)
    )


# ---- 第六十条 -------------------------------------------------------------------------------------
@register
class CaseOverdue(WorkflowRule):
    code = "case_overdue"
    title = "办案超期"
    severity = Severity.HIGH
    citation = ER.ART60
    object_type = CASE
    description = (
        "普通程序案件自立案之日起九十日（含经批准延长的期限）内未作出决定，或决定晚于期限（decision_deadline）。"
    )
    watches = ("cases",)
    time_based = True
    checks = (ER.decision_deadline,)
    codes = frozenset({"deadline.decision"})
    judge_open = True

    def case_candidates(self, ctx):
        base = _rows(ctx, PenaltyCase, filed_on__lte=ctx.as_of).filter(procedure=Procedure.ORDINARY)
        base = plain_alias(base, "decided_on", "status")
        pending = Q(plain_decided_on__isnull=True, plain_status__in=OPEN_CASE_STATUSES) & (
            Q(decision_due__lt=ctx.as_of) | self.UNSURE
        )
        late = Q(plain_decided_on__isnull=False, plain_decided_on__lte=ctx.as_of) & (
            Q(plain_decided_on__gt=F("decision_due")) | self.UNSURE
        )
        return base.filter(pending | late)

    # The stored decision_due is the rule's deadline unless it is missing or counts an unapproved extension.
    UNSURE = Q(decision_due__isnull=True) | (Q(extension_days__gt=0) & Q(extension_approved_by=""))

    def find(self, ctx):
        prev = ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of
        # A moved date: the stored deadline fell since the last scan, or an open case's deadline is computed
        # (judged as if decided on the as-of day).
        moved = Q(decision_due__gte=prev, decision_due__lt=ctx.as_of) | (Q(decided_on__isnull=True) & self.UNSURE)
        qs = ctx.narrow(self.case_candidates(ctx), "cases", time_q=moved)
        return self.judge_cases(ctx, qs)


# ---- 第五十八条 -----------------------------------------------------------------------------------
@register
class LegalReviewMissing(WorkflowRule):
    code = "legal_review_missing"
    title = "应审未审（重大执法决定未经法制审核）"
    severity = Severity.HIGH
    citation = ER.ART58
    object_type = CASE
    description = (
        "普通程序处罚决定属于应当法制审核的情形（决定日有效的审核事项清单、重大执法决定、经过听证），决定前最近一次"
        "法制审核缺失、未通过，或审核人当日不是确定的法制审核人员（legal_review_done）。不予处罚决定不在此列。"
    )
    watches = ("cases",)
    checks = (ER.legal_review_done,)
    codes = frozenset(
        {"review.missing", "review.rejected", "review.no_conclusion", "review.not_designated", "review.unqualified"}
    )

    def case_candidates(self, ctx):
        held = Hearing.objects.filter(case_id=OuterRef("pk"), held_on__isnull=False)
        return (
            _decided(ctx)
            .filter(procedure=Procedure.ORDINARY)
            .exclude(outcome__in=NO_PENALTY)
            .filter(
                Q(is_major=True)
                | Q(power_id__in=powers_where(ctx, "requires_legal_review"))
                | Exists(held)  # 第五十八条第（二）项: 经过听证程序
            )
        )


# ---- 第三十六条 -----------------------------------------------------------------------------------
@register
class ActDateMissing(WorkflowRule):
    code = "act_date_missing"
    title = "处罚决定未记载违法行为发生日期"
    severity = Severity.MEDIUM
    citation = ER.ART36
    object_type = CASE
    description = (
        "给予处罚的决定没有违法行为发生日期（报送的记录未填写），不能确认违法行为在二年（五年）追责时效内"
        "被发现（limitation_period）。"
    )
    watches = ("cases",)
    checks = (ER.limitation_period,)
    codes = frozenset({"limitation.act_date_missing"})

    def case_candidates(self, ctx):
        return _decided(ctx).filter(act_date__isnull=True).exclude(outcome__in=NO_PENALTY)


# ---- 国办发〔2018〕118号 全过程记录 ----------------------------------------------------------------------
@register
class RecordingMissing(WorkflowRule):
    code = "recording_missing"
    title = "应当音像记录而未记录"
    severity = Severity.MEDIUM
    citation = ER.GUOBAN118_RECORD
    object_type = f"{CASE}|{INSPECTION}"
    description = "职权在决定日（检查日）须全程音像记录（查封扣押、强制拆除等）的处罚决定或检查没有音像记录（recording_required）。"
    watches = ("cases", "inspections")
    checks = (ER.recording_required,)
    codes = frozenset({"recording.missing"})

    def find(self, ctx):
        powers = powers_where(ctx, "requires_recording")
        if not powers:
            return []
        cases = _decided(ctx).filter(power_id__in=powers)
        cases = cases.filter(~Exists(Recording.objects.filter(case_id=OuterRef("pk"))))
        out = self.judge_cases(ctx, ctx.narrow(cases, "cases", steps=self.judges_steps))
        insp = _rows(ctx, Inspection, started_at__lt=metrics.day_after(ctx.as_of)).filter(power_id__in=powers)
        insp = insp.filter(~Exists(Recording.objects.filter(inspection_id=OuterRef("pk"))))
        return out + self.judge_acts(ctx, ctx.narrow(insp, "inspections"), INSPECTION)

    def _covers(self, ctx):
        return _case_keys(ctx) | {key(INSPECTION, i) for i in ctx.scope.inspections}


# ---- 第四十二条 -----------------------------------------------------------------------------------
ACT_SOURCES = (
    (INSPECTION, Inspection, "inspections", "started_at"),
    (OTHER, OtherAct, "other_acts", "occurred_at"),
)


def _earliest_act(ctx) -> dt.date | None:
    days = []
    for model, datefield in ((PenaltyCase, "filed_on"), (PenaltyCase, "decided_on"), (Inspection, "started_at")):
        v = model.objects.filter(region_id=ctx.region_code).aggregate(m=Min(datefield))["m"]  # index: one probe
        if v is not None:
            days.append(_local_date(v))
    v = OtherAct.objects.filter(region_id=ctx.region_code).aggregate(m=Min("occurred_at"))["m"]
    if v is not None:
        days.append(_local_date(v))
    return min(days) if days else None


def _acts(ctx, model, datefield):
    return _rows(ctx, model, **{f"{datefield}__lt": metrics.day_after(ctx.as_of)})


class _OfficerRule(WorkflowRule):
    checks = (ER.officers_certified,)

    def officer_filter(self, ctx) -> Q | None:
        raise NotImplementedError

    def find(self, ctx):
        who = self.officer_filter(ctx)
        if who is None:
            return []
        persons = sorted(ctx.scope.sql_ids("persons")) if ctx.scope is not None and "persons" in self.watches else []

        def pick(base, attr):
            qs = ctx.narrow(base, attr)
            if persons:
                qs = qs | base.filter(Q(officer_a__in=persons) | Q(officer_b__in=persons))
            return qs.filter(who)

        out = self.judge_cases(ctx, self.narrow_cases(ctx, pick(_with_step(ctx), "cases")))
        for otype, model, attr, datefield in self.act_sources:
            qs = self.narrow_acts(ctx, model, datefield, pick(_acts(ctx, model, datefield), attr))
            out += self.judge_acts(ctx, qs, otype)
        return out

    def narrow_cases(self, ctx, qs):
        return qs

    def narrow_acts(self, ctx, model, datefield, qs):
        return qs

    def _covers(self, ctx):
        s = ctx.scope
        keys = {key(CASE, i) for i in s.cases}
        for otype, _model, attr, _datefield in self.act_sources:
            keys |= {key(otype, i) for i in getattr(s, attr)}
        persons = sorted(s.sql_ids("persons"))
        if persons and "persons" in self.watches:
            for otype, model in ((CASE, PenaltyCase), *((o, m) for o, m, _a, _d in self.act_sources)):
                ids = (
                    model.objects.filter(region_id=ctx.region_code)
                    .filter(Q(officer_a__in=persons) | Q(officer_b__in=persons))
                    .values_list("id", flat=True)
                )
                keys |= {key(otype, i) for i in ids}
        return keys


@register
class OfficerUncertified(_OfficerRule):
    code = "officer_uncertified"
    title = "无有效执法证件人员执法"
    severity = Severity.HIGH
    citation = f"{ER.ART42}；《天津市行政执法监督规定》第十条"
    object_type = f"{CASE}|{INSPECTION}|{OTHER}"
    description = "案件各环节（立案、调查、告知、决定）、检查、巡查/现场规范/教育改正的执法人员在当日没有有效的行政执法证件（officers_certified）。"
    watches = ("cases", "inspections", "other_acts", "persons")
    codes = frozenset({"officers.no_certificate"})
    act_sources = ACT_SOURCES

    def officer_filter(self, ctx):
        # A person holding one certificate in force from before the earliest act up to as_of cannot be the
        # cause: only acts by the other persons are asked about.
        earliest = _earliest_act(ctx)
        if earliest is None:
            return None
        covered = (
            Certificate.objects.filter(region_id=ctx.region_code, issued_on__lte=earliest, valid_until__gte=ctx.as_of)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=ctx.as_of))
            .exclude(status="suspended", suspended_on__lte=ctx.as_of)
            .values_list("holder_id", flat=True)
        )
        suspects = sorted(
            set(Person.objects.filter(region_id=ctx.region_code).values_list("id", flat=True)) - set(covered)
        )
        return Q(officer_a__in=suspects) | Q(officer_b__in=suspects)

    # A second, cheaper pass in Python before facts are built: keep the rows where an officer has no
    # certificate in force on one of the row's dates (the Reference's intervals, as the rule reads them).
    def _lapsed(self, ctx, officers, days) -> bool:
        cert = ctx.ref.certificate_active
        return any(not cert(p, d) for p in officers if p is not None for d in days if d is not None and d <= ctx.as_of)

    def narrow_cases(self, ctx, qs):
        rows = qs.values_list("id", "officer_a_id", "officer_b_id", "filed_on", "notified_on", "decided_on")
        ids = sorted(r[0] for r in rows.iterator(chunk_size=5000) if self._lapsed(ctx, r[1:3], r[3:]))
        return (PenaltyCase, ids)  # (in id order whichever index the query took: the batches are judged in it)

    def narrow_acts(self, ctx, model, datefield, qs):
        rows = qs.values_list("id", "officer_a_id", "officer_b_id", datefield)
        ids = sorted(r[0] for r in rows.iterator(chunk_size=5000) if self._lapsed(ctx, r[1:3], (_local_date(r[3]),)))
        return (model, ids)


# 行政强制 records the services check with the same officers rule before they are written (rules_coercion):
# (object type, model, scope attribute, the function, its facts builder, the row's date).
COERCION_SOURCES = (
    (MEASURE, CoerciveMeasure, "measures", EC.measure_procedure, measure_facts, "decided_on"),
    (EXECUTION, EnforcementExecution, "executions", EC.execution_officers, execution_facts, "demand_on"),
)


@register
class SingleOfficer(_OfficerRule):
    code = "single_officer"
    title = "一人执法"
    severity = Severity.HIGH
    citation = f"{ER.ART42}；{EC.ART18_2}"
    object_type = f"{CASE}|{INSPECTION}|{OTHER}|{MEASURE}|{EXECUTION}"
    description = (
        "案件环节、检查、巡查/现场规范/教育改正只有一名执法人员，且该职权当日没有法律规定可以一人执法（《行政处罚法》"
        "第四十二条）；查封、扣押、冻结或者强制执行只有一名执法人员（《行政强制法》第十八条第（二）项）（officers_certified）。"
    )
    watches = ("cases", "inspections", "other_acts", "measures", "executions")
    codes = frozenset({"officers.too_few"})
    act_sources = ACT_SOURCES

    def officer_filter(self, ctx):
        one = Q(officer_b__isnull=True) | Q(officer_b=F("officer_a"))
        return one & ~Q(power_id__in=powers_where(ctx, "single_officer_basis", always=True))

    def find(self, ctx):
        out = super().find(ctx)
        one = Q(officer_b__isnull=True) | Q(officer_b=F("officer_a"))  # 第十八条 has no exception: every power
        for otype, model, attr, check, build, datefield in COERCION_SOURCES:
            qs = model.objects.filter(region_id=ctx.region_code, **{f"{datefield}__lte": ctx.as_of}).filter(one)
            for row in ctx.narrow(qs, attr).order_by("pk"):
                found = [v for v in ER.blocking(check(build(row), ctx.ref)) if v.code in self.codes]
                if found:
                    out.append(
                        Finding(
                            otype,
                            str(row.pk),
                            row.unit_id,
                            f"{row._meta.verbose_name}{row.decision_no}：{'；'.join(v.message for v in found)}",
                            {"violations": sorted({v.code for v in found})},
                        )
                    )
        return out

    def _covers(self, ctx):
        keys = super()._covers(ctx)
        for otype, _model, attr, *_rest in COERCION_SOURCES:
            keys |= {key(otype, i) for i in getattr(ctx.scope, attr)}
        return keys


# ---- 第五十一条 -----------------------------------------------------------------------------------
@register
class OnSpotOverLimit(WorkflowRule):
    code = "onspot_over_limit"
    title = "简易程序超限额罚款"
    severity = Severity.HIGH
    citation = ER.ART51
    object_type = CASE
    description = "简易程序（当场处罚）对公民罚款超过200元或对法人、其他组织罚款超过3000元（onspot_limits）。"
    watches = ("cases",)
    checks = (ER.onspot_limits,)
    codes = frozenset({"onspot.limit"})

    def case_candidates(self, ctx):
        # A one-table filter first: the party is looked up for few rows.
        return (
            _decided(ctx)
            .filter(procedure=Procedure.SIMPLE, fine_amount__gt=min(ER.ONSPOT_MAX_PERSON, ER.ONSPOT_MAX_ORG))
            .filter(Q(fine_amount__gt=ER.ONSPOT_MAX_ORG) | ~Q(party__kind=PartyKind.ORG))
        )


# ---- 第三十四条 -----------------------------------------------------------------------------------
@register
class DiscretionOutside(WorkflowRule):
    code = "discretion_outside"
    title = "超出裁量基准且未说明理由"
    severity = Severity.MEDIUM
    citation = ER.ART34
    object_type = CASE
    description = (
        "罚款金额不在所选裁量阶次（未选阶次时：任何阶次）的基准范围内，且没有书面裁量说明（discretion_benchmark）。"
    )
    watches = ("cases",)
    checks = (ER.discretion_benchmark,)
    codes = frozenset({"discretion.outside"})

    def case_candidates(self, ctx):
        with_tiers = sorted(
            DiscretionBenchmark.objects.filter(region_id=ctx.region_code).values_list("power_id", flat=True).distinct()
        )
        if not with_tiers:
            return None
        inside_tier = DiscretionBenchmark.objects.filter(
            power_id=OuterRef("power_id"),
            tier=OuterRef("discretion_tier"),
            fine_min__lte=OuterRef("fine_amount"),
            fine_max__gte=OuterRef("fine_amount"),
        )
        inside_any = DiscretionBenchmark.objects.filter(
            power_id=OuterRef("power_id"), fine_min__lte=OuterRef("fine_amount"), fine_max__gte=OuterRef("fine_amount")
        )
        return (
            _decided(ctx)
            .filter(fine_amount__gt=0, power_id__in=with_tiers)
            .filter((~Q(discretion_tier="") & ~Exists(inside_tier)) | (Q(discretion_tier="") & ~Exists(inside_any)))
        )


# ---- 第四十一条 -----------------------------------------------------------------------------------
@register
class DeviceUnapproved(WorkflowRule):
    code = "device_unapproved"
    title = "使用未经审核或未公布的电子监控设备取证"
    severity = Severity.HIGH
    citation = ER.ART41
    object_type = CASE
    description = "处罚证据来自电子技术监控设备，而违法行为发生时该设备未经法制和技术审核，或设置地点未向社会公布（device_evidence）。"
    watches = ("cases",)
    checks = (ER.device_evidence,)
    codes = frozenset({"device.unknown", "device.not_approved", "device.not_published"})

    def case_candidates(self, ctx):
        return _decided(ctx).filter(
            Q(device__isnull=False)
            & (
                ~Q(device__region_id=ctx.region_code)
                | Q(device__approved_on__isnull=True)
                | Q(device__approved_on__gt=F("act_date"))
                | Q(device__published_on__isnull=True)
                | Q(device__published_on__gt=F("act_date"))
            )
        )
