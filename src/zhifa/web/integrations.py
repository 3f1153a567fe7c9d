"""The staff workspace's calls into the other apps' services, in one place.

The web layer owns no rule: transitions, inspections, alerts and reports are the services' of
``zhifa.enforcement``, ``zhifa.supervision`` and ``zhifa.reports``. This module turns form data into
their keyword arguments and their refusals into ``Violation`` lists for the templates, nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.errors import InvalidInput, PermissionDenied, Violation
from zhifa.enforcement import services as enforcement
from zhifa.enforcement import workflow
from zhifa.enforcement.choices import CaseStatus, Outcome, PenaltyKind, ReviewResult
from zhifa.org.models import Unit
from zhifa.reports.document import annual_document
from zhifa.reports.figures import annual_figures
from zhifa.reports.render import to_docx
from zhifa.supervision import selectors as supervision_selectors
from zhifa.supervision import services as supervision

from .models import JobKind

FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.NO_PENALTY, CaseStatus.TRANSFERRED, CaseStatus.WITHDRAWN)


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
    fact: bool = True  # a workflow.FACT_FIELDS fact (False: an argument of the step's own service)
    help: str = ""


@dataclass
class TransitionOption:
    to_status: str
    label: str
    allowed: bool
    violations: list[Violation] = field(default_factory=list)  # rules that block it now
    hints: list[Violation] = field(default_factory=list)  # rules about inputs still to be filled in
    fields: list[StepField] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the law computes for this step (e.g. 加处罚款)

    @property
    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}


PENALTY_KIND_CHOICES = [(k, str(v)) for k, v in PenaltyKind.choices]
NO_PENALTY_CHOICES = [("", "（请选择）")] + [
    (k, str(v)) for k, v in Outcome.choices if k not in (Outcome.PENALTY, Outcome.TRANSFERRED)
]


def tier_choices(case) -> list[tuple[str, str]]:
    """The power's published discretion tiers (第三十四条), with their fine ranges."""
    from zhifa.powers.choices import DiscretionTier
    from zhifa.powers.models import DiscretionBenchmark

    rows = DiscretionBenchmark.objects.filter(power_id=case.power_id).order_by("fine_min")
    out = [("", "（未选择）")]
    out += [(b.tier, f"{DiscretionTier(b.tier).label} {b.fine_min}–{b.fine_max}元") for b in rows]
    return out


def _flag(name: str, label: str, case) -> StepField:
    return StepField(name, label, "checkbox", initial=bool(getattr(case, name, False)))


def step_fields(case, to_status: str) -> list[StepField]:
    """The facts each step records (workflow.FACT_FIELDS), as inputs; 移送 adds its service's own fields."""
    kinds = StepField("penalty_kinds", "处罚种类", "multi", PENALTY_KIND_CHOICES, list(case.penalty_kinds or []))
    fine = StepField("fine_amount", "罚款金额（元）", "number", initial=case.fine_amount or "")
    if to_status == CaseStatus.NOTIFIED:
        return [kinds, fine]
    if to_status == CaseStatus.DECIDED:
        return [
            StepField("decision_no", "决定书文号", initial=case.decision_no),
            kinds,
            fine,
            StepField("discretion_tier", "裁量阶次", "select", tier_choices(case), case.discretion_tier),
            StepField(
                "discretion_reason",
                "裁量说明",
                "textarea",
                initial=case.discretion_reason,
                help="超出裁量基准、从轻减轻（如未成年人）时应当书面说明理由（第三十条、第三十四条）",
            ),
            _flag("hearing_waived", "当事人放弃听证", case),
        ]
    if to_status == CaseStatus.NO_PENALTY:
        return [
            StepField("outcome", "不予处罚理由", "select", NO_PENALTY_CHOICES),
            _flag("first_offence", "初次违法", case),
            _flag("harm_minor", "危害后果轻微", case),
            _flag("corrected", "及时改正", case),
        ]
    if to_status == CaseStatus.EXECUTED:
        return [StepField("paid_amount", "实缴金额（元）", "number", initial=case.fine_amount or "")]
    if to_status == CaseStatus.DELIVERED:
        return [_flag("party_absent", "当事人不在场", case)]
    if to_status == CaseStatus.TRANSFERRED:
        return [
            StepField("to_agency", "接收机关", fact=False),
            StepField("reason", "移送理由", "textarea", fact=False),
        ]
    return []


def step_notes(case, to_status: str, on_date: dt.date) -> list[str]:
    """What the law computes for the step on that day, shown beside it (the rules' own functions)."""
    from zhifa.enforcement import rules as R

    if to_status == CaseStatus.EXECUTED and case.fine_amount and case.payment_due:
        surcharge = R.late_surcharge(case.fine_amount, case.payment_due, on_date)
        late = max((on_date - case.payment_due).days, 0)
        if surcharge:
            return [
                f"缴款期限{case.payment_due:%Y-%m-%d}，于{on_date:%Y-%m-%d}缴纳逾期{late}日，"
                f"每日按罚款数额3%加处罚款{surcharge}元（{R.ART72}）"
            ]
        return [f"缴款期限{case.payment_due:%Y-%m-%d}，按期缴纳不加处罚款（{R.ART67}）"]
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
        if not f.fact:
            continue
        if f.kind == "multi":
            facts[f.name] = list(f.initial or [])
        elif f.kind == "number":
            facts[f.name] = Decimal(f.initial or 0)
        elif f.kind == "checkbox":
            facts[f.name] = bool(f.initial)
        else:
            facts[f.name] = f.initial or ""
    return facts


def dry_run(*, case, to_status: str, on_date: dt.date, facts: dict) -> list[Violation]:
    """What the transition service would say now (enforcement.workflow.case_check: the same rules, in a
    savepoint that is always rolled back)."""
    return workflow.case_check(case=case, to_status=to_status, on_date=on_date, **facts)


def transition_options(*, case, user, on_date: dt.date | None = None) -> list[TransitionOption]:
    on_date = on_date or timezone.localdate()
    options = []
    for to in workflow.targets(case.procedure, case.status):
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
        notes = step_notes(case, to, on_date)
        options.append(TransitionOption(to, str(CaseStatus(to).label), not blocking, blocking, hints, fields, notes))
    return options


def steps_of_others(*, case, user, on_date: dt.date | None = None) -> list[str]:
    """The next steps that are another role's (policy.POLICY), with who takes them: shown, not offered."""
    out = []
    for to in workflow.targets(case.procedure, case.status):
        refusal = policy.check(user, policy.case_action(case.procedure, to), unit=case.unit_id, on=on_date)
        if refusal is not None and refusal.code == "auth.role":
            out.append(f"{CaseStatus(to).label}：{refusal.message.split('：', 1)[-1]}")
    return out


def transition_perform(*, case, user, to_status: str, data) -> None:
    if to_status not in CaseStatus.values:
        raise InvalidInput(f"目标状态“{to_status}”无效", field="to_status", code="web.to_status")
    on_date = _date(data.get("on_date", ""), "on_date", "办理日期")
    facts = _facts_from(case, to_status, data)
    if to_status == CaseStatus.TRANSFERRED:
        # 移送 goes only through the transfer service, with its receiving agency and reason (第二十七条).
        enforcement.criminal_transfer_record(
            actor=user,
            case=case,
            transferred_on=on_date,
            to_agency=facts.get("to_agency", ""),
            reason=facts.get("reason", ""),
        )
        return
    workflow.case_transition(
        actor=user, case=case, to_status=to_status, on_date=on_date, note=data.get("note", "").strip(), **facts
    )


def review_record(*, case, user, data):
    """法制审核 by the logged-in reviewer (the service checks designation and qualification, 第五十八条)."""
    result = data.get("result", "")
    if result not in ReviewResult.values:
        raise InvalidInput("请选择审核结论", field="result", code="web.review_result")
    return workflow.case_legal_review_record(
        actor=user,
        case=case,
        reviewer=_person(user),
        reviewed_on=_date(data.get("reviewed_on", ""), "reviewed_on", "审核日期"),
        result=result,
        opinion=data.get("opinion", ""),
    )


def discussion_record(*, case, user, data):
    """集体讨论 (第五十七条第二款): who attended and what was concluded."""
    return workflow.case_collective_discussion_record(
        actor=user,
        case=case,
        held_on=_date(data.get("held_on", ""), "held_on", "讨论日期"),
        attendees=data.get("attendees", ""),
        conclusion=data.get("conclusion", ""),
    )


# ---- inspections --------------------------------------------------------------------------------


def inspection_record(*, user, unit_id: int, data: dict):
    unit = Unit.objects.get(pk=unit_id)
    with transaction.atomic():
        party = enforcement.party_find_or_register(
            actor=user,
            region=unit.region,
            kind=data["party_kind"],
            code=data["party_code"],
            name=data["party_name"],
            address=data.get("party_address", ""),
        )
        officers = [o for o in (data["officer_a"], data.get("officer_b")) if o is not None]
        return enforcement.inspection_record(
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


def alert_monthly(*, user, year: int) -> list[dict]:
    opened, closed = supervision_selectors.alerts_by_month(user=user, year=year)
    return [{"name": "新增预警", "data": opened}, {"name": "关闭预警", "data": closed, "type": "line"}]


def rectification_monthly(*, user, year: int) -> list[dict]:
    issued, verified = supervision_selectors.rectifications_by_month(user=user, year=year)
    return [{"name": "下发整改通知", "data": issued}, {"name": "整改核验通过", "data": verified}]


def open_alert_count(*, user) -> int:
    return supervision_selectors.open_alert_count(user=user)


def _alert_form(name: str, today: str) -> dict:
    """The label and inputs of one step of an alert's handling (which steps are open: the selector)."""
    forms = {
        "acknowledge": ("签收", [{"name": "note", "label": "说明", "kind": "textarea"}]),
        "respond": (
            "反馈整改情况",
            [
                {"name": "response", "label": "整改情况", "kind": "textarea"},
                {"name": "responded_on", "label": "反馈日期", "kind": "date", "initial": today},
            ],
        ),
        "request": (
            "下发整改通知",
            [
                {"name": "requirement", "label": "整改要求", "kind": "textarea"},
                {"name": "issued_on", "label": "下发日期", "kind": "date", "initial": today},
            ],
        ),
        "verify": (
            "核验整改",
            [
                {"name": "note", "label": "核验意见", "kind": "textarea"},
                {"name": "verified_on", "label": "核验日期", "kind": "date", "initial": today},
            ],
        ),
        "dismiss": ("核实不构成问题", [{"name": "reason", "label": "核实理由", "kind": "textarea"}]),
    }
    label, fields = forms[name]
    return {"name": name, "label": label, "fields": fields}


def alert_actions(*, alert, user) -> list[dict]:
    today = timezone.localdate().isoformat()
    return [_alert_form(name, today) for name in supervision_selectors.alert_actions_open(alert=alert, user=user)]


ALERT_STEP_ACTIONS = {
    "acknowledge": "alert.acknowledge",
    "respond": "rectification.respond",
    "request": "alert.request_rectification",
    "verify": "rectification.verify",
    "dismiss": "alert.dismiss",
}


def alert_perform(*, alert, user, action: str, data) -> None:
    if action not in supervision_selectors.alert_actions_open(alert=alert, user=user):
        # not open to this user now: the policy's refusal if it refuses (403), else the alert's state (422)
        if action not in ALERT_STEP_ACTIONS:
            raise InvalidInput(f"未知的操作“{action}”", field="action", code="web.alert_action")
        policy.authorize(user, ALERT_STEP_ACTIONS[action], unit=alert.unit_id, region=alert.region_id)
        raise InvalidInput("该预警当前状态下不能执行此操作", field="status", code="web.alert_state")
    if action == "acknowledge":
        supervision.alert_acknowledge(actor=user, alert=alert, note=data.get("note", ""))
    elif action == "respond":
        supervision.rectification_respond(
            actor=user,
            rectification=supervision_selectors.rectification_to_respond(alert),
            response=data.get("response", ""),
            responded_on=_date(data.get("responded_on", ""), "responded_on", "反馈日期"),
        )
    elif action == "request":
        supervision.rectification_request(
            actor=user,
            unit=alert.unit,
            issued_on=_date(data.get("issued_on", ""), "issued_on", "下发日期"),
            requirement=data.get("requirement", ""),
            alerts=[alert],
        )
    elif action == "verify":
        supervision.rectification_verify(
            actor=user,
            rectification=supervision_selectors.rectification_to_verify(alert),
            verified_on=_date(data.get("verified_on", ""), "verified_on", "核验日期"),
            accepted=True,
            note=data.get("note", ""),
        )
    elif action == "dismiss":
        supervision.alert_dismiss(actor=user, alert=alert, reason=data.get("reason", ""))


# ---- reports and bulletins -------------------------------------------------------------------------


def generate(*, job, progress):
    """Produce the job's file with the reports / supervision services; returns (path, download name)."""
    if job.kind == JobKind.BULLETIN:
        month = dt.date(job.params["year"], job.params["month"], 1)
        progress(20, "统计当月各单位数据")
        b = supervision.bulletin_issue(actor=job.created_by, region_code=job.region_id, month=month)
        progress(90, "已生成通报文件")
        return b.docx_path, f"{month:%Y年%m月}行政执法监督通报.docx"
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
