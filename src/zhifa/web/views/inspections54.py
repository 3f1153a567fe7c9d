"""涉企行政检查 under 54号 in the workspace: request (officer), approval with the cap warning (the head),
the 行政检查审批表 / 通知书 (with the 扫码入企 code) / 现场检查笔录 as DOCX. Writes go through
enforcement.services_inspection; reads through zhifa.core.access.visible."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from zhifa.core import policy
from zhifa.core.access import person_of, visible
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.enforcement import documents_inspection as docs
from zhifa.enforcement import services as enforcement
from zhifa.enforcement.models import Inspection, InspectionCode
from zhifa.enforcement.services_inspection import inspection_approve, inspection_cap_check, inspection_request
from zhifa.org.models import Unit

from ..decorators import staff_view
from ..forms import apply_domain_error
from ..forms_inspection import InspectionRequestForm


@staff_view(actions=("inspection.record",))
def inspection_request_new(request):
    person = person_of(request.user)
    unit_id = person.unit_id if person is not None else None
    policy.authorize(request.user, "inspection.record", unit=unit_id, conditions=False)
    form = InspectionRequestForm(request.POST or None, unit_id=unit_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = Unit.objects.get(pk=unit_id)
        try:
            with transaction.atomic():
                party = enforcement.party_find_or_register(
                    actor=request.user, region=unit.region, kind=d["party_kind"], code=d["party_code"],
                    name=d["party_name"], address=d.get("party_address", ""),
                )
                insp = inspection_request(
                    actor=request.user, unit=unit, power=d["power"], party=party, started_at=d["started_at"],
                    officers=[d["officer_a"], d["officer_b"]], inspection_class=d["inspection_class"],
                    case_source=d.get("case_source", ""), plan=d.get("plan"), urgent=d.get("urgent", False),
                    mode=d["mode"],
                )
        except PermissionDenied:
            raise
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "行政检查已提交审批" if insp.approved_at is None else "行政检查已登记")
            return redirect("web:inspection_detail", pk=insp.pk)
    return render(
        request, "web/inspection_request_form.html", {"form": form}, status=422 if form.errors else 200
    )


def _visible(request, pk: int) -> Inspection:
    return get_object_or_404(
        visible(Inspection.objects.select_related("unit", "power", "party", "officer_a", "officer_b"), request.user),
        pk=pk,
    )


@staff_view(actions=("inspection.approve",))
def inspection_approval(request, pk: int):
    """The approval screen: the request, and the cap warning before the head approves."""
    insp = _visible(request, pk)
    policy.authorize(request.user, "inspection.approve", unit=insp.unit, conditions=False)
    if request.method == "POST":
        try:
            insp, warnings = inspection_approve(actor=request.user, inspection=insp)
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            for w in warnings:
                messages.warning(request, f"{w.message}（{w.citation}）")
            messages.success(request, "已批准，检查码已生成")
            return redirect("web:inspection_detail", pk=insp.pk)
    return render(request, "web/inspection_approval.html", {"i": insp, "warnings": inspection_cap_check(insp)})


def code_url(request, insp: Inspection) -> str:
    code = InspectionCode.objects.filter(inspection=insp).first()
    if code is None:
        return ""
    return request.build_absolute_uri(reverse("portal:inspection_code", args=[code.token]))


DOCS = {
    "approval": ("行政检查审批表", lambda r, i: docs.approval_form_docx(i)),
    "notice": ("行政检查通知书", lambda r, i: docs.notice_docx(i, code_url(r, i))),
    "record": ("现场检查笔录", lambda r, i: docs.site_record_docx(i)),
}


@staff_view
def inspection_document(request, pk: int, kind: str):
    insp = _visible(request, pk)
    if kind not in DOCS:
        raise Http404("文书类型无效")
    title, make = DOCS[kind]
    if kind == "notice" and not code_url(request, insp):
        messages.error(request, "行政检查通知书须在审批后出具（审批后生成检查码）")
        return redirect("web:inspection_detail", pk=insp.pk)
    resp = HttpResponse(
        make(request, insp), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{title}-{insp.pk}.docx')}"
    return resp
