"""The 54号 inspection request form (检查类别, 个案来源, 专项计划, 紧急) and the approval form."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhifa.enforcement.choices import CaseInspectionSource, InspectionClass, InspectionKind, InspectionMode, PartyKind
from zhifa.enforcement.models import InspectionPlan
from zhifa.org.models import Person
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power
from zhifa.powers.selectors import powers_held_by

from .forms import PersonChoice, PowerChoice


class InspectionRequestForm(forms.Form):
    started_at = forms.DateTimeField(
        label="检查时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    power = PowerChoice(label="行政检查事项", queryset=Power.objects.none())
    inspection_class = forms.ChoiceField(label="检查类别", choices=InspectionClass.choices, initial=InspectionClass.ROUTINE)
    case_source = forms.ChoiceField(
        label="个案来源", choices=[("", "—"), *CaseInspectionSource.choices], required=False, help_text="个案检查必填"
    )
    plan = forms.ModelChoiceField(
        label="专项检查计划", queryset=InspectionPlan.objects.none(), required=False, help_text="专项检查须有经批准的计划"
    )
    urgent = forms.BooleanField(label="情况紧急，需当场实施（事后补办审批）", required=False)
    mode = forms.ChoiceField(label="检查方式", choices=InspectionMode.choices, initial=InspectionMode.ON_SITE)
    officer_a = PersonChoice(label="执法人员一", queryset=Person.objects.none())
    officer_b = PersonChoice(label="执法人员二", queryset=Person.objects.none())
    party_kind = forms.ChoiceField(label="检查对象类型", choices=PartyKind.choices, initial=PartyKind.ORG)
    party_name = forms.CharField(label="检查对象名称", max_length=200)
    party_code = forms.CharField(label="统一社会信用代码/身份证号码", max_length=18)
    party_address = forms.CharField(label="地址", max_length=200, required=False)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        people = Person.objects.filter(unit_id=unit_id, status="active").order_by("id")
        self.fields["officer_a"].queryset = people
        self.fields["officer_b"].queryset = people
        self.fields["power"].queryset = (
            powers_held_by(unit_id, today).filter(category=PowerCategory.INSPECTION).order_by("code")
        )
        self.fields["plan"].queryset = InspectionPlan.objects.filter(unit_id=unit_id, year__gte=today.year - 1)
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))


class PlanForm(forms.Form):
    """检查计划: what the unit records before the head approves it."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=200)
    kind = forms.ChoiceField(label="计划类型", choices=InspectionKind.choices, initial=InspectionKind.SPECIAL)
    tasks_planned = forms.IntegerField(label="任务数", min_value=0, required=False)
    superior_deployed = forms.BooleanField(label="上级部署", required=False)


class PlanChoiceForm(forms.Form):
    plan = forms.ModelChoiceField(label="检查计划", queryset=InspectionPlan.objects.none())

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans if plans is not None else InspectionPlan.objects.none()


class PlanFilingForm(PlanChoiceForm):
    filed_on = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    published_on = forms.DateField(
        label="公布日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
