"""考核评议指标表: a supervisor edits the region-year's unit-assessment sheet (indicators are metrics).

Each assessable metric is one row: taken or not, its weight, target, scoring rule and per-item deduction; the veto
items are ticked. Saving goes through ``reports.assessment.assessment_sheet_save`` (checked, versioned, audited);
the page shows the ranking under the sheet in force and every version kept.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.shortcuts import render

from zhifa.core import policy
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.reports import assessment as A
from zhifa.reports.models import AssessmentSheet

from ..decorators import staff_view
from .dashboard import report_year

ROWS = [i["metric"] for i in A.DEFAULT_SHEET["indicators"]]


class SheetForm(forms.Form):
    vetoes = forms.MultipleChoiceField(
        label="一票否决项", choices=[(k, f"{k}：{v}") for k, v in A.VETOES.items()], required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(label="修改说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, metric in enumerate(ROWS):
            self.fields[f"use_{i}"] = forms.BooleanField(label=metric, required=False)
            self.fields[f"weight_{i}"] = forms.DecimalField(
                label=f"{metric} 分值", required=False, max_digits=6, decimal_places=2
            )
            self.fields[f"target_{i}"] = forms.DecimalField(
                label=f"{metric} 目标值", required=False, max_digits=10, decimal_places=4
            )
            self.fields[f"rule_{i}"] = forms.ChoiceField(label=f"{metric} 计分规则", choices=[(r, r) for r in A.RULES])
            self.fields[f"deduction_{i}"] = forms.DecimalField(
                label=f"{metric} 每件扣分", required=False, max_digits=6, decimal_places=2
            )

    def rows(self):
        return [
            (m, self[f"use_{i}"], self[f"weight_{i}"], self[f"target_{i}"], self[f"rule_{i}"], self[f"deduction_{i}"])
            for i, m in enumerate(ROWS)
        ]

    def indicators(self) -> tuple[list[dict], list[int]]:
        """The ticked rows as the sheet's indicators, and the form row of each."""
        out, where = [], []
        for i, metric in enumerate(ROWS):
            if not self.cleaned_data.get(f"use_{i}"):
                continue
            ind = {"metric": metric, "rule": self.cleaned_data[f"rule_{i}"]}
            for name in ("weight", "target", "deduction"):
                v = self.cleaned_data.get(f"{name}_{i}")
                if v is not None:
                    ind[name] = _number(v)
            out.append(ind)
            where.append(i)
        return out, where


def _number(v: Decimal):
    return int(v) if v == v.to_integral_value() else float(v)


def _initial(sheet: dict) -> dict:
    initial = {"vetoes": list(sheet.get("vetoes", []))}
    by_metric = {i["metric"]: i for i in sheet["indicators"]}
    defaults = {i["metric"]: i for i in A.DEFAULT_SHEET["indicators"]}
    for i, metric in enumerate(ROWS):
        ind = by_metric.get(metric) or defaults[metric]
        initial.update(
            {
                f"use_{i}": metric in by_metric,
                f"weight_{i}": ind.get("weight"),
                f"target_{i}": ind.get("target"),
                f"rule_{i}": ind.get("rule"),
                f"deduction_{i}": ind.get("deduction"),
            }
        )
    return initial


def _region(request) -> str:
    region = request.scope.region_code
    if not policy.can(request.user, "assessment_sheet.save", region=region):
        raise PermissionDenied("只有监督人员可以编辑考核评议指标表", code="auth.denied")
    return region


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or report_year(request.user))
    except ValueError:
        return report_year(request.user)


@staff_view(actions=("assessment_sheet.save",))
def assessment_sheet(request):
    region, year = _region(request), _year(request)
    saved, status = None, 200
    form = SheetForm(request.POST or None, initial=_initial(A.sheet_in_force(region, year)))
    if request.method == "POST":
        if form.is_valid():
            indicators, where = form.indicators()
            try:
                saved = A.assessment_sheet_save(
                    actor=request.user, region_code=region, year=year, indicators=indicators,
                    vetoes=form.cleaned_data["vetoes"], note=form.cleaned_data["note"],
                )  # fmt: skip
                form = SheetForm(initial=_initial(A.sheet_in_force(region, year)))
            except DomainError as exc:
                form.add_error(_field(exc, where), exc.message)
                status = 422
        else:
            status = 422
    sheet = A.sheet_in_force(region, year)
    scores = A.assess(region, year, sheet=sheet)
    versions = AssessmentSheet.objects.filter(region_id=region, year=year).select_related("created_by")
    return render(
        request,
        "web/assessment_sheet.html",
        {"form": form, "year": year, "saved": saved, "sheet": sheet, "scores": scores, "versions": versions},
        status=status,
    )


def _field(exc: DomainError, where: list[int]) -> str | None:
    """The form field of a refusal: ``indicators.<k>.<name>`` is the k-th ticked row's field."""
    parts = (getattr(exc, "field", "") or "").split(".")
    if len(parts) == 3 and parts[0] == "indicators" and parts[1].isdigit() and int(parts[1]) < len(where):
        name = {"metric": "use"}.get(parts[2], parts[2])
        return f"{name}_{where[int(parts[1])]}"
    if parts[0] == "vetoes":
        return "vetoes"
    return None
