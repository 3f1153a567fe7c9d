from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.org.models import Region, Unit

from .choices import ChangeKind, DelegationKind, DiscretionTier, FilingKind, PowerCategory, RequestKind, RequestStatus


class Power(models.Model):
    """职权 in the 权责清单. Changes only through PowerChange rows (动态调整)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    owner = models.ForeignKey(Unit, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="powers")
    code = models.CharField(_("职权编码"), max_length=40)
    name = models.CharField(_("职权名称"), max_length=300)
    category = models.CharField(_("职权类别"), max_length=16, choices=PowerCategory.choices)
    legal_basis = models.TextField(_("法律依据"))
    domain = models.CharField(_("领域"), max_length=30, blank=True)
    # A 重大执法决定 on this power needs 法制审核 (行政处罚法第五十八条; the unit's filed 审核事项清单).
    requires_legal_review = models.BooleanField(_("重大执法决定须法制审核"), default=False)
    # 国办发〔2018〕118号: 查封扣押、强制拆除等 direct-rights acts need full audio-video recording.
    requires_recording = models.BooleanField(_("须全程音像记录"), default=False)
    # 较大数额罚款 for 听证 (行政处罚法第六十三条), set per field; null = the field has none configured.
    hearing_threshold_person = models.DecimalField(
        _("听证标准(个人,元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    hearing_threshold_org = models.DecimalField(
        _("听证标准(单位,元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # 行政处罚法第四十二条 "法律另有规定的除外": e.g. 道路交通安全法第一百零七条 (one traffic officer).
    single_officer_basis = models.CharField(_("一人执法的法律依据"), max_length=200, blank=True)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("取消日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("职权 (power)")
        verbose_name_plural = verbose_name
        ordering = ["owner_id", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="power_code_unique_in_region")]

    def __str__(self):
        return f"{self.code} {self.name}"


class PowerChange(models.Model):
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.CASCADE, related_name="changes")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    kind = models.CharField(_("变更类型"), max_length=8, choices=ChangeKind.choices)
    document_no = models.CharField(_("文件文号"), max_length=100)
    effective_on = models.DateField(_("生效日期"))
    version = models.PositiveIntegerField(_("版本"))
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("职权变更 (power change)")
        verbose_name_plural = verbose_name
        ordering = ["power_id", "version"]
        constraints = [models.UniqueConstraint(fields=["power", "version"], name="power_change_version_unique")]

    def __str__(self):
        return f"{self.power.code} v{self.version} {self.get_kind_display()}"


class PowerDelegation(models.Model):
    """赋权: a district department's power exercised by a 街道 (授权) or entrusted organisation (委托)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.CASCADE, related_name="delegations")
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("承接单位"), on_delete=models.PROTECT, related_name="delegated_powers"
    )
    kind = models.CharField(_("方式"), max_length=10, choices=DelegationKind.choices)
    document_no = models.CharField(_("文件文号"), max_length=100)
    effective_on = models.DateField(_("生效日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("职权下放 (delegation)")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["power", "to_unit", "effective_on"], name="delegation_unique"),
        ]

    def __str__(self):
        return f"{self.power.code} → {self.to_unit}"


class DiscretionBenchmark(models.Model):
    """自由裁量基准 tier with its fine range (行政处罚法第三十四条: must be published)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.CASCADE, related_name="benchmarks")
    tier = models.CharField(_("裁量阶次"), max_length=8, choices=DiscretionTier.choices)
    circumstances = models.TextField(_("适用情形"), blank=True)
    fine_min = models.DecimalField(_("罚款下限(元)"), max_digits=14, decimal_places=2)
    fine_max = models.DecimalField(_("罚款上限(元)"), max_digits=14, decimal_places=2)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("裁量基准 (discretion benchmark)")
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["power", "tier"], name="benchmark_tier_unique"),
            models.CheckConstraint(condition=models.Q(fine_min__lte=models.F("fine_max")), name="benchmark_range"),
        ]

    def __str__(self):
        return f"{self.power.code} {self.get_tier_display()} {self.fine_min}–{self.fine_max}"


class Filing(models.Model):
    """备案 of a unit's 法制审核事项清单 / 音像记录管理制度 / 裁量基准 with 区司法局."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="filings")
    kind = models.CharField(_("备案类型"), max_length=20, choices=FilingKind.choices)
    title = models.CharField(_("文件名称"), max_length=200)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    filed_on = models.DateField(_("备案日期"))
    document = models.FileField(_("备案文件"), upload_to="filings/%Y/", blank=True)
    acknowledged_on = models.DateField(_("司法局签收日期"), null=True, blank=True)
    acknowledged_by = models.CharField(_("签收人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("备案 (filing)")
        verbose_name_plural = verbose_name
        ordering = ["-filed_on"]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} {self.filed_on}"


class PowerChangeRequest(models.Model):
    """权责清单动态调整 proposed by a unit and reviewed by the 区司法局. Approval applies it through
    ``powers.services`` (a PowerChange version effective on ``effective_on``, or a PowerDelegation)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("调整类型"), max_length=10, choices=RequestKind.choices)
    power = models.ForeignKey(
        Power, verbose_name=_("职权"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    code = models.CharField(_("职权编码(新增)"), max_length=40, blank=True)
    fields = models.JSONField(_("调整内容"), default=dict, blank=True)
    legal_basis = models.TextField(_("调整依据"))
    document_no = models.CharField(_("文件文号"), max_length=100)
    effective_on = models.DateField(_("生效日期"))
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("承接街道"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegation_kind = models.CharField(_("下放方式"), max_length=10, choices=DelegationKind.choices, blank=True)
    proposed_on = models.DateField(_("申请日期"))
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PROPOSED)
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见/退回理由"), blank=True)
    change = models.ForeignKey(
        PowerChange, verbose_name=_("生成的版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delegation = models.ForeignKey(
        PowerDelegation, verbose_name=_("生成的下放"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("权责清单调整申请 (power change request)")
        verbose_name_plural = verbose_name
        ordering = ["-proposed_on", "-id"]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} {self.code or self.power_id}"
