"""权责清单动态调整 in the workspace: a unit proposes, the 区司法局 approves or returns; a power's versions and
which version judges each case; a unit's page with its list and history."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.enforcement.models import LegalReview, PenaltyCase
from zhifa.org.models import Unit
from zhifa.powers import adjustments as A
from zhifa.powers.attributes import attribute_histories
from zhifa.powers.choices import PowerCategory, RequestStatus
from zhifa.powers.models import Filing, Power, PowerChange, PowerChangeRequest, PowerDelegation
from zhifa.powers.selectors import powers_held_by

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, badge, bound, handle, link, offered, page

REQ_BADGE = {"proposed": "warn", "approved": "ok", "returned": "danger"}


def _yes(v) -> str:
    return "是" if v else "否"


def _value_text(key: str, v) -> str:
    if isinstance(v, bool):
        return _yes(v)
    if key == "category":
        return PowerCategory(v).label if v in PowerCategory.values else v
    return v


def _fields_text(fields: dict) -> str:
    labels = {
        "name": "名称",
        "category": "类别",
        "legal_basis": "实施依据",
        "requires_legal_review": "须法制审核",
        "requires_recording": "须全程音像记录",
    }
    return "；".join(f"{labels.get(k, k)}：{_value_text(k, v)}" for k, v in (fields or {}).items())


@staff_view(actions=("power.propose",))
def requests(request):
    unit = Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None
    forms = []
    if offered(request, "propose", "power.propose", unit=unit) and unit is not None:
        f = bound(request, "propose", F.ProposeForm, unit=unit)
        done = handle(
            request,
            f,
            lambda d: A.power_change_propose(
                actor=request.user,
                unit=unit,
                kind=d["kind"],
                power=d.get("power"),
                code=d.get("code", ""),
                fields=f.fields_dict(),
                legal_basis=d["legal_basis"],
                document_no=d["document_no"],
                effective_on=d["effective_on"],
                proposed_on=timezone.localdate(),
                to_unit=d.get("to_unit"),
                delegation_kind=d.get("delegation_kind", ""),
            ),
            success="调整申请已提交区司法局审核",
            next_url=lambda r: reverse("web:power_request", args=[r.pk]),
        )
        if done:
            return done
        forms.append(FormBox("propose", "提出权责清单调整（新增/调整/取消/下放街道）", f, "提交申请"))
    qs = visible(PowerChangeRequest.objects.select_related("unit", "power"), request.user).order_by("-id")[:200]
    rows = [
        [
            link(f"#{r.pk}", "web:power_request", r.pk),
            r.unit.name,
            r.get_kind_display(),
            r.power.code if r.power else r.code,
            r.document_no,
            f"{r.effective_on:%Y-%m-%d}",
            badge(r.get_status_display(), REQ_BADGE.get(r.status, "")),
        ]
        for r in qs
    ]
    return page(
        request,
        title="权责清单动态调整",
        tables=[Table("调整申请", ["编号", "单位", "类型", "职权", "文号", "生效日期", "状态"], rows, id="requests")],
        forms=forms,
    )


@staff_view(actions=("power.review",))
def request_detail(request, pk: int):
    req = get_object_or_404(
        visible(PowerChangeRequest.objects.select_related("unit", "power", "to_unit", "change"), request.user), pk=pk
    )
    here = reverse("web:power_request", args=[pk])
    forms = []
    if offered(request, "decide", "power.review", unit=req.unit_id) and req.status == RequestStatus.PROPOSED:
        f = bound(request, "decide", F.DecideForm)
        f.fields["decision"].choices = [("approve", "批准，按生效日期施行"), ("return", "退回")]
        done = handle(
            request,
            f,
            lambda d: A.power_change_decide(
                actor=request.user,
                request=req,
                approve=d["decision"] == "approve",
                decided_on=d["decided_on"],
                note=d["note"],
            ),
            success="已审核",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("decide", "区司法局审核", f, "提交审核"))
    facts = [
        ("申请单位", req.unit.name),
        ("调整类型", req.get_kind_display()),
        ("职权", f"{req.power.code} {req.power.name}" if req.power else f"{req.code}（新增）"),
        ("调整内容", _fields_text(req.fields) or "—"),
        ("调整依据", req.legal_basis),
        ("文件文号", req.document_no),
        ("生效日期", f"{req.effective_on:%Y-%m-%d}"),
    ]
    if req.to_unit:
        facts.append(("承接单位", f"{req.to_unit.name}（{req.get_delegation_kind_display()}）"))
    if req.decided_on:
        facts.append(("审核", f"{req.decided_on:%Y-%m-%d} {req.decision_note}"))
    if req.change:
        facts.append(("生成版本", f"第{req.change.version}版，{req.change.effective_on:%Y-%m-%d}起施行"))
    links = [("返回调整申请", reverse("web:power_requests"))]
    if req.power_id:
        links.append(("查看职权", reverse("web:power_detail", args=[req.power_id])))
    return page(
        request,
        title=f"权责清单调整 #{req.pk}",
        status=badge(req.get_status_display(), REQ_BADGE.get(req.status, "")),
        facts=facts,
        forms=forms,
        links=links,
    )


def _version_on(changes: list[PowerChange], day: dt.date) -> int:
    v = [c.version for c in changes if c.effective_on <= day]
    return max(v) if v else 0


@staff_view
def power_detail(request, pk: int):
    own = visible(Power.objects.all(), request.user, unit_field="owner").values("pk")
    delegated = visible(PowerDelegation.objects.all(), request.user, unit_field="to_unit").values("power_id")
    power = get_object_or_404(Power.objects.filter(Q(pk__in=own) | Q(pk__in=delegated)).select_related("owner"), pk=pk)
    changes = list(power.changes.order_by("version"))
    history = attribute_histories([power.pk])[power.pk]
    versions = [
        [
            f"第{c.version}版",
            c.get_kind_display(),
            c.document_no,
            f"{c.effective_on:%Y-%m-%d}",
            _fields_text(
                {
                    k: v
                    for k, v in (c.after or {}).items()
                    if (c.before or {}).get(k, object()) != v
                    and k in ("name", "category", "legal_basis", "requires_legal_review", "requires_recording")
                }
            )
            or "—",
        ]
        for c in changes
    ]
    cases = visible(PenaltyCase.objects.filter(power=power), request.user).order_by("-decided_on", "-id")[:50]
    reviewed = set(LegalReview.objects.filter(case__in=cases).values_list("case_id", flat=True))
    case_rows = []
    for c in cases:
        day = c.decided_on or c.filed_on
        attrs = history.on(day)
        case_rows.append(
            [
                link(c.case_no, "web:case_detail", c.pk),
                f"{day:%Y-%m-%d}",
                f"第{_version_on(changes, day)}版",
                _yes(attrs.requires_legal_review),
                "有" if c.pk in reviewed else "无",
            ]
        )
    on = request.GET.get("on", "")
    facts = [
        ("实施主体", power.owner.name),
        ("类别", power.get_category_display()),
        ("实施依据", power.legal_basis),
        ("当前版本", f"第{power.version}版"),
        ("现行须法制审核", _yes(history.on(timezone.localdate()).requires_legal_review)),
    ]
    try:
        day = dt.date.fromisoformat(on) if on else None
    except ValueError:
        day = None
    if day:
        a = history.on(day)
        facts.append(
            (
                f"{day:%Y-%m-%d}适用",
                f"第{_version_on(changes, day)}版：须法制审核{_yes(a.requires_legal_review)}，"
                f"须全程音像记录{_yes(a.requires_recording)}",
            )
        )
    delegs = [
        [d.to_unit.name, d.get_kind_display(), d.document_no, f"{d.effective_on:%Y-%m-%d}"]
        for d in power.delegations.select_related("to_unit")
    ]
    return page(
        request,
        title=f"{power.code} {power.name}",
        facts=facts,
        tables=[
            Table("版本历史（动态调整）", ["版本", "类型", "文号", "生效日期", "变更内容"], versions, id="versions"),
            Table("下放街道", ["承接单位", "方式", "文号", "生效日期"], delegs, id="delegations"),
            Table(
                "案件适用的版本（按决定日期，未决定的按立案日期）",
                ["案号", "日期", "适用版本", "须法制审核", "法制审核记录"],
                case_rows,
                id="cases",
            ),
        ],
        links=[("权责清单", reverse("web:powers"))],
        extra={"on": on},
    )


@staff_view
def unit_detail(request, pk: int):
    unit = get_object_or_404(request.scope.filter(Unit.objects.all(), unit_field="pk"), pk=pk)
    today = timezone.localdate()
    powers = powers_held_by(unit.pk, today).select_related("owner").order_by("category", "code")
    power_rows = [
        [
            link(p.code, "web:power_detail", p.pk),
            p.name,
            p.get_category_display(),
            "本单位" if p.owner_id == unit.pk else f"{p.owner.name}下放",
            f"第{p.version}版",
        ]
        for p in powers
    ]
    hist = PowerChange.objects.filter(power__owner=unit).select_related("power").order_by("-effective_on", "-version")
    hist_rows = [
        [
            link(c.power.code, "web:power_detail", c.power_id),
            c.get_kind_display(),
            f"第{c.version}版",
            c.document_no,
            f"{c.effective_on:%Y-%m-%d}",
        ]
        for c in hist[:100]
    ]
    reqs = PowerChangeRequest.objects.filter(unit=unit).order_by("-id")[:50]
    req_rows = [
        [
            link(f"#{r.pk}", "web:power_request", r.pk),
            r.get_kind_display(),
            r.document_no,
            badge(r.get_status_display(), REQ_BADGE.get(r.status, "")),
        ]
        for r in reqs
    ]
    filings = [
        [
            f.get_kind_display(),
            f.title,
            f"{f.filed_on:%Y-%m-%d}",
            f"{f.acknowledged_on:%Y-%m-%d}签收" if f.acknowledged_on else "待签收",
        ]
        for f in Filing.objects.filter(unit=unit).order_by("-filed_on")
    ]
    return page(
        request,
        title=unit.name,
        facts=[("统一社会信用代码", unit.uscc), ("类型", unit.get_kind_display()), ("执法领域", unit.domain or "—")],
        tables=[
            Table(
                f"现行权责清单（{today:%Y-%m-%d}）",
                ["编码", "名称", "类别", "来源", "版本"],
                power_rows,
                id="unit-powers",
            ),
            Table("调整历史", ["职权", "类型", "版本", "文号", "生效日期"], hist_rows, id="unit-history"),
            Table("调整申请", ["编号", "类型", "文号", "状态"], req_rows),
            Table("备案", ["类型", "文件", "日期", "签收"], filings),
        ],
    )
