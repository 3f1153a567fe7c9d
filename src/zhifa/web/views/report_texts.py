"""报告模板: a supervisor edits the region-year's report paragraphs with a live preview (htmx).

A paragraph may hold figure placeholders and metric placeholders ``{指标 参数=值 …}`` (docs/report-templates.md);
the preview fills them for the region-year, and an unknown metric, parameter or value is shown at the text
field, naming it. Saving goes through ``reports.texts.report_text_set`` (checked again, audited, versioned).
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape

from zhifa.core import policy
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.reports import texts as T
from zhifa.reports.models import ReportText, ReportTextVersion

from ..decorators import staff_view
from ..forms import apply_domain_error
from .dashboard import report_year


class TextForm(forms.Form):
    key = forms.CharField(label="段落", max_length=40, help_text="已有段落名，或新段落（如 s4_5、s5_4）")
    text = forms.CharField(label="文字（可含占位符）", widget=forms.Textarea(attrs={"rows": 5}))


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or report_year(request.user))
    except ValueError:
        return report_year(request.user)


def _region(request) -> str:
    region = request.scope.region_code
    if not policy.can(request.user, "report_text.set", region=region):
        raise PermissionDenied("只有监督人员可以编辑报告模板", code="auth.denied")
    return region


@staff_view(actions=("report_text.set",))
def report_texts(request):
    region, year = _region(request), _year(request)
    form = TextForm(request.POST or None, initial={"key": request.GET.get("key", "")})
    saved = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = T.report_text_set(
                actor=request.user, region_code=region, year=year, key=form.cleaned_data["key"], text=form.cleaned_data["text"]
            )  # fmt: skip
            form = TextForm(initial={"key": ""})
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = 422
    elif request.method == "POST":
        status = 422
    texts = T.texts_for(region, year)
    own = {r.key: r for r in ReportText.objects.filter(region_id=region, year=year, report="annual")}
    versions = {}
    for key in ReportTextVersion.objects.filter(region_id=region, year=year).values_list("key", flat=True):
        versions[key] = versions.get(key, 0) + 1
    rows = [(k, texts[k], k in own, versions.get(k, 0)) for k in T.ordered_keys(texts)]
    return render(
        request,
        "web/report_texts.html",
        {"form": form, "rows": rows, "year": year, "saved": saved, "metrics_doc": T.PLACEHOLDERS},
        status=status,
    )


@staff_view
def report_text_preview(request):
    """The block as the report would print it (a paragraph or a table), or its errors (htmx partial)."""
    from zhifa.reports.document import Table, block_preview

    region, year = _region(request), _year(request)
    key, text = request.POST.get("key", "").strip(), request.POST.get("text", "")
    try:
        block = block_preview(region, year, key, text)
    except DomainError as exc:
        items = "".join(f"<li>{escape(p)}</li>" for p in exc.message.split("；"))
        return HttpResponse(f'<ul class="errorlist" id="preview-errors">{items}</ul>')
    if block is None:
        return HttpResponse('<p id="preview-empty" class="muted">各项数字均为0：报告中略去这一部分。</p>')
    if isinstance(block, Table):
        return render(request, "web/partials/report_table_preview.html", {"table": block})
    return HttpResponse(f'<p id="preview-text">{escape(block.text)}</p>')


@staff_view
def report_annual_html(request):
    """The annual report of the region-year as HTML (the same document the DOCX is written from)."""
    from zhifa.reports.document import annual_document
    from zhifa.reports.render import to_html

    region, year = _region(request), _year(request)
    return HttpResponse(to_html(annual_document(region, year)))
