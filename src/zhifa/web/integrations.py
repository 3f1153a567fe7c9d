"""The staff workspace's calls into the other apps' services, in one place.

The web layer owns no rule: transitions, inspections, alerts and reports are the services' of
``zhifa.enforcement``, ``zhifa.supervision`` and ``zhifa.reports``. This module turns form data into
their keyword arguments and their refusals into ``Violation`` lists for the templates, nothing else.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.errors import InvalidInput, PermissionDenied, Violation
from zhifa.enforcement.choices import CaseStatus, Outcome, PartyKind, PenaltyKind, ReviewResult

FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.NO_PENALTY, CaseStatus.TRANSFERRED, CaseStatus.WITHDRAWN)


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _date(value: str, field_name: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(f"{label}“{value}”不是有效日期（YYYY-MM-DD）", field=field_name, code="web.date")


def _money(value: str, field_name: str, label: str) -> Decimal:
    try:
        amount = Decimal((value or "0").strip() or "0")
    except InvalidOperation:
        raise InvalidInput(f"{label}“{value}”不是有效金额", field=field_name, code="web.amount")
    if amount < 0:
        raise InvalidInput(f"{label}不能为负数", field=field_name, code="web.amount")
    return amount


def _person(user):
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("该账号未关联执法人员", code="auth.no_person")
    return person


# ---- case workflow ------------------------------------------------------------------------------


@dataclass
class StepField:
    name: str
    label: str
    kind: str = "text"  # text | number | date | textarea | select | multi | checkbox
    choices: list = field(default_factory=list)
    initial: object = ""


@dataclass
class TransitionOption:
    to_status: str
    label: str
    allowed: bool
    violations: list[Violation] = field(default_factory=list)  # rules that block it now
    hints: list[Violation] = field(default_factory=list)  # rules about inputs still to be filled in
    fields: list[StepField] = field(default_factory=list)

    @property
    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}


PENALTY_KIND_CHOICES = [(k, str(v)) for k, v in PenaltyKind.choices]
NO_PENALTY_CHOICES = [(k, str(v)) for k, v in Outcome.choices if k not in (Outcome.PENALTY, Outcome.TRANSFERRED)]


def step_fields(case, to_status: str) -> list[StepField]:
    """The facts each step records (workflow.FACT_FIELDS), as inputs."""
    kinds = StepField("penalty_kinds", "处罚种类", "multi", PENALTY_KIND_CHOICES, list(case.penalty_kinds or []))
    fine = StepField("fine_amount", "罚款金额（元）", "number", initial=case.fine_amount or "")
    if to_status == CaseStatus.NOTIFIED:
        return [kinds, fine]
    if to_status == CaseStatus.DECIDED:
        return [StepField("decision_no", "决定书文号", initial=case.decision_no), kinds, fine]
    if to_status == CaseStatus.NO_PENALTY:
        return [StepField("outcome", "不予处罚理由", "select", NO_PENALTY_CHOICES)]
    if to_status == CaseStatus.EXECUTED:
        return [StepField("paid_amount", "实缴金额（元）", "number", initial=case.fine_amount or "")]
    if to_status == CaseStatus.DELIVERED:
        return [StepField("party_absent", "当事人不在场", "checkbox")]
    return []


def _facts_from(case, to_status: str, data) -> dict:
    facts: dict = {}
    for f in step_fields(case, to_status):
        if f.kind == "multi":
            facts[f.name] = list(data.getlist(f.name)) if hasattr(data, "getlist") else list(data.get(f.name, []))
        elif f.kind == "number":
            facts[f.name] = _money(data.get(f.name, ""), f.name, f.label)
        elif f.kind == "checkbox":
            facts[f.name] = bool(data.get(f.name))
        elif f.name in data:
            facts[f.name] = data.get(f.name, "").strip()
    return facts


def _current_facts(case, to_status: str) -> dict:
    facts = {}
    for f in step_fields(case, to_status):
        if f.kind == "multi":
            facts[f.name] = list(f.initial or [])
        elif f.kind == "number":
            facts[f.name] = Decimal(f.initial or 0)
        elif f.kind == "checkbox":
            facts[f.name] = False
        elif f.kind == "select":
            facts[f.name] = f.choices[0][0]
        else:
            facts[f.name] = f.initial or ""
    return facts


def workflow_available() -> bool:
    mod = _module("zhifa.enforcement.workflow")
    return mod is not None and all(hasattr(mod, n) for n in ("case_transition", "case_check", "targets"))


def dry_run(*, case, to_status: str, on_date: dt.date, facts: dict) -> list[Violation]:
    """What the transition service would say now (enforcement.workflow.case_check: the same rules, in a
    savepoint that is always rolled back)."""
    from zhifa.enforcement.workflow import case_check

    return case_check(case=case, to_status=to_status, on_date=on_date, **facts)


def transition_options(*, case, user, on_date: dt.date | None = None) -> list[TransitionOption]:
    if not workflow_available():
        return []
    from zhifa.enforcement.workflow import targets

    on_date = on_date or timezone.localdate()
    options = []
    for to in targets(case.procedure, case.status):
        refusal = policy.check(user, policy.case_action(case.procedure, to), unit=case.unit_id, on=on_date)
        if refusal is not None and refusal.code == "auth.role":
            continue  # the step is another role's (policy.POLICY): not offered
        fields = step_fields(case, to)
        if refusal is not None:  # the user's role, but not here or not on that day (e.g. no certificate)
            v = Violation(refusal.code, refusal.message, refusal.citation, "")
            options.append(TransitionOption(to, str(CaseStatus(to).label), False, [v], [], fields))
            continue
        names = {f.name for f in fields}
        found = dry_run(case=case, to_status=to, on_date=on_date, facts=_current_facts(case, to))
        errors = [v for v in found if v.severity == "error"]
        blocking = [v for v in errors if v.field not in names]
        hints = [v for v in errors if v.field in names]
        options.append(TransitionOption(to, str(CaseStatus(to).label), not blocking, blocking, hints, fields))
    return options


def transition_perform(*, case, user, to_status: str, data) -> None:
    from zhifa.enforcement.workflow import case_transition

    if to_status not in CaseStatus.values:
        raise InvalidInput(f"目标状态“{to_status}”无效", field="to_status", code="web.to_status")
    on_date = _date(data.get("on_date", ""), "on_date", "办理日期")
    facts = _facts_from(case, to_status, data)
    case_transition(
        actor=user, case=case, to_status=to_status, on_date=on_date, note=data.get("note", "").strip(), **facts
    )


def review_record(*, case, user, data):
    """法制审核 by the logged-in reviewer (the service checks designation and qualification, 第五十八条)."""
    from zhifa.enforcement.workflow import case_legal_review_record

    result = data.get("result", "")
    if result not in ReviewResult.values:
        raise InvalidInput("请选择审核结论", field="result", code="web.review_result")
    return case_legal_review_record(
        actor=user,
        case=case,
        reviewer=_person(user),
        reviewed_on=_date(data.get("reviewed_on", ""), "reviewed_on", "审核日期"),
        result=result,
        opinion=data.get("opinion", ""),
    )


def discussion_record(*, case, user, data):
    """集体讨论 (第五十七条第二款): who attended and what was concluded."""
    from zhifa.enforcement.workflow import case_collective_discussion_record

    return case_collective_discussion_record(
        actor=user,
        case=case,
        held_on=_date(data.get("held_on", ""), "held_on", "讨论日期"),
        attendees=data.get("attendees", ""),
        conclusion=data.get("conclusion", ""),
    )


# ---- inspections --------------------------------------------------------------------------------


def _party(*, user, region, data: dict):
    """The inspected party: found by its 身份证号码 / 统一社会信用代码 in the region, else registered."""
    from zhifa.enforcement.models import Party
    from zhifa.enforcement.services import party_register

    code = data["party_code"].strip().upper()
    kind = data["party_kind"]
    key = {"id_number": code} if kind == PartyKind.PERSON else {"uscc": code}
    existing = Party.objects.filter(region=region, kind=kind, **key).first()
    if existing is not None:
        return existing
    return party_register(
        actor=user, region=region, kind=kind, name=data["party_name"], address=data.get("party_address", ""), **key
    )


def inspection_record(*, user, unit_id: int, data: dict):
    from zhifa.enforcement.services import inspection_record as record
    from zhifa.org.models import Unit

    unit = Unit.objects.get(pk=unit_id)
    with transaction.atomic():
        party = _party(user=user, region=unit.region, data=data)
        officers = [o for o in (data["officer_a"], data.get("officer_b")) if o is not None]
        return record(
            actor=user,
            unit=unit,
            power=data["power"],
            party=party,
            started_at=data["started_at"],
            officers=officers,
            mode=data["mode"],
            kind=data["kind"],
            findings=data.get("findings", ""),
        )


# ---- supervision ------------------------------------------------------------------------------


def _supervision_models():
    return _module("zhifa.supervision.models")


def _monthly(qs, date_field: str, year: int) -> list[int]:
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    out = [0] * 12
    rows = (
        qs.filter(**{f"{date_field}__year": year})
        .annotate(m=ExtractMonth(date_field))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in rows:
        out[r["m"] - 1] = r["n"]
    return out


def alert_monthly(*, user, year: int) -> list[dict]:
    from zhifa.core.access import visible

    m = _supervision_models()
    if m is None:
        return [{"name": "新增预警", "data": [0] * 12}]
    alerts = visible(m.Alert.objects.all(), user)
    return [
        {"name": "新增预警", "data": _monthly(alerts, "first_seen_on", year)},
        {
            "name": "关闭预警",
            "data": _monthly(alerts.filter(closed_at__isnull=False), "closed_at", year),
            "type": "line",
        },
    ]


def rectification_monthly(*, user, year: int) -> list[dict]:
    from zhifa.core.access import visible

    m = _supervision_models()
    if m is None:
        return []
    rects = visible(m.Rectification.objects.all(), user)
    return [
        {"name": "下发整改通知", "data": _monthly(rects, "issued_on", year)},
        {"name": "整改核验通过", "data": _monthly(rects.filter(status="verified"), "verified_on", year)},
    ]


def open_alert_count(*, user) -> int:
    from zhifa.core.access import visible

    m = _supervision_models()
    if m is None:
        return 0
    from zhifa.supervision.choices import LIVE_STATUSES

    return visible(m.Alert.objects.filter(status__in=LIVE_STATUSES), user).count()


def alert_actions(*, alert, user) -> list[dict]:
    """What this user may do with this alert now: the alert's state says which steps exist, the policy
    (zhifa.core.policy) who may take them — units sign and answer, the 司法局 notifies and verifies."""
    from zhifa.supervision.choices import AlertStatus, RectificationStatus

    def may(action: str) -> bool:
        return policy.can(user, action, unit=alert.unit_id, region=alert.region_id)

    today = timezone.localdate().isoformat()
    actions = []
    if alert.status == AlertStatus.OPEN and may("alert.acknowledge"):
        actions.append(
            {"name": "acknowledge", "label": "签收", "fields": [{"name": "note", "label": "说明", "kind": "textarea"}]}
        )
    open_rects = alert.rectifications.filter(status__in=[RectificationStatus.NOTICE, RectificationStatus.REJECTED])
    if may("rectification.respond") and open_rects.exists():
        actions.append(
            {
                "name": "respond",
                "label": "反馈整改情况",
                "fields": [
                    {"name": "response", "label": "整改情况", "kind": "textarea"},
                    {"name": "responded_on", "label": "反馈日期", "kind": "date", "initial": today},
                ],
            }
        )
    if (
        alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
        and alert.unit_id
        and may("alert.request_rectification")
    ):
        actions.append(
            {
                "name": "request",
                "label": "下发整改通知",
                "fields": [
                    {"name": "requirement", "label": "整改要求", "kind": "textarea"},
                    {"name": "issued_on", "label": "下发日期", "kind": "date", "initial": today},
                ],
            }
        )
    if may("rectification.verify") and alert.rectifications.filter(status=RectificationStatus.RESPONDED).exists():
        actions.append(
            {
                "name": "verify",
                "label": "核验整改",
                "fields": [
                    {"name": "note", "label": "核验意见", "kind": "textarea"},
                    {"name": "verified_on", "label": "核验日期", "kind": "date", "initial": today},
                ],
            }
        )
    if alert.status != AlertStatus.CLOSED and may("alert.dismiss"):
        actions.append(
            {
                "name": "dismiss",
                "label": "核实不构成问题",
                "fields": [{"name": "reason", "label": "核实理由", "kind": "textarea"}],
            }
        )
    return actions


def alert_perform(*, alert, user, action: str, data) -> None:
    from zhifa.supervision import services as S
    from zhifa.supervision.choices import RectificationStatus

    if action not in {a["name"] for a in alert_actions(alert=alert, user=user)}:
        raise PermissionDenied("您不能对该预警执行此操作", code="auth.alert_action")
    if action == "acknowledge":
        S.alert_acknowledge(actor=user, alert=alert, note=data.get("note", ""))
    elif action == "respond":
        rect = (
            alert.rectifications.filter(status__in=[RectificationStatus.NOTICE, RectificationStatus.REJECTED])
            .order_by("issued_on")
            .first()
        )
        S.rectification_respond(
            actor=user,
            rectification=rect,
            response=data.get("response", ""),
            responded_on=_date(data.get("responded_on", ""), "responded_on", "反馈日期"),
        )
    elif action == "request":
        S.rectification_request(
            actor=user,
            unit=alert.unit,
            issued_on=_date(data.get("issued_on", ""), "issued_on", "下发日期"),
            requirement=data.get("requirement", ""),
            alerts=[alert],
        )
    elif action == "verify":
        rect = alert.rectifications.filter(status=RectificationStatus.RESPONDED).order_by("issued_on").first()
        S.rectification_verify(
            actor=user,
            rectification=rect,
            verified_on=_date(data.get("verified_on", ""), "verified_on", "核验日期"),
            accepted=True,
            note=data.get("note", ""),
        )
    elif action == "dismiss":
        S.alert_dismiss(actor=user, alert=alert, reason=data.get("reason", ""))


# ---- reports and bulletins -------------------------------------------------------------------------


def generate(*, job, progress):
    """Produce the job's file with the reports / supervision services; returns (path, download name)."""
    from .models import JobKind

    if job.kind == JobKind.BULLETIN:
        from zhifa.supervision.services import bulletin_issue

        month = dt.date(job.params["year"], job.params["month"], 1)
        progress(20, "统计当月各单位数据")
        b = bulletin_issue(actor=job.created_by, region_code=job.region_id, month=month)
        progress(90, "已生成通报文件")
        return b.docx_path, f"{month:%Y年%m月}行政执法监督通报.docx"
    from django.conf import settings

    from zhifa.reports.document import annual_document
    from zhifa.reports.figures import annual_figures
    from zhifa.reports.render import to_docx

    year = job.params["year"]
    progress(5, "统计全年执法数据")
    figures = annual_figures(job.region_id, year)
    progress(70, "撰写报告正文")
    doc = annual_document(job.region_id, year, figures)
    progress(85, "排版（GB/T 9704）")
    out = settings.REPORT_ROOT / "annual" / job.region_id
    out.mkdir(parents=True, exist_ok=True)
    path = to_docx(doc, out / f"{job.region_id}-{year}-annual-job{job.pk}.docx")
    return path, f"{year}年度行政执法工作报告.docx"
