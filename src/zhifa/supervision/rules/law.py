"""Detection under the 《行政执法监督条例》 (国务院令第825号, in force 2026-02-01) and 国办发〔2024〕54号.

- ``inspection_disorder`` (乱检查): an inspection since 54号 that is unapproved, approved after the fact without
  the emergency flag, of an unpublished item, by an uncertified officer, a 专项 without an approved plan, or over
  the body's annual cap: the verdict of ``enforcement.rules_inspection`` (the workspace's own functions).
- ``case_not_filed`` (有案不立): an inspection whose result is 立案查处 with no case filed within the region's N days
  (LawSetting ``case_after_inspection_days``; no setting, no alert): ``rules_inspection.case_not_filed``;
  ``clue_case_not_filed``: the same for a clue found substantiated (查证属实), counted from the day of the
  finding (LawSetting ``case_after_clue_days``).
- ``profit_driven_december`` (趋利性执法): a body whose share of its year's fines decided in December stands out
  against the rest of the district by a one-sided binomial test (stated in the rule's description).
- ``fine_without_correction`` (以罚代管): one party fined for one violation type (职权) three times in 12 months by one
  body with no 责令改正 or follow-up inspection between: ``rules_inspection.fine_without_correction``. A fine whose
  超限 check took the load off (卸载) came corrected; natural persons who are not 经营主体 are not judged (a
  driver's offences answer to the 累积记分 of 《道路交通安全法》第二十四条).

- ``clue_buck_passing`` (推诿扯皮): a clue returned as "not our matter" by two or more units: ``rules_inspection.buck_passing``.
- ``remote_enforcement`` (违规异地执法): a body's on-site inspections, cases and 查封/扣押/冻结 of an enterprise
  registered outside its jurisdiction with no 协助 record covering the day: ``rules_inspection.remote_enforcement``.

乱查封 is ``coercion_overdue`` (rules_coercion, acts.py). Queries narrow candidates; the conditions are not restated.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.db.models import Count, Min, Q, TextField
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from zhifa.enforcement import rules as ER
from zhifa.enforcement import rules_inspection as RI
from zhifa.enforcement.choices import InspectionResult, PartyKind, PartyType, PenaltyKind
from zhifa.enforcement.facts_inspection import inspection_facts
from zhifa.enforcement.models import Inspection, Party, PenaltyCase

from ..choices import RuleKind, Severity
from ..law_settings import law_setting
from ..models_law import LawSetting
from ..sql import ids_q, plain_group
from .base import CLUE, INSPECTION, PARTY, UNIT, Finding, Rule, _rows, key, register
from .record import _rows_of


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


@register
class InspectionDisorder(Rule):
    code = "inspection_disorder"
    title = "乱检查（涉企行政检查不规范）"
    severity = Severity.HIGH
    citation = f"{RI.TIAOLI_MATTERS}；{RI.GUOBAN54}"
    object_type = INSPECTION
    description = (
        "2025年1月3日以后的行政检查：未经负责人事先批准（紧急情况除外）、检查事项不在已公布的行政检查事项中、"
        "执法人员当日无有效执法证件、专项检查无经批准的计划、超过年度检查频次上限。"
    )
    watches = ("inspections",)

    def find(self, ctx):
        start = timezone.make_aware(dt.datetime.combine(RI.GUOBAN54_FROM, dt.time()))
        qs = Inspection.objects.filter(region_id=ctx.region_code, started_at__gte=start, started_at__lte=_end_of(ctx.as_of))
        qs = ctx.narrow(qs, "inspections")
        out = []
        for chunk in _rows_of(qs):
            for insp, f in zip(chunk, inspection_facts(chunk, as_of=_end_of(ctx.as_of)), strict=True):
                found = [
                    v for fn in RI.INSPECTION_RULES for v in ER.blocking(fn(f, ctx.ref)) if v.code in RI.DISORDER_CODES
                ]
                if found:
                    out.append(
                        Finding(
                            INSPECTION,
                            str(insp.pk),
                            insp.unit_id,
                            f"{f.started_at:%Y-%m-%d %H:%M}的行政检查：{'；'.join(v.message for v in found)}",
                            {"violations": sorted({v.code for v in found})},
                        )
                    )
        return out

    def _covers(self, ctx):
        return {key(INSPECTION, i) for i in ctx.scope.inspections}


@register
class CaseNotFiled(Rule):
    code = "case_not_filed"
    title = "有案不立"
    severity = Severity.HIGH
    citation = RI.TIAOLI_MATTERS
    object_type = INSPECTION
    description = "检查结果为立案查处，检查之日起N日内未立案（N为本区设置，载明依据文件）。"
    watches = ("inspections", "cases")
    time_based = True

    def find(self, ctx):
        setting = law_setting(ctx.region_code, LawSetting.Key.CASE_AFTER_INSPECTION_DAYS)
        if setting is None:
            return []
        days, source = setting
        qs = Inspection.objects.filter(
            region_id=ctx.region_code, result=InspectionResult.CASE_FILED, started_at__lte=_end_of(ctx.as_of)
        ).annotate(first_case=Min("penaltycase__filed_on"))
        out = []
        for insp in qs.order_by("pk"):
            day = timezone.localtime(insp.started_at).date()
            found = RI.case_not_filed(day, insp.first_case, ctx.as_of, days, source)
            if found:
                out.append(Finding(INSPECTION, str(insp.pk), insp.unit_id, found[0].message, {"days": days}))
        return out


@register
class ClueCaseNotFiled(Rule):
    code = "clue_case_not_filed"
    title = "有案不立（线索查证属实未立案）"
    severity = Severity.HIGH
    citation = RI.TIAOLI_MATTERS
    object_type = CLUE
    description = "线索查证属实，查证之日起N日内未立案（N为本区设置，载明依据文件）。"
    watches = ("clues", "cases")
    time_based = True

    def _clues(self, ctx) -> set[int]:
        """The clues a narrowed run on the last scan's date re-checks: the changed ones and those of changed cases."""
        from ..models import Clue

        s = ctx.scope
        linked = Clue.objects.filter(ids_q("case__id", s.cases), region_id=ctx.region_code) if s.cases else None
        return set(s.clues) | (set(linked.values_list("pk", flat=True)) if linked is not None else set())

    def covers(self, ctx):
        # A clue's verdict reads the clue, its case's filing date and the as-of date: a moved date re-checks all.
        return {key(CLUE, c) for c in self._clues(ctx)} if ctx.date_unmoved else None

    def find(self, ctx):
        from ..choices import ClueOutcome
        from ..models import Clue

        setting = law_setting(ctx.region_code, LawSetting.Key.CASE_AFTER_CLUE_DAYS)
        if setting is None:
            return []
        days, source = setting
        rows = Clue.objects.filter(
            region_id=ctx.region_code, outcome=ClueOutcome.SUBSTANTIATED, verified_on__lte=ctx.as_of
        ).values_list("pk", "unit_id", "verified_on", "case__filed_on")
        if ctx.date_unmoved:
            rows = rows.filter(ids_q("pk", self._clues(ctx)))
        out = []
        for pk, unit, verified_on, filed_on in rows.order_by("pk"):
            found = RI.case_not_filed(
                verified_on, filed_on, ctx.as_of, days, source, trigger="线索查证属实", field="outcome"
            )
            if found:
                out.append(Finding(CLUE, str(pk), unit, f"线索#{pk}：{found[0].message}", {"days": days}))
        return out


@register
class RemoteEnforcement(Rule):
    code = "remote_enforcement"
    title = "违规异地执法"
    severity = Severity.HIGH
    citation = RI.TIAOLI_REMOTE
    object_type = PARTY
    description = (
        "单位对登记地不在本单位管辖区域内的当事人（统一社会信用代码第3—8位登记管理机关行政区划码）实施现场检查、"
        "行政处罚立案或者查封、扣押、冻结，且无覆盖该日的异地执法协助记录（协助函）。按年度计。"
    )
    watches = ("inspections", "cases", "measures", "parties")
    # A year's acts make the year's alert (a dismissed one does not hide next year's acts). A party's verdict reads
    # its own acts and 协助 records only: on the last scan's date the changed parties are re-checked (a 协助 record
    # entered since, an act, a measure), so the alert clears at once; a moved date re-runs the whole region.
    periodic = True
    time_based = True

    def covers(self, ctx):
        return {f"party-scope:{p}" for p in ctx.scope.parties} if ctx.date_unmoved else None

    def find(self, ctx):
        from zhifa.enforcement.assistance import assistance_cover, remote_acts
        from zhifa.enforcement.models import Party
        from zhifa.org.models import Unit

        units = dict(Unit.objects.filter(region_id=ctx.region_code).values_list("pk", "region_id"))
        # Candidates: the region's organisations whose registration region lies outside the region itself (a
        # body's jurisdiction is never wider than its region); the verdict per body is the rule function's.
        # The query leaves out the codes registered within the region (characters 3–8 starting with its prefix).
        rows = (
            Party.objects.filter(region_id=ctx.region_code)
            .exclude(uscc="")
            .annotate(registered=Substr("uscc", 3, 6))
            .exclude(registered__startswith=RI.region_prefix(ctx.region_code))
            .values_list("pk", "uscc")
        )
        if ctx.date_unmoved:
            rows = rows.filter(ids_q("pk", ctx.scope.parties))
        parties = {
            pk: uscc
            for pk, uscc in rows
            if (r := RI.registration_region(uscc)) is not None and not RI.within_jurisdiction(ctx.region_code, r)
        }
        if not parties:
            return []
        acts = remote_acts(units, parties, since=ctx.year_start, until=ctx.as_of)
        cover = assistance_cover(units, parties)
        out = []
        for (unit, party), done in sorted(acts.items()):
            found = RI.remote_enforcement(units[unit], parties[party], done, cover.get((unit, party), []))
            if found:
                out.append(
                    Finding(
                        PARTY,
                        f"{party}@{unit}",
                        unit,
                        f"无异地执法协助记录的执法行为{len(found)}项。{found[0].message}",
                        {"party": party, "acts": len(found), "registered": RI.registration_region(parties[party])},
                        f"party-scope:{party}",
                    )
                )
        return out


@register
class ClueBuckPassing(Rule):
    code = "clue_buck_passing"
    title = "推诿扯皮（线索多个单位退回）"
    severity = Severity.MEDIUM
    citation = RI.TIAOLI_BUCK_PASSING
    object_type = CLUE
    description = "同一线索被两个及以上单位以不属于本单位职责为由退回（退回记录），需明确承办单位或指定管辖。"
    watches = ("clues",)
    # A clue's verdict reads its own returns (a new 退回 record puts its clue in the scope): on the last scan's date
    # the changed clues are re-checked; a moved date brings returns into view, and every clue is re-checked.
    time_based = True

    def covers(self, ctx):
        return {key(CLUE, c) for c in ctx.scope.clues} if ctx.date_unmoved else None

    def find(self, ctx):
        from ..models_law import ClueReturn

        rows = (
            ClueReturn.objects.filter(region_id=ctx.region_code, returned_on__lte=ctx.as_of)
            .values_list("clue_id", "unit__name", "returned_on", "reason")
            .order_by("clue_id", "returned_on", "id")
        )
        if ctx.date_unmoved:
            rows = rows.filter(ids_q("clue__id", ctx.scope.clues))
        by_clue: dict[int, list] = defaultdict(list)
        for clue, unit, day, reason in rows:
            by_clue[clue].append((unit, day, reason))
        out = []
        for clue, returns in sorted(by_clue.items()):
            found = RI.buck_passing(returns)
            if found:
                out.append(
                    Finding(CLUE, str(clue), None, f"线索#{clue}：{found[0].message}", {"returns": len(returns)})
                )
        return out


@register
class FineWithoutCorrection(Rule):
    periodic = True
    code = "fine_without_correction"
    title = "以罚代管"
    kind = RuleKind.CROSS
    severity = Severity.MEDIUM
    citation = RI.TIAOLI_MATTERS
    object_type = PARTY
    description = (
        "同一单位对同一经营主体同一违法行为（职权）12个月内罚款3次及以上，其间无责令改正或跟踪检查。超限检测已卸载的"
        "罚款视为已改正（《公路安全保护条例》第六十四条）；不是经营主体的自然人（治安、交通违法，驾驶人适用"
        "《道路交通安全法》第二十四条累积记分制度）不计入。"
    )
    watches = ("cases", "parties")

    # A party's verdict reads only its own fines up to the as-of day (two years of them) and its follow-ups (of any
    # day): a narrowed run re-checks the changed parties, those with a case or inspection dated in a moved window
    # (scan.py adds them) and those whose fines left the two-year read.
    def _parties(self, ctx) -> set[int] | None:
        s = ctx.scope
        if s is None or not (ctx.date_unmoved or s.window):
            return None
        found = getattr(ctx, "_fine_parties", None)
        if found is None:
            found = set(s.parties)
            if s.window:
                prev, as_of = s.window
                left = PenaltyCase.objects.filter(  # a month of decisions: the date index
                    region_id=ctx.region_code,
                    decided_on__gte=prev - dt.timedelta(days=2 * RI.FINE_REPEAT_DAYS),
                    decided_on__lt=as_of - dt.timedelta(days=2 * RI.FINE_REPEAT_DAYS),
                )
                found |= set(left.filter(fine_amount__gt=0).values_list("party_id", flat=True).distinct().order_by())
            found -= set(_not_operators().filter(ids_q("pk", found)).values_list("pk", flat=True))
            ctx._fine_parties = found
        return found

    def covers(self, ctx):
        parties = self._parties(ctx)
        return None if parties is None else {f"party-scope:{p}" for p in parties}

    def find(self, ctx):
        since = ctx.as_of - dt.timedelta(days=2 * RI.FINE_REPEAT_DAYS)
        fines: dict[tuple, list] = defaultdict(list)
        rows = (
            _rows(ctx, PenaltyCase, decided_on__gte=since, decided_on__lte=ctx.as_of)
            .filter(fine_amount__gt=0)
            # 处罚种类 and the date as stored text: two years of fines (500 000 rows in the demo district) are not
            # decoded one by one. A list of kinds holds "fine" exactly when its text holds the quoted value; ISO
            # dates sort as text and are parsed only for the groups that can make a run.
            .annotate(kinds_text=Cast("penalty_kinds", TextField()), day_text=Cast("decided_on", TextField()))
            .values_list("id", "unit_id", "party_id", "power_id", "day_text", "kinds_text")
        )
        parties = self._parties(ctx)
        if parties is not None:
            rows = rows.filter(ids_q("party__id", parties))
        else:  # the persons never judged (below) are left out in SQL: most of a district's fines are theirs
            rows = rows.exclude(party_id__in=_not_operators().values("pk"))
        fine = f'"{PenaltyKind.FINE}"'
        # A fine whose 超限 check records the load taken off (卸载) came with the violation corrected: it is not
        # counted, and it stands between the fines around it as a follow-up does.
        corrected = _corrected_fines(ctx.region_code, since, ctx.as_of)
        follow: dict[tuple, list] = defaultdict(list)
        for cid, unit, party, power, day, kinds in rows.iterator(chunk_size=5000):
            if cid in corrected:
                follow[(unit, party)].append(dt.date.fromisoformat(day[:10]))
            elif not kinds or kinds in ("[]", "null") or fine in kinds:
                fines[(unit, party, power)].append(day)
        groups = {
            k: [dt.date.fromisoformat(d[:10]) for d in v] for k, v in fines.items() if len(v) >= RI.FINE_REPEAT_MIN
        }
        if not groups:
            return []
        # A follow-up is a 责令改正 inspection, or one that did not itself lead to one of the cases.
        follow_ups = Inspection.objects.filter(
            region_id=ctx.region_code, party_id__in={p for _, p, _ in groups}
        ).filter(Q(result=InspectionResult.CORRECT) | Q(penaltycase__isnull=True))
        for unit, party, started in follow_ups.values_list("unit_id", "party_id", "started_at").distinct():
            follow[(unit, party)].append(timezone.localtime(started).date())
        out = []
        for (unit, party, power), days in sorted(groups.items()):
            run = RI.fine_without_correction(days, follow.get((unit, party), []))
            if run and run[1] >= ctx.year_start:
                first, last, n = run
                out.append(
                    Finding(
                        PARTY,
                        f"{party}@{unit}/{power}",
                        unit,
                        f"{first:%Y-%m-%d}至{last:%Y-%m-%d}同一违法行为罚款{n}次，其间无责令改正或跟踪检查",
                        {"party": party, "power": power, "count": n},
                        f"party-scope:{party}",
                    )
                )
        return out


# natural persons who are not 经营主体 (a person registered as a business keeps its business type)
NOT_OPERATORS = ("", PartyType.INDIVIDUAL, PartyType.DRIVER)


def _not_operators():
    """以罚代管 is a matter of 涉企执法 (经营主体 left in a breach that fines do not end): a natural person's separate
    offences (治安, and a driver's, answered by the 累积记分 of 《道路交通安全法》第二十四条) are not judged; their fines
    are not read (nor their 卸载 follow-ups, which stand only between their own fines)."""
    return Party.objects.filter(kind=PartyKind.PERSON, party_type__in=NOT_OPERATORS)


def _corrected_fines(region: str, since: dt.date, until: dt.date) -> set[int]:
    """The fines decided with the violation corrected on the record: the case of a 超限超载 check that took the
    excess load off (卸载倒运: the 责令改正 of 《公路安全保护条例》第六十四条, carried out at the check)."""
    from zhifa.enforcement.models import VehicleOverload

    return set(
        VehicleOverload.objects.filter(
            region_id=region,
            case__isnull=False,
            unloaded_tonnage__gt=0,
            case__decided_on__gte=since,
            case__decided_on__lte=until,
        ).values_list("case_id", flat=True)
    )


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p), summed exactly in log space."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    terms = [
        math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq
        for i in range(k, n + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


PROFIT_MIN_FINES = 20  # a body with fewer fines in the year is not tested
PROFIT_P_VALUE = 0.001
PROFIT_MIN_RATIO = 2.0  # and its December share is at least twice the rest of the district's


@register
class ProfitDrivenDecember(Rule):
    periodic = True
    code = "profit_driven_december"
    title = "趋利性执法（年末集中罚款）"
    kind = RuleKind.CROSS
    severity = Severity.MEDIUM
    citation = RI.TIAOLI_MATTERS
    object_type = UNIT
    description = (
        "单位当年罚款决定中12月作出的占比显著高于本区其他单位：单位当年罚款决定≥20件，单侧二项检验"
        "（H0：单位12月占比等于本区其他单位合计的12月占比）p<0.001，且单位占比不低于其他单位占比的2倍。"
    )
    watches = ("cases",)

    def find(self, ctx):
        if ctx.as_of.month != 12:
            return []
        year = ctx.as_of.year
        fines = _rows(ctx, PenaltyCase, decided_on__gte=dt.date(year, 1, 1), decided_on__lte=ctx.as_of).filter(
            fine_amount__gt=0
        )
        rows = (
            plain_group(fines, "unit_id")  # grouped after one read of the table, not by walking the unit index
            # date ranges, not __year/__month: on SQLite those call a Python function per row
            .annotate(n=Count("id"), k=Count("id", filter=Q(decided_on__gte=dt.date(year, 12, 1))))
            .order_by()
        )
        n: dict[int, int] = defaultdict(int)
        k: dict[int, int] = defaultdict(int)
        for unit, fines, december in rows:  # counted per unit in SQL, not 276 000 rows in Python
            n[unit] += fines
            k[unit] += december
        total_n, total_k = sum(n.values()), sum(k.values())
        out = []
        for unit in sorted(n):
            rest_n, rest_k = total_n - n[unit], total_k - k[unit]
            if n[unit] < PROFIT_MIN_FINES or rest_n == 0:
                continue
            p_rest = rest_k / rest_n
            share = k[unit] / n[unit]
            if share < PROFIT_MIN_RATIO * p_rest or share == 0:
                continue
            pv = binomial_tail(k[unit], n[unit], max(p_rest, 1e-9))
            if pv < PROFIT_P_VALUE:
                out.append(
                    Finding(
                        UNIT,
                        str(unit),
                        unit,
                        f"{year}年罚款决定{n[unit]}件，12月作出{k[unit]}件（{share:.0%}），本区其他单位12月占比{p_rest:.0%}，"
                        f"单侧二项检验p={pv:.1e}",
                        {"n": n[unit], "december": k[unit], "p_rest": round(p_rest, 4), "p_value": pv},
                    )
                )
        return out


@register
class FinedDespiteExemption(Rule):
    code = "fined_despite_exemption"
    title = "符合不予处罚清单条件仍予罚款"
    severity = Severity.HIGH
    citation = f"{ER.ART33}；本区不予处罚事项清单"
    object_type = "enforcement.penaltycase"
    description = "案件违法行为列入本区不予处罚清单，决定时记录为符合清单适用条件，但作出了罚款。"
    watches = ("cases",)

    def find(self, ctx):
        from zhifa.supervision.models_law import ExemptionAssessment, ExemptionListKind

        # The assessments first (a short table): joined from the cases' side SQLite walks the year's cases.
        met = ExemptionAssessment.objects.filter(conditions_met=True, item__kind=ExemptionListKind.NO_PENALTY)
        case_ids = sorted(set(met.values_list("case_id", flat=True)))
        if not case_ids:
            return []
        rows = met.filter(
            case_id__in=case_ids,
            case__region_id=ctx.region_code,
            case__fine_amount__gt=0,
            case__decided_on__lte=ctx.as_of,
        ).select_related("case", "item")
        seen, out = set(), []
        for a in rows.order_by("case_id", "id"):
            if a.case_id in seen:
                continue
            seen.add(a.case_id)
            out.append(
                Finding(
                    "enforcement.penaltycase",
                    str(a.case_id),
                    a.case.unit_id,
                    f"案件{a.case.case_no}：违法行为列入不予处罚清单（{a.item.violation}；{a.item.source_document}），"
                    f"决定时记录为符合适用条件，仍罚款{a.case.fine_amount}元",
                    {"item": a.item_id},
                )
            )
        return out
