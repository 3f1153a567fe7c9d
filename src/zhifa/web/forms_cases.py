"""Forms of the penalty-case pages: 立案, 简易程序 当场处罚, and the records of a case (证据, 音像记录, 听证, 延期).

Shape only (required, types, choices of the user's own unit); every legal rule is the service's, and its
violations come back at the field they name (``forms_acts.put_errors``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from zhifa.enforcement.choices import EvidenceKind, PartyKind, PenaltyKind
from zhifa.org.models import Person
from zhifa.powers.choices import DiscretionTier, PowerCategory
from zhifa.powers.selectors import powers_held_by

from .forms import PersonChoice, PowerChoice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _unit_people(unit_id):
    return Person.objects.filter(unit_id=unit_id, status="active").order_by("id")


class _CaseBase(forms.Form):
    """Power (a 行政处罚 power the unit holds), party, officers: the user's own unit only."""

    power = PowerChoice(label="职权（行政处罚）", queryset=None)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices, initial=PartyKind.PERSON)
    party_name = forms.CharField(label="当事人名称/姓名", max_length=200)
    party_code = forms.CharField(
        label="身份证号码/统一社会信用代码",
        max_length=18,
        help_text="个人填身份证号码（据此计算年龄），单位填统一社会信用代码",
    )
    violation = forms.CharField(label="违法行为", max_length=200)
    act_date = forms.DateField(label="违法行为发生日期", widget=DATE)
    officer_a = PersonChoice(label="执法人员一", queryset=None)
    officer_b = PersonChoice(label="执法人员二", queryset=None, required=False)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer_a"].queryset = _unit_people(unit_id)
        self.fields["officer_b"].queryset = _unit_people(unit_id)
        self.fields["power"].queryset = powers_held_by(
            unit_id, timezone.localdate(), categories=[PowerCategory.PENALTY]
        ).order_by("code")

    def clean_act_date(self) -> dt.date:
        value = self.cleaned_data["act_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("违法行为发生日期不能晚于今天")
        return value


class CaseOpenForm(_CaseBase):
    """普通程序: 立案 (or a 线索 to file later) from an inspection, a clue, or directly (第五十四条)."""

    field_order = ["case_no", "power", "party_kind", "party_name", "party_code", "violation", "act_date"]
    case_no = forms.CharField(label="案号", max_length=60)
    discovered_at = forms.DateTimeField(label="发现时间", widget=DATETIME)
    file_on = forms.DateField(
        label="立案日期", widget=DATE, required=False, help_text="留空则先登记为线索，核查后再立案"
    )
    is_major = forms.BooleanField(label="重大执法决定（须法制审核、集体讨论）", required=False)
    harms_life_or_finance = forms.BooleanField(
        label="涉及公民生命健康安全、金融安全且有危害后果（追责期限五年，第三十六条）", required=False
    )
    inspection = forms.IntegerField(widget=forms.HiddenInput, required=False)
    clue = forms.IntegerField(widget=forms.HiddenInput, required=False)


ONSPOT_KINDS = [(PenaltyKind.WARNING, PenaltyKind.WARNING.label), (PenaltyKind.FINE, PenaltyKind.FINE.label)]


class OnspotForm(_CaseBase):
    """简易程序 当场处罚 (第五十一条、第五十二条): one screen on a phone."""

    field_order = ["decision_no", "party_kind", "party_name", "party_code", "power", "violation", "act_date"]
    decision_no = forms.CharField(label="当场处罚决定书编号", max_length=80, help_text="预定格式、编有号码的决定书")
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", choices=ONSPOT_KINDS, widget=forms.CheckboxSelectMultiple, initial=[PenaltyKind.FINE]
    )
    fine_amount = forms.DecimalField(
        label="罚款金额（元）",
        min_value=0,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        help_text="公民200元以下、法人或者其他组织3000元以下（第五十一条）",
    )
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    discretion_tier = forms.ChoiceField(
        label="裁量阶次", choices=[("", "（未选择）"), *DiscretionTier.choices], required=False
    )
    discretion_reason = forms.CharField(label="裁量说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_decided_on(self) -> dt.date:
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("决定日期不能晚于今天")
        return value


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="证据种类（第四十六条）", choices=EvidenceKind.choices)
    title = forms.CharField(label="证据名称", max_length=200)
    collected_on = forms.DateField(label="取证日期", widget=DATE)
    collected_by = PersonChoice(label="取证人", queryset=None)
    file = forms.FileField(label="证据文件", required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_by"].queryset = _unit_people(case.unit_id)


class RecordingForm(forms.Form):
    file = forms.FileField(label="音像记录文件")
    device_name = forms.CharField(label="记录设备", max_length=100, initial="执法记录仪")
    recorded_at = forms.DateTimeField(label="记录时间", widget=DATETIME)
    officer = PersonChoice(label="记录人", queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _unit_people(case.unit_id)


class HearingForm(forms.Form):
    """听证 (第六十三条、第六十四条): the request, then the notice, then the hearing held."""

    requested_on = forms.DateField(label="申请听证日期", widget=DATE)
    notice_on = forms.DateField(label="听证通知送达日期", widget=DATE, required=False)
    held_on = forms.DateField(label="举行听证日期", widget=DATE, required=False)
    host = forms.CharField(label="主持人", max_length=50, required=False, help_text="由非本案调查人员主持")
    conclusion = forms.CharField(label="听证意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtendForm(forms.Form):
    """延长办案期限 (第六十条): by approval of the agency's head."""

    extension_days = forms.IntegerField(label="延长天数", min_value=1)
    extension_approved_by = forms.CharField(label="批准人", max_length=100, required=False)
    extension_on = forms.DateField(label="批准日期", widget=DATE)
