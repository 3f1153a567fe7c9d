"""Enforcement acts (执法行为). Every fact row carries its region and unit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.org.models import Person, Region, Unit
from zhifa.powers.models import Power

from .choices import (
    CampaignKind,
    CaseInspectionSource,
    CaseStatus,
    DisclosureKind,
    DisclosureStatus,
    EvidenceKind,
    HazardCategory,
    HazardSeverity,
    InspectionClass,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InterfererRole,
    OtherActKind,
    Outcome,
    PartyKind,
    PartyType,
    Procedure,
    ReviewResult,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class Party(models.Model):
    """当事人: natural person (ID number) or organisation (USCC). Masked on public pages."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    kind = models.CharField(_("主体类型"), max_length=8, choices=PartyKind.choices)
    party_type = models.CharField(_("当事人类别"), max_length=20, choices=PartyType.choices, db_index=True)
    name = models.CharField(_("名称/姓名"), max_length=200)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    key_supply = models.BooleanField(_("重点保供"), default=False)

    class Meta:
        verbose_name = _("当事人 (party)")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["region", "uscc"]), models.Index(fields=["region", "id_number"])]

    def __str__(self):
        return self.name


class Campaign(models.Model):
    """专项行动/专项治理/专项整治."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=CampaignKind.choices, blank=True)
    domain = models.CharField(_("领域"), max_length=30, db_index=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_campaigns"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("参与单位"), related_name="campaigns", blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("空为未定结束日期（仍在开展）"))

    class Meta:
        verbose_name = _("专项行动 (campaign)")
        verbose_name_plural = verbose_name
        ordering = ["start_on"]

    def __str__(self):
        return self.name


class CampaignMeeting(models.Model):
    """专题部署: a deployment meeting for a campaign."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("会议名称"), max_length=200)
    chaired_by = models.CharField(_("主持"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("专题部署 (deployment meeting)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return self.title


class JointAction(models.Model):
    """联合执法行动 (e.g. 运管局 + 交警 专项集中整治)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项行动"), null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"), db_index=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="led_joint_actions"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("参与单位"), related_name="joint_actions")

    class Meta:
        verbose_name = _("联合执法行动 (joint action)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.title}（{self.held_on}）"


class InspectionPlan(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=10, choices=InspectionKind.choices, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    tasks_planned = models.PositiveIntegerField(_("任务数"), null=True, blank=True)
    # 国办发〔2024〕54号 / 津司发〔2025〕8号: a 专项检查 follows a plan that went through 批准、备案、公布; those
    # deployed by a higher authority (上级部署) are left out of the annual frequency cap where the local rule says so.
    # The approval is timed to the minute: an inspection may start in the minute its plan was approved.
    approved_by = models.ForeignKey(
        Person, verbose_name=_("计划审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("计划审批时间"), null=True, blank=True)
    filed_on = models.DateField(_("计划备案日期"), null=True, blank=True)
    published_on = models.DateField(_("计划公布日期"), null=True, blank=True)
    superior_deployed = models.BooleanField(_("上级部署"), default=False)

    class Meta:
        verbose_name = _("检查计划 (inspection plan)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return self.title


class Device(models.Model):
    """电子技术监控设备 (行政处罚法第四十一条: 法制和技术审核, 公布设置地点)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    location = models.CharField(_("设置地点"), max_length=200)
    approved_on = models.DateField(_("法制和技术审核日期"), null=True, blank=True)
    approval_doc = models.CharField(_("审核文件"), max_length=100, blank=True)
    published_on = models.DateField(_("向社会公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("电子监控设备 (device)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.name}（{self.location}）"


class Inspection(models.Model):
    """行政检查."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="inspections")
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="inspections")
    # 检查对象类别 as the sender's system names it (exchange.md principle 5: free text, reported as given); blank
    # for an inspection entered in the workspace, which is then grouped by its party's type.
    object_category = models.CharField(_("检查对象类别"), max_length=30, blank=True)
    started_at = models.DateTimeField(_("检查时间"))
    mode = models.CharField(_("方式"), max_length=8, choices=InspectionMode.choices, default=InspectionMode.ON_SITE)
    kind = models.CharField(_("类型"), max_length=8, choices=InspectionKind.choices, default=InspectionKind.ROUTINE)
    officer_a = models.ForeignKey(Person, verbose_name=_("执法人员一"), on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(
        Person, verbose_name=_("执法人员二"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项行动"), null=True, blank=True, on_delete=models.SET_NULL)
    joint_action = models.ForeignKey(
        JointAction, verbose_name=_("联合行动"), null=True, blank=True, on_delete=models.SET_NULL
    )
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("检查计划"), null=True, blank=True, on_delete=models.SET_NULL
    )
    findings = models.TextField(_("检查情况"), blank=True)
    # The fields of the exchange record (shared/exchange.md 行政检查) and of 国办发〔2024〕54号; blank/NULL = not sent.
    number = models.CharField(_("检查行为编号"), max_length=60, blank=True, db_index=True)
    inspection_class = models.CharField(
        _("检查类别"), max_length=8, choices=InspectionClass.choices, blank=True, help_text=_("国办发〔2024〕54号")
    )
    case_source = models.CharField(_("个案来源"), max_length=12, choices=CaseInspectionSource.choices, blank=True)
    methods = models.JSONField(_("检查方式"), default=list, blank=True)
    approver = models.ForeignKey(
        Person, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    urgent = models.BooleanField(_("紧急"), null=True, blank=True)
    result = models.CharField(_("检查结果"), max_length=8, choices=InspectionResult.choices, blank=True)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    load_batch = models.CharField(_("批量导入批次"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("行政检查 (inspection)")
        verbose_name_plural = verbose_name
        indexes = [
            # covering the year-wide counts and groupings of the metrics layer (reports, bulletin): a whole
            # district-year is read from the index alone, without a table row per inspection (``id`` last: PostgreSQL
            # needs it in the index for COUNT(id) and an index-only scan)
            models.Index(
                fields=["region", "started_at", "unit", "power", "party", "object_category", "officer_a", "officer_b", "id"],
                name="insp_region_day_cover",
            ),
            models.Index(fields=["unit", "started_at"]),
            models.Index(fields=["party", "started_at"]),
        ]

    def __str__(self):
        return f"{self.unit} 检查 {self.party} {self.started_at:%Y-%m-%d}"


class InspectionCode(models.Model):
    """扫码入企 (国办发〔2024〕54号; 司法部 Q&A 2025-04-18): the code an approved inspection carries.

    ``token`` is unguessable (secrets.token_urlsafe); the portal page it opens shows the inspection to
    the enterprise (body, item and basis, approval, officers' certificates) and takes its rating."""

    inspection = models.OneToOneField(
        Inspection, verbose_name=_("行政检查"), on_delete=models.CASCADE, related_name="scan_code"
    )
    token = models.CharField(_("检查码"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("赋码时间"))

    class Meta:
        verbose_name = _("检查码 (inspection code)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return self.token


class InspectionTask(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks")
    power = models.ForeignKey(Power, verbose_name=_("抽查事项"), on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("对象"), null=True, blank=True, on_delete=models.PROTECT)
    due_on = models.DateField(_("计划完成日期"))
    inspection = models.OneToOneField(
        Inspection, verbose_name=_("完成检查"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("检查任务 (inspection task)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.plan} 任务 {self.due_on}"


class Hazard(models.Model):
    """隐患."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="hazards"
    )
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT)
    category = models.CharField(_("类别"), max_length=16, choices=HazardCategory.choices, db_index=True)
    severity = models.CharField(_("等级"), max_length=8, choices=HazardSeverity.choices, blank=True)
    description = models.CharField(_("描述"), max_length=300, blank=True)
    found_on = models.DateField(_("发现日期"))
    number = models.CharField(_("隐患编号"), max_length=60, blank=True, db_index=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("隐患 (hazard)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.get_category_display()}隐患 {self.party}"


class OtherAct(models.Model):
    """巡查 / 现场规范 / 教育改正: counted as enforcement acts for 履职率, 参与率, 零执法."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    power = models.ForeignKey(Power, verbose_name=_("职权"), null=True, blank=True, on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("当事人"), null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(_("类型"), max_length=20, choices=OtherActKind.choices)
    number = models.CharField(_("行为编号"), max_length=60, blank=True, db_index=True)
    occurred_at = models.DateTimeField(_("时间"))
    officer_a = models.ForeignKey(Person, verbose_name=_("执法人员一"), on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(
        Person, verbose_name=_("执法人员二"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("记录"), blank=True)
    load_batch = models.CharField(_("批量导入批次"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("其他执法行为 (patrol / correction)")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["region", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class PenaltyCase(models.Model):
    """行政处罚案件. ``status`` changes only through enforcement.workflow.case_transition."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("办案单位"), on_delete=models.PROTECT, related_name="cases")
    power = models.ForeignKey(Power, verbose_name=_("职权"), on_delete=models.PROTECT)
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="cases")
    procedure = models.CharField(_("程序"), max_length=10, choices=Procedure.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.CLUE, db_index=True
    )
    case_no = models.CharField(_("案号"), max_length=60)
    violation = models.CharField(_("违法行为"), max_length=200, db_index=True)
    act_date = models.DateField(_("违法行为发生日期"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("发现时间"))
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    decision_due = models.DateField(_("决定期限"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(_("延长天数"), default=0)
    extension_approved_by = models.CharField(_("延期批准人"), max_length=100, blank=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    hearing_request_due = models.DateField(_("听证申请期限"), null=True, blank=True)
    # 第六十四条: the party may waive the hearing (放弃听证) before the 5-working-day window closes.
    hearing_waived = models.BooleanField(_("当事人放弃听证"), default=False)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, db_index=True)
    decision_no = models.CharField(_("决定书文号"), max_length=80, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=24, choices=Outcome.choices, blank=True)
    penalty_kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_amount = models.DecimalField(_("罚款金额(元)"), default=0, **MONEY)
    confiscation_amount = models.DecimalField(_("没收金额(元)"), default=0, **MONEY)
    discretion_tier = models.CharField(_("裁量阶次"), max_length=8, blank=True)
    discretion_reason = models.TextField(_("裁量说明"), blank=True)
    officer_a = models.ForeignKey(Person, verbose_name=_("执法人员一"), on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(
        Person, verbose_name=_("执法人员二"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_major = models.BooleanField(_("重大执法决定"), default=False)
    first_offence = models.BooleanField(_("初次违法"), default=False)
    harm_minor = models.BooleanField(_("危害后果轻微"), default=False)
    corrected = models.BooleanField(_("及时改正"), default=False)
    harms_life_or_finance = models.BooleanField(_("涉及生命健康安全、金融安全且有危害后果"), default=False)
    # NULL: not stated (a record received without it); the 第六十一条 check then applies only the 7-day bound.
    party_absent = models.BooleanField(_("当事人不在场"), null=True, blank=True, default=False)
    # The exchange record's own fields (shared/exchange.md 行政处罚), stored as sent; blank when not sent.
    source = models.CharField(_("案件来源"), max_length=8, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    basis = models.TextField(_("处罚依据"), blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    transferred_to = models.CharField(_("移送机关"), max_length=100, blank=True)
    transferred_on = models.DateField(_("移送日期"), null=True, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    payment_due = models.DateField(_("缴款期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴款日期"), null=True, blank=True)
    paid_amount = models.DecimalField(_("实缴金额(元)"), default=0, **MONEY)
    surcharge = models.DecimalField(_("加处罚款(元)"), default=0, **MONEY)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项行动"), null=True, blank=True, on_delete=models.SET_NULL)
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("来源检查"), null=True, blank=True, on_delete=models.SET_NULL
    )
    device = models.ForeignKey(
        Device, verbose_name=_("电子监控设备证据"), null=True, blank=True, on_delete=models.PROTECT
    )
    previous_case = models.ForeignKey(
        "self", verbose_name=_("同一违法行为的前案"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    load_batch = models.CharField(_("批量导入批次"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("行政处罚案件 (penalty case)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["region", "case_no"], name="case_no_unique_in_region")]
        indexes = [
            # covering, as for inspections: decisions by outcome, procedure, unit, power, violation and officer
            models.Index(
                fields=[
                    *("region", "decided_on", "outcome", "procedure", "unit", "power", "violation"),
                    *("officer_a", "officer_b", "id"),
                ],
                name="case_region_day_cover",
            ),
            models.Index(fields=["unit", "decided_on"]),
            models.Index(fields=["region", "status"]),
            # the steps before the decision: the scan's earliest act, and the cases filed or notified since a scan
            models.Index(fields=["region", "filed_on"], name="case_region_filed"),
            models.Index(fields=["region", "notified_on"], name="case_region_notified"),
        ]

    def __str__(self):
        return self.case_no


class CaseTransition(models.Model):
    """One workflow step: who, when, from, to, and the rule results."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="transitions")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    from_status = models.CharField(_("原状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on_date = models.DateField(_("业务日期"))
    rule_results = models.JSONField(_("规则检查结果"), default=list)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("案件流转 (case transition)")
        verbose_name_plural = verbose_name
        ordering = ["case_id", "at", "id"]

    def __str__(self):
        return f"{self.case_id}: {self.from_status or '新建'} -> {self.to_status}"


class LegalReview(models.Model):
    """法制审核 (行政处罚法第五十八条)."""

    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="legal_reviews"
    )
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    reviewer = models.ForeignKey(Person, verbose_name=_("审核人员"), on_delete=models.PROTECT)
    reviewed_on = models.DateField(_("审核日期"))
    result = models.CharField(_("审核结论"), max_length=8, choices=ReviewResult.choices, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("法制审核 (legal review)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"法制审核 {self.case_id} {self.reviewed_on}"


class Hearing(models.Model):
    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="hearings")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    requested_on = models.DateField(_("申请日期"))
    notice_on = models.DateField(_("通知日期"), null=True, blank=True)
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    host = models.CharField(_("主持人"), max_length=50, blank=True)
    conclusion = models.TextField(_("听证意见"), blank=True)

    class Meta:
        verbose_name = _("听证 (hearing)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"听证 {self.case_id} {self.requested_on}"


class CollectiveDiscussion(models.Model):
    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="discussions")
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    held_on = models.DateField(_("日期"))
    attendees = models.TextField(_("参加人员"), blank=True)
    conclusion = models.TextField(_("讨论结论"), blank=True)

    class Meta:
        verbose_name = _("集体讨论 (collective discussion)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"集体讨论 {self.case_id} {self.held_on}"


class Disclosure(models.Model):
    """行政执法公示 of a decision (国办发〔2018〕118号: 7 working days; 行政处罚法第四十八条)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    # One of case / measure / execution / licence: the decision disclosed (``kind`` says which).
    kind = models.CharField(
        _("决定类别"), max_length=10, choices=DisclosureKind.choices, default=DisclosureKind.PENALTY, db_index=True
    )
    case = models.OneToOneField(
        PenaltyCase, verbose_name=_("案件"), null=True, blank=True, on_delete=models.CASCADE, related_name="disclosure"
    )
    measure = models.OneToOneField(
        "enforcement.CoerciveMeasure",
        verbose_name=_("行政强制措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="disclosure",
    )
    execution = models.OneToOneField(
        "enforcement.EnforcementExecution",
        verbose_name=_("行政强制执行"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="disclosure",
    )
    licence = models.OneToOneField(
        "enforcement.LicenceDecision",
        verbose_name=_("行政许可决定"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="disclosure",
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=14, choices=DisclosureStatus.choices, default=DisclosureStatus.DUE)
    due_on = models.DateField(_("公示期限"), db_index=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True, db_index=True)
    public_text = models.TextField(_("公示内容（已脱敏）"), blank=True)
    withdraw_due_on = models.DateField(_("撤回期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("执法公示 (disclosure)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"公示 {self.get_kind_display()} {self.source_id} {self.get_status_display()}"

    @property
    def source(self):
        """The decision this row discloses."""
        return self.case or self.measure or self.execution or self.licence

    @property
    def source_id(self):
        return self.case_id or self.measure_id or self.execution_id or self.licence_id


class Recording(models.Model):
    """音像记录: a file stored content-addressed, with its SHA-256 computed while streaming."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="recordings"
    )
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), null=True, blank=True, on_delete=models.PROTECT, related_name="recordings"
    )
    measure = models.ForeignKey(
        "enforcement.CoerciveMeasure",
        verbose_name=_("行政强制措施"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    execution = models.ForeignKey(
        "enforcement.EnforcementExecution",
        verbose_name=_("行政强制执行"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    officer = models.ForeignKey(Person, verbose_name=_("记录人"), on_delete=models.PROTECT)
    device_name = models.CharField(_("记录设备"), max_length=100)
    recorded_at = models.DateTimeField(_("记录时间"))
    file_path = models.CharField(_("存储路径"), max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.BigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("音像记录 (recording)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.original_name} {self.sha256[:12]}"


class Evidence(models.Model):
    """证据 gathered in 调查取证 (《行政处罚法》第四十六条、第五十五条), with its file stored like a recording."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(_("证据名称"), max_length=200)
    collected_on = models.DateField(_("取证日期"))
    collected_by = models.ForeignKey(Person, verbose_name=_("取证人"), on_delete=models.PROTECT, related_name="+")
    file_path = models.CharField(_("存储路径"), max_length=300, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    size = models.BigIntegerField(_("大小(字节)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("证据 (evidence)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.get_kind_display()} {self.title}"


class VehicleOverload(models.Model):
    """超限超载检测."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    checked_at = models.DateTimeField(_("检测时间"), db_index=True)
    plate = models.CharField(_("车牌号"), max_length=12)
    number = models.CharField(_("检测编号"), max_length=60, blank=True, db_index=True)
    axles = models.PositiveSmallIntegerField(_("轴数"), null=True, blank=True)
    gross_weight = models.DecimalField(_("车货总重(吨)"), max_digits=8, decimal_places=2)
    limit_weight = models.DecimalField(_("限值(吨)"), max_digits=8, decimal_places=2)
    unloaded_tonnage = models.DecimalField(
        _("卸载倒运(吨)"), max_digits=10, decimal_places=2, default=0, null=True, blank=True
    )
    source_enterprise = models.ForeignKey(
        Party, verbose_name=_("源头企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("案件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="overloads"
    )
    joint_action = models.ForeignKey(
        JointAction, verbose_name=_("联合行动"), null=True, blank=True, on_delete=models.SET_NULL
    )
    device = models.ForeignKey(Device, verbose_name=_("检测设备"), null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("超限超载检测 (overload check)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.plate} {self.gross_weight}t"


class CriminalTransfer(models.Model):
    """行刑衔接: a case transferred to public security / procuratorate."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("移送单位"), on_delete=models.PROTECT)
    case = models.ForeignKey(
        PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="criminal_transfers"
    )
    transferred_on = models.DateField(_("移送日期"))
    to_agency = models.CharField(_("接收机关"), max_length=100)
    reason = models.TextField(_("移送理由"))
    accepted_on = models.DateField(_("立案/受理日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行刑衔接 (criminal transfer)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"移送 {self.case_id} {self.to_agency}"


class InterferenceRecord(models.Model):
    """干预插手记录: internal staff or leaders interfering in a case."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), null=True, blank=True, on_delete=models.SET_NULL)
    interferer_name = models.CharField(_("干预人"), max_length=50)
    interferer_role = models.CharField(_("干预人身份"), max_length=10, choices=InterfererRole.choices)
    method = models.TextField(_("干预方式"))
    occurred_on = models.DateField(_("发生日期"))
    recorded_by = models.ForeignKey(Person, verbose_name=_("记录人"), on_delete=models.PROTECT)
    recorded_on = models.DateField(_("记录日期"))
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("干预插手记录 (interference record)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"干预 {self.interferer_name} {self.occurred_on}"


# 行政强制 and 行政许可 acts live in their own module (this one stays under the size limit).
from .models_acts import (  # noqa: E402, F401
    AssistanceRecord,
    CoerciveMeasure,
    EnforcementExecution,
    LicenceDecision,
    UnitDisclosureSetting,
)
