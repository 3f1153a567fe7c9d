"""立案 (new case), 简易程序 当场处罚, and the records of a case (证据, 音像记录, 听证, 延期).

Each view parses its form, calls one function of ``web.case_panels`` (one enforcement service) with the
logged-in user as the actor and renders the result; the services and core.policy inside them decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.errors import DomainError, PermissionDenied

from .. import case_panels as CP
from ..decorators import staff_view
from ..forms_acts import put_errors
from ..forms_cases import CaseOpenForm, OnspotForm
from .acts import _case_context, _visible_case
from .acts_more import _own_unit


@staff_view(actions=("case.open",))
def case_new(request):
    """立案 from an inspection (?inspection=), from a clue (?clue=) or directly (第五十四条)."""
    unit = _own_unit(request)
    policy.authorize(request.user, "case.open", unit=unit, conditions=False)
    form = CaseOpenForm(request.POST or None, unit_id=unit.pk)
    initial = CP.source_initial(
        user=request.user,
        unit_id=unit.pk,
        inspection_id=request.GET.get("inspection") or request.POST.get("inspection"),
        clue_id=request.GET.get("clue") or request.POST.get("clue"),
    )
    source = initial.pop("source", "")
    if not form.is_bound:
        form.initial.update(file_on=timezone.localdate(), discovered_at=timezone.localtime().replace(second=0))
        form.initial.update(initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = CP.case_open(user=request.user, unit=unit, data=form.cleaned_data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"已{case.get_status_display()}，案号{case.case_no}")
            on = f"?on={case.filed_on:%Y-%m-%d}" if case.filed_on else ""
            return redirect(reverse("web:case_detail", args=[case.pk]) + on)
    ctx = {"form": form, "title": "立案（普通程序）", "back": "web:cases", "form_id": "case-form", "source": source}
    ctx["submit_label"] = "立案"
    return render(request, "web/act_form.html", ctx, status=422 if form.errors else 200)


@staff_view(actions=("case.onspot_decide",))
def case_onspot(request):
    """简易程序 当场处罚 (第五十一条): a one-column form that works on a phone."""
    unit = _own_unit(request)
    policy.authorize(request.user, "case.onspot_decide", unit=unit, conditions=False)
    form = OnspotForm(request.POST or None, unit_id=unit.pk)
    if not form.is_bound:
        form.initial.update(decided_on=timezone.localdate(), act_date=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            case = CP.case_onspot(user=request.user, unit=unit, data=form.cleaned_data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, f"当场处罚决定已登记：{case.decision_no}")
            return redirect(reverse("web:case_detail", args=[case.pk]) + f"?on={case.decided_on:%Y-%m-%d}")
    ctx = {"form": form, "title": "当场处罚（简易程序）", "back": "web:cases", "form_id": "onspot-form"}
    ctx["submit_label"] = "作出当场处罚决定"
    return render(request, "web/act_form.html", ctx, status=422 if form.errors else 200)


@staff_view(actions=tuple(p.action for p in CP.PANELS.values()))
def case_record(request, pk: int, panel: str):
    """POST one record of a case (证据, 音像记录, 听证, 延期); refusals come back at the panel's fields."""
    case = _visible_case(request, pk)
    p = CP.PANELS.get(panel)
    if p is None:
        raise Http404(panel)
    if request.method != "POST":
        return redirect("web:case_detail", pk=pk)
    # the user's kind of act on this unit's case? (the day's conditions are the service's, on the form's date)
    policy.authorize(request.user, p.action, unit=case.unit_id, conditions=False)
    form = CP.panel_form(p, case, timezone.localdate(), request.POST, request.FILES)
    if form.is_valid():
        try:
            p.call(case=case, user=request.user, data=form.cleaned_data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, p.done)
            return redirect(f"{reverse('web:case_detail', args=[pk])}?on={request.POST.get('on_date', '')}")
    ctx = _case_context(request, case, bound_panels={panel: form})
    return render(request, "web/case_detail.html", ctx, status=422)
