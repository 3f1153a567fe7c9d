"""The 2025–2026 law as data: frequency caps (国办发〔2024〕54号), per-region settings with their source
documents, the 条例's instruments (通知书/意见书/决定书, 约谈, 通报) and the enterprise's rating of an inspection.

Every number a district sets for itself (a cap, a response deadline, the days allowed between an
inspection that found a violation and its case) is a row here, with the document it comes from; no rule
hard-codes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.enforcement.models import Inspection
from zhifa.org.models import Region, Unit


class InspectionCap(models.Model):
    """年度检查频次上限: how often one body may inspect one enterprise in a year (54号 第（八）项 as read in
    the 司法部 Q&A 2025-04-18). A cap names a 主管部门 (``unit``) or an 执法领域 (``domain``); what counts
    against it is data, because it differs by place (上级部署专项 excluded; 河北 excludes 个案)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("主管部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(_("执法领域"), max_length=30, blank=True)
    party_grade = models.CharField(_("企业分级"), max_length=20, blank=True, help_text=_("空为所有企业"))
    max_per_year = models.PositiveSmallIntegerField(_("年度上限（次）"))
    counts_routine = models.BooleanField(_("计日常检查"), default=True)
    counts_case = models.BooleanField(_("计个案检查"), default=True)
    counts_special = models.BooleanField(_("计专项检查"), default=True)
    excludes_superior = models.BooleanField(_("上级部署的专项检查不计"), default=True)
    on_site_only = models.BooleanField(_("仅计现场检查"), default=False)
    source_document = models.CharField(_("依据文件"), max_length=200)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("检查频次上限 (inspection cap)")
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(unit__isnull=True) & models.Q(domain="")), name="cap_unit_or_domain"
            )
        ]

    def __str__(self):
        who = self.unit.name if self.unit_id else self.domain
        return f"{self.year}年 {who} ≤{self.max_per_year}次"


class LawSetting(models.Model):
    """A number a region sets for itself, with its source: e.g. the days a unit has to answer a
    行政执法监督意见书, or the days allowed between an inspection that found a violation and its case."""

    class Key(models.TextChoices):
        NOTICE_RESPONSE_DAYS = "notice_response_days", _("监督通知书答复期限（工作日）")
        OPINION_RESPONSE_DAYS = "opinion_response_days", _("监督意见书答复期限（工作日）")
        DECISION_RESPONSE_DAYS = "decision_response_days", _("监督决定书执行报告期限（工作日）")
        CASE_AFTER_INSPECTION_DAYS = "case_after_inspection_days", _("检查发现违法后立案期限（日）")
        CASE_AFTER_CLUE_DAYS = "case_after_clue_days", _("线索查证属实后立案期限（日）")
        JOINT_WINDOW_DAYS = "joint_window_days", _("综合查一次提示窗口（日）")
        TRAINING_HOURS = "training_hours", _("执法人员年度培训学时要求（学时）")

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    key = models.CharField(_("设置项"), max_length=40, choices=Key.choices)
    value = models.PositiveIntegerField(_("数值"))
    source_document = models.CharField(_("依据文件"), max_length=200)

    class Meta:
        verbose_name = _("地方设置 (law setting)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="law_setting_unique")]

    def __str__(self):
        return f"{self.get_key_display()} = {self.value}（{self.source_document}）"


class InstrumentKind(models.TextChoices):
    NOTICE = "notice", _("行政执法监督通知书")
    OPINION = "opinion", _("行政执法监督意见书")
    DECISION = "decision", _("行政执法监督决定书")
    INTERVIEW = "interview", _("约谈")
    CIRCULAR = "circular", _("通报")


class InstrumentStatus(models.TextChoices):
    ISSUED = "issued", _("已制发")
    ANSWERED = "answered", _("已答复")
    FOLLOWED = "followed", _("已跟踪办结")


class SupervisionInstrument(models.Model):
    """An instrument of the 司法局 under the 行政执法监督条例 to a unit, with the unit's answer and the follow-up."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("被监督单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=InstrumentKind.choices)
    number = models.CharField(_("文号"), max_length=60)
    subject = models.TextField(_("事项"))
    legal_basis = models.CharField(_("依据"), max_length=200)
    issued_on = models.DateField(_("制发日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制发人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_due = models.DateField(_("答复期限"), null=True, blank=True)
    due_source = models.CharField(_("期限依据"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=InstrumentStatus.choices, default=InstrumentStatus.ISSUED)
    answer = models.TextField(_("单位答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    follow_up = models.TextField(_("跟踪情况"), blank=True)
    followed_up_on = models.DateField(_("跟踪日期"), null=True, blank=True)
    alert = models.ForeignKey(
        "supervision.Alert", verbose_name=_("预警"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("监督文书 (supervision instrument)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["region", "number"], name="instrument_number_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class InspectionRating(models.Model):
    """The enterprise's rating of an inspection, given on the 扫码入企 page."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("行政检查"), on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(_("评价（1-5）"))
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"))
    clue = models.ForeignKey(
        "supervision.Clue", verbose_name=_("投诉线索"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("检查评价 (inspection rating)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.stars}星 {self.rated_at:%Y-%m-%d}"


class ExemptionListKind(models.TextChoices):
    NO_PENALTY = "no_penalty", _("不予处罚")
    MITIGATE = "mitigate", _("减轻处罚")


class ExemptionItem(models.Model):
    """An item of a region's 不予处罚/减轻处罚 list (免罚清单; 《行政处罚法》第三十三条 and local lists such as
    Tianjin's 2025 list), loaded from its XLSX/CSV with its source document. Matched to a case by 事项编码
    (the 职权 code), else by the exact 违法行为 text."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    kind = models.CharField(_("清单类型"), max_length=12, choices=ExemptionListKind.choices)
    seq = models.CharField(_("序号"), max_length=20, blank=True)
    domain = models.CharField(_("执法领域"), max_length=60, blank=True)
    power_code = models.CharField(_("事项编码"), max_length=40, blank=True, db_index=True)
    violation = models.CharField(_("违法行为"), max_length=500)
    violation_basis = models.TextField(_("违法依据"), blank=True)
    penalty_basis = models.TextField(_("处罚依据"), blank=True)
    conditions = models.TextField(_("适用条件"))
    source_document = models.CharField(_("依据文件"), max_length=200)
    extra = models.JSONField(_("其他字段"), default=dict, blank=True)

    class Meta:
        verbose_name = _("免罚清单事项 (exemption list item)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.get_kind_display()}：{self.violation}"


class ExemptionAssessment(models.Model):
    """At decision time, whether the case met a listed item's conditions (recorded by the officer)."""

    case = models.ForeignKey(
        "enforcement.PenaltyCase", verbose_name=_("案件"), on_delete=models.CASCADE, related_name="exemption_assessments"
    )
    item = models.ForeignKey(ExemptionItem, verbose_name=_("清单事项"), on_delete=models.PROTECT, related_name="+")
    conditions_met = models.BooleanField(_("符合适用条件"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("免罚清单适用记录 (exemption assessment)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="exemption_assessment_unique")]

    def __str__(self):
        return f"{self.case_id} {self.item_id} {'符合' if self.conditions_met else '不符合'}"


class ClueReturn(models.Model):
    """A unit's return (退回) of a clue assigned to it, saying it is not the unit's matter. A clue returned by more
    than one unit is 推诿扯皮 (《行政执法监督条例》): the supervision rule ``clue_buck_passing``."""

    clue = models.ForeignKey("supervision.Clue", verbose_name=_("线索"), on_delete=models.CASCADE, related_name="returns")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("退回单位"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("退回理由"))
    assigned_on = models.DateField(_("交办日期"))
    returned_on = models.DateField(_("退回日期"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("退回人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("线索退回 (clue return)")
        verbose_name_plural = verbose_name
        ordering = ["returned_on", "id"]

    def __str__(self):
        return f"{self.unit} 退回 {self.returned_on}"
