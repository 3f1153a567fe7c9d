from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    ApplicationStatus,
    CertificateStatus,
    PersonStatus,
    RegionLevel,
    RevocationReason,
    StaffingType,
    TrainingKind,
    UnitKind,
)


class Region(models.Model):
    """行政区划 (GB/T 2260)."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("行政区划 (region)")
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}({self.code})"

    @property
    def region_id(self):  # so that audit() files the row under the region itself
        return self.code


class Unit(models.Model):
    """行政执法单位 (enforcement unit)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=UnitKind.choices)
    domain = models.CharField(_("执法领域"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_enforcement_body = models.BooleanField(_("具有执法主体资格"), default=True)
    active_from = models.DateField(_("设立日期"))
    active_to = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("执法单位 (unit)")
        verbose_name_plural = verbose_name
        ordering = ["region_id", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name

    def active_on(self, day) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)


class Person(models.Model):
    """人员 (a member of staff of a unit)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18, unique=True)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    staffing_type = models.CharField(_("编制类型"), max_length=12, choices=StaffingType.choices)
    status = models.CharField(_("状态"), max_length=12, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    has_legal_qualification = models.BooleanField(_("具有法律职业资格"), default=False, null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("人员 (person)")
        verbose_name_plural = verbose_name
        ordering = ["unit_id", "id"]

    def __str__(self):
        return self.name


class Exam(models.Model):
    """执法资格考试."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    held_on = models.DateField(_("考试日期"))
    pass_score = models.PositiveSmallIntegerField(_("合格分数"), default=60)

    class Meta:
        verbose_name = _("执法资格考试 (exam)")
        verbose_name_plural = verbose_name
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.name}（{self.held_on}）"


class ExamResult(models.Model):
    exam = models.ForeignKey(Exam, verbose_name=_("考试"), on_delete=models.PROTECT, related_name="results")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="exam_results")
    score = models.PositiveSmallIntegerField(_("成绩"))

    class Meta:
        verbose_name = _("考试成绩 (exam result)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["exam", "person"], name="exam_result_once")]

    def __str__(self):
        return f"{self.person} {self.exam} {self.score}"

    @property
    def passed(self) -> bool:
        return self.score >= self.exam.pass_score


class Certificate(models.Model):
    """行政执法证件. At most one active certificate per person (enforced by a partial unique index)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("发证时单位"), on_delete=models.PROTECT, related_name="certificates")
    holder = models.ForeignKey(Person, verbose_name=_("持证人"), on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("证件编号"), max_length=30, unique=True)
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    exam_result = models.ForeignKey(
        ExamResult, verbose_name=_("取证考试"), null=True, blank=True, on_delete=models.PROTECT
    )
    issued_on = models.DateField(_("发证日期"), db_index=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    suspended_on = models.DateField(_("暂扣日期"), null=True, blank=True)
    revoked_on = models.DateField(_("注销日期"), null=True, blank=True, db_index=True)
    revocation_reason = models.CharField(_("注销原因"), max_length=12, choices=RevocationReason.choices, blank=True)

    class Meta:
        verbose_name = _("执法证件 (certificate)")
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder"],
                condition=models.Q(status__in=["active", "suspended"]),
                name="certificate_one_active_per_person",
            )
        ]

    def __str__(self):
        return f"{self.number} {self.holder}"


class LegalReviewerDesignation(models.Model):
    """法制审核人员 designation (行政处罚法第五十八条)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="reviewer_terms")
    designated_on = models.DateField(_("确定日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    first_time = models.BooleanField(_("初次从事法制审核"), default=True, null=True, blank=True)

    class Meta:
        verbose_name = _("法制审核人员 (legal reviewer)")
        verbose_name_plural = verbose_name
        ordering = ["-designated_on"]

    def __str__(self):
        return f"{self.person}（{self.unit}）"


class TrainingSession(models.Model):
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    organizer = models.ForeignKey(
        Unit, verbose_name=_("组织单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=TrainingKind.choices, blank=True)
    held_on = models.DateField(_("日期"), db_index=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("培训 (training session)")
        verbose_name_plural = verbose_name
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("培训"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="trainings")
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("培训出勤 (attendance)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once")]

    def __str__(self):
        return f"{self.person} {self.session} {self.hours}"


class CertificateApplication(models.Model):
    """申领行政执法证件: the unit applies for a person; the 编制 check runs at once (org.choices
    CERTIFIABLE_STAFFING); the 区司法局 approves or returns; an exam result follows and a pass issues the
    certificate. Status changes only through ``org.certification``."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("申领人"), on_delete=models.PROTECT, related_name="certificate_applications"
    )
    applied_on = models.DateField(_("申请日期"))
    staffing_type = models.CharField(_("申请时编制类型"), max_length=12, choices=StaffingType.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见/退回理由"), blank=True)
    exam_result = models.ForeignKey(
        ExamResult, verbose_name=_("考试成绩"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("所发证件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("证件申领 (certificate application)")
        verbose_name_plural = verbose_name
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return f"{self.person} 申领 {self.applied_on}"
