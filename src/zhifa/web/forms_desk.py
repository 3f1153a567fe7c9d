"""Forms of the workspace desks. Shape only (required, types, choices in the user's scope); the rules are the
services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from zhifa.org.choices import RevocationReason, TrainingKind
from zhifa.org.models import Exam, Person, Unit
from zhifa.powers.choices import DelegationKind, FilingKind, PowerCategory, RequestKind
from zhifa.powers.models import Power
from zhifa.supervision import policy as sp

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kw):
    return forms.DateField(label=label, widget=DATE, initial=timezone.localdate, **kw)


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if isinstance(obj, Person):
            return f"{obj.name}（{obj.get_staffing_type_display()}）"
        if isinstance(obj, Power):
            return f"{obj.code} {obj.name}"
        return str(obj)


YES_NO_KEEP = [("", "不调整"), ("1", "是"), ("0", "否")]


# ---- certificates ----------------------------------------------------------------------------------
class ApplyForm(forms.Form):
    person = NamedChoice(label="申领人", queryset=Person.objects.none())
    applied_on = _date("申请日期")

    def __init__(self, *a, unit_id=None, **kw):
        super().__init__(*a, **kw)
        self.fields["person"].queryset = Person.objects.filter(unit_id=unit_id, status="active").order_by("id")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审核结论", choices=[("approve", "通过，安排考试"), ("return", "退回")])
    note = forms.CharField(label="审核意见/退回理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    decided_on = _date("审核日期")


class ExamForm(forms.Form):
    name = forms.CharField(label="考试名称", max_length=100)
    held_on = _date("考试日期")
    pass_score = forms.IntegerField(label="合格分数", initial=60, min_value=1, max_value=100)


class ResultForm(forms.Form):
    exam = forms.ModelChoiceField(label="考试场次", queryset=Exam.objects.none(), empty_label=None)
    score = forms.IntegerField(label="成绩", min_value=0, max_value=100)
    issued_on = forms.DateField(label="发证日期", widget=DATE, required=False, help_text="合格时发证；不填为考试日期")

    def __init__(self, *a, region_code=None, **kw):
        super().__init__(*a, **kw)
        self.fields["exam"].queryset = Exam.objects.filter(region_id=region_code).order_by("-held_on")


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label="注销原因",
        choices=[(k, v) for k, v in RevocationReason.choices if k not in (RevocationReason.RENEWED,)],
    )
    on = _date("注销日期")


class LeaveForm(forms.Form):
    how = forms.ChoiceField(label="事由", choices=[("retire", "退休"), ("transfer", "调离执法岗位")])
    on = _date("日期")


class RenewForm(forms.Form):
    on = _date("换证日期")


# ---- 权责清单 adjustments --------------------------------------------------------------------------
class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label="调整类型", choices=RequestKind.choices)
    power = NamedChoice(label="职权（调整/取消/下放）", queryset=Power.objects.none(), required=False)
    code = forms.CharField(label="职权编码（新增）", max_length=40, required=False)
    name = forms.CharField(label="职权名称", max_length=300, required=False, help_text="新增必填；调整时不填为不变")
    category = forms.ChoiceField(
        label="职权类别", choices=[("", "不调整")] + list(PowerCategory.choices), required=False
    )
    power_legal_basis = forms.CharField(
        label="实施依据（条文）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="新增必填；调整时不填为不变",
    )
    requires_legal_review = forms.ChoiceField(label="重大执法决定须法制审核", choices=YES_NO_KEEP, required=False)
    requires_recording = forms.ChoiceField(label="须全程音像记录", choices=YES_NO_KEEP, required=False)
    to_unit = forms.ModelChoiceField(label="承接街道（下放）", queryset=Unit.objects.none(), required=False)
    delegation_kind = forms.ChoiceField(
        label="下放方式", choices=[("", "—")] + list(DelegationKind.choices), required=False
    )
    legal_basis = forms.CharField(label="调整依据", widget=forms.Textarea(attrs={"rows": 2}))
    document_no = forms.CharField(label="文件文号", max_length=100)
    effective_on = _date("生效日期")

    def __init__(self, *a, unit=None, **kw):
        super().__init__(*a, **kw)
        self.fields["power"].queryset = Power.objects.filter(owner=unit, effective_to__isnull=True).order_by("code")
        self.fields["to_unit"].queryset = (
            Unit.objects.filter(region_id=unit.region_id).exclude(pk=unit.pk).order_by("id")
        )

    def fields_dict(self) -> dict:
        d = self.cleaned_data
        out = {}
        if d.get("name"):
            out["name"] = d["name"]
        if d.get("category"):
            out["category"] = d["category"]
        if d.get("power_legal_basis"):
            out["legal_basis"] = d["power_legal_basis"]
        for k in ("requires_legal_review", "requires_recording"):
            if d.get(k) in ("0", "1"):
                out[k] = d[k] == "1"
        return out


# ---- 案卷评查 ---------------------------------------------------------------------------------------
class SampleForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.ChoiceField(label="季度", choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)])
    size = forms.IntegerField(label="抽取数量", min_value=1, max_value=1000)
    seed = forms.CharField(label="随机种子", max_length=40, help_text="同一种子、同一季度抽取结果相同，可复核")


class AssignForm(forms.Form):
    reviews = forms.ModelMultipleChoiceField(label="案卷", queryset=None, widget=forms.CheckboxSelectMultiple)
    reviewer = forms.ModelChoiceField(label="评查人员", queryset=None)
    assigned_on = _date("分配日期")

    def __init__(self, *a, reviews=None, reviewers=None, **kw):
        super().__init__(*a, **kw)
        self.fields["reviews"].queryset = reviews
        self.fields["reviews"].label_from_instance = lambda r: f"{r.case.case_no}（{r.unit.name}）"
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: getattr(getattr(u, "person", None), "name", u.username)


class ScoreForm(forms.Form):
    vetoes = forms.MultipleChoiceField(
        label="否决项（任一项即不合格）",
        choices=[(k, f"{k}：{v}") for k, v in sp.REVIEW_VETO_ITEMS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    typical_bad = forms.BooleanField(label="列为典型差案", required=False)
    comments = forms.CharField(label="评查意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reviewed_on = _date("评查日期")

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        for i, (item, maxp) in enumerate(sp.REVIEW_ITEMS.items()):
            self.fields[f"d{i}"] = forms.DecimalField(
                label=f"{item}扣分（满分{maxp}）", min_value=0, max_value=maxp, initial=0, decimal_places=1
            )
            self.fields[f"r{i}"] = forms.CharField(label=f"{item}扣分理由", required=False, max_length=200)

    @property
    def grid(self) -> list[tuple[str, int, object, object]]:
        """The score sheet as rows (item, full points, deduction field, reason field): shown as one table."""
        return [(item, maxp, self[f"d{i}"], self[f"r{i}"]) for i, (item, maxp) in enumerate(sp.REVIEW_ITEMS.items())]

    @property
    def grid_names(self) -> set[str]:
        return {f"{p}{i}" for i in range(len(sp.REVIEW_ITEMS)) for p in "dr"}

    def sheet(self) -> tuple[dict, dict]:
        """(scores per item = full points − deduction, deduction notes per item)."""
        d = self.cleaned_data
        scores, notes = {}, {}
        for i, (item, maxp) in enumerate(sp.REVIEW_ITEMS.items()):
            ded = d.get(f"d{i}") or 0
            scores[item] = maxp - ded
            if ded:
                notes[item] = f"扣{ded}分：{d.get(f'r{i}') or '未写明理由'}"
        return scores, notes


# ---- 监督检查 and 整改 -------------------------------------------------------------------------------
class OversightForm(forms.Form):
    unit = forms.ModelChoiceField(label="被检查单位", queryset=Unit.objects.none())
    inspected_on = _date("检查日期")
    inspectors = forms.CharField(label="检查人员", max_length=200)
    scope = forms.CharField(label="检查内容", widget=forms.Textarea(attrs={"rows": 2}))
    files_drawn = forms.CharField(
        label="抽查案卷（案号，每行一个）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    equipment = forms.CharField(label="执法装备情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    recording_management = forms.CharField(
        label="音像记录管理情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    findings = forms.CharField(label="发现问题", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *a, units=None, **kw):
        super().__init__(*a, **kw)
        self.fields["unit"].queryset = units


class RectifyForm(forms.Form):
    unit = forms.ModelChoiceField(label="整改单位", queryset=Unit.objects.none())
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    working_days = forms.IntegerField(
        label="整改期限（工作日）",
        min_value=1,
        max_value=120,
        initial=sp.RECTIFICATION_WORKING_DAYS,
        help_text="期限按节假日安排逐日计算工作日",
    )
    issued_on = _date("下发日期")

    def __init__(self, *a, units=None, **kw):
        super().__init__(*a, **kw)
        self.fields["unit"].queryset = units


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    def __init__(self, *a, **kw):
        kw.setdefault("widget", MultiFileInput())
        super().__init__(*a, **kw)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RespondForm(forms.Form):
    response = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultiFileField(label="附件", required=False)
    responded_on = _date("反馈日期")


class VerifyForm(forms.Form):
    accepted = forms.ChoiceField(label="核验结论", choices=[("1", "整改到位，核验通过"), ("0", "未整改到位，退回")])
    note = forms.CharField(label="核验意见", widget=forms.Textarea(attrs={"rows": 2}))
    verified_on = _date("核验日期")


# ---- clues, interference, filings, training ------------------------------------------------------
class ClueAssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())
    assigned_on = _date("交办日期")

    def __init__(self, *a, units=None, **kw):
        super().__init__(*a, **kw)
        self.fields["unit"].queryset = units


class ClueRespondForm(forms.Form):
    response = forms.CharField(label="办理答复", widget=forms.Textarea(attrs={"rows": 3}))
    responded_on = _date("答复日期")
    case_no = forms.CharField(label="立案案号", max_length=60, required=False, help_text="已据此线索立案的，填写本单位案号")


class AssistanceForm(forms.Form):
    party_uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    assisting_authority = forms.CharField(label="协助机关", max_length=100)
    assisting_region_code = forms.CharField(label="协助机关行政区划代码", max_length=6, help_text="6位，GB/T 2260")
    letter_no = forms.CharField(label="协助函文号", max_length=80)
    matter = forms.CharField(label="协助事项", widget=forms.Textarea(attrs={"rows": 2}))
    requested_on = _date("发函日期")
    covers_until = forms.DateField(label="协助期限至", widget=DATE)
    reply = forms.CharField(label="协助机关复函", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ClueVerifyForm(forms.Form):
    from zhifa.supervision.choices import ClueOutcome

    outcome = forms.ChoiceField(label="查证结果", choices=ClueOutcome.choices)
    verified_on = _date("查证日期")
    note = forms.CharField(label="查证情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ClueReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}), help_text="写明不属于本单位职责的依据")
    returned_on = _date("退回日期")


class InterferenceForm(forms.Form):
    from zhifa.enforcement.choices import InterfererRole

    interferer_name = forms.CharField(label="干预人", max_length=50)
    interferer_role = forms.ChoiceField(label="干预人身份", choices=InterfererRole.choices)
    case_no = forms.CharField(label="涉及案件（案号）", max_length=60, required=False)
    method = forms.CharField(label="干预方式", widget=forms.Textarea(attrs={"rows": 2}))
    occurred_on = _date("发生日期")
    recorded_on = _date("记录日期")


class NoticeForm(forms.Form):
    document_no = forms.CharField(label="通报文号", max_length=60)
    period_start = forms.DateField(label="通报期间起", widget=DATE)
    period_end = _date("通报期间止")
    issued_on = _date("通报日期")
    accountability = forms.CharField(label="责任追究意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FollowUpForm(forms.Form):
    notice = forms.ModelChoiceField(label="列入通报", queryset=None, required=False)
    referred_to = forms.CharField(label="移送责任追究机关", max_length=100, required=False)
    outcome = forms.CharField(label="责任追究结果", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    close = forms.BooleanField(label="办结", required=False)
    on = _date("日期")

    def __init__(self, *a, notices=None, **kw):
        super().__init__(*a, **kw)
        self.fields["notice"].queryset = notices


class FilingForm(forms.Form):
    kind = forms.ChoiceField(label="备案类型", choices=FilingKind.choices)
    title = forms.CharField(label="文件名称", max_length=200)
    document_no = forms.CharField(label="文号", max_length=100, required=False)
    filed_on = _date("印发/备案日期")
    document = forms.FileField(label="备案文件")


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=TrainingKind.choices)
    held_on = _date("日期")
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=200, decimal_places=1)


class TrainingEntryForm(TrainingForm):
    attendees = forms.ModelMultipleChoiceField(
        label="参训人员", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *a, people=None, **kw):
        super().__init__(*a, **kw)
        self.fields["attendees"].queryset = people
        self.fields["attendees"].label_from_instance = lambda p: p.name


class TrainingImportForm(TrainingForm):
    file = forms.FileField(label="参训名单（XLSX：身份证号码、学时）")


class TrainingRequirementForm(forms.Form):
    """The region's yearly training requirement, with the document it comes from (supervision.LawSetting)."""

    value = forms.IntegerField(label="年度培训学时要求（学时）", min_value=1, max_value=500)
    source_document = forms.CharField(
        label="依据文件", max_length=200, help_text="文件名称及条款，如：天津市行政执法监督规定第十条"
    )
