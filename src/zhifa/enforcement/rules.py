"""Legal rules over plain facts (行政处罚法 2021 unless noted; statute text in docs/legal-basis.md).

Every rule is a function ``rule(facts, ref) -> list[Violation]``. ``facts`` is a small dataclass
(ActFacts for inspections and other acts, CaseFacts for penalty cases) built from a model instance,
a form or a bulk row alike; ``ref`` is a ``Reference`` (lookup tables for certificates, powers,
delegations, devices, reviewers, benchmarks, and memoised calendar arithmetic). Rules never write and
never query except through ``ref``, so the workflow, the bulk path and the supervision scan share them.

Periods: 《行政处罚法》第八十五条 makes 二日/三日/五日/七日 working days; every other period (十五日,
九十日, 二年, 五年) counts calendar days with the 《民法典》第二百零一条、第二百零三条 roll-forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from zhifa.core.errors import Violation
from zhifa.powers.choices import PowerCategory

from .choices import Outcome, PartyKind, PenaltyKind, Procedure, ReviewResult

# ---- citations -------------------------------------------------------------------------------------
LAW = "《行政处罚法》"
ART9 = f"{LAW}第九条"
ART29 = f"{LAW}第二十九条"
ART30 = f"{LAW}第三十条"
ART33 = f"{LAW}第三十三条"
ART34 = f"{LAW}第三十四条"
ART36 = f"{LAW}第三十六条"
ART41 = f"{LAW}第四十一条"
ART42 = f"{LAW}第四十二条"
ART48 = f"{LAW}第四十八条第二款、第八十五条"
ART51 = f"{LAW}第五十一条"
ART54 = f"{LAW}第五十四条、第五十五条"
ART57 = f"{LAW}第五十七条第二款"
ART58 = f"{LAW}第五十八条"
ART60 = f"{LAW}第六十条"
ART61 = f"{LAW}第六十一条、第八十五条"
ART63 = f"{LAW}第六十三条"
ART64_1 = f"{LAW}第六十四条第（一）项、第八十五条"
ART64_2 = f"{LAW}第六十四条第（二）项、第八十五条"
ART64_4 = f"{LAW}第六十四条第（四）项"
ART67 = f"{LAW}第六十七条第三款"
ART72 = f"{LAW}第七十二条第一款第（一）项"
GUOBAN118 = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
GUOBAN118_DISCLOSE = f"{GUOBAN118}第二部分第（六）项"
GUOBAN118_RECORD = f"{GUOBAN118}第三部分第（八）项"
POWER_LIST = "《行政处罚法》第十八条、第二十条；区权责清单"

# ---- figures from the law ------------------------------------------------------------------------
ONSPOT_MAX_PERSON = Decimal("200")  # 第五十一条: 对公民处以二百元以下
ONSPOT_MAX_ORG = Decimal("3000")  # 第五十一条: 对法人或者其他组织处以三千元以下
ONSPOT_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})  # 第五十一条: 罚款或者警告
MIN_OFFICERS = 2  # 第四十二条: 执法人员不得少于两人，法律另有规定的除外
HEARING_REQUEST_WORKING_DAYS = 5  # 第六十四条（一）: 告知后五日内 (working days, 第八十五条)
HEARING_NOTICE_WORKING_DAYS = 7  # 第六十四条（二）: 举行听证的七日前
DECISION_DAYS = 90  # 第六十条: 立案之日起九十日内 (calendar days)
DELIVERY_WORKING_DAYS = 7  # 第六十一条: 当事人不在场的，七日内送达
PAYMENT_DAYS = 15  # 第六十七条第三款: 收到决定书之日起十五日内 (calendar days)
SURCHARGE_RATE = Decimal("0.03")  # 第七十二条: 每日按罚款数额的百分之三加处罚款
DISCLOSURE_WORKING_DAYS = 7  # 国办发〔2018〕118号: 行政处罚决定信息7个工作日内公开
WITHDRAW_WORKING_DAYS = 3  # 第四十八条第二款: 三日内撤回 (working days, 第八十五条)
LIMITATION_YEARS = 2  # 第三十六条
LIMITATION_YEARS_HARM = 5  # 第三十六条: 涉及生命健康安全、金融安全且有危害后果
ADULT_AGE = 18
PUNISHABLE_AGE = 14  # 第三十条
# 第六十三条第（三）（四）项: kinds of penalty that carry the right to a hearing whatever the amount.
HEARING_KINDS = frozenset(
    {
        PenaltyKind.DOWNGRADE,
        PenaltyKind.REVOKE_LICENSE,
        PenaltyKind.STOP_BUSINESS,
        PenaltyKind.CLOSE,
        PenaltyKind.RESTRICT_PRACTICE,
    }
)
NO_PENALTY_OUTCOMES = frozenset(
    {
        Outcome.NO_PENALTY_MINOR,
        Outcome.FIRST_OFFENCE,
        Outcome.NO_PENALTY_MINOR_HARM,
        Outcome.NO_PENALTY_NO_FAULT,
        Outcome.TRANSFERRED,
    }
)
ZERO = Decimal("0")


@cache
def values_of(choices) -> frozenset[str]:
    """``TextChoices.values`` builds a new list on each access: the bulk path asks 200 000 times."""
    return frozenset(choices.values)


# ---- facts -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class ActFacts:
    """An inspection, a patrol or a correction: who acted, for which unit, under which power, when."""

    unit_id: int | None
    power_id: int | None
    on_date: dt.date
    officer_ids: tuple[int, ...]
    category: str = ""  # the power category this act needs ("" = any)
    recordings: int = 0  # 音像记录 attached to the act


@dataclass(slots=True)
class ReviewFacts:
    reviewer_id: int
    reviewed_on: dt.date
    result: str


@dataclass(slots=True)
class CaseFacts:
    """A penalty case as the rules see it. ``on_date`` is the date of the step being checked."""

    unit_id: int | None
    power_id: int | None
    procedure: str
    on_date: dt.date
    officer_ids: tuple[int, ...]
    party_kind: str
    act_date: dt.date | None  # None: not recorded (a record received without it)
    discovered_on: dt.date
    party_birth_date: dt.date | None = None
    outcome: str = ""
    penalty_kinds: tuple[str, ...] = ()
    fine_amount: Decimal = ZERO
    filed_on: dt.date | None = None
    extension_days: int = 0
    extension_approved_by: str = ""
    notified_on: dt.date | None = None
    hearing_waived: bool = False
    hearing_requested_on: dt.date | None = None
    hearing_notice_on: dt.date | None = None
    hearing_held_on: dt.date | None = None
    reviews: tuple[ReviewFacts, ...] = ()
    discussions: int = 0
    decided_on: dt.date | None = None
    discretion_tier: str = ""
    discretion_reason: str = ""
    is_major: bool = False
    first_offence: bool = False
    harm_minor: bool = False
    corrected: bool = False
    harms_life_or_finance: bool = False
    party_absent: bool | None = False
    delivered_on: dt.date | None = None
    paid_on: dt.date | None = None
    paid_amount: Decimal = ZERO
    device_id: int | None = None
    previous_case_fined: bool = False
    recordings: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def is_penalty(self) -> bool:
        return self.outcome in ("", Outcome.PENALTY)

    @property
    def decision_day(self) -> dt.date:
        """The day the decision is (or would be) taken: the date whose 权责清单 attributes apply."""
        return self.decided_on or self.on_date


Rule = Callable[[object, object], list[Violation]]


def V(code: str, message: str, citation: str, field_name: str = "", severity: str = "error") -> Violation:
    return Violation(code=code, message=message, citation=citation, field=field_name, severity=severity)


# ---- pure helpers ----------------------------------------------------------------------------------
def shift_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (民法典第二百零二条: no such day → the month's last day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def late_surcharge(fine: Decimal, payment_due: dt.date | None, paid_on: dt.date | None) -> Decimal:
    """第七十二条第一款第（一）项: 3 % of the fine per day overdue, never more than the fine."""
    if not fine or payment_due is None or paid_on is None or paid_on <= payment_due:
        return ZERO
    days = (paid_on - payment_due).days
    return min((fine * SURCHARGE_RATE * days).quantize(Decimal("0.01")), fine)


def hearing_eligible(f: CaseFacts, power) -> bool:
    """第六十三条: 较大数额罚款 (threshold set per field on the Power) or a heavy kind of penalty."""
    if HEARING_KINDS.intersection(f.penalty_kinds):
        return True
    if power is None:
        return False
    threshold = power.hearing_threshold_org if f.party_kind == PartyKind.ORG else power.hearing_threshold_person
    return threshold is not None and f.fine_amount >= threshold


def legal_review_required(f: CaseFacts, power) -> bool:
    """第五十八条: the unit's 审核事项清单 (Power.requires_legal_review), a 重大执法决定 (第（一）（三）项),
    or a decision 经过听证程序 (第（二）项)."""
    return bool(f.is_major or f.hearing_held_on is not None or (power is not None and power.requires_legal_review))


# ---- rules shared by every act --------------------------------------------------------------------
def officers_certified(f, ref, *, citation: str = ART42, exception: bool = True) -> list[Violation]:
    """At least two officers holding an active 行政执法证件 on the day of the act: the one encoding of the rule.

    《行政处罚法》第四十二条 (the default): "执法人员不得少于两人，法律另有规定的除外", the exception being the
    power's 一人执法的法律依据 in force that day. 《行政强制法》第十八条第（二）项 (``citation`` given,
    ``exception=False``): a coercive measure is carried out by two or more officers, with no exception.
    """
    out: list[Violation] = []
    ids = [i for i in dict.fromkeys(f.officer_ids) if i is not None]
    power = ref.power_on(f.power_id, f.on_date) if exception else None
    need = 1 if (power is not None and power.single_officer_basis) else MIN_OFFICERS
    if len(ids) < need:
        out.append(
            V(
                "officers.too_few",
                f"执法人员不得少于{need}人（实有{len(ids)}人）",
                citation,
                "officer_b",
            )
        )
    for pid in ids:
        if not ref.certificate_active(pid, f.on_date):
            out.append(
                V(
                    "officers.no_certificate",
                    f"执法人员（ID {pid}）在{f.on_date:%Y-%m-%d}没有有效的行政执法证件",
                    citation,
                    "officer_a" if pid == ids[0] else "officer_b",
                )
            )
    return out


def power_held(f, ref) -> list[Violation]:
    """The unit must be active and hold the power that day, as owner or by delegation (授权/委托)."""
    unit = ref.unit(f.unit_id)
    if unit is None:
        return [V("power.unit_unknown", f"单位（ID {f.unit_id}）不在本行政区划", POWER_LIST, "unit_id")]
    if not unit.active_on(f.on_date):
        return [V("power.unit_inactive", f"单位在{f.on_date:%Y-%m-%d}未设立或已撤销", POWER_LIST, "unit_id")]
    power = ref.power_on(f.power_id, f.on_date)  # the category in force that day (PowerChange history)
    if power is None:
        return [V("power.unknown", f"职权（ID {f.power_id}）不在本区权责清单", POWER_LIST, "power_id")]
    out = []
    category = getattr(f, "category", "") or (PowerCategory.PENALTY if isinstance(f, CaseFacts) else "")
    if category and power.category != category:
        out.append(
            V(
                "power.category",
                f"职权“{power.code}”类别为{PowerCategory(power.category).label}，不能据以实施{PowerCategory(category).label}",
                POWER_LIST,
                "power_id",
            )
        )
    if not ref.unit_holds(f.unit_id, f.power_id, f.on_date):
        out.append(
            V(
                "power.not_held",
                f"单位在{f.on_date:%Y-%m-%d}不享有职权“{power.code}”（既非本单位职权，也无有效的下放）",
                POWER_LIST,
                "power_id",
            )
        )
    return out


# ---- one extension of a term (行政强制法第二十五条, 行政许可法第四十二条) ----------------------------------
@dataclass(frozen=True, slots=True)
class ExtensionTerms:
    """How a law lets a term be extended once, approved by the head: codes' prefix, citations and wording."""

    prefix: str  # violation codes "<prefix>.extension_*"
    citation: str
    max_days: int
    what: str  # the term ("期限", "决定期限")
    days_unit: str  # "天数", "工作日数"
    too_long: str  # with {max} and {days}
    approver: str  # who approves
    late: str  # with {base}: the term had already ended
    late_citation: str
    start: str  # the day the term counts from ("决定", "受理")
    max_extensions: int = 1


def extension_violations(f, terms: ExtensionTerms, *, start: dt.date, base_due: dt.date | None) -> list[Violation]:
    """The extension in ``f`` (extensions counted with it, extension_days/_approved_by/_on): once, at least one and
    at most ``max_days`` days, approved, and dated between ``start`` and the end of the term (``base_due``; None:
    not checked)."""
    if not f.extensions:
        return []
    p, cite = terms.prefix, terms.citation
    out: list[Violation] = []
    if f.extensions > terms.max_extensions:
        out.append(V(f"{p}.extension_repeat", f"{terms.what}只能延长一次，已经延长过", cite, "extension_days"))
    if f.extension_days < 1:
        out.append(V(f"{p}.extension_days", f"应当载明延长的{terms.days_unit}", cite, "extension_days"))
    elif f.extension_days > terms.max_days:
        too_long = terms.too_long.format(max=terms.max_days, days=f.extension_days)
        out.append(V(f"{p}.extension_too_long", too_long, cite, "extension_days"))
    if not f.extension_approved_by.strip():
        out.append(V(f"{p}.extension_unapproved", f"延长应当经{terms.approver}批准", cite, "extension_approved_by"))
    if base_due is not None and f.extension_on is not None:
        if f.extension_on > base_due:
            late = terms.late.format(base=base_due)
            out.append(V(f"{p}.extension_late", late, terms.late_citation, "extension_on"))
        if f.extension_on < start:
            out.append(V(f"{p}.extension_order", f"延长日期不能早于{terms.start}日期", cite, "extension_on"))
    return out


# ---- penalty-case rules ---------------------------------------------------------------------------
def onspot_limits(f: CaseFacts, ref) -> list[Violation]:
    """第五十一条: on the spot only a warning or a fine ≤200 yuan (person) / ≤3000 yuan (organisation)."""
    if f.procedure != Procedure.SIMPLE:
        return []
    out = []
    other = set(f.penalty_kinds) - ONSPOT_KINDS
    if other:
        labels = "、".join(str(PenaltyKind(k).label) for k in sorted(other) if k in values_of(PenaltyKind))
        out.append(V("onspot.kind", f"简易程序只能给予警告或者罚款，不能给予{labels or other}", ART51, "penalty_kinds"))
    limit = ONSPOT_MAX_ORG if f.party_kind == PartyKind.ORG else ONSPOT_MAX_PERSON
    who = "法人或者其他组织" if f.party_kind == PartyKind.ORG else "公民"
    if f.fine_amount > limit:
        out.append(
            V(
                "onspot.limit",
                f"简易程序对{who}罚款不得超过{limit:.0f}元（拟罚{f.fine_amount}元），应当适用普通程序",
                ART51,
                "fine_amount",
            )
        )
    if f.outcome not in ("", Outcome.PENALTY):
        out.append(V("onspot.outcome", "简易程序只能当场作出处罚决定", ART51, "outcome"))
    return out


def hearing_rights(f: CaseFacts, ref) -> list[Violation]:
    """第六十三条 right to a hearing; 第六十四条 request within 5 working days, notice 7 working days before."""
    if f.procedure != Procedure.ORDINARY or not f.is_penalty:
        return []
    power = ref.power_on(f.power_id, f.decision_day)
    if not hearing_eligible(f, power):
        return []
    out = []
    decided = f.decided_on or f.on_date
    if f.notified_on is None:
        return [V("hearing.not_notified", "拟作出的处罚属于听证范围，未告知当事人听证权利", ART63, "notified_on")]
    request_due = ref.working_days(f.notified_on, HEARING_REQUEST_WORKING_DAYS)
    requested_in_time = f.hearing_requested_on is not None and f.hearing_requested_on <= request_due
    if requested_in_time:
        if f.hearing_held_on is None:
            out.append(V("hearing.not_held", "当事人在期限内要求听证，未组织听证不得作出决定", ART63, "hearing"))
        else:
            if (
                f.hearing_notice_on is None
                or ref.working_days(f.hearing_notice_on, HEARING_NOTICE_WORKING_DAYS) > f.hearing_held_on
            ):
                out.append(
                    V(
                        "hearing.notice_late",
                        f"听证通知应当在举行听证的七个工作日前送达（听证日{f.hearing_held_on:%Y-%m-%d}，通知日{f.hearing_notice_on or '无'}）",
                        ART64_2,
                        "notice_on",
                    )
                )
            if f.hearing_held_on > decided:
                out.append(V("hearing.after_decision", "听证应当在作出决定之前举行", ART63, "held_on"))
    elif not f.hearing_waived and decided <= request_due:
        out.append(
            V(
                "hearing.window_open",
                f"听证申请期限至{request_due:%Y-%m-%d}（告知后五个工作日）尚未届满，不得作出决定",
                ART64_1,
                "decided_on",
            )
        )
    return out


def hearing_request_in_time(f: CaseFacts, ref) -> list[Violation]:
    """第六十四条第（一）项: a hearing is requested within 5 working days of the notice."""
    if f.notified_on is None:
        return [V("hearing.not_notified", "尚未告知当事人听证权利", ART63, "notified_on")]
    due = ref.working_days(f.notified_on, HEARING_REQUEST_WORKING_DAYS)
    requested = f.hearing_requested_on or f.on_date
    if requested > due:
        return [
            V(
                "hearing.request_late",
                f"听证申请应当在告知后五个工作日内（{due:%Y-%m-%d}前）提出",
                ART64_1,
                "requested_on",
            )
        ]
    return []


def legal_review_done(f: CaseFacts, ref) -> list[Violation]:
    """第五十八条: reviewed and passed by a designated reviewer before the decision; first-timers qualified."""
    if f.procedure != Procedure.ORDINARY:
        return []
    power = ref.power_on(f.power_id, f.decision_day)
    if not legal_review_required(f, power):
        return []
    decided = f.decided_on or f.on_date
    reviews = sorted((r for r in f.reviews if r.reviewed_on <= decided), key=lambda r: r.reviewed_on)
    if not reviews:
        return [V("review.missing", "本案属于应当法制审核的情形，未经法制审核不得作出决定", ART58, "legal_review")]
    last = reviews[-1]
    out = []
    if last.result == ReviewResult.REJECT:
        out.append(V("review.rejected", "法制审核未通过，不得作出决定", ART58, "legal_review"))
    elif not last.result:
        out.append(V("review.no_conclusion", "法制审核未记载审核结论，不能确认审核通过", ART58, "legal_review"))
    term = ref.reviewer_term(last.reviewer_id, last.reviewed_on)
    if term is None:
        out.append(
            V(
                "review.not_designated",
                f"审核人（ID {last.reviewer_id}）在{last.reviewed_on:%Y-%m-%d}不是本单位确定的法制审核人员",
                ART58,
                "reviewer",
            )
        )
    elif term.first_time is not False and not term.has_legal_qualification:
        # not recorded (a designation or person received without it): not shown to comply, reported
        message = "初次从事法制审核的人员应当取得法律职业资格"
        if term.first_time is None or term.has_legal_qualification is None:
            message += "（未记载是否初次从事或是否取得法律职业资格）"
        out.append(V("review.unqualified", message, f"{ART58}第二款", "reviewer"))
    return out


def collective_discussion_done(f: CaseFacts, ref) -> list[Violation]:
    """第五十七条第二款: 情节复杂或者重大违法行为 → 负责人集体讨论决定."""
    if f.procedure == Procedure.ORDINARY and f.is_major and f.is_penalty and f.discussions < 1:
        return [
            V("collective.missing", "重大违法行为给予行政处罚，应当由行政机关负责人集体讨论决定", ART57, "collective")
        ]
    return []


def discretion_benchmark(f: CaseFacts, ref) -> list[Violation]:
    """第三十四条: a fine inside the published benchmark tier, or a written reason for leaving it."""
    if f.fine_amount <= 0 or f.discretion_reason.strip():
        return []
    tiers = ref.tiers(f.power_id) if f.power_id is not None else []
    if not tiers:
        return []
    chosen = [t for t in tiers if t.tier == f.discretion_tier] if f.discretion_tier else tiers
    if any(t.fine_min <= f.fine_amount <= t.fine_max for t in chosen):
        return []
    ranges = "、".join(f"{t.tier} {t.fine_min}–{t.fine_max}" for t in chosen) or "无此阶次"
    return [
        V(
            "discretion.outside",
            f"罚款{f.fine_amount}元不在裁量基准（{ranges}）内，且未书面说明理由",
            ART34,
            "discretion_reason",
        )
    ]


def limitation_period(f: CaseFacts, ref) -> list[Violation]:
    """第三十六条: not discovered within 2 years (5 with harm to life/health/finance) → no penalty."""
    if not f.is_penalty:
        return []
    if f.act_date is None:
        if f.decided_on is None:
            return []
        return [
            V(
                "limitation.act_date_missing",
                "未记载违法行为发生日期，不能确认违法行为在追责时效内被发现",
                ART36,
                "act_date",
            )
        ]
    years = LIMITATION_YEARS_HARM if f.harms_life_or_finance else LIMITATION_YEARS
    last = shift_years(f.act_date, years)
    if f.discovered_on > last:
        return [
            V(
                "limitation.expired",
                f"违法行为（{f.act_date:%Y-%m-%d}）在{years}年内（至{last:%Y-%m-%d}）未被发现，不再给予行政处罚",
                ART36,
                "discovered_at",
            )
        ]
    if f.discovered_on < f.act_date:
        return [V("limitation.order", "发现时间不能早于违法行为发生日期", ART36, "discovered_at")]
    return []


def no_second_fine(f: CaseFacts, ref) -> list[Violation]:
    """第二十九条: the same act is not fined twice."""
    if f.previous_case_fined and f.fine_amount > 0:
        return [V("double_fine", "同一违法行为已给予罚款，不得再次罚款", ART29, "fine_amount")]
    return []


def minors(f: CaseFacts, ref) -> list[Violation]:
    """第三十条: under 14 no penalty; 14 to 18 a lighter or reduced penalty (应当从轻或者减轻)."""
    if f.party_kind != PartyKind.PERSON or f.party_birth_date is None or f.act_date is None:
        if f.outcome == Outcome.NO_PENALTY_MINOR and f.act_date is not None:
            return [V("minor.not_minor", "当事人不是未满十四周岁的自然人", ART30, "outcome")]
        return []
    age = age_on(f.party_birth_date, f.act_date)
    if age < PUNISHABLE_AGE:
        if f.outcome != Outcome.NO_PENALTY_MINOR:
            return [V("minor.under14", f"违法行为发生时当事人未满十四周岁（{age}岁），不予行政处罚", ART30, "outcome")]
        return []
    if f.outcome == Outcome.NO_PENALTY_MINOR:
        return [V("minor.not_minor", f"违法行为发生时当事人已满十四周岁（{age}岁）", ART30, "outcome")]
    if age < ADULT_AGE and f.is_penalty and not f.discretion_reason.strip():
        return [
            V(
                "minor.lighter",
                f"当事人违法时未满十八周岁（{age}岁），应当从轻或者减轻处罚并说明理由",
                ART30,
                "discretion_reason",
            )
        ]
    return []


def outcome_consistent(f: CaseFacts, ref) -> list[Violation]:
    """第三十三条: 首违不罚 needs all three conditions; no outcome without a penalty carries one."""
    out = []
    if f.outcome == Outcome.FIRST_OFFENCE:
        missing = [
            label
            for flag, label in (
                (f.first_offence, "初次违法"),
                (f.harm_minor, "危害后果轻微"),
                (f.corrected, "及时改正"),
            )
            if not flag
        ]
        if missing:
            out.append(
                V(
                    "first_offence.conditions",
                    f"首违不罚须同时具备初次违法、危害后果轻微、及时改正，缺少：{'、'.join(missing)}",
                    f"{ART33}第一款",
                    "outcome",
                )
            )
    if f.outcome == Outcome.NO_PENALTY_MINOR_HARM and not (f.harm_minor and f.corrected):
        out.append(
            V(
                "no_penalty.conditions",
                "违法行为轻微并及时改正、没有造成危害后果的，方可不予处罚",
                f"{ART33}第一款",
                "outcome",
            )
        )
    if f.outcome in NO_PENALTY_OUTCOMES and (f.fine_amount > 0 or f.penalty_kinds):
        out.append(V("outcome.penalty_given", "不予处罚的案件不能有处罚种类或罚款", ART33, "penalty_kinds"))
    if f.is_penalty and not f.penalty_kinds:
        out.append(V("outcome.no_kind", "给予处罚应当载明处罚种类", ART9, "penalty_kinds"))
    if f.is_penalty and PenaltyKind.FINE in f.penalty_kinds and f.fine_amount <= 0:
        out.append(V("outcome.fine_zero", "处罚种类含罚款，罚款金额应大于0", ART9, "fine_amount"))
    if f.fine_amount > 0 and PenaltyKind.FINE not in f.penalty_kinds:
        out.append(V("outcome.fine_kind", "有罚款金额，处罚种类应含罚款", ART9, "penalty_kinds"))
    return out


def device_evidence(f: CaseFacts, ref) -> list[Violation]:
    """第四十一条: evidence from an electronic device only if approved (法制和技术审核) and its site published."""
    if f.device_id is None:
        return []
    d = ref.device(f.device_id)
    if d is None:
        return [V("device.unknown", f"电子监控设备（ID {f.device_id}）不在本行政区划", ART41, "device_id")]
    out = []
    recorded = f.act_date or f.discovered_on  # the device recorded the act, at the latest when it was discovered
    if d.approved_on is None or d.approved_on > recorded:
        out.append(
            V("device.not_approved", "电子技术监控设备未经法制和技术审核，其记录不得作为处罚证据", ART41, "device_id")
        )
    if d.published_on is None or d.published_on > recorded:
        out.append(
            V(
                "device.not_published",
                "电子技术监控设备设置地点未向社会公布，其记录不得作为处罚证据",
                ART41,
                "device_id",
            )
        )
    return out


def recording_required(f: CaseFacts, ref) -> list[Violation]:
    """国办发〔2018〕118号: 查封扣押、强制拆除等 acts need full audio-video recording (a case or an inspection)."""
    power = ref.power_on(f.power_id, f.decision_day if isinstance(f, CaseFacts) else f.on_date)
    if power is not None and power.requires_recording and f.recordings < 1:
        return [
            V(
                "recording.missing",
                f"职权“{power.code}”须全程音像记录，{'本案' if isinstance(f, CaseFacts) else '本次执法'}没有音像记录",
                GUOBAN118_RECORD,
                "recordings",
            )
        ]
    return []


def decision_deadline(f: CaseFacts, ref) -> list[Violation]:
    """第六十条: decision within 90 days of 立案 (calendar days), plus approved extensions."""
    if f.procedure != Procedure.ORDINARY or f.filed_on is None:
        return []
    out = []
    if f.extension_days and not f.extension_approved_by.strip():
        out.append(V("deadline.extension_unapproved", "延长办案期限应当记录批准人", ART60, "extension_approved_by"))
    approved = bool(f.extension_days and f.extension_approved_by.strip())
    due = ref.calendar_days(f.filed_on, DECISION_DAYS + (f.extension_days if approved else 0))
    decided = f.decided_on or f.on_date
    if decided > due:
        out.append(V("deadline.decision", f"应当在立案之日起九十日内（{due:%Y-%m-%d}前）作出决定", ART60, "decided_on"))
    if decided < f.filed_on:
        out.append(V("deadline.order", "决定日期不能早于立案日期", ART60, "decided_on"))
    return out


def delivery_deadline(f: CaseFacts, ref) -> list[Violation]:
    """第六十一条: handed over on the spot; if the party is absent, served within 7 working days."""
    if f.decided_on is None:
        return [V("delivery.not_decided", "尚未作出决定，不能送达", ART61, "decided_on")]
    delivered = f.delivered_on or f.on_date
    if delivered < f.decided_on:
        return [V("delivery.order", "送达日期不能早于决定日期", ART61, "delivered_on")]
    # party_absent None: not stated by the sending system; only the outer (absent) bound can be checked.
    if f.party_absent or f.party_absent is None:
        due = ref.working_days(f.decided_on, DELIVERY_WORKING_DAYS)
        if delivered > due:
            return [
                V("delivery.late", f"当事人不在场的，应当在七个工作日内（{due:%Y-%m-%d}前）送达", ART61, "delivered_on")
            ]
    elif delivered != f.decided_on:
        return [V("delivery.not_onspot", "当事人在场的，决定书应当在宣告后当场交付", ART61, "delivered_on")]
    return []


def payment_made(f: CaseFacts, ref) -> list[Violation]:
    """第六十七条第三款: pay within 15 days of receipt; 第七十二条: surcharge 3 %/day, capped at the fine."""
    if f.fine_amount <= 0:
        return []
    if f.delivered_on is None:
        return [V("payment.not_delivered", "决定书尚未送达", ART67, "delivered_on")]
    paid_on = f.paid_on or f.on_date
    if paid_on < f.delivered_on:
        return [V("payment.order", "缴款日期不能早于送达日期", ART67, "paid_on")]
    due = ref.calendar_days(f.delivered_on, PAYMENT_DAYS)
    surcharge = late_surcharge(f.fine_amount, due, paid_on)
    if f.paid_amount < f.fine_amount:
        return [V("payment.short", f"实缴{f.paid_amount}元少于罚款{f.fine_amount}元", ART67, "paid_amount")]
    if surcharge and f.paid_amount < f.fine_amount + surcharge:
        # 第七十二条 says the agency 可以 add the surcharge: recorded, not blocking.
        return [
            V(
                "payment.surcharge",
                f"逾期{(paid_on - due).days}日缴纳，加处罚款{surcharge}元未缴",
                ART72,
                "surcharge",
                severity="warning",
            )
        ]
    return []


def blocking(violations: Sequence[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "error"]


def run(rules: Sequence[Rule], facts, ref) -> list[Violation]:
    out: list[Violation] = []
    for rule in rules:
        out.extend(rule(facts, ref))
    return out


ACT_RULES: tuple[Rule, ...] = (power_held, officers_certified)
