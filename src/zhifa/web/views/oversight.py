"""监督检查 and 整改通知: record an inspection of a unit, issue a notice (deadline in working days), the
unit answers with attachments in its own account, the 司法局 verifies or returns."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.org.models import Unit
from zhifa.supervision import services as sv
from zhifa.supervision.choices import RectificationStatus
from zhifa.supervision.models import Rectification, SupervisionInspection

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import Cell, FormBox, Table, badge, bound, handle, link, offered, page

RECT_BADGE = {"notice": "warn", "responded": "warn", "verified": "ok", "rejected": "danger"}


def _units(request):
    return request.scope.filter(Unit.objects.filter(is_enforcement_body=True), unit_field="pk").order_by("id")


@staff_view(actions=("supervision_inspection.record",))
def inspections(request):
    forms = []
    if offered(request, "inspect", "supervision_inspection.record", region=request.scope.region_code):
        f = bound(request, "inspect", F.OversightForm, units=_units(request))
        done = handle(
            request,
            f,
            lambda d: sv.supervision_inspection_record(
                actor=request.user,
                unit=d["unit"],
                inspected_on=d["inspected_on"],
                inspectors=d["inspectors"],
                scope=d["scope"],
                findings=d["findings"],
                files_drawn=d["files_drawn"],
                files_checked=len([x for x in d["files_drawn"].splitlines() if x.strip()]),
                equipment=d["equipment"],
                recording_management=d["recording_management"],
            ),
            success="监督检查已登记",
            next_url=reverse("web:oversight"),
        )
        if done:
            return done
        forms.append(FormBox("inspect", "登记监督检查", f, "登记"))
    qs = visible(SupervisionInspection.objects.select_related("unit"), request.user).order_by("-inspected_on", "-id")
    rows = [
        [
            i.unit.name,
            f"{i.inspected_on:%Y-%m-%d}",
            i.inspectors,
            i.files_checked,
            i.files_drawn,
            i.equipment,
            i.recording_management,
            i.findings,
        ]
        for i in qs[:100]
    ]
    return page(
        request,
        title="监督检查",
        tables=[
            Table(
                "检查记录",
                ["单位", "日期", "检查人员", "抽查案卷数", "抽查案卷", "执法装备", "音像记录管理", "发现问题"],
                rows,
                id="inspections",
            )
        ],
        forms=forms,
        links=[("整改通知", reverse("web:rectifications"))],
    )


@staff_view(actions=("alert.request_rectification",))
def rectifications(request):
    forms = []
    if offered(request, "notice", "alert.request_rectification", region=request.scope.region_code):
        f = bound(request, "notice", F.RectifyForm, units=_units(request))
        done = handle(
            request,
            f,
            lambda d: sv.rectification_request(
                actor=request.user,
                unit=d["unit"],
                issued_on=d["issued_on"],
                requirement=d["requirement"],
                working_days=d["working_days"],
            ),
            success="整改通知已下发",
            next_url=lambda r: reverse("web:rectification", args=[r.pk]),
        )
        if done:
            return done
        forms.append(FormBox("notice", "下发整改通知", f, "下发"))
    qs = visible(Rectification.objects.select_related("unit"), request.user).order_by("-issued_on", "-id")
    today = timezone.localdate()
    rows = []
    for r in qs[:200]:
        overdue = r.status in (RectificationStatus.NOTICE, RectificationStatus.REJECTED) and r.deadline < today
        rows.append(
            [
                link(r.notice_no, "web:rectification", r.pk),
                r.unit.name,
                f"{r.issued_on:%Y-%m-%d}",
                Cell(f"{r.deadline:%Y-%m-%d}（{r.working_days}个工作日）" + ("，已逾期" if overdue else "")),
                badge(r.get_status_display(), "danger" if overdue else RECT_BADGE.get(r.status, "")),
            ]
        )
    return page(
        request,
        title="整改通知",
        tables=[Table("整改通知", ["文号", "单位", "下发日期", "期限", "状态"], rows, id="rectifications")],
        forms=forms,
        links=[("监督检查", reverse("web:oversight"))],
    )


@staff_view(actions=("rectification.respond", "rectification.verify"))
def rectification(request, pk: int):
    rect = get_object_or_404(visible(Rectification.objects.select_related("unit", "inspection"), request.user), pk=pk)
    here = reverse("web:rectification", args=[pk])
    forms = []
    open_ = rect.status in (RectificationStatus.NOTICE, RectificationStatus.REJECTED)
    if offered(request, "respond", "rectification.respond", unit=rect.unit_id) and open_:
        f = bound(request, "respond", F.RespondForm)
        done = handle(
            request,
            f,
            lambda d: sv.rectification_respond(
                actor=request.user,
                rectification=rect,
                response=d["response"],
                responded_on=d["responded_on"],
                attachments=d["attachments"],
            ),
            success="整改情况已反馈",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("respond", "反馈整改情况", f, "提交反馈", multipart=True))
    if (
        offered(request, "verify", "rectification.verify", unit=rect.unit_id)
        and rect.status == RectificationStatus.RESPONDED
    ):
        f = bound(request, "verify", F.VerifyForm)
        done = handle(
            request,
            f,
            lambda d: sv.rectification_verify(
                actor=request.user,
                rectification=rect,
                verified_on=d["verified_on"],
                accepted=d["accepted"] == "1",
                note=d["note"],
            ),
            success="核验结果已登记",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("verify", "核验整改", f, "提交核验"))
    facts = [
        ("文号", rect.notice_no),
        ("整改单位", rect.unit.name),
        ("下发日期", f"{rect.issued_on:%Y-%m-%d}"),
        ("整改期限", f"{rect.deadline:%Y-%m-%d}（{rect.working_days}个工作日，按节假日安排计算）"),
        ("整改要求", rect.requirement),
    ]
    if rect.responded_on:
        facts += [("反馈", f"{rect.responded_on:%Y-%m-%d}：{rect.response}")]
    if rect.verified_on:
        facts += [("核验", f"{rect.verified_on:%Y-%m-%d}：{rect.verification_note}")]
    atts = [[Cell(a.name, a.file.url), f"{a.uploaded_on:%Y-%m-%d}"] for a in rect.attachments.all()]
    return page(
        request,
        title=f"整改通知 {rect.notice_no}",
        status=badge(rect.get_status_display(), RECT_BADGE.get(rect.status, "")),
        facts=facts,
        tables=[Table("附件", ["文件", "上传日期"], atts, id="attachments")],
        forms=forms,
        links=[("返回整改通知", reverse("web:rectifications"))],
    )
