from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """Who changed what, when, with the state before and after. Written by every service.

    Tamper-evident (zhifa.core.chain): the rows of a region form a chain; ``seq`` numbers them, ``hash``
    is the SHA-256 of the row's content and of ``prev_hash``, the previous row's hash. ``zhifa verify``
    recomputes every hash and names altered, inserted and deleted rows.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True, db_index=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    seq = models.BigIntegerField(_("链内序号"), null=True, blank=True)
    prev_id = models.BigIntegerField(_("前一条ID"), null=True, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True)
    hash = models.CharField(_("本条哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计日志 (audit log)")
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["region_code", "seq"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class HolidayArrangement(models.Model):
    """节假日安排: one row per day from a State Council notice; extends and overrides chinesecalendar."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=32, blank=True)
    notice = models.CharField(_("依据通知"), max_length=200)

    class Meta:
        verbose_name = _("节假日安排 (holiday arrangement)")
        verbose_name_plural = verbose_name
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose complete arrangement has been entered (so that weekends there are trusted)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(_("依据通知"), max_length=200)
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已发布年度 (calendar year)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.year} {self.notice}"


class ChainHead(models.Model):
    """The last link of a region's audit chain. Appending locks this row (SELECT … FOR UPDATE), so two
    concurrent writers of one region take turns and never fork the chain."""

    region_code = models.CharField(_("行政区划代码"), max_length=12, primary_key=True, blank=True)
    seq = models.BigIntegerField(_("链内序号"), default=0)
    last_id = models.BigIntegerField(_("最后一条ID"), null=True, blank=True)
    hash = models.CharField(_("本条哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头 (audit chain head)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.region_code or '-'} #{self.seq}"


class Setting(models.Model):
    """A setting of this installation (e.g. ``demo=1`` on a database built by ``zhifa demo``)."""

    key = models.CharField(_("键"), max_length=64, primary_key=True)
    value = models.CharField(_("值"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("系统设置 (setting)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.key}={self.value}"
