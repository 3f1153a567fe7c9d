"""线索: the queue of clues from the portal, 交办 to a unit with the response deadline, the unit's answer."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from zhifa.core import policy
from zhifa.core.access import visible
from zhifa.core.errors import InvalidInput
from zhifa.core.masking import mask_phone
from zhifa.enforcement.models import PenaltyCase
from zhifa.org.models import Unit
from zhifa.supervision import services as sv
from zhifa.supervision import services_law as svl
from zhifa.supervision.choices import ClueStatus
from zhifa.supervision.clue_status import clue_reference
from zhifa.supervision.models import Clue

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, badge, bound, handle, link, offered, page

CLUE_BADGE = {"received": "warn", "assigned": "warn", "responded": "ok", "closed": "ok"}


def _visible(request):
    qs = Clue.objects.select_related("unit")
    if request.scope.unit_id is None:
        return visible(qs, request.user, unit_field=None)
    return visible(qs, request.user)  # a unit sees the clues assigned to it


def _open_case_link(request, c) -> list[tuple[str, str]]:
    """立案 from a clue assigned to the user's unit (the 立案 page and workflow.case_open decide the rest)."""
    if c.status != ClueStatus.ASSIGNED or request.scope.unit_id is None or request.scope.unit_id != c.unit_id:
        return []
    if not policy.can(request.user, "case.open", unit=c.unit_id, conditions=False):
        return []
    return [("立案", f"{reverse('web:case_new')}?clue={c.pk}")]


def _case_of(c, case_no: str):
    """The unit's case a clue is answered with, by its 案号 (what links the clue to its case for 有案不立)."""
    if not case_no.strip():
        return None
    case = PenaltyCase.objects.filter(unit_id=c.unit_id, case_no=case_no.strip()).first()
    if case is None:
        raise InvalidInput(f"本单位没有案号为“{case_no.strip()}”的案件", field="case_no", code="clue.case")
    return case


@staff_view
def clues(request):
    qs = _visible(request).order_by("status", "-received_on", "-id")
    rows = [
        [
            link(clue_reference(c), "web:clue", c.pk),
            c.get_source_display(),
            c.text[:40],
            f"{c.received_on:%Y-%m-%d}",
            c.unit.name if c.unit else "待交办",
            f"{c.response_due:%Y-%m-%d}" if c.assigned_on else "—",
            badge(c.get_status_display(), CLUE_BADGE.get(c.status, "")),
        ]
        for c in qs[:200]
    ]
    return page(
        request,
        title="线索办理",
        tables=[Table("线索", ["编号", "来源", "内容", "接收日期", "承办单位", "答复期限", "状态"], rows, id="clues")],
    )


@staff_view(actions=("clue.assign", "clue.respond", "clue.verify", "clue.return"))
def clue(request, pk: int):
    c = get_object_or_404(_visible(request), pk=pk)
    here = reverse("web:clue", args=[pk])
    forms = []
    if offered(request, "assign", "clue.assign", region=c.region_id) and c.status in (
        ClueStatus.RECEIVED,
        ClueStatus.ASSIGNED,
    ):
        units = request.scope.filter(Unit.objects.filter(is_enforcement_body=True), unit_field="pk").order_by("id")
        again = c.status == ClueStatus.ASSIGNED  # already with a unit: the form moves it to another
        f = bound(request, "assign", F.ClueAssignForm, units=units, initial={"unit": c.unit_id} if again else None)
        done = handle(
            request,
            f,
            lambda d: sv.clue_assign(actor=request.user, clue=c, unit=d["unit"], assigned_on=d["assigned_on"]),
            success="线索已交办",
            next_url=here,
        )
        if done:
            return done
        forms.append(
            FormBox(
                "assign",
                "改交其他单位承办" if again else "交办承办单位",
                f,
                "改交" if again else "交办",
                note="答复期限按工作日自交办日起重新计算" if again else "答复期限按工作日自交办日起计算",
            )
        )
    if (
        offered(request, "verify", "clue.verify", unit=c.unit_id, region=c.region_id)
        and c.status == ClueStatus.ASSIGNED
        and not c.outcome
    ):
        f = bound(request, "verify", F.ClueVerifyForm)
        done = handle(
            request,
            f,
            lambda d: svl.clue_verify(
                actor=request.user, clue=c, outcome=d["outcome"], verified_on=d["verified_on"], note=d["note"]
            ),
            success="查证结果已登记",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("verify", "登记查证结果", f, "登记", note="查证属实的线索应在本区规定期限内立案"))
    if (
        offered(request, "return", "clue.return", unit=c.unit_id, region=c.region_id)
        and c.status == ClueStatus.ASSIGNED
        and not c.outcome
    ):
        f = bound(request, "return", F.ClueReturnForm)
        done = handle(
            request,
            f,
            lambda d: svl.clue_return(actor=request.user, clue=c, reason=d["reason"], returned_on=d["returned_on"]),
            success="线索已退回区司法局",
            next_url=reverse("web:clues"),
        )
        if done:
            return done
        forms.append(FormBox("return", "退回（不属于本单位职责）", f, "退回", note="退回记录报区司法局；多个单位退回同一线索将列入推诿扯皮预警。"))
    if (
        offered(request, "respond", "clue.respond", unit=c.unit_id, region=c.region_id)
        and c.status == ClueStatus.ASSIGNED
    ):
        f = bound(request, "respond", F.ClueRespondForm)
        done = handle(
            request,
            f,
            lambda d: sv.clue_respond(
                actor=request.user,
                clue=c,
                response=d["response"],
                responded_on=d["responded_on"],
                case=_case_of(c, d["case_no"]),
            ),
            success="已答复",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("respond", "办理答复", f, "提交答复"))
    facts = [
        ("编号", clue_reference(c)),
        ("来源", c.get_source_display()),
        ("内容", c.text),
        # the reporter's contact is for the 司法局 only; the unit handling the clue sees it masked
        ("联系方式", (c.contact or "—") if request.scope.unit_id is None else (mask_phone(c.contact) or "—")),
        ("接收日期", f"{c.received_on:%Y-%m-%d}"),
        ("承办单位", c.unit.name if c.unit else "待交办"),
    ]
    if c.assigned_on:
        facts.append(("答复期限", f"{c.response_due:%Y-%m-%d}（交办日{c.assigned_on:%Y-%m-%d}起计算）"))
    if c.outcome:
        facts.append(("查证结果", f"{c.verified_on:%Y-%m-%d} {c.get_outcome_display()}{'：' + c.verification_note if c.verification_note else ''}"))
    if c.case_id:
        facts.append(("立案案件", c.case.case_no))
    for r in c.returns.select_related("unit"):
        facts.append(("退回", f"{r.returned_on:%Y-%m-%d} {r.unit.name}：{r.reason}"))
    if c.responded_on:
        facts.append(("答复", f"{c.responded_on:%Y-%m-%d}：{c.response}"))
    return page(
        request,
        title=f"线索 {clue_reference(c)}",
        status=badge(c.get_status_display(), CLUE_BADGE.get(c.status, "")),
        facts=facts,
        forms=forms,
        links=[*_open_case_link(request, c), ("返回线索", reverse("web:clues"))],
    )
