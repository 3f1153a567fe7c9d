"""Cross-record patterns: 多头检查, repeated inspection of one party, fines clustered under a threshold."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, CharField, Count, DateField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from zhifa.enforcement import rules as ER
from zhifa.enforcement.choices import (
    InspectionKind,
    PartyKind,
)
from zhifa.enforcement.models import (
    Inspection,
    PenaltyCase,
)
from zhifa.metrics import base as metrics
from zhifa.org.models import Unit

from .. import policy
from ..choices import RuleKind, Severity
from ..sql import Plain, ids_q
from .base import MULTI_CITE, PARTY, UNIT, Finding, Rule, _local_date, _rows, key, register
from .base import histories as thresholds_histories

# ---- cross-record rules ------------------------------------------------------------------------
_LOCAL_DAYS: dict[str, dict[str, dt.date]] = {}  # time zone -> UTC "YYYY-MM-DD HH" -> local date


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
        base = base.filter(party_id__in=sorted(ctx.scope.sql_ids("parties")))
    # The timestamp as stored (UTC text): the local date changes on the hour at most, so only the
    # distinct "YYYY-MM-DD HH" prefixes (≤ 8 784 a year) are converted, not 55 000 datetimes (and once per
    # process and time zone: the month-end scans of a year read the same hours again).
    local = _LOCAL_DAYS.setdefault(timezone.get_current_timezone_name(), {})
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
    elsewhere = True
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
        return {key(PARTY, p) for p in ctx.scope.sql_ids("parties")}


@register
class RepeatedInspection(Rule):
    elsewhere = True
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
        return {f"party-scope:{p}" for p in ctx.scope.sql_ids("parties")}


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

    @staticmethod
    def _thresholds(ctx):
        """power -> its attribute history (powers.attributes): a fine is measured against the 听证标准 in force on
        its decision day, not today's; and the powers whose thresholds changed (their fines are read with the day)."""
        histories = thresholds_histories(ctx)
        changed = sorted(
            pid
            for pid, h in histories.items()
            if len(h.values("hearing_threshold_person")) > 1 or len(h.values("hearing_threshold_org")) > 1
        )
        return histories, changed

    @staticmethod
    def _on(histories, power_id, day):
        h = histories.get(power_id)
        if h is None:
            return None, None
        a = h.on(day) if day is not None else h.base
        return a.hearing_threshold_person, a.hearing_threshold_org

    def _recount(self, ctx, units=None, *, after=None, skip_units=(), skip_ids=()) -> dict[tuple[int, str], list[int]]:
        """Band counts from the year's fines (of ``units`` only, if given; decided after ``after`` only, less the
        ``skip_units`` and ``skip_ids``, if given), one grouped query."""
        lo = 1 - 2 * policy.GAMING_BAND
        histories, changed = self._thresholds(ctx)
        dates = {"decided_on__gt": after} if after is not None else {"decided_on__gte": ctx.year_start}
        base = _rows(ctx, PenaltyCase, decided_on__lte=ctx.as_of, **dates).filter(fine_amount__gt=0)
        if units is not None:
            base = base.filter(unit_id__in=sorted(units))
        if skip_units:
            base = base.exclude(unit_id__in=sorted(skip_units))
        if skip_ids:
            base = base.exclude(ids_q("pk", skip_ids))
        in_band = Q(fine_amount__gte=ER.ONSPOT_MAX_PERSON * lo, fine_amount__lt=ER.ONSPOT_MAX_PERSON) | Q(
            fine_amount__gte=ER.ONSPOT_MAX_ORG * lo, fine_amount__lt=ER.ONSPOT_MAX_ORG
        )
        # Every 听证标准 any version of a power has set: a superset of the bands, narrowed by the day below.
        by_threshold: dict[Decimal, set[int]] = defaultdict(set)
        for pid, h in histories.items():
            for name in ("hearing_threshold_person", "hearing_threshold_org"):
                for t in h.values(name):
                    if t is not None:
                        by_threshold[t].add(pid)
        for t, pids in sorted(by_threshold.items()):
            in_band |= Q(power_id__in=sorted(pids), fine_amount__gte=t * lo, fine_amount__lt=t)
        # Only the fines under a power whose thresholds changed are grouped by day.
        day = (
            Case(When(power_id__in=changed, then=F("decided_on")), output_field=DateField())
            if changed
            else Value(None, output_field=DateField())
        )
        rows = (
            base.filter(fine_amount__gte=ER.ONSPOT_MAX_PERSON * lo)
            .filter(in_band)
            .annotate(g_unit=Plain(F("unit_id"), output_field=IntegerField()))  # no index walk for the GROUP BY
            .annotate(g_day=day)
            .values_list("g_unit", "party__kind", "fine_amount", "power_id", "g_day")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for unit, kind, fine, power_id, on, n in rows:
            self._classify(counts, unit, kind, fine, *self._on(histories, power_id, on), n)
        return counts

    def _counts(self, ctx):
        """(band counts, units whose counts may have moved or None for all).

        The counts are kept in GamingCount after each run. A narrowed run adds the fines of the cases
        inserted or newly dated into the window to the kept counts (no recount of the year) and
        recounts only the units of cases that were edited (their old amounts are unknown).
        """
        from ..models import GamingCount

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
        added = sorted(ctx.scope.written_cases - edited)  # inserted (a child row's case was counted before)
        rows = (
            PenaltyCase.objects.filter(
                pk__in=added, decided_on__gte=ctx.year_start, decided_on__lte=ctx.as_of, fine_amount__gt=0
            )
            .exclude(unit_id__in=sorted(recount_units))
            .values_list("unit_id", "party__kind", "fine_amount", "power_id", "decided_on")
        )
        histories, _changed = self._thresholds(ctx)
        for unit, kind, fine, power_id, on in rows:
            if self._classify(counts, unit, kind, fine, *self._on(histories, power_id, on), 1):
                moved.add(unit)
        if ctx.scope.window is not None:
            # The unchanged fines decided since the last scan's date (the written ones are counted above).
            dated = self._recount(
                ctx, after=ctx.scope.window[0], skip_units=recount_units, skip_ids=ctx.scope.written_cases
            )
            for k, (upper, lower) in dated.items():
                counts[k][0] += upper
                counts[k][1] += lower
                moved.add(k[0])
        if recount_units:
            for k in [k for k in counts if k[0] in recount_units]:
                del counts[k]
            counts.update(self._recount(ctx, recount_units))
        self._keep(ctx, counts, moved)
        return counts, moved

    def _keep(self, ctx, counts, units) -> None:
        from ..models import GamingCount

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
