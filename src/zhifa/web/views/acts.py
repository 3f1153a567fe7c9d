"""Inspections and cases: lists, the case page, the inspection form. Writes go through the enforcement
services; reads through zhifa.core.access.visible, so another unit's record is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.access import person_of, visible
from zhifa.core.errors import DomainError, PermissionDenied, RuleBlocked
from zhifa.enforcement.choices import (
    CaseStatus,
    InspectionKind,
    InspectionMode,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from zhifa.enforcement.models import Inspection, PenaltyCase

from .. import case_panels, integrations
from ..decorators import staff_view
from ..forms import InspectionForm, apply_domain_error
from ..listing import Filter, apply_listing
from .common import render_list, unit_choices


@staff_view
def inspections(request):
    qs = visible(Inspection.objects.select_related("unit", "power", "party", "officer_a"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("kind", "类型", "kind", list(InspectionKind.choices)),
            Filter("mode", "方式", "mode", list(InspectionMode.choices)),
            Filter("from", "日期起", "started_at__date__gte", kind="date_from"),
            Filter("to", "日期止", "started_at__date__lte", kind="date_to"),
        ],
        search=["party__name", "power__name", "findings"],
        order=["-started_at", "-id"],
    )
    new_url = "web:inspection_new" if policy.can(request.user, "inspection.record", conditions=False) else ""
    return render_list(
        request, template="web/partials/inspections_table.html", title="行政检查", listing=listing, new_url=new_url
    )


@staff_view
def cases(request):
    qs = visible(PenaltyCase.objects.select_related("unit", "party", "power"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "办案单位", "unit_id", unit_choices(request)),
            Filter("status", "状态", "status", list(CaseStatus.choices)),
            Filter("procedure", "程序", "procedure", list(Procedure.choices)),
            Filter("from", "决定日期起", "decided_on__gte", kind="date_from"),
            Filter("to", "决定日期止", "decided_on__lte", kind="date_to"),
        ],
        search=["case_no", "decision_no", "violation", "party__name"],
        order=["-discovered_at", "-id"],
    )
    links = []
    if request.scope.unit_id is not None:
        for action, url, label in (
            ("case.open", "web:case_new", "+ 立案"),
            ("case.onspot_decide", "web:case_onspot", "+ 当场处罚"),
        ):
            if policy.can(request.user, action, unit=request.scope.unit_id, conditions=False):
                links.append((reverse(url), label))
    return render_list(
        request,
        template="web/partials/cases_table.html",
        title="行政处罚案件",
        listing=listing,
        extra={"links": links},
    )


def _on_date(request) -> dt.date:
    raw = request.GET.get("on") or request.POST.get("on_date") or ""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


def _case_context(request, case, **extra) -> dict:
    on_date = _on_date(request)
    user, unit = request.user, case.unit_id
    ctx = {
        "case": case,
        "on_date": on_date,
        "timeline": case.transitions.select_related("actor", "actor__person").order_by("at", "id"),
        "options": integrations.transition_options(case=case, user=request.user, on_date=on_date),
        "others": integrations.steps_of_others(case=case, user=request.user, on_date=on_date),
        "reviews": case.legal_reviews.select_related("reviewer").order_by("reviewed_on", "id"),
        "review_open": case.status in REVIEW_STAGES and policy.can(user, "case.legal_review", unit=unit, on=on_date),
        "discussion_open": case.status in REVIEW_STAGES
        and policy.can(user, "case.collective_discussion", unit=unit, on=on_date),
        "discussions": case.discussions.order_by("held_on", "id"),
        "review_results": ReviewResult.choices,
        "panels": case_panels.open_panels(case=case, user=user, on_date=on_date, bound=extra.pop("bound_panels", None)),
        "evidence": case.evidence.select_related("collected_by").order_by("collected_on", "id"),
        "recordings": case.recordings.select_related("officer").order_by("recorded_at", "id"),
        "hearings": case.hearings.order_by("id"),
        "transfers": case.criminal_transfers.order_by("id"),
        "party_age": party_age(case),
        "penalty_labels": "、".join(str(PenaltyKind(k).label) for k in case.penalty_kinds if k in PenaltyKind.values),
    }
    ctx.update(_exemptions(request, case))
    from zhifa.enforcement.assistance import case_remote_notice

    ctx["remote"] = case_remote_notice(case)
    ctx.update(extra)
    return ctx


def _exemptions(request, case) -> dict:
    """免罚清单 items the case's violation matches, with what was recorded at decision time."""
    from zhifa.supervision.exemptions import items_for

    items = items_for(case)
    done = {a.item_id: a for a in case.exemption_assessments.all()} if items else {}
    return {
        "exemptions": [{"item": i, "assessment": done.get(i.pk)} for i in items],
        "may_assess": bool(items) and policy.can(request.user, "exemption.assess", unit=case.unit_id, conditions=False),
    }


def party_age(case) -> dict | None:
    """A natural person's age when the act was done (第三十条: under 14 not punished, under 18 lighter)."""
    from zhifa.enforcement import rules as R

    birth = case.party.birth_date
    if case.party.kind != "person" or birth is None or case.act_date is None:
        return None
    age = R.age_on(birth, case.act_date)
    return {"age": age, "minor": age < R.ADULT_AGE, "under14": age < R.PUNISHABLE_AGE}


REVIEW_STAGES = (CaseStatus.NOTIFIED, CaseStatus.HEARING, CaseStatus.LEGAL_REVIEW, CaseStatus.COLLECTIVE)


def _visible_case(request, pk: int) -> PenaltyCase:
    return get_object_or_404(
        visible(PenaltyCase.objects.select_related("unit", "power", "party", "officer_a", "officer_b"), request.user),
        pk=pk,
    )


@staff_view
def case_detail(request, pk: int):
    case = _visible_case(request, pk)
    ctx = _case_context(request, case)
    if request.htmx and request.htmx.target == "case-actions":
        return render(request, "web/partials/case_actions.html", ctx)
    return render(request, "web/case_detail.html", ctx)


def _case_post(request, pk: int, perform, *, errors_ctx, done: str, date_field: str):
    """One POST on a case page: the service decides; its refusal comes back on the page (422) at its form."""
    case = _visible_case(request, pk)
    if request.method != "POST":
        return redirect("web:case_detail", pk=pk)
    try:
        perform(case=case, user=request.user, data=request.POST)
    except PermissionDenied:
        raise
    except DomainError as exc:
        items = exc.violations if isinstance(exc, RuleBlocked) else [exc]
        ctx = _case_context(request, case, **errors_ctx(items))
        return render(request, "web/case_detail.html", ctx, status=422)
    messages.success(request, done)
    return redirect(f"{reverse('web:case_detail', args=[pk])}?on={request.POST.get(date_field, '')}")


@staff_view(actions=tuple(sorted(set(policy.CASE_STATUS_ACTIONS.values()))))
def case_transition(request, pk: int):
    """POST one transition; the workflow service decides. Its refusal comes back at the step's form."""
    to_status = request.POST.get("to_status", "")
    label = CaseStatus(to_status).label if to_status in CaseStatus.values else to_status
    return _case_post(
        request,
        pk,
        lambda **kw: integrations.transition_perform(to_status=to_status, **kw),
        errors_ctx=lambda items: {"errors": {to_status: items}, "posted_to": to_status},
        done=f"案件已流转至“{label}”",
        date_field="on_date",
    )


@staff_view(actions=("case.legal_review",))
def case_review(request, pk: int):
    """法制审核意见 (第五十八条), recorded by the logged-in legal reviewer."""
    return _case_post(
        request,
        pk,
        integrations.review_record,
        errors_ctx=lambda items: {"review_errors": items, "review_posted": request.POST},
        done="法制审核意见已记录",
        date_field="reviewed_on",
    )


@staff_view(actions=("case.collective_discussion",))
def case_discussion(request, pk: int):
    """集体讨论 (第五十七条第二款), recorded by the unit's leader."""
    return _case_post(
        request,
        pk,
        integrations.discussion_record,
        errors_ctx=lambda items: {"discussion_errors": items, "discussion_posted": request.POST},
        done="集体讨论已记录",
        date_field="held_on",
    )


@staff_view(actions=("inspection.record",))
def inspection_new(request):
    person = person_of(request.user)
    unit_id = person.unit_id if person is not None else None
    # the user's kind of act in their unit? (the day's certificate is checked by the service, on the form's date)
    policy.authorize(request.user, "inspection.record", unit=unit_id, conditions=False)
    form = InspectionForm(request.POST or None, unit_id=unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = integrations.inspection_record(user=request.user, unit_id=unit_id, data=form.cleaned_data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "行政检查已登记")
            return redirect("web:inspection_detail", pk=inspection.pk)
    return render(request, "web/inspection_form.html", {"form": form}, status=422 if form.errors else 200)


@staff_view
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(
        visible(Inspection.objects.select_related("unit", "power", "party", "officer_a", "officer_b"), request.user),
        pk=pk,
    )
    may_open = policy.can(request.user, "case.open", unit=inspection.unit_id, conditions=False)
    ctx = {"i": inspection, "hazards": inspection.hazards.all(), "may_open": may_open}
    ctx["cases"] = inspection.penaltycase_set.order_by("id")
    from .inspections54 import code_url

    ctx["may_approve"] = policy.can(request.user, "inspection.approve", unit=inspection.unit_id, conditions=False)
    ctx["code_url"] = code_url(request, inspection)
    from zhifa.enforcement.assistance import inspection_remote_notice

    ctx["remote"] = inspection_remote_notice(inspection)
    return render(request, "web/inspection_detail.html", ctx)
