"""行政强制 (查封/扣押/冻结 and 强制执行) and 行政许可 decisions: enforcement acts beside inspections and cases.

Imported at the end of ``enforcement.models`` so Django sees them as the app's models. Every row carries
its region and unit; the deadlines (``due_on``) are computed by the services from the calendar, never typed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.org.models import Person, Region, Unit
from zhifa.powers.models import Power

from .choices import CoerciveKind, ExecutionMethod, LicenceResult, LiftReason
from .models import Party, PenaltyCase


class CoerciveMeasure(models.Model):
    """行政强制措施 查封/扣押/冻结 (《行政强制法》第十八条、第二十四条、第二十五条、第三十二条)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("实施机关"), on_delete=models.PROTECT, related_name="+")
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        PenaltyCase,
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coercive_measures",
    )
    kind = models.CharField(_("措施种类"), max_length=8, choices=CoerciveKind.choices)
    decision_no = models.CharField(_("决定书文号"), max_length=80)
    approved_by = models.CharField(_("批准负责人"), max_length=50)  # 第十八条第（一）项
    reason = models.TextField(_("理由和依据"))  # 第二十四条第二款第（二）项
    items = models.TextField(_("场所、设施或者财物（名称、数量）"))  # 第二十四条第二款第（三）项
    onsite_record = models.BooleanField(_("已制作现场笔录"), default=False)  # 第十八条第（七）项
    officer_a = models.ForeignKey(Person, verbose_name=_("执法人员一"), on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(
        Person, verbose_name=_("执法人员二"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), db_index=True)
    term_days = models.PositiveSmallIntegerField(_("期限（日）"), null=True, blank=True)
    # 第二十五条第三款: 检测、检验、检疫或者技术鉴定的期间不计入, but must be stated in writing.
    testing_days = models.PositiveSmallIntegerField(_("检测检验检疫鉴定期间（日）"), default=0)
    testing_notified_on = models.DateField(_("检测等期间书面告知日期"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长天数"), default=0)
    extension_approved_by = models.CharField(_("延长批准负责人"), max_length=50, blank=True)
    extension_on = models.DateField(_("延长决定日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    due_on = models.DateField(_("期限届满日"), db_index=True)
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True, db_index=True)
    lift_reason = models.CharField(_("解除情形"), max_length=16, choices=LiftReason.choices, blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)

    class Meta:
        verbose_name = _("行政强制措施 (coercive measure)")
        verbose_name_plural = verbose_name
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["region", "decided_on"]), models.Index(fields=["region", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.decision_no}"

    @property
    def officer_ids(self) -> tuple[int, ...]:
        return tuple(i for i in (self.officer_a_id, self.officer_b_id) if i)


class EnforcementExecution(models.Model):
    """行政强制执行 by the agency (《行政强制法》第三十五条至第三十七条: 催告, 陈述申辩, 强制执行决定)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("执行机关"), on_delete=models.PROTECT, related_name="+")
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        PenaltyCase,
        verbose_name=_("所执行的处罚案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    obligation = models.TextField(_("所执行的行政决定及义务"))
    method = models.CharField(_("执行方式"), max_length=12, choices=ExecutionMethod.choices)
    officer_a = models.ForeignKey(Person, verbose_name=_("执法人员一"), on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(
        Person, verbose_name=_("执法人员二"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    demand_on = models.DateField(_("催告日期"))  # 第三十五条
    demand_due = models.DateField(_("催告书载明的履行期限"))  # 第三十五条第（一）项
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)  # 第三十六条
    statement_note = models.TextField(_("陈述申辩及复核意见"), blank=True)
    decided_on = models.DateField(_("强制执行决定日期"), null=True, blank=True, db_index=True)  # 第三十七条
    decision_no = models.CharField(_("强制执行决定书文号"), max_length=80, blank=True)
    immediate = models.BooleanField(_("立即强制执行"), default=False)  # 第三十七条第三款
    immediate_reason = models.TextField(_("立即执行理由（转移或者隐匿财物的证据）"), blank=True)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政强制执行 (enforcement execution)")
        verbose_name_plural = verbose_name
        ordering = ["-demand_on", "-id"]
        indexes = [models.Index(fields=["region", "decided_on"])]

    def __str__(self):
        return f"强制执行 {self.decision_no or self.pk}"

    @property
    def officer_ids(self) -> tuple[int, ...]:
        return tuple(i for i in (self.officer_a_id, self.officer_b_id) if i)


class LicenceDecision(models.Model):
    """行政许可: accepted (第三十二条), decided within 20 working days + one approved extension of 10 (第四十二条)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("许可机关"), on_delete=models.PROTECT, related_name="+")
    power = models.ForeignKey(Power, verbose_name=_("许可事项（职权）"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(Party, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+")
    application_no = models.CharField(_("受理编号"), max_length=80)
    subject = models.CharField(_("申请事项"), max_length=200)
    # NULL only for a decision received from a unit's system without its 承办人 (exchange.md 行政许可 has no
    # officer field); the workspace service requires one
    officer_a = models.ForeignKey(
        Person, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_b = models.ForeignKey(
        Person, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_on = models.DateField(_("受理日期"), db_index=True)
    # 第四十五条: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 time is not counted, told in writing.
    excluded_days = models.PositiveSmallIntegerField(_("不计入期限的工作日"), default=0)
    excluded_reason = models.CharField(_("不计入期限的事由"), max_length=200, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_approved_by = models.CharField(_("延长批准负责人"), max_length=50, blank=True)
    extension_on = models.DateField(_("延长日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    due_on = models.DateField(_("决定期限"), db_index=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, db_index=True)
    result = models.CharField(_("决定结果"), max_length=8, choices=LicenceResult.choices, blank=True)
    decision_no = models.CharField(_("决定书文号"), max_length=80, blank=True)
    refusal_reason = models.TextField(_("不予许可的理由"), blank=True)  # 第三十八条第二款

    class Meta:
        verbose_name = _("行政许可决定 (licence decision)")
        verbose_name_plural = verbose_name
        ordering = ["-accepted_on", "-id"]
        indexes = [models.Index(fields=["region", "decided_on"]), models.Index(fields=["region", "due_on"])]

    def __str__(self):
        return f"许可 {self.decision_no or self.application_no}"

    @property
    def officer_ids(self) -> tuple[int, ...]:
        return tuple(i for i in (self.officer_a_id, self.officer_b_id) if i)


class UnitDisclosureSetting(models.Model):
    """A unit's choice to publish each decision automatically on the day it is taken (else from the queue)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.OneToOneField(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="disclosure_setting"
    )
    auto_publish = models.BooleanField(_("决定作出即自动公示"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("单位公示设置 (disclosure setting)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.unit} 自动公示={'是' if self.auto_publish else '否'}"


class AssistanceRecord(models.Model):
    """异地执法协助记录: a body acting on a party registered outside its jurisdiction records the assistance it
    asked of (or the notice it gave to) the authority of the party's place (协助函), the matter, and the period
    the assistance covers. Without one, the supervision rule ``remote_enforcement`` (违规异地执法,
    《行政执法监督条例》) reports the body's acts on that party."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("执法单位"), on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="+")
    assisting_authority = models.CharField(_("协助机关"), max_length=100)
    assisting_region_code = models.CharField(_("协助机关行政区划代码"), max_length=6)
    letter_no = models.CharField(_("协助函文号"), max_length=80)
    matter = models.TextField(_("协助事项"))
    requested_on = models.DateField(_("发函日期"))
    covers_until = models.DateField(_("协助期限至"))
    reply = models.TextField(_("协助机关复函"), blank=True)
    recorded_by = models.ForeignKey(
        Person, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("异地执法协助记录 (assistance record)")
        verbose_name_plural = verbose_name
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["region", "unit", "party"])]
        constraints = [models.UniqueConstraint(fields=["unit", "letter_no"], name="assistance_letter_unique")]

    def __str__(self):
        return f"协助 {self.letter_no}"
