"""Process rules: interference reports, clue replies, rectification notices, holiday years not entered."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from zhifa.core import calendar
from zhifa.enforcement import rules as ER
from zhifa.enforcement.models import (
    InterferenceRecord,
    PenaltyCase,
)

from .. import policy
from ..choices import RuleKind, Severity
from .base import (
    CALENDAR_CITE,
    CLUE,
    CLUE_CITE,
    INTERFERENCE,
    INTERFERENCE_CITE,
    OPEN_CASE_STATUSES,
    RECT,
    RECT_CITE,
    REGION,
    Finding,
    Rule,
    _cutoff,
    key,
    register,
)


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
        from ..models import Clue

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
        from ..choices import RectificationStatus
        from ..models import Rectification

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
