"""行政许可 rules (《中华人民共和国行政许可法》, 2019 amendment; statute text in docs/legal-basis.md §10).

第八十二条: every period of this law counts working days (法定节假日 excluded), so the 二十日 of 第四十二条
and its 十日 extension are working days from the day of acceptance (第三十二条), plus the working days of
听证、检验、检测、检疫、鉴定、专家评审 stated to the applicant in writing (第四十五条).

A late decision is still a decision: the service records it with a warning and supervision alerts on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhifa.core.errors import Violation
from zhifa.powers.choices import PowerCategory

from . import rules as R
from .choices import LicenceResult
from .rules import V

LAW = "《行政许可法》"
ART32 = f"{LAW}第三十二条"
ART38 = f"{LAW}第三十八条第二款"
ART42 = f"{LAW}第四十二条第一款、第八十二条"
ART45 = f"{LAW}第四十五条"

DECISION_WORKING_DAYS = 20  # 第四十二条: 自受理行政许可申请之日起二十日内 (working days, 第八十二条)
EXTENSION_MAX_WORKING_DAYS = 10  # 第四十二条: 经本行政机关负责人批准，可以延长十日
MAX_EXTENSIONS = 1


@dataclass(slots=True)
class LicenceFacts:
    unit_id: int | None
    power_id: int | None
    accepted_on: dt.date
    officer_ids: tuple[int, ...] = ()
    excluded_days: int = 0
    excluded_reason: str = ""
    extensions: int = 0  # counting the one being checked
    extension_days: int = 0
    extension_approved_by: str = ""
    extension_on: dt.date | None = None
    decided_on: dt.date | None = None
    result: str = ""
    refusal_reason: str = ""
    on_date: dt.date | None = None
    category: str = PowerCategory.LICENSE


def _approved(f: LicenceFacts) -> bool:
    return bool(f.extension_days and f.extension_approved_by.strip())


def licence_base_due(f: LicenceFacts, ref) -> dt.date:
    """Last day of the 20 working days (plus the stated 第四十五条 time), before any extension."""
    return ref.working_days(f.accepted_on, DECISION_WORKING_DAYS + f.excluded_days)


def licence_due(f: LicenceFacts, ref) -> dt.date:
    """The decision deadline: 20 working days + an approved extension (≤10) + the stated 第四十五条 time."""
    extra = min(f.extension_days, EXTENSION_MAX_WORKING_DAYS) if _approved(f) else 0
    return ref.working_days(f.accepted_on, DECISION_WORKING_DAYS + f.excluded_days + extra)


def licence_power(f: LicenceFacts, ref) -> list[Violation]:
    """The unit holds the 行政许可 power (第二十二条: 在其法定职权范围内实施) on the day of acceptance."""
    act = R.ActFacts(f.unit_id, f.power_id, f.accepted_on, f.officer_ids, category=f.category)
    return R.power_held(act, ref)


def licence_excluded_stated(f: LicenceFacts, ref) -> list[Violation]:
    """第四十五条: time for 听证、检验、鉴定等 is not counted only when the applicant is told it in writing."""
    if f.excluded_days and not f.excluded_reason.strip():
        return [
            V(
                "licence.excluded_reason",
                "不计入期限的听证、检验、检测、检疫、鉴定或者专家评审时间应当书面告知申请人，并载明事由",
                ART45,
                "excluded_reason",
            )
        ]
    return []


EXTENSION_TERMS = R.ExtensionTerms(
    prefix="licence",
    citation=ART42,
    max_days=EXTENSION_MAX_WORKING_DAYS,
    what="决定期限",
    days_unit="工作日数",
    too_long="经负责人批准只能延长{max}日（拟延长{days}日）",
    approver="本行政机关负责人",
    late="二十日期限已于{base:%Y-%m-%d}届满，不能再延长",
    late_citation=ART42,
    start="受理",
    max_extensions=MAX_EXTENSIONS,
)


def licence_extension(f: LicenceFacts, ref) -> list[Violation]:
    """第四十二条: one extension of at most 10 working days, approved by the head, within the 20 days."""
    if not f.extensions:
        return []
    base = licence_base_due(f, ref) if f.extension_on is not None else None
    return R.extension_violations(f, EXTENSION_TERMS, start=f.accepted_on, base_due=base)


def licence_decision_content(f: LicenceFacts, ref) -> list[Violation]:
    """第三十八条: 准予 or 不予; 不予 states its reasons (and the remedies); not before acceptance."""
    if f.decided_on is None:
        return []
    out: list[Violation] = []
    if f.result not in R.values_of(LicenceResult):
        out.append(V("licence.result", "应当作出准予或者不予行政许可的决定", f"{LAW}第三十八条", "result"))
    if f.result == LicenceResult.REFUSE and not f.refusal_reason.strip():
        out.append(V("licence.refusal_reason", "作出不予行政许可的决定，应当说明理由", ART38, "refusal_reason"))
    if f.decided_on < f.accepted_on:
        out.append(V("licence.order", "决定日期不能早于受理日期", ART32, "decided_on"))
    return out


def licence_deadline(f: LicenceFacts, ref) -> list[Violation]:
    """第四十二条、第八十二条: decided by the 20th working day after acceptance (plus approved extension).

    A warning: the service records a late decision, the scan raises an alert for it (and for an
    application still undecided past its deadline).
    """
    due = licence_due(f, ref)
    ext = f"（含经批准延长{f.extension_days}日）" if _approved(f) else ""
    if f.decided_on is not None:
        if f.decided_on > due:
            late = ref.working_days_between(due, f.decided_on)
            return [
                V(
                    "licence.late",
                    f"应当于{due:%Y-%m-%d}前作出行政许可决定{ext}，实际{f.decided_on:%Y-%m-%d}作出（超期{late}个工作日）",
                    ART42,
                    "decided_on",
                    severity="warning",
                )
            ]
        return []
    day = f.on_date or f.accepted_on
    if day > due:
        return [
            V(
                "licence.late",
                f"应当于{due:%Y-%m-%d}前作出行政许可决定{ext}，至{day:%Y-%m-%d}尚未作出",
                ART42,
                "decided_on",
                severity="warning",
            )
        ]
    return []


ACCEPT_RULES = (licence_power, licence_excluded_stated)
EXTEND_RULES = (licence_extension,)
DECIDE_RULES = (licence_decision_content, licence_deadline)
