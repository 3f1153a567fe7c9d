"""One authorization policy: who may do what, as data, asked by every write service.

``POLICY`` maps each write action (``case.decide``, ``certificate.issue`` …) to the grants that allow it:
a role (``access.Roles``, held as a Django group; ``sysadmin`` is a superuser) with a scope and, for
some steps, a condition on the person behind the account:

- ``UNIT``: the account's person belongs to the unit the record belongs to (for a target that is only a
  region, such as registering a party, the person's own region);
- ``REGION``: the target lies in the person's region or below it — a 区司法局 supervisor (person in a
  district) covers the district, a 市司法局 supervisor (person in a city-level region such as 120000)
  covers every district of the city;
- ``ANY``: everywhere (system administrators, for accounts and system tables only).

Conditions: ``certificate`` — the person holds a 行政执法证件 in force on the day of the act
(《行政处罚法》第四十二条: 行政处罚应当由具有行政执法资格的执法人员实施); ``designation`` — the person is a
designated 法制审核人员 of the unit on that day (第五十八条).

``authorize(actor, action, unit=…, region=…, on=…)`` raises ``PermissionDenied`` with a Chinese message
naming the role needed; ``can(...)`` answers True/False for templates (``{% can %}`` in web). The
workspace, the API, the CLI and the admin all pass their actor to the services, which ask here; no
edge decides on roles itself.

System callers (the demo generator, the bulk loader, the scheduled scan, CLI imports) act as a
``SystemActor`` (``SYSTEM`` or a labelled one such as ``SystemActor("scan")``): allowed every action and
written to the audit trail under its label. ``None`` is not an actor: a service called with
``actor=None`` is refused, except for the public actions (a clue from the portal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .access import Roles, person_of, region_codes_under, user_roles
from .errors import PermissionDenied

# ---- actors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemActor:
    """The product acting on its own (generator, loader, scan, CLI). Allowed every action; audited by label."""

    label: str = "system"
    pk = None
    is_authenticated = False
    is_superuser = False
    is_system = True

    @property
    def username(self) -> str:
        return self.label if self.label.startswith("system") else f"system:{self.label}"

    def __str__(self) -> str:
        return self.username


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


# ---- the table ------------------------------------------------------------------------------------
UNIT, REGION, ANY = "unit", "region", "any"
SYSADMIN = "sysadmin"  # a superuser (not a group)
PUBLIC = "public"  # anyone, signed in or not (the public portal)
CERTIFICATE, DESIGNATION = "certificate", "designation"

ROLE_LABELS = {**Roles.LABELS, SYSADMIN: "系统管理员", PUBLIC: "公众"}
SCOPE_LABELS = {UNIT: "本单位", REGION: "本辖区", ANY: ""}


@dataclass(frozen=True)
class Grant:
    role: str
    scope: str
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    action: str
    label: str  # Chinese name of the act, used in refusals
    grants: tuple[Grant, ...]

    def roles(self) -> set[str]:
        return {g.role for g in self.grants}


SUP, ADM, OFF, REV, LEAD = Roles.SUPERVISOR, Roles.UNIT_ADMIN, Roles.OFFICER, Roles.LEGAL_REVIEWER, Roles.LEADER


def _g(*specs) -> tuple[Grant, ...]:
    out = []
    for spec in specs:
        role, scope, *needs = spec
        out.append(Grant(role, scope, tuple(needs)))
    return tuple(out)


_SUP = ((SUP, REGION),)
_ADM = ((ADM, UNIT),)
_OFF_CERT = ((OFF, UNIT, CERTIFICATE),)
_LEAD = ((LEAD, UNIT),)
_UNIT_ANSWER = ((ADM, UNIT), (LEAD, UNIT))

_TABLE: list[tuple[str, str, tuple]] = [
    # ---- org: the registry (区司法局 keeps the list of bodies and issues certificates; units their staff)
    ("unit.create", "新增执法单位", _SUP),
    ("unit.deactivate", "撤销执法单位", _SUP),
    ("person.register", "登记人员", _ADM),
    ("person.retire", "登记人员退休", _ADM),
    ("person.transfer", "登记人员调离", _ADM),
    ("certificate.apply", "申领行政执法证件", _ADM),
    ("certificate.review", "审核证件申领", _SUP),
    ("exam.create", "安排执法资格考试", _SUP),
    ("exam.record_result", "登记执法资格考试成绩", _SUP),
    ("certificate.issue", "发放行政执法证件", _SUP),
    ("certificate.revoke", "注销行政执法证件", _SUP),
    ("certificate.suspend", "暂扣行政执法证件", _SUP),
    ("certificate.reinstate", "恢复行政执法证件", _SUP),
    ("certificate.renew", "换发行政执法证件", _SUP),
    ("reviewer.designate", "确定法制审核人员", _ADM),
    ("reviewer.end", "终止法制审核人员", _ADM),
    ("training.record", "登记培训", (*_ADM, *_SUP)),
    # ---- accounts: unit admins manage their unit's accounts, supervisors the unit admins
    ("account.manage", "管理本单位账号", (*_ADM, (SYSADMIN, ANY))),
    ("account.manage_admin", "管理执法单位管理员账号", (*_SUP, (SYSADMIN, ANY))),
    ("account.manage_supervisor", "管理监督人员账号", ((SYSADMIN, ANY),)),
    ("account.create_demo", "创建演示账号", ((SYSADMIN, ANY),)),  # and only in a demo database (org.accounts)
    ("calendar.import", "录入节假日安排", ((SYSADMIN, ANY),)),
    # ---- powers: the 权责清单 is adjusted by the district; benchmarks and filings come from the unit
    ("power.add", "新增职权", _SUP),
    ("power.modify", "调整职权", _SUP),
    ("power.remove", "取消职权", _SUP),
    ("power.delegate", "下放职权", _SUP),
    ("power.propose", "提出权责清单调整", _ADM),
    ("power.review", "审核权责清单调整", _SUP),
    ("benchmark.set", "制定裁量基准", _ADM),
    ("filing.record", "登记备案", _ADM),
    ("filing.acknowledge", "签收备案", _SUP),
    # ---- enforcement acts
    ("party.register", "登记当事人", ((OFF, UNIT),)),
    ("inspection.record", "登记行政检查", _OFF_CERT),
    ("inspection.approve", "审批行政检查", _LEAD),  # 国办发〔2024〕54号: 行政执法主体负责人批准
    ("inspection.rate", "评价行政检查（扫码入企）", ((PUBLIC, ANY),)),
    ("inspection_plan.record", "登记检查计划及其备案、公布", (*_LEAD, *_ADM)),
    ("inspection_plan.approve", "审批检查计划", _LEAD),  # 专项检查计划: 行政执法主体负责人批准
    ("hazard.record", "登记隐患", _OFF_CERT),
    ("hazard.rectify", "登记隐患整改", ((OFF, UNIT),)),
    ("other_act.record", "登记其他执法行为", _OFF_CERT),
    ("overload.record", "登记超限检测", _OFF_CERT),
    ("recording.store", "上传音像记录", ((OFF, UNIT),)),
    ("campaign.create", "发起专项行动", (*_LEAD, *_ADM)),
    ("campaign.meeting", "登记专项行动会议", (*_LEAD, *_ADM)),
    ("joint_action.create", "登记联合执法", (*_LEAD, *_ADM)),
    ("device.register", "登记电子技术监控设备", _ADM),
    ("device.approve", "审核电子技术监控设备", ((REV, UNIT, DESIGNATION),)),
    ("device.publish", "公布电子技术监控设备", _ADM),
    ("assistance.record", "登记异地执法协助", ((OFF, UNIT), (LEAD, UNIT), (ADM, UNIT))),
    ("interference.record", "记录干预插手", ((OFF, UNIT), (REV, UNIT), (LEAD, UNIT), (ADM, UNIT))),
    # ---- the penalty case (workflow.ACTION_FOR_STATUS maps each transition target here)
    ("case.open", "立案", _OFF_CERT),
    ("case.investigate", "调查取证", _OFF_CERT),
    ("case.evidence", "登记证据", _OFF_CERT),
    ("case.notify", "告知", _OFF_CERT),
    ("case.hearing", "听证", _OFF_CERT),
    ("case.legal_review", "法制审核", ((REV, UNIT, DESIGNATION),)),
    ("case.collective_discussion", "集体讨论", _LEAD),
    ("case.decide", "作出处罚决定", _LEAD),
    ("case.onspot_decide", "当场处罚", _OFF_CERT),
    ("case.extend", "批准延期", _LEAD),
    ("case.transfer", "移送", _LEAD),
    ("case.withdraw", "撤销立案", _LEAD),
    ("case.deliver", "送达", _OFF_CERT),
    ("case.record_payment", "登记缴款", ((OFF, UNIT),)),
    ("case.close", "结案", ((OFF, UNIT), (LEAD, UNIT))),
    ("disclosure.publish", "公示", _ADM),
    ("disclosure.withdraw", "撤回公示", _ADM),
    ("disclosure.setting", "修改单位公示设置", _ADM),
    # ---- 行政强制 (《行政强制法》) and 行政许可 (《行政许可法》): certified officers carry out a measure and
    # record the head's prior approval with it (第十七条第三款, 第十八条第（一）（二）项) and its audio-video
    # recording; extensions and 强制执行决定 / 许可决定 are the head's (leader's) own.
    ("coercive_measure.decide", "实施行政强制措施", _OFF_CERT),
    ("coercive_measure.extend", "延长行政强制措施期限", _LEAD),
    ("coercive_measure.lift", "解除行政强制措施", (*_OFF_CERT, *_LEAD)),
    ("enforcement_execution.demand", "催告", _OFF_CERT),
    ("enforcement_execution.statement", "记录陈述申辩", ((OFF, UNIT), (LEAD, UNIT))),
    ("enforcement_execution.decide", "作出强制执行决定", _LEAD),
    ("enforcement_execution.execute", "实施强制执行", _OFF_CERT),
    ("licence.accept", "受理行政许可申请", ((OFF, UNIT),)),
    ("licence.extend", "批准延长许可期限", _LEAD),
    ("licence.decide", "作出行政许可决定", _LEAD),
    # ---- data exchange: a unit sends its own records; the 司法局 those of its region
    ("exchange.load", "报送交换数据", (*_ADM, *_SUP)),
    ("exchange.token", "管理接口令牌", (*_ADM, *_SUP)),
    # ---- supervision: the 司法局 supervises; the unit signs and answers
    ("alerts.scan", "运行监督扫描", _SUP),
    ("alert.acknowledge", "签收预警", (*_SUP, *_UNIT_ANSWER, (OFF, UNIT))),
    ("alert.verify", "核验预警", _SUP),
    ("alert.dismiss", "排除预警", _SUP),
    ("alert.request_rectification", "下发整改通知", _SUP),
    ("rectification.respond", "反馈整改情况", _UNIT_ANSWER),
    ("rectification.verify", "核验整改", _SUP),
    ("supervision_inspection.record", "登记监督检查", _SUP),
    ("review.sample", "抽取评查案卷", _SUP),
    ("review.assign", "分配评查案卷", _SUP),
    ("review.score", "案卷评分", _SUP),
    ("interference_notice.issue", "通报干预插手", _SUP),
    # the recorder is protected: only supervisors read the records (supervision.interference selector)
    ("interference.read", "查阅干预插手记录", _SUP),
    ("interference.follow_up", "干预插手责任追究", _SUP),
    ("clue.submit", "提交线索", ((PUBLIC, ANY),)),
    ("inspection_cap.set", "设置检查频次上限", _SUP),
    ("exemption_list.load", "导入免罚清单", _SUP),
    ("exemption.assess", "记录免罚清单适用情况", (*_OFF_CERT, *_LEAD)),
    ("law_setting.set", "设置地方期限与口径", _SUP),
    ("instrument.issue", "制发监督文书、约谈、通报", _SUP),
    ("instrument.answer", "答复监督文书", _UNIT_ANSWER),
    ("instrument.follow_up", "跟踪监督文书落实", _SUP),
    ("clue.assign", "交办线索", _SUP),
    ("clue.respond", "答复线索", (*_UNIT_ANSWER, (OFF, UNIT))),
    ("clue.verify", "登记线索查证结果", (*_UNIT_ANSWER, (OFF, UNIT))),
    ("clue.return", "退回线索", _UNIT_ANSWER),
    ("bulletin.issue", "生成月度通报", _SUP),
    ("report.generate", "生成年度报告", _SUP),
    ("report_text.set", "编写报告段落", _SUP),
    ("assessment_sheet.save", "编辑考核评议指标表", _SUP),
]

POLICY: dict[str, Rule] = {a: Rule(a, label, _g(*grants)) for a, label, grants in _TABLE}
ACTIONS: tuple[str, ...] = tuple(POLICY)  # new write services add their row to _TABLE


# Actions about a region rather than a unit (a UNIT grant then means: in the person's own region).
REGION_TARGET_ACTIONS = frozenset(
    {
        "unit.create",
        "exam.record_result",
        "party.register",
        "alerts.scan",
        "review.sample",
        "interference_notice.issue",
        "clue.submit",
        "bulletin.issue",
        "report.generate",
        "report_text.set",
        "assessment_sheet.save",
        "calendar.import",
        "account.create_demo",
    }
)

# Each penalty-case transition target (enforcement.choices.CaseStatus values) and the action it needs;
# enforcement.workflow.case_transition asks ``case_action(procedure, to_status)``.
CASE_STATUS_ACTIONS: dict[str, str] = {
    "clue": "case.open",
    "filed": "case.open",
    "investigating": "case.investigate",
    "notified": "case.notify",
    "hearing": "case.hearing",
    "legal_review": "case.legal_review",
    "collective": "case.collective_discussion",
    "decided": "case.decide",
    "no_penalty": "case.decide",
    "transferred": "case.transfer",
    "withdrawn": "case.withdraw",
    "delivered": "case.deliver",
    "executed": "case.record_payment",
    "closed": "case.close",
}


def case_action(procedure: str, to_status: str) -> str:
    """The action a transition to ``to_status`` needs (简易程序's decision is the officer's 当场处罚)."""
    if procedure == "simple" and to_status == "decided":
        return "case.onspot_decide"
    try:
        return CASE_STATUS_ACTIONS[to_status]
    except KeyError:
        raise ValueError(f"no policy action for case status {to_status!r}") from None


def rule(action: str) -> Rule:
    try:
        return POLICY[action]
    except KeyError:
        raise ValueError(f"unknown policy action {action!r}") from None


# ---- the check ------------------------------------------------------------------------------------
CITE_ART42 = "《行政处罚法》第四十二条"
CITE_ART58 = "《行政处罚法》第五十八条"


def _roles_of(actor) -> set[str]:
    roles = set(user_roles(actor))
    if getattr(actor, "is_superuser", False) and getattr(actor, "is_active", True):
        roles.add(SYSADMIN)
    return roles


def _target(unit, region) -> tuple[int | None, str | None, str]:
    """(unit id, region code, label) of what the act is about."""
    unit_id = getattr(unit, "pk", unit)
    region_code = getattr(region, "pk", region)
    label = ""
    if unit is not None:
        if hasattr(unit, "region_id"):
            region_code = region_code or unit.region_id
            label = unit.name
        else:
            from zhifa.org.models import Unit

            row = Unit.objects.filter(pk=unit_id).values_list("region_id", "name").first()
            if row:
                region_code = region_code or row[0]
                label = row[1]
    return unit_id, region_code, label


def _in_scope(grant: Grant, person, unit_id, region_code) -> bool:
    if grant.scope == ANY:
        return True
    if person is None:
        return False
    if grant.scope == UNIT:
        if unit_id is not None:
            return unit_id == person.unit_id
        return region_code is None or region_code == person.region_id
    # REGION
    return region_code is None or region_code in region_codes_under(person.region_id)


def _has_certificate(person, on: dt.date) -> bool:
    from django.db.models import Q

    from zhifa.org.models import Certificate

    return (
        Certificate.objects.filter(holder_id=person.pk, issued_on__lte=on, valid_until__gte=on)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        .exclude(status="suspended", suspended_on__lte=on)
        .exists()
    )


def _is_designated(person, unit_id, on: dt.date) -> bool:
    from django.db.models import Q

    from zhifa.org.models import LegalReviewerDesignation

    qs = LegalReviewerDesignation.objects.filter(person_id=person.pk, designated_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs.exists()


def _needs_refusal(grant: Grant, person, unit_id, on: dt.date, r: Rule) -> PermissionDenied | None:
    for need in grant.needs:
        if need == CERTIFICATE and not _has_certificate(person, on):
            return PermissionDenied(
                f"无权{r.label}：{person.name}在{on:%Y-%m-%d}没有有效的行政执法证件",
                code="auth.certificate",
                citation=CITE_ART42,
            )
        if need == DESIGNATION and not _is_designated(person, unit_id, on):
            return PermissionDenied(
                f"无权{r.label}：{person.name}在{on:%Y-%m-%d}不是本单位确定的法制审核人员",
                code="auth.designation",
                citation=CITE_ART58,
            )
    return None


def _needed(r: Rule) -> str:
    parts = []
    for g in r.grants:
        scope = SCOPE_LABELS.get(g.scope, "")
        extra = "（持有效执法证件）" if CERTIFICATE in g.needs else ""
        parts.append(f"{scope}{ROLE_LABELS.get(g.role, g.role)}{extra}")
    return "或".join(dict.fromkeys(parts))


def check(
    actor, action: str, *, unit=None, region=None, on: dt.date | None = None, conditions: bool = True
) -> PermissionDenied | None:
    """None if ``actor`` may do ``action`` on ``unit``/``region`` on the day ``on``, else the refusal.

    ``conditions=False`` leaves out the day's conditions (certificate, designation): for a page that
    asks "is this the user's kind of act here" before the form says on which day.
    """
    r = rule(action)
    if is_system(actor):
        return None
    if PUBLIC in r.roles():
        return None
    if actor is None or not getattr(actor, "is_authenticated", False):
        return PermissionDenied(f"无权{r.label}：请先登录", code="auth.required")
    if not getattr(actor, "is_active", True):
        return PermissionDenied(f"无权{r.label}：该账号已停用", code="auth.inactive")
    roles = _roles_of(actor)
    held = [g for g in r.grants if g.role in roles]
    if not held:
        return PermissionDenied(f"无权{r.label}：需要{_needed(r)}角色", code="auth.role")
    person = person_of(actor)
    if person is not None and person.status != "active" and all(g.scope != ANY for g in held):
        return PermissionDenied(f"无权{r.label}：{person.name}已不在岗", code="auth.person_inactive")
    unit_id, region_code, unit_label = _target(unit, region)
    on = on or timezone.localdate()
    refusal = None
    for g in held:
        if not _in_scope(g, person, unit_id, region_code):
            continue
        refusal = _needs_refusal(g, person, unit_id, on, r) if conditions else None
        if refusal is None:
            return None
    if refusal is not None:
        return refusal
    where = unit_label or region_code or ""
    if person is None:
        return PermissionDenied(f"无权{r.label}：该账号未关联任何单位人员", code="auth.no_person")
    return PermissionDenied(
        f"无权{r.label}{('（' + where + '）') if where else ''}：只有{_needed(r)}可以办理", code="auth.scope"
    )


def authorize(
    actor, action: str, *, unit=None, region=None, on: dt.date | None = None, conditions: bool = True
) -> None:
    """Raise PermissionDenied unless the policy allows ``actor`` to do ``action`` there and then."""
    refusal = check(actor, action, unit=unit, region=region, on=on, conditions=conditions)
    if refusal is not None:
        raise refusal


def can(actor, action: str, *, unit=None, region=None, on: dt.date | None = None, conditions: bool = True) -> bool:
    return check(actor, action, unit=unit, region=region, on=on, conditions=conditions) is None


def actions_for(actor, *, unit=None, region=None, on: dt.date | None = None) -> set[str]:
    """Every action the actor may take on the target (for pages that show what one may do)."""
    return {a for a in POLICY if can(actor, a, unit=unit, region=region, on=on)}


def table() -> list[dict]:
    """The policy as rows (for docs and the matrix test): action, label, role, scope, needs."""
    return [
        {"action": r.action, "label": r.label, "role": g.role, "scope": g.scope, "needs": g.needs}
        for r in POLICY.values()
        for g in r.grants
    ]


def require_self(actor, person, what: str) -> None:
    """A signed act (a reviewer's opinion) is recorded by the person who signs it, not for them by another."""
    if is_system(actor) or person is None:
        return
    own = person_of(actor)
    if own is None or own.pk != person.pk:
        raise PermissionDenied(f"{what}应由{person.name}本人登记", code="auth.not_self")
