"""检查计划: a unit records its plans, the head approves them (审批人, 审批时间) and the unit records their 备案 and
公布 (enforcement.services_plan). A 专项检查 needs an approved plan (the request form lists the unit's plans)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.enforcement.models import InspectionPlan
from zhifa.enforcement.services_plan import inspection_plan_approve, inspection_plan_file, inspection_plan_record
from zhifa.org.models import Unit

from ..decorators import staff_view
from ..desk import FormBox, Table, bound, handle, offered, page
from ..forms_inspection import PlanChoiceForm, PlanFilingForm, PlanForm


def _when(t) -> str:
    return f"{timezone.localtime(t):%Y-%m-%d %H:%M}" if t else "未批准"


@staff_view(actions=("inspection_plan.record", "inspection_plan.approve"))
def plans(request):
    unit = Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None
    own = InspectionPlan.objects.filter(unit=unit) if unit is not None else InspectionPlan.objects.none()
    next_url = reverse("web:plans")
    forms = []
    if offered(request, "record", "inspection_plan.record", unit=unit) and unit is not None:
        f = bound(request, "record", PlanForm, initial={"year": timezone.localdate().year})
        done = handle(
            request,
            f,
            lambda d: inspection_plan_record(actor=request.user, unit=unit, **d),
            success="检查计划已登记，待负责人批准",
            next_url=next_url,
        )
        if done:
            return done
        forms.append(FormBox("record", "登记检查计划", f, "登记", note="专项检查须有经行政执法主体负责人批准的计划。"))
    if offered(request, "approve", "inspection_plan.approve", unit=unit) and unit is not None:
        f = bound(request, "approve", PlanChoiceForm, plans=own.filter(approved_at__isnull=True).order_by("-year", "id"))
        done = handle(
            request,
            f,
            lambda d: inspection_plan_approve(actor=request.user, plan=d["plan"]),
            success="检查计划已批准",
            next_url=next_url,
        )
        if done:
            return done
        forms.append(
            FormBox(
                "approve", "批准检查计划", f, "批准",
                note="审批时间记为现在（精确到分钟）；专项检查不得早于计划的审批时间开始。",
            )
        )  # fmt: skip
    if offered(request, "file", "inspection_plan.record", unit=unit) and unit is not None:
        f = bound(request, "file", PlanFilingForm, plans=own.filter(approved_at__isnull=False).order_by("-year", "id"))
        done = handle(
            request,
            f,
            lambda d: inspection_plan_file(
                actor=request.user, plan=d["plan"], filed_on=d["filed_on"], published_on=d.get("published_on")
            ),
            success="检查计划备案、公布日期已登记",
            next_url=next_url,
        )
        if done:
            return done
        forms.append(FormBox("file", "登记计划备案、公布", f, "登记"))
    qs = visible(InspectionPlan.objects.select_related("unit", "approved_by"), request.user).order_by("-year", "-id")
    rows = [
        [
            p.title,
            p.unit.name,
            str(p.year),
            p.get_kind_display() if p.kind else "",
            "" if p.tasks_planned is None else str(p.tasks_planned),
            p.approved_by.name if p.approved_by else "",
            _when(p.approved_at),
            f"{p.filed_on:%Y-%m-%d}" if p.filed_on else "",
            f"{p.published_on:%Y-%m-%d}" if p.published_on else "",
            "是" if p.superior_deployed else "",
        ]
        for p in qs[:300]
    ]
    table = Table(
        "检查计划",
        ["计划名称", "单位", "年度", "类型", "任务数", "审批人", "审批时间", "备案日期", "公布日期", "上级部署"],
        rows,
        id="plans",
    )
    return page(request, title="检查计划", tables=[table], forms=forms)
