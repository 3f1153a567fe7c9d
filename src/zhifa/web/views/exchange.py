"""数据导入: a unit admin uploads exchange files (the same CSV/XLSX/JSONL as ``zhifa exchange load``)."""

from __future__ import annotations

from django import forms
from django.shortcuts import render

from zhifa.core import policy
from zhifa.core.errors import InvalidInput
from zhifa.exchange.services import exchange_load_uploads
from zhifa.exchange.spec import TYPES

from ..decorators import staff_view


class UploadForm(forms.Form):
    record_type = forms.ChoiceField(
        label="记录类型", required=False, choices=[("", "按文件名判断")] + [(t.name, t.name) for t in TYPES]
    )
    ignore_extra = forms.BooleanField(label="忽略未知的列", required=False)


@staff_view(actions=("exchange.load",))
def exchange_upload(request):
    policy.authorize(request.user, "exchange.load", region=request.scope.region_code, unit=request.scope.unit_id)
    result = None
    error = ""
    form = UploadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uploads = request.FILES.getlist("files")
        if not uploads:
            error = "请选择要导入的文件"
        else:
            try:
                result = exchange_load_uploads(
                    actor=request.user,
                    uploads=[(f.name, f) for f in uploads],
                    record_type=form.cleaned_data["record_type"] or None,
                    ignore_extra=form.cleaned_data["ignore_extra"],
                )
            except InvalidInput as e:  # a file that cannot be read at all (its name, type or encoding): none loaded
                error = e.message
    return render(
        request,
        "web/exchange.html",
        {"form": form, "result": result, "error": error, "types": TYPES, "totals": result.totals() if result else {}},
    )
