"""申领行政执法证件 to 发证 and 注销: applications, exams, a certificate's page, the year's printable lists."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.org import certification as C
from zhifa.org import services as org
from zhifa.org.choices import ApplicationStatus
from zhifa.org.models import Certificate, CertificateApplication, Exam, Unit
from zhifa.org.selectors import certificates_issued_by_exam, certificates_revoked

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, badge, bound, handle, link, offered, page

STATUS_BADGE = {"applied": "warn", "approved": "warn", "returned": "danger", "failed": "danger", "issued": "ok"}


def _own_unit(request) -> Unit | None:
    return Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None


@staff_view(actions=("certificate.apply",))
def applications(request):
    unit = _own_unit(request)
    form = None
    if offered(request, "apply", "certificate.apply", unit=unit) and unit is not None:
        form = bound(request, "apply", F.ApplyForm, unit_id=unit.pk)
        done = handle(
            request,
            form,
            lambda d: C.certificate_apply(actor=request.user, person=d["person"], applied_on=d["applied_on"]),
            success="申领已提交，编制审查通过，待区司法局审核",
            next_url=lambda app: reverse("web:certificate_application", args=[app.pk]),
        )
        if done:
            return done
    qs = visible(CertificateApplication.objects.select_related("person", "unit"), request.user).order_by("-id")[:200]
    rows = [
        [
            link(a.person.name, "web:certificate_application", a.pk),
            a.unit.name,
            a.get_staffing_type_display(),
            f"{a.applied_on:%Y-%m-%d}",
            badge(a.get_status_display(), STATUS_BADGE.get(a.status, "")),
        ]
        for a in qs
    ]
    return page(
        request,
        title="执法证件申领",
        tables=[Table("申领记录", ["申领人", "单位", "编制类型", "申请日期", "状态"], rows, id="applications")],
        forms=[FormBox("apply", "为本单位人员申领执法证件", form, "提交申领", note="提交时即审查编制类型")]
        if form
        else [],
        links=[("考试场次", reverse("web:exams")), ("年度新增/注销名单", reverse("web:certificates_annual"))],
    )


@staff_view(actions=("certificate.review", "exam.record_result"))
def application(request, pk: int):
    app = get_object_or_404(
        visible(
            CertificateApplication.objects.select_related("person", "unit", "exam_result__exam", "certificate"),
            request.user,
        ),
        pk=pk,
    )
    forms = []
    here = reverse("web:certificate_application", args=[pk])
    if offered(request, "decide", "certificate.review", unit=app.unit_id) and app.status == ApplicationStatus.APPLIED:
        f = bound(request, "decide", F.DecideForm)
        done = handle(
            request,
            f,
            lambda d: C.certificate_application_decide(
                actor=request.user,
                application=app,
                approve=d["decision"] == "approve",
                decided_on=d["decided_on"],
                note=d["note"],
            ),
            success="已审核",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("decide", "资格审核", f, "提交审核"))
    if (
        offered(request, "result", "exam.record_result", region=app.region_id)
        and app.status == ApplicationStatus.APPROVED
    ):
        f = bound(request, "result", F.ResultForm, region_code=app.region_id)
        done = handle(
            request,
            f,
            lambda d: C.certificate_application_result(
                actor=request.user, application=app, exam=d["exam"], score=d["score"], issued_on=d["issued_on"]
            ),
            success="考试成绩已登记",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("result", "登记考试成绩", f, "登记成绩", note="成绩合格即发放行政执法证件"))
    facts = [
        ("申领人", app.person.name),
        ("单位", app.unit.name),
        ("编制类型", app.get_staffing_type_display()),
        ("申请日期", f"{app.applied_on:%Y-%m-%d}"),
        ("审核", f"{app.decided_on:%Y-%m-%d} {app.decision_note}" if app.decided_on else "待审核"),
    ]
    if app.exam_result:
        r = app.exam_result
        facts.append(("考试成绩", f"{r.exam}：{r.score}分（合格线{r.exam.pass_score}分）"))
    if app.certificate:
        until = app.certificate.valid_until
        facts.append(("证件", f"{app.certificate.number}，有效期至{until:%Y-%m-%d}" if until else app.certificate.number))
    return page(
        request,
        title=f"执法证件申领：{app.person.name}",
        status=badge(app.get_status_display(), STATUS_BADGE.get(app.status, "")),
        facts=facts,
        forms=forms,
        links=[("返回申领列表", reverse("web:certificate_applications"))]
        + ([("查看证件", reverse("web:certificate_detail", args=[app.certificate_id]))] if app.certificate_id else []),
    )


@staff_view(actions=("exam.create",))
def exams(request):
    form = None
    if offered(request, "exam", "exam.create", region=request.scope.region_code) and request.scope.region_code:
        form = bound(request, "exam", F.ExamForm)
        done = handle(
            request,
            form,
            lambda d: C.exam_create(
                actor=request.user,
                region=request.user.person.region,
                name=d["name"],
                held_on=d["held_on"],
                pass_score=d["pass_score"],
            ),
            success="考试场次已安排",
            next_url=reverse("web:exams"),
        )
        if done:
            return done
    qs = visible(Exam.objects.all(), request.user, unit_field=None).order_by("-held_on")[:100]
    rows = [[e.name, f"{e.held_on:%Y-%m-%d}", e.pass_score, e.results.count()] for e in qs]
    return page(
        request,
        title="执法资格考试",
        tables=[Table("考试场次", ["名称", "考试日期", "合格分数", "登记成绩数"], rows, id="exams")],
        forms=[FormBox("exam", "安排考试", form, "保存")] if form else [],
    )


@staff_view(actions=("person.retire", "person.transfer", "certificate.revoke", "certificate.renew"))
def certificate_detail(request, pk: int):
    cert = get_object_or_404(visible(Certificate.objects.select_related("holder", "unit"), request.user), pk=pk)
    here = reverse("web:certificate_detail", args=[pk])
    forms = []
    active = cert.status in ("active", "suspended")
    holder = cert.holder
    may_leave = all([offered(request, "leave", a, unit=holder.unit_id) for a in ("person.retire", "person.transfer")])
    if may_leave and active and holder.status == "active":
        f = bound(request, "leave", F.LeaveForm)
        service = {"retire": org.person_retire, "transfer": org.person_transfer}
        done = handle(
            request,
            f,
            lambda d: service[d["how"]](actor=request.user, person=holder, on=d["on"]),
            success="已登记，证件随之注销",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("leave", "人员退休或调离（证件随之注销）", f, "登记"))
    if offered(request, "revoke", "certificate.revoke", unit=cert.unit_id) and active:
        f = bound(request, "revoke", F.RevokeForm)
        done = handle(
            request,
            f,
            lambda d: org.certificate_revoke(actor=request.user, certificate=cert, on=d["on"], reason=d["reason"]),
            success="证件已注销",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("revoke", "注销证件", f, "注销"))
    if offered(request, "renew", "certificate.renew", unit=cert.unit_id) and cert.status == "active":
        f = bound(request, "renew", F.RenewForm)
        done = handle(
            request,
            f,
            lambda d: org.certificate_renew(
                actor=request.user,
                certificate=cert,
                on=d["on"],
                new_number=C.next_certificate_number(cert.region_id, d["on"].year),
            ),
            success="已换发新证",
            next_url=lambda new: reverse("web:certificate_detail", args=[new.pk]),
        )
        if done:
            return done
        forms.append(FormBox("renew", "换发新证（有效期届满前）", f, "换证"))
    days_left = (cert.valid_until - timezone.localdate()).days if cert.valid_until else -1
    until = f"{cert.valid_until:%Y-%m-%d}" if cert.valid_until else "未记载（不能证明在有效期内）"
    facts = [
        ("证件编号", cert.number),
        ("持证人", holder.name),
        ("发证时单位", cert.unit.name),
        ("发证机关", cert.issuing_authority),
        ("发证日期", f"{cert.issued_on:%Y-%m-%d}"),
        ("有效期至", until + (f"（剩余{days_left}日）" if active and days_left >= 0 else "")),
    ]
    if cert.revoked_on:
        facts.append(("注销", f"{cert.revoked_on:%Y-%m-%d} {cert.get_revocation_reason_display()}"))
    kind = "ok" if cert.status == "active" else "danger"
    return page(
        request,
        title=f"执法证件 {cert.number}",
        status=badge(cert.get_status_display(), kind),
        facts=facts,
        forms=forms,
    )


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@staff_view
def annual(request):
    """The year's 新增 (issued by exam) and 注销 lists, print-friendly, or as XLSX (?format=xlsx)."""
    year = _year(request)
    region = request.scope.region_code
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    new = visible(certificates_issued_by_exam(region, start, end), request.user).select_related("holder", "unit")
    gone = visible(
        certificates_revoked(region, start, end, reasons=("retired", "transferred", "discipline", "other")),
        request.user,
    ).select_related("holder", "unit")
    new_rows = [
        [c.number, c.holder.name, c.unit.name, f"{c.issued_on:%Y-%m-%d}"] for c in new.order_by("issued_on", "id")
    ]
    gone_rows = [
        [c.number, c.holder.name, c.unit.name, f"{c.revoked_on:%Y-%m-%d}", c.get_revocation_reason_display()]
        for c in gone.order_by("revoked_on", "id")
    ]
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "新增"
        ws.append(["证件编号", "持证人", "单位", "发证日期"])
        for r in new_rows:
            ws.append(r)
        ws2 = wb.create_sheet("注销")
        ws2.append(["证件编号", "持证人", "单位", "注销日期", "注销原因"])
        for r in gone_rows:
            ws2.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        resp = HttpResponse(
            buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        resp["Content-Disposition"] = f'attachment; filename="certificates-{year}.xlsx"'
        return resp
    return render(
        request,
        "web/print_lists.html",
        {
            "title": f"{year}年度行政执法证件新增和注销名单",
            "year": year,
            "tables": [
                Table(
                    f"新增（考试取证）共{len(new_rows)}人",
                    ["证件编号", "持证人", "单位", "发证日期"],
                    new_rows,
                    id="new",
                ),
                Table(
                    f"注销共{len(gone_rows)}人",
                    ["证件编号", "持证人", "单位", "注销日期", "原因"],
                    gone_rows,
                    id="revoked",
                ),
            ],
            "xlsx": f"?year={year}&format=xlsx",
        },
    )
