"""The 司法局's 2025–2026 law pages: frequency caps and local settings (each with its source document), and the
条例's instruments to units (通知书/意见书/决定书, 约谈, 通报) with the unit's answer and the follow-up.
Writes through supervision.services_law; reads through ``visible``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from zhifa.core import policy
from zhifa.core.access import person_of, units_visible_to, visible
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.supervision import services_law as S
from zhifa.supervision.models_law import InspectionCap, InstrumentKind, LawSetting, SupervisionInstrument

from ..decorators import staff_view


def _region(request) -> str:
    person = person_of(request.user)
    if person is None:
        raise PermissionDenied("账号未关联人员，无法确定行政区划", code="auth.no_person")
    return person.unit.region_id


class CapForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2025, max_value=2100)
    unit = forms.ModelChoiceField(label="主管部门", queryset=None, required=False)
    domain = forms.CharField(label="或：执法领域", max_length=30, required=False)
    max_per_year = forms.IntegerField(label="年度上限（次）", min_value=1, max_value=365)
    counts_routine = forms.BooleanField(label="计日常检查", required=False, initial=True)
    counts_case = forms.BooleanField(label="计个案检查", required=False, initial=True)
    counts_special = forms.BooleanField(label="计专项检查", required=False, initial=True)
    excludes_superior = forms.BooleanField(label="上级部署的专项检查不计", required=False, initial=True)
    on_site_only = forms.BooleanField(label="仅计现场检查", required=False)
    source_document = forms.CharField(label="依据文件", max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(is_enforcement_body=True).order_by("id")


class SettingForm(forms.Form):
    key = forms.ChoiceField(label="设置项", choices=LawSetting.Key.choices)
    value = forms.IntegerField(label="数值", min_value=1)
    source_document = forms.CharField(label="依据文件", max_length=200)


@staff_view(actions=("inspection_cap.set", "law_setting.set"))
def law_settings(request):
    region = _region(request)
    policy.authorize(request.user, "inspection_cap.set", region=region, conditions=False)
    cap_form = CapForm(request.POST if request.POST.get("form") == "cap" else None, user=request.user)
    setting_form = SettingForm(request.POST if request.POST.get("form") == "setting" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "cap" and cap_form.is_valid():
                S.inspection_cap_set(actor=request.user, region_code=region, **cap_form.cleaned_data)
                messages.success(request, "检查频次上限已保存")
                return redirect("web:law_settings")
            if request.POST.get("form") == "setting" and setting_form.is_valid():
                S.law_setting_set(actor=request.user, region_code=region, **setting_form.cleaned_data)
                messages.success(request, "设置已保存")
                return redirect("web:law_settings")
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    ctx = {
        "caps": InspectionCap.objects.filter(region_id=region).select_related("unit").order_by("-year", "id"),
        "settings": LawSetting.objects.filter(region_id=region).order_by("key"),
        "missing": [label for key, label in LawSetting.Key.choices if not LawSetting.objects.filter(region_id=region, key=key).exists()],
        "cap_form": cap_form,
        "setting_form": setting_form,
    }
    return render(request, "web/law_settings.html", ctx)


class InstrumentForm(forms.Form):
    unit = forms.ModelChoiceField(label="被监督单位", queryset=None)
    kind = forms.ChoiceField(label="类型", choices=InstrumentKind.choices)
    number = forms.CharField(label="文号", max_length=60)
    subject = forms.CharField(label="监督事项", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(is_enforcement_body=True).order_by("id")


@staff_view(actions=("instrument.issue", "instrument.answer", "instrument.follow_up"))
def instruments(request):
    form = InstrumentForm(request.POST if request.POST.get("form") == "issue" else None, user=request.user)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "issue":
                policy.authorize(request.user, "instrument.issue", region=_region(request), conditions=False)
                if form.is_valid():
                    S.instrument_issue(actor=request.user, **form.cleaned_data)
                    messages.success(request, "监督文书已制发")
                    return redirect("web:instruments")
            else:
                inst = get_object_or_404(visible(SupervisionInstrument.objects.all(), request.user), pk=request.POST.get("pk"))
                if request.POST.get("form") == "answer":
                    S.instrument_answer(actor=request.user, instrument=inst, answer=request.POST.get("text", ""))
                    messages.success(request, "答复已提交")
                elif request.POST.get("form") == "follow_up":
                    S.instrument_follow_up(actor=request.user, instrument=inst, follow_up=request.POST.get("text", ""))
                    messages.success(request, "跟踪情况已记录")
                return redirect("web:instruments")
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    rows = visible(SupervisionInstrument.objects.select_related("unit"), request.user).order_by("-issued_on", "-id")
    ctx = {
        "rows": rows,
        "form": form,
        "may_issue": policy.can(request.user, "instrument.issue", conditions=False),
        "may_follow": policy.can(request.user, "instrument.follow_up", conditions=False),
    }
    return render(request, "web/instruments.html", ctx)


@staff_view(actions=("exemption.assess",))
def case_exemption(request, pk: int):
    from zhifa.enforcement.models import PenaltyCase
    from zhifa.supervision.exemptions import exemption_assess
    from zhifa.supervision.models_law import ExemptionItem

    case = get_object_or_404(visible(PenaltyCase.objects.select_related("power", "unit"), request.user), pk=pk)
    if request.method == "POST":
        item = ExemptionItem.objects.filter(pk=request.POST.get("item"), region_id=case.region_id).first()
        try:
            if item is None:
                policy.authorize(request.user, "exemption.assess", unit=case.unit, conditions=False)
                raise DomainError("请选择清单事项", code="exemption.item", field="item")
            exemption_assess(
                actor=request.user, case=case, item=item, conditions_met=request.POST.get("conditions_met") == "1",
                note=request.POST.get("note", ""),
            )
            messages.success(request, "已记录免罚清单适用情况")
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("web:case_detail", pk=case.pk)


class ExemptionUploadForm(forms.Form):
    file = forms.FileField(label="免罚清单（.xlsx 或 .csv）")
    source_document = forms.CharField(label="依据文件", max_length=200)


@staff_view(actions=("exemption_list.load",))
def exemption_list(request):
    from zhifa.supervision.exemptions import exemption_list_load
    from zhifa.supervision.models_law import ExemptionItem

    region = _region(request)
    policy.authorize(request.user, "exemption_list.load", region=region, conditions=False)
    form = ExemptionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            n = exemption_list_load(
                actor=request.user, region_code=region, data=f.read(), filename=f.name,
                source_document=form.cleaned_data["source_document"],
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已导入{n}项")
            return redirect("web:exemption_list")
    items = ExemptionItem.objects.filter(region_id=region).order_by("source_document", "kind", "id")
    return render(request, "web/exemption_list.html", {"form": form, "items": items})
