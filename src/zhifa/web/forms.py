"""Staff forms. They check only shape (required, types); every legal rule is the service's, and its
DomainError / RuleBlocked is put back at the field it names (``Violation.field``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from zhifa.core.errors import DomainError, RuleBlocked
from zhifa.enforcement.choices import InspectionKind, InspectionMode, PartyKind
from zhifa.org.models import Person
from zhifa.powers.models import Power
from zhifa.powers.selectors import powers_held_by

# Service field names that differ from the form's.
FIELD_ALIASES = {
    "party": "party_name",
    "party_id_number": "party_code",
    "party_uscc": "party_code",
    "id_number": "party_code",
    "uscc": "party_code",
    "officers": "officer_b",
    "officer": "officer_a",
    "started_on": "started_at",
    "occurred_at": "started_at",
}


def apply_domain_error(form: forms.Form, exc: DomainError, aliases: dict | None = None) -> None:
    """Show each blocking violation at its field; anything without a field of this form goes above the form."""
    aliases = FIELD_ALIASES if aliases is None else aliases
    items = exc.violations if isinstance(exc, RuleBlocked) else [exc]
    for item in items:
        name = getattr(item, "field", "") or ""
        name = aliases.get(name, name)
        if getattr(item, "severity", "error") != "error":
            continue
        form.add_error(name if name in form.fields else None, str(item))


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PowerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class InspectionForm(forms.Form):
    started_at = forms.DateTimeField(
        label="检查时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    power = PowerChoice(label="检查事项（职权）", queryset=Power.objects.none())
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices, initial=InspectionKind.ROUTINE)
    mode = forms.ChoiceField(label="检查方式", choices=InspectionMode.choices, initial=InspectionMode.ON_SITE)
    officer_a = PersonChoice(label="执法人员一", queryset=Person.objects.none())
    officer_b = PersonChoice(label="执法人员二", queryset=Person.objects.none(), required=False)
    party_kind = forms.ChoiceField(label="检查对象类型", choices=PartyKind.choices, initial=PartyKind.ORG)
    party_name = forms.CharField(label="检查对象名称/姓名", max_length=200)
    party_code = forms.CharField(
        label="统一社会信用代码/身份证号码", max_length=18, help_text="单位填统一社会信用代码，个人填身份证号码"
    )
    party_address = forms.CharField(label="地址", max_length=200, required=False)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea, required=False)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Choices are the user's own unit only: a posted id of another unit's officer or power is
        # "not one of the available choices" before any service runs.
        self.fields["officer_a"].queryset = Person.objects.filter(unit_id=unit_id, status="active").order_by("id")
        self.fields["officer_b"].queryset = Person.objects.filter(unit_id=unit_id, status="active").order_by("id")
        self.fields["power"].queryset = powers_held_by(unit_id, today).order_by("code")
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_started_at(self) -> dt.datetime:
        value = self.cleaned_data["started_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("检查时间不能晚于当前时间")
        return value
