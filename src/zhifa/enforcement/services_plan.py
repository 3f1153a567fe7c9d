"""检查计划 (inspection plans) in the workspace: a unit records its plan, the body's head approves it (审批人,
审批时间, to the minute), and the unit records its 备案 and 公布 (津司发〔2025〕8号: 专项检查履行批准、备案、公布程序;
国办发〔2024〕54号第六部分). A 专项检查 may start in the minute its plan was approved, not before
(``rules_inspection.class_complete``); a unit's own system sends the same fields as the exchange record 检查计划.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhifa.core.access import person_of
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from .choices import InspectionKind
from .facts import calendar_date
from .models import InspectionPlan


def inspection_plan_record(
    *,
    actor,
    unit,
    year: int,
    title: str,
    kind: str = InspectionKind.SPECIAL,
    tasks_planned: int | None = None,
    superior_deployed: bool = False,
) -> InspectionPlan:
    """A unit's plan of the year (专项 unless told otherwise), not yet approved."""
    authorize(actor, "inspection_plan.record", unit=unit)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("请填写计划名称", field="title", code="plan.title")
    if not 2000 <= int(year) <= 2100:
        raise InvalidInput(f"年度“{year}”应为四位年份", field="year", code="plan.year")
    if kind not in InspectionKind.values:
        raise InvalidInput(f"计划类型“{kind}”无效", field="kind", code="plan.kind")
    if tasks_planned is not None and tasks_planned < 0:
        raise InvalidInput("任务数不能为负数", field="tasks_planned", code="plan.tasks")
    if InspectionPlan.objects.filter(unit=unit, year=year, title=title).exists():
        raise InvalidInput(f"本单位{year}年已有计划“{title}”", field="title", code="plan.duplicate")
    plan = InspectionPlan.objects.create(
        region_id=unit.region_id,
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        tasks_planned=tasks_planned,
        superior_deployed=superior_deployed,
    )
    audit(actor=actor, action="inspection_plan.record", obj=plan, after=snapshot(plan))
    return plan


@transaction.atomic
def inspection_plan_approve(*, actor, plan: InspectionPlan, at: dt.datetime | None = None) -> InspectionPlan:
    """The body's head approves the plan: 审批人 = the head's person, 审批时间 = now (or ``at``)."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    authorize(actor, "inspection_plan.approve", unit=plan.unit, on=calendar_date(at))
    if plan.approved_at is not None:
        raise InvalidInput(
            f"该计划已于{timezone.localtime(plan.approved_at):%Y-%m-%d %H:%M}批准", field="approved_at", code="plan.approved"
        )
    before = snapshot(plan)
    plan.approved_by = person_of(actor) if not getattr(actor, "is_system", False) else None
    plan.approved_at = at
    plan.save(update_fields=["approved_by", "approved_at"])
    audit(actor=actor, action="inspection_plan.approve", obj=plan, before=before, after=snapshot(plan))
    return plan


def inspection_plan_file(
    *, actor, plan: InspectionPlan, filed_on: dt.date, published_on: dt.date | None = None
) -> InspectionPlan:
    """The plan's 备案 (and 公布) dates: only an approved plan, on or after the day of its approval."""
    authorize(actor, "inspection_plan.record", unit=plan.unit, on=filed_on)
    if plan.approved_at is None:
        raise InvalidInput("计划未经批准，不能备案或公布", field="filed_on", code="plan.unapproved")
    approved_on = timezone.localtime(plan.approved_at).date()
    for field, day, name in (("filed_on", filed_on, "备案日期"), ("published_on", published_on, "公布日期")):
        if day is not None and day < approved_on:
            raise InvalidInput(f"{name}{day:%Y-%m-%d}早于计划批准日期{approved_on:%Y-%m-%d}", field=field, code="plan.order")
    before = snapshot(plan)
    plan.filed_on = filed_on
    plan.published_on = published_on
    plan.save(update_fields=["filed_on", "published_on"])
    audit(actor=actor, action="inspection_plan.record", obj=plan, before=before, after=snapshot(plan))
    return plan
