"""行政强制 rules (《中华人民共和国行政强制法》, 2011; statute text in docs/legal-basis.md §9).

Pure functions ``rule(facts, ref) -> list[Violation]`` like ``enforcement.rules``: the services block on
their errors, and the supervision scan asks the same functions about stored measures.

Periods: 第六十九条 makes only periods "十日以内" working days. The 三十日 of 第二十五条 (查封、扣押) and
第三十二条 (冻结) are therefore calendar days, counted like every other calendar period in the product:
the decision day not counted, a last day on a 法定休假日 rolled to the next working day (《民法典》第二百零一条、
第二百零三条; the 行政强制法 has no rule of its own for them). The 检测、检验、检疫或者技术鉴定 time is not part
of the term (第二十五条第三款): it is added to the end date and must have been stated to the party in writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhifa.core.errors import Violation
from zhifa.powers.choices import PowerCategory

from . import rules as R
from .choices import CoerciveKind, ExecutionMethod, LiftReason
from .rules import V

LAW = "《行政强制法》"
ART18 = f"{LAW}第十八条"
ART18_1 = f"{LAW}第十八条第（一）项"
ART18_2 = f"{LAW}第十八条第（二）项、第十七条第三款"
ART18_7 = f"{LAW}第十八条第（七）项"
ART24 = f"{LAW}第二十四条"
ART25 = f"{LAW}第二十五条第一款"
ART25_3 = f"{LAW}第二十五条第三款"
ART27_28 = f"{LAW}第二十七条、第二十八条第一款第（四）项"
ART28 = f"{LAW}第二十八条"
ART32 = f"{LAW}第三十二条"
ART35 = f"{LAW}第三十五条"
ART36 = f"{LAW}第三十六条"
ART37 = f"{LAW}第三十七条"
ART37_3 = f"{LAW}第三十七条第三款"
ART43 = f"{LAW}第四十三条第一款、第六十九条"
RECORD = R.GUOBAN118_RECORD

TERM_MAX_DAYS = 30  # 第二十五条第一款 / 第三十二条第一款: 不得超过三十日 (calendar days: > 十日, 第六十九条)
EXTENSION_MAX_DAYS = 30  # 同上: 延长期限不得超过三十日
MAX_EXTENSIONS = 1  # "可以延长" once: a second extension is not provided for
# 国办发〔2018〕118号: 查封扣押财产 are direct property acts that need full audio-video recording; 冻结 is done
# through the bank on paper. Of the 强制执行 methods, 加处罚款 and 划拨 are paper acts, the rest on-site.
RECORDED_KINDS = frozenset({CoerciveKind.SEAL, CoerciveKind.SEIZE})
PAPER_METHODS = frozenset({ExecutionMethod.SURCHARGE, ExecutionMethod.TRANSFER})


def term_article(kind: str) -> str:
    return ART32 if kind == CoerciveKind.FREEZE else ART25


@dataclass(slots=True)
class MeasureFacts:
    """A 查封/扣押/冻结 as the rules see it. ``on_date`` is the day of the step checked (or the scan's day)."""

    unit_id: int | None
    power_id: int | None
    kind: str
    decided_on: dt.date
    term_days: int | None
    officer_ids: tuple[int, ...] = ()
    approved_by: str = ""
    onsite_record: bool = False
    recordings: int = 0
    testing_days: int = 0
    testing_notified_on: dt.date | None = None
    extensions: int = 0  # extensions granted, counting the one being checked
    extension_days: int = 0
    extension_approved_by: str = ""
    extension_on: dt.date | None = None
    lifted_on: dt.date | None = None
    lift_reason: str = ""
    on_date: dt.date | None = None
    category: str = PowerCategory.COERCION


def _term(f: MeasureFacts) -> int:
    return f.term_days if f.term_days else TERM_MAX_DAYS


def measure_due(f: MeasureFacts, ref) -> dt.date:
    """Last day of the term: decided_on + term (+ approved extension) + stated testing time, in calendar days."""
    # A term not stated is bounded by the statute's own maximum (第二十五条第一款 / 第三十二条第一款: 30 days).
    days = _term(f) + (f.extension_days if f.extension_approved_by.strip() else 0)
    if f.testing_notified_on is not None:
        days += f.testing_days
    return ref.calendar_days(f.decided_on, days)


def measure_term(f: MeasureFacts, ref) -> list[Violation]:
    """第二十五条第一款 / 第三十二条第一款: a term of at most 30 days."""
    cite = term_article(f.kind)
    if not f.term_days:
        return [V("coercion.term_missing", "应当载明查封、扣押或者冻结的期限", f"{ART24}第二款第（二）项", "term_days")]
    if f.term_days > TERM_MAX_DAYS:
        return [
            V(
                "coercion.term_too_long",
                f"{CoerciveKind(f.kind).label}期限不得超过{TERM_MAX_DAYS}日（拟定{f.term_days}日）",
                cite,
                "term_days",
            )
        ]
    return []


def measure_procedure(f: MeasureFacts, ref) -> list[Violation]:
    """第十八条: approved by the head beforehand, two certified officers, an on-site record (现场笔录)."""
    out: list[Violation] = []
    if not f.approved_by.strip():
        out.append(V("coercion.not_approved", "实施前须向行政机关负责人报告并经批准", ART18_1, "approved_by"))
    act = R.ActFacts(f.unit_id, f.power_id, f.decided_on, f.officer_ids, category=f.category)
    out += R.officers_certified(act, ref, citation=ART18_2, exception=False)
    if f.kind != CoerciveKind.FREEZE and not f.onsite_record:
        out.append(V("coercion.no_record", "实施查封、扣押应当制作现场笔录", ART18_7, "onsite_record"))
    return out


def measure_power(f: MeasureFacts, ref) -> list[Violation]:
    """The unit holds a 行政强制 power that day (第十七条: 在法定职权范围内实施, 不得委托)."""
    act = R.ActFacts(f.unit_id, f.power_id, f.decided_on, f.officer_ids, category=f.category)
    return R.power_held(act, ref)


def measure_recording(f: MeasureFacts, ref) -> list[Violation]:
    """国办发〔2018〕118号: 查封扣押财产 are recorded on audio-video for the whole process."""
    if f.kind in RECORDED_KINDS and f.recordings < 1:
        return [
            V(
                "coercion.recording_missing",
                f"{CoerciveKind(f.kind).label}应当全程音像记录，尚无音像记录",
                RECORD,
                "recording",
            )
        ]
    return []


def measure_testing_stated(f: MeasureFacts, ref) -> list[Violation]:
    """第二十五条第三款: 检测、检验、检疫或者技术鉴定 time is left out of the term only if stated in writing."""
    if f.testing_days and f.testing_notified_on is None:
        return [
            V(
                "coercion.testing_not_stated",
                f"检测、检验、检疫或者技术鉴定的期间（{f.testing_days}日）应当明确并书面告知当事人，未告知的不从期限中扣除",
                ART25_3,
                "testing_notified_on",
            )
        ]
    return []


def _extension_terms(kind: str) -> R.ExtensionTerms:
    return R.ExtensionTerms(
        prefix="coercion",
        citation=term_article(kind),
        max_days=EXTENSION_MAX_DAYS,
        what="期限",
        days_unit="天数",
        too_long="延长期限不得超过{max}日（拟延长{days}日）",
        approver="行政机关负责人",
        late="原期限已于{base:%Y-%m-%d}届满，不能再延长（应当解除）",
        late_citation=ART27_28,
        start="决定",
        max_extensions=MAX_EXTENSIONS,
    )


def measure_extension(f: MeasureFacts, ref) -> list[Violation]:
    """第二十五条第一款、第二款: one extension of at most 30 days, approved by the head, before the term ends."""
    if not f.extensions:
        return []
    base = None
    if f.kind != CoerciveKind.FREEZE and f.extension_on is not None:
        base = ref.calendar_days(f.decided_on, _term(f) + (f.testing_days if f.testing_notified_on else 0))
    return R.extension_violations(f, _extension_terms(f.kind), start=f.decided_on, base_due=base)


def measure_lift(f: MeasureFacts, ref) -> list[Violation]:
    """第二十八条: lifting names one of its grounds and does not precede the decision."""
    if f.lifted_on is None:
        return []
    out: list[Violation] = []
    if f.lift_reason not in R.values_of(LiftReason):
        out.append(V("coercion.lift_reason", "解除应当载明第二十八条规定的情形", ART28, "lift_reason"))
    if f.lifted_on < f.decided_on:
        out.append(V("coercion.lift_order", "解除日期不能早于决定日期", ART28, "lifted_on"))
    return out


def measure_overdue(f: MeasureFacts, ref) -> list[Violation]:
    """第二十七条、第二十八条第一款第（四）项: decided and lifted within the term; past it the measure is unlawful.

    A warning for the service (a late lifting is still recorded) and the condition the supervision scan alerts on.
    """
    due = measure_due(f, ref)
    label = CoerciveKind(f.kind).label
    if f.lifted_on is not None:
        if f.lifted_on > due:
            return [
                V(
                    "coercion.overdue",
                    f"{label}期限于{due:%Y-%m-%d}届满，{f.lifted_on:%Y-%m-%d}才解除（超期{(f.lifted_on - due).days}日）",
                    ART27_28,
                    "lifted_on",
                    severity="warning",
                )
            ]
        return []
    day = f.on_date or f.decided_on
    if day > due:
        ext = "（已延长）" if f.extension_days and f.extension_approved_by.strip() else "，未延长"
        return [
            V(
                "coercion.overdue",
                f"{label}期限于{due:%Y-%m-%d}届满{ext}，至{day:%Y-%m-%d}仍未解除（超期{(day - due).days}日）",
                ART27_28,
                "lifted_on",
                severity="warning",
            )
        ]
    return []


DECIDE_RULES = (measure_power, measure_procedure, measure_term, measure_testing_stated, measure_recording)
EXTEND_RULES = (measure_extension,)
LIFT_RULES = (measure_lift, measure_overdue)


# ---- 行政强制执行 ----------------------------------------------------------------------------------
@dataclass(slots=True)
class ExecutionFacts:
    unit_id: int | None
    power_id: int | None
    method: str
    demand_on: dt.date | None
    demand_due: dt.date | None
    officer_ids: tuple[int, ...] = ()
    statement_on: dt.date | None = None
    decided_on: dt.date | None = None
    immediate: bool = False
    immediate_reason: str = ""
    executed_on: dt.date | None = None
    recordings: int = 0
    category: str = PowerCategory.COERCION


def execution_demand(f: ExecutionFacts, ref) -> list[Violation]:
    """第三十五条: a written 催告 with a period to perform, before any 强制执行决定."""
    out: list[Violation] = []
    if f.demand_on is None:
        return [V("execution.no_demand", "作出强制执行决定前，应当事先书面催告当事人履行义务", ART35, "demand_on")]
    if f.demand_due is None or f.demand_due < f.demand_on:
        out.append(
            V("execution.demand_due", "催告书应当载明当事人履行义务的期限（不早于催告日期）", ART35, "demand_due")
        )
    return out


def execution_decision(f: ExecutionFacts, ref) -> list[Violation]:
    """第三十七条: decided only after the 催告 period ran out unperformed; 第三十六条: after hearing the party.

    第三十七条第三款: during the period, an immediate decision needs evidence of hiding or moving property.
    """
    if f.decided_on is None:
        return []
    out = execution_demand(f, ref)
    if out:
        return out
    if f.decided_on < f.demand_on:
        return [V("execution.order", "强制执行决定不能早于催告", ART35, "decided_on")]
    if f.demand_due is not None and f.decided_on <= f.demand_due:
        if not f.immediate:
            out.append(
                V(
                    "execution.demand_period",
                    f"催告书载明的履行期限至{f.demand_due:%Y-%m-%d}尚未届满，不得作出强制执行决定",
                    ART37,
                    "decided_on",
                )
            )
        elif not f.immediate_reason.strip():
            out.append(
                V(
                    "execution.immediate_reason",
                    "催告期间立即强制执行，应当有当事人转移或者隐匿财物的证据",
                    ART37_3,
                    "immediate_reason",
                )
            )
    if f.statement_on is not None and f.statement_on > f.decided_on:
        out.append(V("execution.statement_order", "应当在听取陈述和申辩后作出决定", ART36, "statement_on"))
    return out


def execution_officers(f: ExecutionFacts, ref) -> list[Violation]:
    """第十七条第三款 by analogy and 国办发〔2018〕118号: enforcement by certified officers, at least two."""
    act = R.ActFacts(f.unit_id, f.power_id, f.decided_on or f.demand_on, f.officer_ids, category=f.category)
    return R.power_held(act, ref) + R.officers_certified(act, ref)


def execution_done(f: ExecutionFacts, ref) -> list[Violation]:
    """Executed after the decision, recorded on audio-video (118号), not on a holiday (第四十三条; warning)."""
    if f.executed_on is None:
        return []
    if f.decided_on is None or f.executed_on < f.decided_on:
        return [V("execution.not_decided", "尚未作出强制执行决定，不得执行", ART37, "executed_on")]
    out: list[Violation] = []
    if f.method not in PAPER_METHODS and f.recordings < 1:
        out.append(V("execution.recording_missing", "强制执行现场应当全程音像记录，尚无音像记录", RECORD, "recording"))
    if not f.immediate and not ref.is_working_day(f.executed_on):
        out.append(
            V(
                "execution.holiday",
                f"{f.executed_on:%Y-%m-%d}为法定节假日或休息日，不得实施行政强制执行（情况紧急的除外）",
                ART43,
                "executed_on",
                severity="warning",
            )
        )
    return out
