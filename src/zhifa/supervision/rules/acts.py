"""Record rules for 行政强制 and 行政许可: candidates by query, verdict from the enforcement rule functions.

- ``coercion_overdue``: a 查封/扣押/冻结 past its term (30 days, or the approved extension) not lifted, or
  lifted late: ``rules_coercion.measure_overdue`` (《行政强制法》第二十五条、第二十七条、第二十八条).
- ``licence_late``: a 行政许可 decided after its deadline, or undecided past it: ``rules_licensing.licence_deadline``
  (《行政许可法》第四十二条、第八十二条).
- ``act_disclosure_late``: the disclosure of a 行政强制 or 行政许可 decision not published in its period
  (7 or 20 working days, 国办发〔2018〕118号): ``disclosure.disclosure_lateness``.

The queries may find too much, never too little; no legal condition is restated here.
"""

from __future__ import annotations

from django.db.models import F, Q

from zhifa.enforcement import disclosure as DS
from zhifa.enforcement import rules_coercion as C
from zhifa.enforcement import rules_licensing as L
from zhifa.enforcement.choices import DisclosureStatus
from zhifa.enforcement.facts_acts import licence_facts, measure_facts
from zhifa.enforcement.models import CoerciveMeasure, Disclosure, LicenceDecision

from ..choices import Severity
from .base import Finding, Rule, key, register

MEASURE, LICENCE, DISCLOSURE = "enforcement.coercivemeasure", "enforcement.licencedecision", "enforcement.disclosure"


def _time_q(ctx, field: str) -> Q:
    """Rows whose deadline fell since the previous scan: new findings on unchanged rows."""
    prev = ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of
    return Q(**{f"{field}__gte": prev, f"{field}__lt": ctx.as_of})


def _verdict(vs, codes) -> list:
    return [v for v in vs if v.code in codes]


@register
class CoercionOverdue(Rule):
    elsewhere = True
    code = "coercion_overdue"
    title = "查封扣押冻结超期未解除"
    severity = Severity.HIGH
    citation = C.ART27_28
    object_type = MEASURE
    description = (
        "查封、扣押、冻结的期限不得超过30日，经负责人批准可延长一次、不超过30日；期限届满（含书面告知的检测检验期间）"
        "仍未解除，或届满后才解除。"
    )
    watches = ("measures",)
    time_based = True

    def find(self, ctx):
        qs = CoerciveMeasure.objects.filter(region_id=ctx.region_code, due_on__lt=ctx.as_of).filter(
            Q(lifted_on__isnull=True) | Q(lifted_on__gt=F("due_on"))
        )
        qs = ctx.narrow(qs, "measures", time_q=_time_q(ctx, "due_on"))
        out = []
        for m in qs.order_by("pk"):
            found = _verdict(
                C.measure_overdue(measure_facts(m, on_date=ctx.as_of, recordings=0), ctx.ref), {"coercion.overdue"}
            )
            if found:
                out.append(
                    Finding(
                        MEASURE,
                        str(m.pk),
                        m.unit_id,
                        f"{m.get_kind_display()}决定{m.decision_no}：{'；'.join(v.message for v in found)}",
                        {"due_on": m.due_on.isoformat(), "violations": ["coercion.overdue"]},
                    )
                )
        return out

    def _covers(self, ctx):
        return {key(MEASURE, i) for i in ctx.scope.measures}


@register
class LicenceLate(Rule):
    elsewhere = True
    code = "licence_late"
    title = "行政许可超期未决定"
    severity = Severity.MEDIUM
    citation = L.ART42
    object_type = LICENCE
    description = "行政许可应当自受理之日起20个工作日内作出决定，经负责人批准可延长10个工作日；超期作出或超期未作出。"
    watches = ("licences",)
    time_based = True

    def find(self, ctx):
        qs = LicenceDecision.objects.filter(region_id=ctx.region_code, due_on__lt=ctx.as_of).filter(
            Q(decided_on__isnull=True) | Q(decided_on__gt=F("due_on"))
        )
        qs = ctx.narrow(qs, "licences", time_q=_time_q(ctx, "due_on"))
        out = []
        for x in qs.order_by("pk"):
            found = _verdict(L.licence_deadline(licence_facts(x, on_date=ctx.as_of), ctx.ref), {"licence.late"})
            if found:
                out.append(
                    Finding(
                        LICENCE,
                        str(x.pk),
                        x.unit_id,
                        f"行政许可{x.application_no}（{x.subject}）：{'；'.join(v.message for v in found)}",
                        {"due_on": x.due_on.isoformat(), "violations": ["licence.late"]},
                    )
                )
        return out

    def _covers(self, ctx):
        return {key(LICENCE, i) for i in ctx.scope.licences}


@register
class ActDisclosureLate(Rule):
    elsewhere = True
    code = "act_disclosure_late"
    title = "行政强制、行政许可决定未按期公示"
    severity = Severity.MEDIUM
    citation = C.R.GUOBAN118_DISCLOSE
    object_type = DISCLOSURE
    description = (
        "行政许可决定应自决定之日起7个工作日内公示，行政强制决定20个工作日内公示：期限届满未公示或晚于期限公示。"
    )
    watches = ("measures", "licences", "executions")
    time_based = True

    def find(self, ctx):
        qs = (
            Disclosure.objects.filter(region_id=ctx.region_code, case__isnull=True, decided_on__isnull=False)
            .exclude(status=DisclosureStatus.NOT_REQUIRED)
            .filter(Q(published_on__isnull=True, due_on__lt=ctx.as_of) | Q(published_on__gt=F("due_on")))
        )
        if ctx.scope is not None:
            s = ctx.scope
            q = Q(measure_id__in=s.measures) | Q(licence_id__in=s.licences) | Q(execution_id__in=s.executions)
            if s.prev_as_of is not None and s.prev_as_of < ctx.as_of:
                q |= _time_q(ctx, "due_on")
            qs = qs.filter(q)
        out = []
        for d in qs.order_by("pk"):
            found = DS.disclosure_lateness(
                kind=d.kind, decided_on=d.decided_on, published_on=d.published_on, as_of=ctx.as_of
            )
            if found:
                out.append(
                    Finding(
                        DISCLOSURE,
                        str(d.pk),
                        d.unit_id,
                        "；".join(v.message for v in found),
                        {"kind": d.kind, "due_on": d.due_on.isoformat()},
                    )
                )
        return out

    def _covers(self, ctx):
        s = ctx.scope
        ids = Disclosure.objects.filter(
            Q(measure_id__in=s.measures) | Q(licence_id__in=s.licences) | Q(execution_id__in=s.executions)
        ).values_list("pk", flat=True)
        return {key(DISCLOSURE, i) for i in ids}
