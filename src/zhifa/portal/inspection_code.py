"""扫码入企 (国办发〔2024〕54号; 司法部 Q&A 2025-04-18): the page an inspection's code opens. No login.

GET shows the inspection as ``enforcement.inspection_public`` presents it; POST takes the enterprise's rating
and, if written, a complaint that enters the 司法局's clue queue (rate-limited like the clue form)."""

from __future__ import annotations

from django import forms
from django.shortcuts import render

from zhifa.core.errors import DomainError, NotFound
from zhifa.enforcement.inspection_public import public_view
from zhifa.enforcement.services_inspection import inspection_by_token, inspection_rate

from . import clues


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label="评价", coerce=int, choices=[(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意")]
    )
    comment = forms.CharField(label="意见建议（选填）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    complaint = forms.CharField(
        label="投诉（选填，提交后进入区司法局线索受理）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def inspection_code(request, token: str):
    try:
        insp = inspection_by_token(token)
    except NotFound as exc:
        return render(request, "portal/inspection_code.html", {"error": exc.message}, status=404)
    view = public_view(insp)
    done = None
    form = RatingForm()
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST)
        limited = clues.over_limit(request)
        if limited:
            form.is_valid()
            form.add_error(None, limited)
            status = 429
        elif form.is_valid():
            try:
                rating = inspection_rate(token=token, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 422
            else:
                from zhifa.supervision.clue_status import clue_reference

                done = {"clue_ref": clue_reference(rating.clue) if rating.clue else ""}
        else:
            status = 422
    return render(request, "portal/inspection_code.html", {"v": view, "form": form, "done": done}, status=status)
