"""Unit and region aggregates: 法制审核人员占比, training hours, 零执法 units and powers, 执法参与率."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhifa.metrics import base as metrics
from zhifa.org.models import LegalReviewerDesignation, Person, TrainingAttendance
from zhifa.org.selectors import units_active_on
from zhifa.supervision.law_settings import training_requirement

from .. import policy
from ..choices import RuleKind, Severity
from .base import (
    PERFORMANCE_CITE,
    PERSON,
    POWER,
    REGION,
    REVIEWER_CITE,
    TRAINING_CITE,
    UNIT,
    Finding,
    Rule,
    key,
    register,
)


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
    from ..choices import LIVE_STATUSES
    from ..models import Alert

    return set(
        Alert.objects.filter(
            region_id=ctx.region_code, rule_id=rule_code, unit_id__in=sorted(units), status__in=LIVE_STATUSES
        ).values_list("scope_key", flat=True)
    )


def _live_units(ctx, rule_code: str) -> set[int]:
    from ..choices import LIVE_STATUSES
    from ..models import Alert

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
    description = (
        "持证人员本年已完成学时低于本地区年度培训学时要求（地方设置）按日历进度折算的应完成学时"
        "（自4月1日起检查；年末即不足全年要求）。"
    )
    watches = ("persons",)

    def find(self, ctx):
        if ctx.day_of_year < policy.TRAINING_RULE_FROM_DAY:
            return []
        days_in_year = (ctx.year_start.replace(year=ctx.as_of.year + 1) - ctx.year_start).days
        year_need = training_requirement(ctx.region_code).hours
        needed = (year_need * ctx.day_of_year / days_in_year).quantize(Decimal("0.1"))
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
                f"{names.get(p, p)}本年已培训{hours[p]}学时，按进度应不少于{needed}学时（全年{year_need}学时）",
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
