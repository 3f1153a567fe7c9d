"""涉企行政检查 under 《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号, published
2025-01-03) and the 司法部 Q&A of 2025-04-18 (statute text and what was verified: docs/legal-basis.md).

Each rule is ``rule(facts, ref) -> list[Violation]`` over ``InspectionFacts`` (built from a row, a form or an
exchange record by ``facts_inspection``). The workspace refuses on blocking violations, the exchange path loads
the record and alerts, the supervision scan (乱检查, 《行政执法监督条例》) asks the same functions.

Officers' certificates are judged by ``rules.officers_certified`` (one encoding); the item must be a 行政检查
power of the 权责清单 in force on the day (published: the district's 权责清单 is public, and the portal lists it).
Local figures (the annual cap, what counts against it) are data: ``supervision.InspectionCap``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from stdnum.cn import uscc as _uscc

from zhifa.core.errors import Violation
from zhifa.powers.choices import PowerCategory

from . import rules as R
from .choices import InspectionClass, InspectionMode

GUOBAN54 = "《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）"
G54_SUBJECT = f"{GUOBAN54}第二部分（严禁未取得执法证件的人员实施行政检查）"
G54_ITEMS = f"{GUOBAN54}第三部分（清理并公布行政检查事项）"
G54_FREQUENCY = f"{GUOBAN54}第四部分（合理确定行政检查方式，公布年度检查频次上限）"
G54_PROCEDURE = f"{GUOBAN54}第五部分（严格行政检查标准、程序）；司法部《有关问题解答》（2025年4月）"
G54_SPECIAL = f"{GUOBAN54}第六部分（严格控制专项检查）"
TJ_SPECIAL = "津司发〔2025〕8号（专项检查履行批准、备案、公布程序）"
QA_CLASSES = "司法部办公厅《〈国务院办公厅关于严格规范涉企行政检查的意见〉有关问题解答》（日常检查、个案检查、专项检查）"
# 54号 was published on 3 January 2025 (新华社); inspections before that day are not judged by it.
GUOBAN54_FROM = dt.date(2025, 1, 3)


@dataclass(frozen=True, slots=True)
class CapInfo:
    cap_id: int
    max_per_year: int
    source_document: str
    counts_routine: bool = True
    counts_case: bool = True
    counts_special: bool = True
    excludes_superior: bool = True
    on_site_only: bool = False

    def counts(self, inspection_class: str, mode: str, superior_deployed: bool) -> bool:
        """Whether an inspection counts against this cap (what counts is the local rule's choice: 上级部署的
        专项检查 are left out per the Q&A; 河北 leaves out 个案检查). An unclassified inspection counts."""
        if self.on_site_only and mode != InspectionMode.ON_SITE:
            return False
        if inspection_class == InspectionClass.ROUTINE:
            return self.counts_routine
        if inspection_class == InspectionClass.CASE:
            return self.counts_case
        if inspection_class == InspectionClass.SPECIAL:
            return self.counts_special and not (self.excludes_superior and superior_deployed)
        return True


@dataclass(slots=True)
class InspectionFacts:
    unit_id: int | None
    power_id: int | None
    started_at: dt.datetime
    officer_ids: tuple[int, ...]
    as_of: dt.datetime | None = None  # when it is judged (None: after it took place)
    inspection_class: str = ""
    case_source: str = ""
    plan_id: int | None = None
    plan_approved_at: dt.datetime | None = None  # local time, like started_at
    plan_filed_on: dt.date | None = None
    approver_id: int | None = None
    approved_at: dt.datetime | None = None
    urgent: bool = False
    cap: CapInfo | None = None
    counts_against_cap: bool = False
    prior_count: int = 0  # inspections of the same enterprise by the same body earlier that year that count
    category: str = PowerCategory.INSPECTION

    @property
    def on_date(self) -> dt.date:
        return self.started_at.date()


def _minute(t: dt.datetime) -> dt.datetime:
    return t.replace(second=0, microsecond=0)


def in_scope(f: InspectionFacts) -> bool:
    return f.on_date >= GUOBAN54_FROM


def approval_before(f: InspectionFacts, ref) -> list[Violation]:
    """54号第五部分, Q&A: every inspection approved by the body's head beforehand; when urgent (情况紧急、需要当场
    实施), reported and approved afterwards. The approval counts to the minute: approved in the minute the
    inspection starts is beforehand. An inspection not yet started needs no approval yet."""
    if not in_scope(f) or (f.as_of is not None and f.started_at > f.as_of):
        return []
    if f.approved_at is None:
        if f.urgent:
            return [
                R.V("inspection.approval_pending", "紧急检查已实施，尚未补办审批手续", G54_PROCEDURE, "approved_at", "warning")
            ]
        return [R.V("inspection.unapproved", "行政检查未经行政执法主体负责人批准", G54_PROCEDURE, "approved_at")]
    if _minute(f.approved_at) > _minute(f.started_at) and not f.urgent:
        return [
            R.V(
                "inspection.approved_late",
                f"审批时间{f.approved_at:%Y-%m-%d %H:%M}晚于检查时间{f.started_at:%Y-%m-%d %H:%M}，且未标明紧急情况",
                G54_PROCEDURE,
                "approved_at",
            )
        ]
    return []


def item_published(f: InspectionFacts, ref) -> list[Violation]:
    """54号第三部分: only 行政检查事项 published in the 权责清单 (in force on the day) may be inspected."""
    if not in_scope(f):
        return []
    power = ref.power(f.power_id)
    if power is None or power.category != PowerCategory.INSPECTION or not power.in_force_on(f.on_date):
        what = "不在本区权责清单" if power is None else f"“{power.code} {power.name}”"
        return [
            R.V(
                "inspection.item_unpublished",
                f"检查事项{what}不是{f.on_date:%Y-%m-%d}已公布的行政检查事项",
                G54_ITEMS,
                "power_id",
            )
        ]
    return []


def officers_certified(f: InspectionFacts, ref) -> list[Violation]:
    """54号第二部分 with 《行政处罚法》第四十二条: the officers hold certificates in force that day (rules.officers_certified)."""
    return R.officers_certified(f, ref)


def class_complete(f: InspectionFacts, ref) -> list[Violation]:
    """Q&A: 日常/个案/专项; a 个案检查 names its trigger (投诉举报, 转办交办, 数据监测, 企业申请); a 专项检查 follows a
    plan approved before it starts (54号第六部分; 津司发〔2025〕8号: 履行批准、备案、公布程序). The approval counts to
    the minute, as an inspection's own does: approved in the minute the inspection starts is in time, one minute
    later is not. A plan approved but not 备案 by the day is a warning (no text found fixes when 备案 is due)."""
    if not in_scope(f):
        return []
    if not f.inspection_class:
        return [R.V("inspection.class_missing", "未填写检查类别（日常检查/个案检查/专项检查）", QA_CLASSES, "inspection_class", "warning")]
    if f.inspection_class == InspectionClass.CASE and not f.case_source:
        return [R.V("inspection.case_no_source", "个案检查未注明来源（投诉举报、转办交办、数据监测、企业申请）", QA_CLASSES, "case_source")]
    if f.inspection_class != InspectionClass.SPECIAL:
        return []
    if f.plan_id is None or f.plan_approved_at is None:
        why = "未关联检查计划" if f.plan_id is None else "检查计划未经批准"
        return [R.V("inspection.special_unplanned", f"专项检查{why}", G54_SPECIAL, "plan")]
    if _minute(f.plan_approved_at) > _minute(f.started_at):
        return [
            R.V(
                "inspection.special_unplanned",
                f"专项检查计划审批时间{f.plan_approved_at:%Y-%m-%d %H:%M}晚于检查时间{f.started_at:%Y-%m-%d %H:%M}",
                G54_SPECIAL,
                "plan",
            )
        ]
    if f.plan_filed_on is None or f.plan_filed_on > f.on_date:
        return [R.V("inspection.special_not_filed", "专项检查计划未于检查日前备案", f"{G54_SPECIAL}；{TJ_SPECIAL}", "plan", "warning")]
    return []


def within_cap(f: InspectionFacts, ref) -> list[Violation]:
    """54号第四部分: the body's yearly cap on inspections of one enterprise (a local figure with its source).
    The cap is reached by the inspection that makes the count equal to it; the next one exceeds it."""
    if not in_scope(f) or f.cap is None or not f.counts_against_cap:
        return []
    n = f.prior_count + 1
    if n > f.cap.max_per_year:
        return [
            R.V(
                "inspection.over_cap",
                f"本年度对该企业的第{n}次检查，超过年度检查频次上限{f.cap.max_per_year}次（{f.cap.source_document}）",
                G54_FREQUENCY,
                "party",
            )
        ]
    return []


INSPECTION_RULES: tuple = (approval_before, item_published, officers_certified, class_complete, within_cap)
# The codes of 乱检查 (《行政执法监督条例》): what the supervision scan reports.
DISORDER_CODES = frozenset(
    {
        "inspection.unapproved",
        "inspection.approved_late",
        "inspection.item_unpublished",
        "officers.no_certificate",
        "inspection.special_unplanned",
        "inspection.over_cap",
    }
)


# ---- 《行政执法监督条例》 detection (the supervision scan asks these; the thresholds are region settings) -------
TIAOLI = "《行政执法监督条例》（国务院令第825号）"
TIAOLI_MATTERS = f"{TIAOLI}（监督事项：有案不立、以罚代管、乱检查、乱查封等）"
TIAOLI_REMOTE = f"{TIAOLI}（监督事项：违规异地执法）"
TIAOLI_BUCK_PASSING = f"{TIAOLI}（监督事项：推诿扯皮）"
FINE_REPEAT_MIN = 3  # the line for 以罚代管: three fines of the same party for the same violation
FINE_REPEAT_DAYS = 365  # … within 12 months


def case_not_filed(
    inspected_on: dt.date,
    case_filed_on: dt.date | None,
    as_of: dt.date,
    days: int,
    source: str,
    *,
    trigger: str = "检查结果为立案查处",
    field: str = "result",
) -> list[Violation]:
    """有案不立: an inspection that found a violation to be 立案查处, or a clue found substantiated (``trigger``,
    dated ``inspected_on``), with no case filed within ``days`` days (a region setting with its source document).
    Day N is in time; day N+1 without a case is not."""
    due = inspected_on + dt.timedelta(days=days)
    if case_filed_on is not None and case_filed_on <= due:
        return []
    if case_filed_on is None and as_of <= due:
        return []
    late = "未立案" if case_filed_on is None else f"至{case_filed_on:%Y-%m-%d}才立案"
    return [
        R.V(
            "supervision.case_not_filed",
            f"{inspected_on:%Y-%m-%d}{trigger}，{days}日内（至{due:%Y-%m-%d}）{late}（期限依据：{source}）",
            TIAOLI_MATTERS,
            field,
        )
    ]


def fine_without_correction(fines: list[dt.date], follow_ups: list[dt.date]) -> tuple[dt.date, dt.date, int] | None:
    """以罚代管: ``FINE_REPEAT_MIN`` or more fines of one party for one violation type within ``FINE_REPEAT_DAYS``
    days with no 责令改正 or follow-up inspection between the first and the last of them. Returns the widest
    such run (first, last, count), the earliest of equals, or None.

    For each first fine, the run ends at the last fine inside the window that is not after the first follow-up
    strictly later than that first fine (a follow-up on the day of a fine does not lie between): two binary
    searches, so a party fined thousands of times costs n·log n, not n²."""
    fines = sorted(fines)
    follow = sorted(follow_ups)
    best = None
    window = dt.timedelta(days=FINE_REPEAT_DAYS)
    for i, first in enumerate(fines):
        j = bisect_left(fines, first + window) - 1
        k = bisect_right(follow, first)
        if k < len(follow):
            j = min(j, bisect_right(fines, follow[k]) - 1)
        n = j - i + 1
        if n >= FINE_REPEAT_MIN and (best is None or n > best[2]):
            best = (first, fines[j], n)
    return best


# ---- 违规异地执法 (《行政执法监督条例》) ----------------------------------------------------------------------
def registration_region(uscc: str) -> str | None:
    """The 登记管理机关行政区划码 of an organisation: characters 3–8 of its 统一社会信用代码 (GB 32100-2015, coded
    per GB/T 2260). None when it is not a valid 统一社会信用代码 (a natural person has none; an ID number is not one)."""
    value = (uscc or "").strip().upper()
    code = value[2:8]
    return code if code.isdigit() and _uscc.is_valid(value) else None


def region_prefix(code: str) -> str:
    """A GB/T 2260 code without its trailing 00 pairs: 120000 → 12, 120100 → 1201, 120110 → 120110."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def within_jurisdiction(body_region: str, registered_in: str) -> bool:
    """Whether a party registered in ``registered_in`` lies within the jurisdiction of a body of ``body_region``:
    the same region or one below it. A registration with a region above the body's (天津市 for a 东丽区 body) does
    not tell where the enterprise is, so it is not called outside."""
    a, b = region_prefix(body_region), region_prefix(registered_in)
    return b.startswith(a) or a.startswith(b)


def remote_enforcement(
    body_region: str, party_uscc: str, acts: list[tuple[dt.date, str]], cover: list[tuple[dt.date, dt.date]]
) -> list[Violation]:
    """违规异地执法: the body's acts (day, description) on a party registered outside its jurisdiction that no 协助
    record covers (requested on or before the day, covering until on or after it). A party within the
    jurisdiction, or one without a registration region (a natural person), gives nothing."""
    registered = registration_region(party_uscc)
    if registered is None or within_jurisdiction(body_region, registered):
        return []
    out = []
    for day, what in sorted(acts):
        if not any(start <= day <= until for start, until in cover):
            out.append(
                R.V(
                    "supervision.remote_enforcement",
                    f"{day:%Y-%m-%d}{what}：当事人登记地（统一社会信用代码登记管理机关行政区划码{registered}）不在本单位"
                    f"管辖区域（{body_region}），且无覆盖该日的异地执法协助记录",
                    TIAOLI_REMOTE,
                    "party",
                )
            )
    return out


# ---- 推诿扯皮 (《行政执法监督条例》) -----------------------------------------------------------------------------
BUCK_PASSING_UNITS = 2  # the line drawn here: a clue returned by two different units has bounced between them


def buck_passing(returns: list[tuple[str, dt.date, str]]) -> list[Violation]:
    """推诿扯皮: one clue returned (退回, "not our matter") by ``BUCK_PASSING_UNITS`` or more different units. Each
    return is (unit name, day, reason); either a unit is passing the buck or the duty is unclaimed in the 权责清单,
    and both are for the supervisor to settle."""
    units = list(dict.fromkeys(name for name, _, _ in returns))
    if len(units) < BUCK_PASSING_UNITS:
        return []
    steps = "；".join(f"{day:%Y-%m-%d} {name}退回（{reason}）" for name, day, reason in sorted(returns, key=lambda r: r[1]))
    return [
        R.V(
            "supervision.buck_passing",
            f"线索被{len(units)}个单位以不属于本单位职责为由退回：{steps}",
            TIAOLI_BUCK_PASSING,
            "unit",
        )
    ]
