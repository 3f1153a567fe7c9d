"""Supervision services (区司法局). Keyword-only, atomic, one audit row per call.

Stable API (the demo generator, the staff UI and the public portal call these):

- ``alerts_scan(actor=, region_code=, as_of=, incremental=False) -> ScanResult``
- ``alerts_raise_for(obj, as_of=None) -> ScanResult``  (hook for enforcement writes; acts as SystemActor("hook"))
- ``alert_acknowledge / alert_verify / alert_dismiss``
- ``rectification_request / rectification_respond / rectification_verify``
- ``bulletin_issue(actor=, region_code=, month=) -> Bulletin``   (writes DOCX + XLSX)
- ``review_sample(actor=, region_code=, year=, quarter=, size=, seed=, unit_kinds=) -> list[CaseFileReview]``
- ``review_score(actor=, review=, scores=, reviewed_on=, ...) -> CaseFileReview``
- ``supervision_inspection_record(actor=, unit=, inspected_on=, ...) -> SupervisionInspection``
- ``interference_notice_issue(actor=, region_code=, ...) -> InterferenceNotice``
- ``clue_submit(region_code=, text=, contact=, unit_id=None, ...) -> Clue``, ``clue_assign``, ``clue_respond``
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import actor_label, audit, snapshot
from zhifa.core.calendar import add_working_days
from zhifa.core.errors import DomainError, InvalidInput, PermissionDenied
from zhifa.core.policy import authorize
from zhifa.enforcement.choices import CaseStatus, Procedure
from zhifa.enforcement.models import InterferenceRecord, PenaltyCase
from zhifa.org.choices import UnitKind
from zhifa.org.models import Region, Unit

from . import policy
from .choices import (
    AlertResolution,
    AlertStatus,
    ClueSource,
    ClueStatus,
    RectificationStatus,
    ReviewGrade,
    ReviewStatus,
)
from .models import (
    Alert,
    AlertEvent,
    Bulletin,
    CaseFileReview,
    Clue,
    InterferenceNotice,
    Rectification,
    RectificationAttachment,
    SupervisionInspection,
)
from .scan import ScanResult, alerts_raise_for, alerts_scan  # noqa: F401  (re-exported: part of the API)

__all__ = [
    "ScanResult",
    "alerts_scan",
    "alerts_raise_for",
    "alert_acknowledge",
    "alert_verify",
    "alert_dismiss",
    "rectification_request",
    "rectification_respond",
    "rectification_verify",
    "bulletin_issue",
    "review_sample",
    "review_score",
    "supervision_inspection_record",
    "interference_notice_issue",
    "clue_submit",
    "clue_assign",
    "clue_respond",
]


def _today() -> dt.date:
    return timezone.localdate()


def _region(region_code: str) -> Region:
    try:
        return Region.objects.get(pk=region_code)
    except Region.DoesNotExist:
        raise InvalidInput(f"行政区划代码“{region_code}”不存在", field="region_code", code="region.unknown")


# ---- alert lifecycle ---------------------------------------------------------------------------------
_ALLOWED = {
    "acknowledge": ({AlertStatus.OPEN}, AlertStatus.ACKNOWLEDGED),
    "request": ({AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED}, AlertStatus.RECTIFICATION_REQUESTED),
    "respond": ({AlertStatus.RECTIFICATION_REQUESTED}, AlertStatus.RECTIFIED),
    "verify": ({AlertStatus.RECTIFIED}, AlertStatus.CLOSED),
    "reject": ({AlertStatus.RECTIFIED}, AlertStatus.RECTIFICATION_REQUESTED),
    "dismiss": (
        {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.RECTIFICATION_REQUESTED, AlertStatus.RECTIFIED},
        AlertStatus.CLOSED,
    ),
}


def _step(alert: Alert, action: str, *, actor, on: dt.date, note: str = "", resolution: str = "") -> AlertEvent:
    """Move one alert along its lifecycle (no audit row: the calling service writes one)."""
    allowed_from, to = _ALLOWED[action]
    if alert.status not in allowed_from:
        raise DomainError(
            f"预警#{alert.pk}当前状态为“{AlertStatus(alert.status).label}”，不能执行该操作",
            field="status",
            code=f"alert.{action}_not_allowed",
        )
    before = alert.status
    alert.status = to  # FROM -> TO as in _ALLOWED
    fields = ["status"]
    if to == AlertStatus.CLOSED:
        alert.resolution = resolution
        alert.closed_at = timezone.now()
        fields += ["resolution", "closed_at"]
    alert.save(update_fields=fields)
    return AlertEvent.objects.create(
        alert=alert,
        region_id=alert.region_id,
        on_date=on,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        action=action,
        from_status=before,
        to_status=to,
        note=note,
    )


def _lock(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


@transaction.atomic
def alert_acknowledge(*, actor, alert: Alert, on: dt.date | None = None, note: str = "") -> Alert:
    """签收: the unit or the supervisor has seen the alert (open → acknowledged)."""
    authorize(actor, "alert.acknowledge", unit=alert.unit_id, region=alert.region_id)
    alert = _lock(alert)
    before = snapshot(alert)
    _step(alert, "acknowledge", actor=actor, on=on or _today(), note=note)
    audit(actor=actor, action="alert.acknowledge", obj=alert, before=before, after=snapshot(alert), note=note)
    return alert


@transaction.atomic
def alert_verify(*, actor, alert: Alert, note: str, on: dt.date | None = None) -> Alert:
    """核验: the supervisor checks a rectified alert and closes it (rectified → closed, verified)."""
    authorize(actor, "alert.verify", unit=alert.unit_id, region=alert.region_id)
    if not note.strip():
        raise InvalidInput("核验关闭预警须填写核验意见", field="note", code="alert.note_required")
    alert = _lock(alert)
    before = snapshot(alert)
    _step(alert, "verify", actor=actor, on=on or _today(), note=note, resolution=AlertResolution.VERIFIED)
    audit(actor=actor, action="alert.verify", obj=alert, before=before, after=snapshot(alert), note=note)
    return alert


@transaction.atomic
def alert_dismiss(*, actor, alert: Alert, reason: str, on: dt.date | None = None) -> Alert:
    """核实不构成问题: closes the alert with a written reason; the scan will not raise it again."""
    authorize(actor, "alert.dismiss", unit=alert.unit_id, region=alert.region_id)
    if not reason.strip():
        raise InvalidInput("排除预警须写明核实理由", field="reason", code="alert.reason_required")
    alert = _lock(alert)
    before = snapshot(alert)
    _step(alert, "dismiss", actor=actor, on=on or _today(), note=reason, resolution=AlertResolution.DISMISSED)
    audit(actor=actor, action="alert.dismiss", obj=alert, before=before, after=snapshot(alert), note=reason)
    return alert


# ---- rectification (整改) -----------------------------------------------------------------------------
def _next_notice_no(region_code: str, year: int, prefix: str) -> str:
    n = Rectification.objects.filter(region_id=region_code, notice_no__startswith=f"{prefix}〔{year}〕").count()
    return f"{prefix}〔{year}〕{n + 1}号"


def _create_rectification(
    *,
    unit: Unit,
    issued_on: dt.date,
    requirement: str,
    working_days: int,
    notice_no: str,
    inspection: SupervisionInspection | None = None,
) -> Rectification:
    if not requirement.strip():
        raise InvalidInput("整改通知须写明整改要求", field="requirement", code="rectification.requirement")
    if working_days < 1:
        raise InvalidInput("整改期限至少1个工作日", field="working_days", code="rectification.working_days")
    notice_no = notice_no or _next_notice_no(unit.region_id, issued_on.year, "东司法整改")
    if Rectification.objects.filter(region_id=unit.region_id, notice_no=notice_no).exists():
        raise InvalidInput(f"整改通知文号“{notice_no}”已使用", field="notice_no", code="rectification.notice_no")
    return Rectification.objects.create(
        region_id=unit.region_id,
        unit=unit,
        notice_no=notice_no,
        issued_on=issued_on,
        requirement=requirement.strip(),
        working_days=working_days,
        # Working days, 节假日 and 调休 from zhifa.core.calendar (CalendarUnknown if the year is missing).
        deadline=add_working_days(issued_on, working_days),
        inspection=inspection,
    )


@transaction.atomic
def rectification_request(
    *,
    actor,
    unit: Unit,
    issued_on: dt.date,
    requirement: str,
    alerts=(),
    reviews=(),
    working_days: int = policy.RECTIFICATION_WORKING_DAYS,
    notice_no: str = "",
) -> Rectification:
    """整改通知 to a unit; its alerts move to 已通知整改. Deadline = ``working_days`` working days."""
    authorize(actor, "alert.request_rectification", unit=unit)
    alerts = list(Alert.objects.select_for_update().filter(pk__in=[a.pk for a in alerts]).order_by("pk"))
    for a in alerts:
        if a.unit_id != unit.pk:
            raise InvalidInput(f"预警#{a.pk}不属于{unit.name}", field="alerts", code="rectification.alert_unit")
    reviews = list(reviews)
    for r in reviews:
        if r.unit_id != unit.pk:
            raise InvalidInput(f"评查案卷#{r.pk}不属于{unit.name}", field="reviews", code="rectification.review_unit")
    rect = _create_rectification(
        unit=unit, issued_on=issued_on, requirement=requirement, working_days=working_days, notice_no=notice_no
    )
    for a in alerts:
        _step(a, "request", actor=actor, on=issued_on, note=rect.notice_no)
    rect.alerts.set(alerts)
    rect.reviews.set(reviews)
    after = snapshot(rect) | {"alerts": [a.pk for a in alerts], "reviews": [r.pk for r in reviews]}
    audit(actor=actor, action="rectification.request", obj=rect, after=after)
    return rect


@transaction.atomic
def rectification_respond(
    *, actor, rectification: Rectification, response: str, responded_on: dt.date, attachments=()
) -> Rectification:
    """单位反馈整改情况 (with ``attachments``: uploaded files): its alerts move to 已整改待核验."""
    authorize(actor, "rectification.respond", unit=rectification.unit_id)
    rect = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rect.status not in (RectificationStatus.NOTICE, RectificationStatus.REJECTED):
        raise DomainError("该整改通知已反馈或已核验", field="status", code="rectification.respond_not_allowed")
    if not response.strip():
        raise InvalidInput("整改反馈不能为空", field="response", code="rectification.response")
    if responded_on < rect.issued_on:
        raise InvalidInput("反馈日期不能早于通知下发日期", field="responded_on", code="rectification.date")
    before = snapshot(rect)
    rect.status = RectificationStatus.RESPONDED  # NOTICE/REJECTED -> RESPONDED
    rect.response, rect.responded_on = response.strip(), responded_on
    rect.save(update_fields=["status", "response", "responded_on"])
    names = []
    for f in attachments:
        att = RectificationAttachment(
            rectification=rect, region_id=rect.region_id, name=f.name[:200], uploaded_on=responded_on
        )
        att.file.save(f.name, f, save=False)
        att.save()
        names.append(att.name)
    for a in rect.alerts.select_for_update().filter(status=AlertStatus.RECTIFICATION_REQUESTED):
        _step(a, "respond", actor=actor, on=responded_on, note=f"{rect.notice_no} 单位反馈")
    late = responded_on > rect.deadline
    audit(
        actor=actor,
        action="rectification.respond",
        obj=rect,
        before=before,
        after=snapshot(rect) | {"attachments": names},
        note="逾期反馈" if late else "",
    )
    return rect


@transaction.atomic
def rectification_verify(
    *, actor, rectification: Rectification, verified_on: dt.date, accepted: bool, note: str
) -> Rectification:
    """核验: accepted → the rectified alerts close (verified); refused → they go back to 已通知整改."""
    authorize(actor, "rectification.verify", unit=rectification.unit_id)
    rect = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rect.status != RectificationStatus.RESPONDED:
        raise DomainError("整改通知尚未反馈，不能核验", field="status", code="rectification.verify_not_allowed")
    if not note.strip():
        raise InvalidInput("核验须填写核验意见", field="note", code="rectification.note")
    before = snapshot(rect)
    rect.status = RectificationStatus.VERIFIED if accepted else RectificationStatus.REJECTED  # RESPONDED -> …
    rect.verified_on, rect.verification_note = verified_on, note.strip()
    rect.save(update_fields=["status", "verified_on", "verification_note"])
    for a in rect.alerts.select_for_update().filter(status=AlertStatus.RECTIFIED):
        if accepted:
            _step(a, "verify", actor=actor, on=verified_on, note=note, resolution=AlertResolution.VERIFIED)
        else:
            _step(a, "reject", actor=actor, on=verified_on, note=note)
    audit(actor=actor, action="rectification.verify", obj=rect, before=before, after=snapshot(rect), note=note)
    return rect


# ---- 监督检查 ---------------------------------------------------------------------------------------
@transaction.atomic
def supervision_inspection_record(
    *,
    actor,
    unit: Unit,
    inspected_on: dt.date,
    inspectors: str,
    scope: str,
    findings: str = "",
    files_checked: int = 0,
    files_drawn: str = "",
    equipment: str = "",
    recording_management: str = "",
    rectification_requirement: str = "",
    working_days: int = policy.RECTIFICATION_WORKING_DAYS,
    notice_no: str = "",
) -> SupervisionInspection:
    """监督检查 of a unit (随机抽查案卷、查看执法装备和音像记录管理); with a requirement, also the 整改通知."""
    authorize(actor, "supervision_inspection.record", unit=unit)
    if not inspectors.strip() or not scope.strip():
        raise InvalidInput("监督检查须填写检查人员和检查内容", field="inspectors", code="inspection.required")
    if files_checked < 0:
        raise InvalidInput("抽查案卷数不能为负", field="files_checked", code="inspection.files_checked")
    insp = SupervisionInspection.objects.create(
        region_id=unit.region_id,
        unit=unit,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        scope=scope.strip(),
        findings=findings.strip(),
        files_checked=files_checked,
        files_drawn=files_drawn.strip(),
        equipment=equipment.strip(),
        recording_management=recording_management.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    after = snapshot(insp)
    if rectification_requirement.strip():
        rect = _create_rectification(
            unit=unit,
            issued_on=inspected_on,
            requirement=rectification_requirement,
            working_days=working_days,
            notice_no=notice_no,
            inspection=insp,
        )
        after["rectification"] = snapshot(rect)
    audit(actor=actor, action="supervision_inspection.record", obj=insp, after=after)
    return insp


# ---- 案卷评查 ---------------------------------------------------------------------------------------
QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in QUARTER_MONTHS:
        raise InvalidInput("季度应为1–4", field="quarter", code="review.quarter")
    m0, m1 = QUARTER_MONTHS[quarter]
    end = (dt.date(year + (m1 == 12), m1 % 12 + 1, 1)) - dt.timedelta(days=1)
    return dt.date(year, m0, 1), end


def _allocate(sizes: dict[int, int], total: int) -> dict[int, int]:
    """Proportional allocation with the largest-remainder method, at most the stratum size each."""
    pop = sum(sizes.values())
    if total >= pop:
        return dict(sizes)
    quotas = {k: total * n / pop for k, n in sizes.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    rest = total - sum(alloc.values())
    for k in sorted(sizes, key=lambda k: (-(quotas[k] - alloc[k]), k))[:rest]:
        alloc[k] += 1
    return alloc


@transaction.atomic
def review_sample(
    *,
    actor,
    region_code: str,
    year: int,
    quarter: int,
    size: int,
    seed: str | int,
    unit_kinds=(UnitKind.STREET,),
) -> list[CaseFileReview]:
    """Draw ``size`` 普通程序 case files decided in the quarter, stratified by unit (proportional).

    Reproducible: the population is ordered by id and each unit's stratum is shuffled by a generator
    seeded from (seed, region, year, quarter, unit), so the same arguments draw the same files.
    Files already drawn for this quarter are not drawn again.
    """
    authorize(actor, "review.sample", region=region_code)
    _region(region_code)
    if size < 1:
        raise InvalidInput("抽取数量至少为1", field="size", code="review.size")
    start, end = quarter_bounds(year, quarter)
    pop = (
        PenaltyCase.objects.filter(
            region_id=region_code,
            procedure=Procedure.ORDINARY,
            decided_on__range=(start, end),
            unit__kind__in=list(unit_kinds),
        )
        .exclude(status__in=[CaseStatus.WITHDRAWN, CaseStatus.TRANSFERRED])
        .exclude(
            pk__in=CaseFileReview.objects.filter(region_id=region_code, year=year, quarter=quarter).values("case_id")
        )
        .order_by("id")
        .values_list("id", "unit_id")
    )
    strata: dict[int, list[int]] = defaultdict(list)
    for cid, uid in pop:
        strata[uid].append(cid)
    available = sum(len(v) for v in strata.values())
    if available < size:
        raise DomainError(
            f"{year}年第{quarter}季度可抽取的普通程序案卷只有{available}件，不足{size}件",
            field="size",
            code="review.population_too_small",
        )
    alloc = _allocate({u: len(v) for u, v in strata.items()}, size)
    rows = []
    for uid in sorted(strata):
        ids = strata[uid]
        digest = hashlib.sha256(f"{seed}:{region_code}:{year}:{quarter}:{uid}".encode()).hexdigest()
        rng = random.Random(int(digest[:16], 16))
        for cid in sorted(rng.sample(ids, alloc.get(uid, 0))):
            rows.append(
                CaseFileReview(
                    region_id=region_code, unit_id=uid, case_id=cid, year=year, quarter=quarter, seed=str(seed)
                )
            )
    CaseFileReview.objects.bulk_create(rows)
    drawn = list(
        CaseFileReview.objects.filter(region_id=region_code, year=year, quarter=quarter, seed=str(seed)).order_by(
            "unit_id", "case_id"
        )
    )
    audit(
        actor=actor,
        action="review.sample",
        object_type="supervision.casefilereview",
        object_id=f"{year}Q{quarter}",
        region_code=region_code,
        after={"seed": str(seed), "size": size, "allocation": {str(k): v for k, v in alloc.items() if v}},
    )
    return drawn


@transaction.atomic
def review_score(
    *,
    actor,
    review: CaseFileReview,
    scores: dict[str, float | int | Decimal],
    reviewed_on: dt.date,
    reviewer_name: str = "",
    deductions: dict[str, str] | None = None,
    comments: str = "",
    typical_bad: bool | None = None,
    vetoes=(),
) -> CaseFileReview:
    """Score a sampled file on the standard sheet (policy.REVIEW_ITEMS: 立案, 调查取证, 告知, 审核, 决定,
    送达, 执行, 归档). Total < 60 is 不合格 and flagged 典型差案; the reviewer may also flag a passing file
    (``typical_bad=True``) as a 典型差案 for a serious defect in one item. Any 否决项 (policy.REVIEW_VETO_ITEMS:
    主体、资格、证据、定性、程序、法律适用) makes the file 不合格 whatever its points. A file assigned to a
    reviewer is scored by that reviewer.
    """
    authorize(actor, "review.score", unit=review.unit_id)
    review = CaseFileReview.objects.select_for_update().get(pk=review.pk)
    if review.assigned_to_id and getattr(actor, "pk", None) and actor.pk != review.assigned_to_id:
        raise PermissionDenied("该案卷已分配给其他评查人员", code="review.not_assigned")
    vetoes = list(dict.fromkeys(vetoes or ()))
    bad = [v for v in vetoes if v not in policy.REVIEW_VETO_ITEMS]
    if bad:
        raise InvalidInput(f"否决项“{'、'.join(bad)}”不在评查标准内", field="vetoes", code="review.veto_unknown")
    items = policy.REVIEW_ITEMS
    unknown = set(scores) - set(items)
    if unknown:
        raise InvalidInput(
            f"评分项“{'、'.join(sorted(unknown))}”不在评分表内", field="scores", code="review.item_unknown"
        )
    missing = [k for k in items if k not in scores]
    if missing:
        raise InvalidInput(f"评分表缺少评分项：{'、'.join(missing)}", field="scores", code="review.item_missing")
    clean: dict[str, str] = {}
    total = Decimal("0")
    for k, maxp in items.items():
        v = Decimal(str(scores[k]))
        if v < 0 or v > maxp:
            raise InvalidInput(f"评分项“{k}”得分{v}超出0–{maxp}分", field="scores", code="review.item_range")
        clean[k] = str(v)
        total += v
    if reviewed_on < quarter_bounds(review.year, review.quarter)[0]:
        raise InvalidInput("评查日期不能早于所评季度", field="reviewed_on", code="review.date")
    before = snapshot(review)
    review.scores, review.total = clean, total
    review.deductions = deductions or {}
    review.vetoes = vetoes
    review.grade = (
        ReviewGrade.FAIL
        if vetoes
        else ReviewGrade.EXCELLENT
        if total >= policy.REVIEW_EXCELLENT
        else ReviewGrade.PASS
        if total >= policy.REVIEW_PASS
        else ReviewGrade.FAIL
    )
    review.is_typical_bad = review.grade == ReviewGrade.FAIL or bool(typical_bad)
    review.status = ReviewStatus.SCORED  # SAMPLED/SCORED -> SCORED (a re-score is audited)
    review.reviewed_on, review.comments = reviewed_on, comments
    review.reviewer = actor if getattr(actor, "pk", None) else None
    review.reviewer_name = reviewer_name or actor_label(actor)
    review.save()
    audit(actor=actor, action="review.score", obj=review, before=before, after=snapshot(review))
    return review


def review_results(region_code: str, year: int, quarter: int | None = None) -> list[dict]:
    """Results per unit: files reviewed, average score, 不合格 and 典型差案 counts."""
    qs = CaseFileReview.objects.filter(region_id=region_code, year=year, status=ReviewStatus.SCORED)
    if quarter:
        qs = qs.filter(quarter=quarter)
    out: dict[int, dict] = {}
    for uid, name, total, grade, bad in qs.values_list("unit_id", "unit__name", "total", "grade", "is_typical_bad"):
        r = out.setdefault(
            uid, {"unit_id": uid, "unit": name, "files": 0, "sum": Decimal("0"), "fail": 0, "typical_bad": 0}
        )
        r["files"] += 1
        r["sum"] += total
        r["fail"] += grade == ReviewGrade.FAIL
        r["typical_bad"] += bool(bad)
    for r in out.values():
        r["average"] = (r.pop("sum") / r["files"]).quantize(Decimal("0.1"))
    return sorted(out.values(), key=lambda r: (r["average"], r["unit_id"]))


# ---- 干预插手 通报 ----------------------------------------------------------------------------------
@transaction.atomic
def interference_notice_issue(
    *,
    actor,
    region_code: str,
    period_start: dt.date,
    period_end: dt.date,
    issued_on: dt.date,
    document_no: str,
    accountability: str = "",
) -> InterferenceNotice:
    """通报 of the 干预插手 records recorded in the period (names of interferers are reported as recorded)."""
    authorize(actor, "interference_notice.issue", region=region_code)
    _region(region_code)
    if period_end < period_start:
        raise InvalidInput("通报期间止不能早于起", field="period_end", code="interference_notice.period")
    if InterferenceNotice.objects.filter(region_id=region_code, document_no=document_no).exists():
        raise InvalidInput(f"通报文号“{document_no}”已使用", field="document_no", code="interference_notice.no")
    records = list(
        InterferenceRecord.objects.filter(region_id=region_code, recorded_on__range=(period_start, period_end))
        .select_related("unit", "case")
        .order_by("recorded_on", "id")
    )
    lines = [
        f"{period_start:%Y年%m月%d日}至{period_end:%Y年%m月%d日}，全区共记录机关内部人员、领导干部干预、插手案件办理情况{len(records)}件。"
    ]
    for i, r in enumerate(records, 1):
        late = r.reported_on is None or r.reported_on > add_working_days(
            r.recorded_on, policy.INTERFERENCE_REPORT_WORKING_DAYS
        )
        lines.append(
            f"{i}. {r.unit.name}：{r.get_interferer_role_display()}{r.interferer_name}于{r.occurred_on:%Y年%m月%d日}"
            f"{'就案件' + r.case.case_no if r.case else ''}{r.method}；{r.recorded_on:%m月%d日}记录"
            f"{'，未按期报告' if late else '，已按期报告'}。"
        )
    if not records:
        lines.append("本期未发现干预、插手案件办理情况。")
    notice = InterferenceNotice.objects.create(
        region_id=region_code,
        document_no=document_no,
        issued_on=issued_on,
        period_start=period_start,
        period_end=period_end,
        text="\n".join(lines),
        accountability=accountability,
    )
    notice.records.set(records)
    audit(
        actor=actor,
        action="interference_notice.issue",
        obj=notice,
        after=snapshot(notice) | {"records": [r.pk for r in records]},
    )
    return notice


# ---- 线索 ---------------------------------------------------------------------------------------
@transaction.atomic
def clue_submit(
    *,
    region_code: str,
    text: str,
    contact: str = "",
    unit_id: int | None = None,
    source: str = ClueSource.PUBLIC,
    received_on: dt.date | None = None,
    actor=None,
) -> Clue:
    """A clue (线索) from the public portal, a unit or the platform; with ``unit_id`` it is assigned at once.

    Response deadline: policy.CLUE_RESPONSE_WORKING_DAYS working days from receipt (or assignment).
    """
    authorize(actor, "clue.submit", region=region_code)
    _region(region_code)
    text = (text or "").strip()
    if len(text) < 5:
        raise InvalidInput("线索内容至少5个字", field="text", code="clue.text")
    if source not in ClueSource.values:
        raise InvalidInput(f"线索来源“{source}”无效", field="source", code="clue.source")
    received_on = received_on or _today()
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, region_id=region_code).first()
        if unit is None:
            raise InvalidInput("承办单位不在本行政区划", field="unit_id", code="clue.unit")
    clue = Clue.objects.create(
        region_id=region_code,
        unit=unit,
        source=source,
        text=text,
        contact=contact.strip()[:100],
        received_on=received_on,
        assigned_on=received_on if unit else None,
        status=ClueStatus.ASSIGNED if unit else ClueStatus.RECEIVED,
        response_due=add_working_days(received_on, policy.CLUE_RESPONSE_WORKING_DAYS),
    )
    audit(
        actor=actor,
        action="clue.submit",
        obj=clue,
        after=snapshot(clue, ["region", "unit", "source", "received_on", "response_due", "status"]),
    )
    return clue


@transaction.atomic
def clue_assign(*, actor, clue: Clue, unit: Unit, assigned_on: dt.date | None = None) -> Clue:
    """交办 to a unit: the response period restarts from the assignment."""
    authorize(actor, "clue.assign", unit=unit)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.status not in (ClueStatus.RECEIVED, ClueStatus.ASSIGNED):
        raise DomainError("线索已回复或办结，不能再交办", field="status", code="clue.assign_not_allowed")
    if unit.region_id != clue.region_id:
        raise InvalidInput("承办单位不在本行政区划", field="unit", code="clue.unit")
    before = snapshot(clue)
    on = assigned_on or _today()
    clue.unit, clue.assigned_on, clue.status = unit, on, ClueStatus.ASSIGNED  # RECEIVED -> ASSIGNED
    clue.response_due = add_working_days(on, policy.CLUE_RESPONSE_WORKING_DAYS)
    clue.save(update_fields=["unit", "assigned_on", "status", "response_due"])
    audit(actor=actor, action="clue.assign", obj=clue, before=before, after=snapshot(clue))
    return clue


@transaction.atomic
def clue_respond(
    *, actor, clue: Clue, response: str, responded_on: dt.date | None = None, case: PenaltyCase | None = None
) -> Clue:
    """The unit's answer (and the case filed from it, if any)."""
    authorize(actor, "clue.respond", unit=clue.unit_id, region=clue.region_id)
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.status != ClueStatus.ASSIGNED:
        raise DomainError("线索尚未交办或已回复", field="status", code="clue.respond_not_allowed")
    if not response.strip():
        raise InvalidInput("答复内容不能为空", field="response", code="clue.response")
    before = snapshot(clue)
    clue.response, clue.responded_on, clue.case = response.strip(), responded_on or _today(), case
    clue.status = ClueStatus.RESPONDED  # ASSIGNED -> RESPONDED
    clue.save(update_fields=["response", "responded_on", "case", "status"])
    audit(actor=actor, action="clue.respond", obj=clue, before=before, after=snapshot(clue))
    return clue


# ---- bulletins ------------------------------------------------------------------------------------
def parse_month(month: str | dt.date) -> dt.date:
    if isinstance(month, dt.date):
        return month.replace(day=1)
    try:
        y, m = str(month).split("-")
        return dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise InvalidInput(f"月份“{month}”格式应为YYYY-MM", field="month", code="bulletin.month")


@transaction.atomic
def bulletin_issue(*, actor, region_code: str, month: str | dt.date, out_dir=None) -> Bulletin:
    """月度通报: computes the month's per-unit figures, writes DOCX and XLSX, stores paths and figures.

    The alerts it counts are brought up to the month's last day first: when the region's latest scan
    is as of an earlier day (or there is none), an incremental scan as of the month end runs (and is
    audited on its own). A later scan is never undone by an earlier date. Issuing the same month again
    regenerates it (one Bulletin per region and month).
    """
    authorize(actor, "bulletin.issue", region=region_code)
    import calendar as _cal

    from .bulletin import bulletin_figures, write_docx, write_xlsx
    from .models import ScanRun

    region = _region(region_code)
    first = parse_month(month)
    month_end = first.replace(day=_cal.monthrange(first.year, first.month)[1])
    last_scan = ScanRun.objects.filter(region_id=region_code).order_by("-id").values_list("as_of", flat=True).first()
    from zhifa.metrics.base import rows_shared

    with rows_shared():  # the scan's unit rules, the table and the assessment read the same year-to-date rows
        if last_scan is None or last_scan < month_end:
            alerts_scan(region_code=region_code, as_of=month_end, actor=actor, incremental=True)
        figures = bulletin_figures(region_code, first)
    from django.conf import settings

    base = Path(out_dir) if out_dir else Path(settings.REPORT_ROOT) / "bulletins" / region_code
    base.mkdir(parents=True, exist_ok=True)
    stem = f"{region_code}-{first:%Y-%m}-月度通报"
    docx_path, xlsx_path = base / f"{stem}.docx", base / f"{stem}.xlsx"
    write_docx(docx_path, region, first, figures)
    write_xlsx(xlsx_path, region, first, figures)
    existing = Bulletin.objects.select_for_update().filter(region_id=region_code, month=first).first()
    before = snapshot(existing)
    b, _ = Bulletin.objects.update_or_create(
        region_id=region_code,
        month=first,
        defaults={
            "docx_path": str(docx_path),
            "xlsx_path": str(xlsx_path),
            "figures": figures,
            "issued_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit(
        actor=actor,
        action="bulletin.issue",
        obj=b,
        before=before,
        after=snapshot(b, ["month", "docx_path", "xlsx_path"]),
    )
    return b
