"""Supervision (执法监督) by the 区司法局: alerts, rectification, bulletins, 案卷评查, 监督检查, clues.

Every row carries its region. Statuses change only through ``supervision.services``; each step leaves
an AlertEvent (for alerts) and an audit row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.enforcement.models import InterferenceRecord, PenaltyCase
from zhifa.org.models import Region, Unit

from .choices import (
    LIVE_STATUSES,
    AlertResolution,
    AlertSource,
    AlertStatus,
    ClueOutcome,
    ClueSource,
    ClueStatus,
    RectificationStatus,
    ReviewGrade,
    ReviewStatus,
    RuleKind,
    Severity,
)


class AlertRule(models.Model):
    """预警规则目录: a mirror of the rule registry in ``supervision.rules`` (synced by the scan)."""

    code = models.CharField(_("规则编码"), max_length=40, primary_key=True)
    title = models.CharField(_("规则名称"), max_length=100)
    kind = models.CharField(_("规则类型"), max_length=10, choices=RuleKind.choices)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    citation = models.CharField(_("依据"), max_length=300)
    object_type = models.CharField(_("适用对象"), max_length=200)
    description = models.TextField(_("判定口径"), blank=True)
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预警规则 (alert rule)")
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class Alert(models.Model):
    """预警: one per (object, rule) while not closed."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT)
    rule = models.ForeignKey(AlertRule, verbose_name=_("规则"), on_delete=models.PROTECT, related_name="alerts")
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象ID"), max_length=64)
    # Year-to-date rules (培训学时, 零执法, 参与率, 罚款分布) measure one year: "2023"; others "".
    period = models.CharField(_("统计期间"), max_length=10, blank=True, default="")
    fingerprint = models.CharField(_("指纹"), max_length=160, db_index=True)
    # The key an incremental scan uses to decide whether this alert was in the re-checked set.
    scope_key = models.CharField(_("扫描范围键"), max_length=64, db_index=True)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices)
    message = models.TextField(_("预警内容"))
    citation = models.CharField(_("依据"), max_length=300)
    details = models.JSONField(_("明细"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    resolution = models.CharField(_("关闭方式"), max_length=10, choices=AlertResolution.choices, blank=True)
    source = models.CharField(_("发现方式"), max_length=8, choices=AlertSource.choices, default=AlertSource.SCAN)
    first_seen_on = models.DateField(_("首次发现(业务日期)"))
    last_seen_on = models.DateField(_("最近发现(业务日期)"))
    cleared_on = models.DateField(_("扫描确认已纠正日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("预警 (alert)")
        verbose_name_plural = verbose_name
        ordering = ["-first_seen_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=[s.value for s in LIVE_STATUSES]),
                name="alert_one_live_per_object_rule",
            )
        ]
        indexes = [
            models.Index(fields=["region", "rule", "status"]),
            models.Index(fields=["region", "unit", "status"]),
        ]

    def __str__(self):
        return f"[{self.rule_id}] {self.message[:60]}"


class AlertEvent(models.Model):
    """One lifecycle step of an alert: who, when, from, to, why."""

    alert = models.ForeignKey(Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="events")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on_date = models.DateField(_("业务日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(_("操作人标识"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=16, choices=AlertStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=AlertStatus.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("预警处理记录 (alert event)")
        verbose_name_plural = verbose_name
        ordering = ["alert_id", "id"]

    def __str__(self):
        return f"#{self.alert_id} {self.from_status or '-'} → {self.to_status}"


class ScanRun(models.Model):
    """One run of the scan: what it looked at, so that the next run can be incremental.

    ``watermarks`` holds, per watched table, the highest id seen (rows above it are new) and
    ``audit_watermark`` the highest AuditLog id seen (services log every update there).
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    as_of = models.DateField(_("检查基准日"))
    incremental = models.BooleanField(_("增量扫描"), default=False)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    seconds = models.FloatField(_("耗时(秒)"), default=0)
    watermarks = models.JSONField(_("各表水位"), default=dict)
    audit_watermark = models.BigIntegerField(_("审计日志水位"), default=0)
    counts = models.JSONField(_("结果统计"), default=dict)

    class Meta:
        verbose_name = _("扫描记录 (scan run)")
        verbose_name_plural = verbose_name
        ordering = ["-id"]

    def __str__(self):
        return f"{self.region_id} {self.as_of} {'增量' if self.incremental else '全量'}"


class GamingCount(models.Model):
    """Fines per unit, year and threshold in the band just under it (upper) and the band below (lower).

    Kept by the threshold-gaming rule so that an incremental scan adds the changed cases to the counts
    instead of recounting the year; ``as_of`` is the scan date the counts are valid for.
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    label = models.CharField(_("限额"), max_length=30)
    upper = models.PositiveIntegerField(_("限额下方区间件数"), default=0)
    lower = models.PositiveIntegerField(_("相邻区间件数"), default=0)
    as_of = models.DateField(_("统计截至"))

    class Meta:
        verbose_name = _("罚款分布计数 (fine band count)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["region", "unit", "year", "label"], name="gaming_count_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.label} {self.upper}/{self.lower}"


class SupervisionInspection(models.Model):
    """监督检查 of a unit by the 区司法局 (随机抽查案卷、查看执法装备和音像管理)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("被检查单位"), on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("检查日期"))
    inspectors = models.CharField(_("检查人员"), max_length=200)
    scope = models.TextField(_("检查内容"))
    files_checked = models.PositiveIntegerField(_("抽查案卷数"), default=0)
    findings = models.TextField(_("发现问题"), blank=True)
    files_drawn = models.TextField(_("抽查案卷（案号）"), blank=True)
    equipment = models.TextField(_("执法装备情况"), blank=True)
    recording_management = models.TextField(_("音像记录管理情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("监督检查 (supervision inspection)")
        verbose_name_plural = verbose_name
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.unit} 监督检查 {self.inspected_on}"


class CaseFileReview(models.Model):
    """案卷评查: one sampled case file and its score sheet."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("办案单位"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(PenaltyCase, verbose_name=_("案卷"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    seed = models.CharField(_("抽样种子"), max_length=40)
    status = models.CharField(_("状态"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.SAMPLED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评查人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewer_name = models.CharField(_("评查人员"), max_length=100, blank=True)
    reviewed_on = models.DateField(_("评查日期"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分配评查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_on = models.DateField(_("分配日期"), null=True, blank=True)
    vetoes = models.JSONField(_("否决项"), default=list, blank=True)
    scores = models.JSONField(_("评分表"), default=dict, blank=True)
    deductions = models.JSONField(_("扣分说明"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=10, choices=ReviewGrade.choices, blank=True)
    is_typical_bad = models.BooleanField(_("典型差案"), default=False)
    comments = models.TextField(_("评查意见"), blank=True)

    class Meta:
        verbose_name = _("案卷评查 (case-file review)")
        verbose_name_plural = verbose_name
        ordering = ["year", "quarter", "unit_id", "case_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter", "case"], name="review_case_once_per_quarter")
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter} {self.case}"


class Rectification(models.Model):
    """整改: notice → response → verified, with a deadline in working days."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+")
    notice_no = models.CharField(_("整改通知文号"), max_length=60)
    issued_on = models.DateField(_("下发日期"))
    requirement = models.TextField(_("整改要求"))
    working_days = models.PositiveSmallIntegerField(_("整改期限(工作日)"))
    deadline = models.DateField(_("整改期限"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.NOTICE
    )
    response = models.TextField(_("整改反馈"), blank=True)
    responded_on = models.DateField(_("反馈日期"), null=True, blank=True)
    verified_on = models.DateField(_("核验日期"), null=True, blank=True)
    verification_note = models.TextField(_("核验意见"), blank=True)
    alerts = models.ManyToManyField(Alert, verbose_name=_("涉及预警"), blank=True, related_name="rectifications")
    inspection = models.ForeignKey(
        SupervisionInspection,
        verbose_name=_("来源监督检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    reviews = models.ManyToManyField(
        CaseFileReview, verbose_name=_("来源案卷评查"), blank=True, related_name="rectifications"
    )

    class Meta:
        verbose_name = _("整改 (rectification)")
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "notice_no"], name="rectification_notice_no_unique")]

    def __str__(self):
        return f"{self.notice_no} {self.unit}"


class Bulletin(models.Model):
    """月度通报: per-unit figures of one month, written as DOCX and XLSX."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    month = models.DateField(_("月份(当月1日)"))
    issued_at = models.DateTimeField(_("生成时间"), auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL
    )
    docx_path = models.CharField(_("DOCX文件"), max_length=300)
    xlsx_path = models.CharField(_("XLSX文件"), max_length=300)
    figures = models.JSONField(_("数据"), default=dict)

    class Meta:
        verbose_name = _("月度通报 (monthly bulletin)")
        verbose_name_plural = verbose_name
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="bulletin_once_per_month")]

    def __str__(self):
        return f"{self.region_id} {self.month:%Y-%m} 月度通报"


class InterferenceNotice(models.Model):
    """干预插手案件办理情况通报 (记录、通报和责任追究制度)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    document_no = models.CharField(_("通报文号"), max_length=60)
    issued_on = models.DateField(_("通报日期"))
    period_start = models.DateField(_("通报期间起"))
    period_end = models.DateField(_("通报期间止"))
    records = models.ManyToManyField(InterferenceRecord, verbose_name=_("干预插手记录"), blank=True, related_name="+")
    text = models.TextField(_("通报正文"))
    accountability = models.TextField(_("责任追究意见"), blank=True)

    class Meta:
        verbose_name = _("干预插手通报 (interference notice)")
        verbose_name_plural = verbose_name
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["region", "document_no"], name="interference_notice_no_unique")]

    def __str__(self):
        return self.document_no


# A clue's public reference is its receipt date and a random code (XS20231106-K7M4Q9TR): a citizen reads it off
# the receipt and types it back; nobody can reach another's clue by counting. The alphabet leaves out 0/O, 1/I/L.
CLUE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CLUE_CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes: counting through them is out of reach


def new_clue_code() -> str:
    import secrets

    return "".join(secrets.choice(CLUE_CODE_ALPHABET) for _ in range(CLUE_CODE_LENGTH))


class Clue(models.Model):
    """线索 from the public, a unit or the platform, assigned to a unit, with a response deadline."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=10, choices=ClueSource.choices)
    text = models.TextField(_("线索内容"))
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    received_on = models.DateField(_("接收日期"))
    public_code = models.CharField(
        _("查询码"), max_length=CLUE_CODE_LENGTH, unique=True, default=new_clue_code, editable=False
    )
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    response_due = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=10, choices=ClueStatus.choices, default=ClueStatus.RECEIVED)
    response = models.TextField(_("办理答复"), blank=True)
    responded_on = models.DateField(_("答复日期"), null=True, blank=True)
    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("立案案件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 查证: the unit's finding; a substantiated clue with no case within the region's days is 有案不立 (条例).
    outcome = models.CharField(_("查证结果"), max_length=14, choices=ClueOutcome.choices, blank=True)
    verified_on = models.DateField(_("查证日期"), null=True, blank=True)
    verification_note = models.TextField(_("查证情况"), blank=True)

    class Meta:
        verbose_name = _("线索 (clue)")
        verbose_name_plural = verbose_name
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"线索#{self.pk} {self.received_on}"


class RectificationAttachment(models.Model):
    """A file the unit attaches to its 整改反馈 (photos, revised documents, minutes)."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整改"), on_delete=models.CASCADE, related_name="attachments"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    file = models.FileField(_("附件"), upload_to="rectifications/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_on = models.DateField(_("上传日期"))

    class Meta:
        verbose_name = _("整改附件 (rectification attachment)")
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self):
        return self.name


class InterferenceFollowUp(models.Model):
    """The 通报 and 责任追究 of one 干预插手 record, tracked to closure (supervisors only)."""

    record = models.OneToOneField(
        InterferenceRecord, verbose_name=_("干预插手记录"), on_delete=models.PROTECT, related_name="follow_up"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    notice = models.ForeignKey(
        InterferenceNotice, verbose_name=_("通报"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_to = models.CharField(_("移送责任追究机关"), max_length=100, blank=True)
    referred_on = models.DateField(_("移送日期"), null=True, blank=True)
    outcome = models.TextField(_("责任追究结果"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("干预插手责任追究 (interference follow-up)")
        verbose_name_plural = verbose_name
        ordering = ["-id"]

    def __str__(self):
        return f"{self.record} {self.stage}"

    @property
    def stage(self) -> str:
        if self.closed_on:
            return "已办结"
        if self.referred_on:
            return "责任追究中"
        if self.notice_id:
            return "已通报"
        return "待通报"
from .models_law import (  # noqa: E402,F401
    ClueReturn,
    ExemptionAssessment,
    ExemptionItem,
    InspectionCap,
    InspectionRating,
    LawSetting,
    SupervisionInstrument,
)
