"""干预插手: unit staff record an interference (and then see nothing of it: the recorder is protected);
supervisors read the records, issue the 通报 and track 责任追究 to closure."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse

from zhifa.core import policy
from zhifa.core.errors import InvalidInput
from zhifa.enforcement.models import PenaltyCase
from zhifa.enforcement.services import interference_record
from zhifa.org.models import Unit
from zhifa.supervision import services as sv
from zhifa.supervision.interference import interference_follow_up, interference_records_visible_to
from zhifa.supervision.models import InterferenceFollowUp, InterferenceNotice

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, bound, handle, link, offered, page


def _record(request, unit, d):
    case = None
    if d["case_no"]:
        case = PenaltyCase.objects.filter(unit=unit, case_no=d["case_no"].strip()).first()
        if case is None:
            raise InvalidInput(f"本单位没有案号为“{d['case_no']}”的案件", field="case_no", code="interference.case")
    return interference_record(
        actor=request.user,
        unit=unit,
        interferer_name=d["interferer_name"],
        interferer_role=d["interferer_role"],
        method=d["method"],
        occurred_on=d["occurred_on"],
        recorded_by=request.user.person,
        recorded_on=d["recorded_on"],
        case=case,
    )


@staff_view(actions=("interference.record", "interference_notice.issue"))
def records(request):
    forms = []
    unit = Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None
    if offered(request, "record", "interference.record", unit=unit) and unit is not None:
        f = bound(request, "record", F.InterferenceForm)
        done = handle(
            request,
            f,
            lambda d: _record(request, unit, d),
            success="已记录并报送区司法局。记录仅区司法局监督人员可查阅。",
            next_url=reverse("web:interference"),
        )
        if done:
            return done
        forms.append(
            FormBox(
                "record", "记录干预、插手案件办理情况", f, "记录", note="如实记录；记录内容和记录人信息仅区司法局可见。"
            )
        )
    region = request.scope.region_code
    if offered(request, "notice", "interference_notice.issue", region=region):
        f = bound(request, "notice", F.NoticeForm)
        done = handle(
            request,
            f,
            lambda d: sv.interference_notice_issue(actor=request.user, region_code=region, **d),
            success="通报已生成",
            next_url=reverse("web:interference"),
        )
        if done:
            return done
        forms.append(FormBox("notice", "生成干预插手情况通报", f, "生成通报"))
    qs = interference_records_visible_to(request.user).order_by("-recorded_on", "-id")
    stages = dict(InterferenceFollowUp.objects.filter(record__in=qs).values_list("record_id", "closed_on"))
    rows = [
        [
            link(f"#{r.pk}", "web:interference_detail", r.pk),
            r.unit.name,
            f"{r.get_interferer_role_display()} {r.interferer_name}",
            r.case.case_no if r.case else "—",
            r.method,
            r.recorded_by.name,
            f"{r.recorded_on:%Y-%m-%d}",
            ("已办结" if stages[r.pk] else "办理中") if r.pk in stages else "待处理",
        ]
        for r in qs[:200]
    ]
    tables = []
    if policy.can(request.user, "interference.read"):
        tables.append(
            Table(
                "干预插手记录",
                ["编号", "单位", "干预人", "案件", "方式", "记录人", "记录日期", "责任追究"],
                rows,
                id="interference",
            )
        )
        notices = InterferenceNotice.objects.filter(region_id__in=request.scope.region_codes or [region])
        tables.append(
            Table(
                "通报",
                ["文号", "期间", "通报日期"],
                [
                    [n.document_no, f"{n.period_start:%Y-%m-%d}至{n.period_end:%Y-%m-%d}", f"{n.issued_on:%Y-%m-%d}"]
                    for n in notices
                ],
                id="notices",
            )
        )
    return page(request, title="干预插手记录", tables=tables, forms=forms)


@staff_view(actions=("interference.follow_up",))
def record_detail(request, pk: int):
    rec = get_object_or_404(interference_records_visible_to(request.user), pk=pk)
    here = reverse("web:interference_detail", args=[pk])
    fu = InterferenceFollowUp.objects.filter(record=rec).first()
    forms = []
    if offered(request, "follow", "interference.follow_up", region=rec.region_id) and (
        fu is None or fu.closed_on is None
    ):
        f = bound(request, "follow", F.FollowUpForm, notices=InterferenceNotice.objects.filter(region_id=rec.region_id))
        done = handle(
            request,
            f,
            lambda d: interference_follow_up(actor=request.user, record=rec, **d),
            success="已登记",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("follow", "通报与责任追究", f, "登记"))
    facts = [
        ("单位", rec.unit.name),
        ("干预人", f"{rec.get_interferer_role_display()} {rec.interferer_name}"),
        ("案件", rec.case.case_no if rec.case else "—"),
        ("干预方式", rec.method),
        ("发生日期", f"{rec.occurred_on:%Y-%m-%d}"),
        ("记录人", f"{rec.recorded_by.name}（{rec.recorded_on:%Y-%m-%d}记录）"),
    ]
    if fu:
        facts += [
            ("办理阶段", fu.stage),
            ("通报", fu.notice.document_no if fu.notice else "—"),
            ("移送", f"{fu.referred_to} {fu.referred_on or ''}" if fu.referred_to else "—"),
            ("责任追究结果", fu.outcome or "—"),
        ]
    return page(
        request,
        title=f"干预插手记录 #{rec.pk}",
        facts=facts,
        forms=forms,
        links=[("返回", reverse("web:interference"))],
    )
