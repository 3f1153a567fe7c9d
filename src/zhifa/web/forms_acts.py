"""Forms for 行政强制 measures, 行政许可 and the disclosure queue. Shape only: the services judge the law,
and their violations come back at the field they name (``put_errors``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.enforcement.choices import CoerciveKind, ExecutionMethod, LicenceResult, LiftReason, PartyKind
from zhifa.org.models import Person
from zhifa.powers.choices import PowerCategory
from zhifa.powers.selectors import powers_held_by

from .forms import FIELD_ALIASES, PersonChoice, PowerChoice, apply_domain_error

ALIASES = {
    **FIELD_ALIASES,
    "power_id": "power",
    "unit_id": "power",
    "applicant": "party_name",
    "days": "extension_days",
}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def put_errors(form: forms.Form, exc: DomainError) -> None:
    """Each blocking violation at its field (the act forms' own field names)."""
    apply_domain_error(form, exc, ALIASES)


class _UnitForm(forms.Form):
    category = ""

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(unit_id=unit_id, status="active").order_by("id")
        for name in ("officer_a", "officer_b"):
            if name in self.fields:
                self.fields[name].queryset = people
        if "power" in self.fields:
            self.fields["power"].queryset = powers_held_by(
                unit_id, timezone.localdate(), categories=[self.category]
            ).order_by("code")


class PartyFields(forms.Form):
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices, initial=PartyKind.ORG)
    party_name = forms.CharField(label="当事人名称/姓名", max_length=200)
    party_code = forms.CharField(
        label="统一社会信用代码/身份证号码", max_length=18, help_text="单位填统一社会信用代码，个人填身份证号码"
    )


class MeasureForm(_UnitForm, PartyFields):
    """查封/扣押/冻结 (《行政强制法》第十八条、第二十四条、第二十五条)."""

    category = PowerCategory.COERCION
    kind = forms.ChoiceField(label="措施种类", choices=CoerciveKind.choices, initial=CoerciveKind.SEAL)
    power = PowerChoice(label="职权（行政强制）", queryset=None)
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    term_days = forms.IntegerField(label="期限（日）", min_value=0, initial=30, help_text="不得超过30日（第二十五条）")
    decision_no = forms.CharField(label="决定书文号", max_length=80)
    approved_by = forms.CharField(label="批准负责人", max_length=50, required=False, help_text="实施前须经负责人批准")
    reason = forms.CharField(label="理由和依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    items = forms.CharField(
        label="场所、设施或者财物（名称、数量）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    officer_a = PersonChoice(label="执法人员一", queryset=None)
    officer_b = PersonChoice(label="执法人员二", queryset=None, required=False)
    onsite_record = forms.BooleanField(label="已制作现场笔录", required=False)
    recording = forms.FileField(label="全程音像记录", required=False, help_text="查封、扣押应当全程音像记录")
    recording_device = forms.CharField(label="记录设备", max_length=100, initial="执法记录仪", required=False)
    testing_days = forms.IntegerField(label="检测检验检疫鉴定期间（日）", min_value=0, initial=0, required=False)
    testing_notified_on = forms.DateField(label="检测等期间书面告知日期", widget=DATE, required=False)
    field_order = ["kind", "power", "decided_on", "term_days", "decision_no", "approved_by", "party_kind", "party_name"]

    def clean_decided_on(self) -> dt.date:
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("决定日期不能晚于今天")
        return value


class MeasureExtendForm(forms.Form):
    extension_days = forms.IntegerField(label="延长天数", min_value=0, help_text="不得超过30日，只能延长一次")
    extension_approved_by = forms.CharField(label="批准负责人", max_length=50, required=False)
    extension_on = forms.DateField(label="延长决定日期", widget=DATE)
    extension_reason = forms.CharField(
        label="延长理由（书面告知当事人）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MeasureLiftForm(forms.Form):
    lifted_on = forms.DateField(label="解除日期", widget=DATE)
    lift_reason = forms.ChoiceField(label="解除情形（第二十八条）", choices=LiftReason.choices)
    lift_note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LicenceAcceptForm(_UnitForm, PartyFields):
    """受理行政许可申请 (《行政许可法》第三十二条)."""

    category = PowerCategory.LICENSE
    power = PowerChoice(label="许可事项（职权）", queryset=None)
    application_no = forms.CharField(label="受理编号", max_length=80)
    subject = forms.CharField(label="申请事项", max_length=200)
    accepted_on = forms.DateField(label="受理日期", widget=DATE)
    officer_a = PersonChoice(label="承办人", queryset=None)
    officer_b = PersonChoice(label="审核人", queryset=None, required=False)
    excluded_days = forms.IntegerField(label="不计入期限的工作日（第四十五条）", min_value=0, initial=0, required=False)
    excluded_reason = forms.CharField(label="不计入期限的事由", max_length=200, required=False)
    field_order = ["power", "application_no", "subject", "accepted_on", "party_kind", "party_name", "party_code"]


class LicenceExtendForm(forms.Form):
    extension_days = forms.IntegerField(
        label="延长工作日", min_value=0, help_text="经负责人批准可延长10日，只能延长一次"
    )
    extension_approved_by = forms.CharField(label="批准负责人", max_length=50, required=False)
    extension_on = forms.DateField(label="延长日期", widget=DATE)
    extension_reason = forms.CharField(
        label="延长理由（告知申请人）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LicenceDecideForm(forms.Form):
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    result = forms.ChoiceField(label="决定结果", choices=LicenceResult.choices)
    decision_no = forms.CharField(label="决定书文号", max_length=80)
    refusal_reason = forms.CharField(label="不予许可的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PublishForm(forms.Form):
    published_on = forms.DateField(label="公示日期", widget=DATE)


class WithdrawForm(forms.Form):
    changed_on = forms.DateField(label="决定变更或撤销日期", widget=DATE)
    withdrawn_on = forms.DateField(label="撤回日期", widget=DATE)
    reason = forms.CharField(label="撤回理由", max_length=300)


# ---- 强制执行 (《行政强制法》第三十五条至第三十七条、第四十三条) -------------------------------------------------
class ExecutionDemandForm(_UnitForm, PartyFields):
    """催告 (第三十五条): the written demand that opens a 强制执行, with the period the party has to perform."""

    category = PowerCategory.COERCION
    power = PowerChoice(label="职权（行政强制）", queryset=None)
    method = forms.ChoiceField(label="执行方式", choices=ExecutionMethod.choices, help_text="第十二条规定的方式")
    obligation = forms.CharField(
        label="所执行的行政决定及义务", widget=forms.Textarea(attrs={"rows": 2}), help_text="决定书文号及应履行的义务"
    )
    demand_on = forms.DateField(label="催告日期", widget=DATE)
    demand_due = forms.DateField(label="催告书载明的履行期限", widget=DATE)
    officer_a = PersonChoice(label="执法人员一", queryset=None)
    officer_b = PersonChoice(label="执法人员二", queryset=None, required=False)
    field_order = ["power", "method", "obligation", "party_kind", "party_name", "party_code", "demand_on", "demand_due"]


class ExecutionStatementForm(forms.Form):
    statement_on = forms.DateField(label="陈述申辩日期", widget=DATE, initial=timezone.localdate)
    statement_note = forms.CharField(
        label="陈述申辩及复核意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="当事人提出的事实、理由和证据及复核结果",
    )


class ExecutionDecideForm(forms.Form):
    decided_on = forms.DateField(label="决定日期", widget=DATE, initial=timezone.localdate)
    decision_no = forms.CharField(label="强制执行决定书文号", max_length=80)
    immediate = forms.BooleanField(label="立即强制执行（第三十七条第三款）", required=False)
    immediate_reason = forms.CharField(
        label="立即执行理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="当事人转移或者隐匿财物的证据",
    )


class ExecutionDoneForm(forms.Form):
    executed_on = forms.DateField(label="执行日期", widget=DATE, initial=timezone.localdate)
    recording = forms.FileField(label="执行过程音像记录", required=False)
    recording_device = forms.CharField(label="记录设备", max_length=100, initial="执法记录仪", required=False)
