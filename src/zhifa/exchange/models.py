"""The exchange's own tables: the natural-key index of every record that came in, batches, and tokens."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.org.models import Region, Unit


class ExchangeRecord(models.Model):
    """One record as last received, under its natural key (exchange.md 原则 1 and 2).

    ``object_id`` is the row the record was written to (of the record type's model); ``digest`` is the
    hash of the canonical record, so that the same record sent again is recognised as unchanged without
    touching the domain tables; ``data`` keeps the record as sent (the fields the domain tables have no
    column for are exported from here).
    """

    record_type = models.CharField(_("记录类型"), max_length=20)
    key = models.CharField(_("主键"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.BigIntegerField(_("对象ID"), null=True, blank=True)
    digest = models.CharField(_("内容摘要"), max_length=64)
    data = models.JSONField(_("记录内容"), default=dict)
    deleted = models.BooleanField(_("已删除"), default=False)
    batch = models.CharField(_("批次号"), max_length=80, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("交换记录 (exchange record)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["record_type", "key"], name="exchange_record_key_unique")]
        indexes = [models.Index(fields=["record_type", "object_id"]), models.Index(fields=["unit", "record_type"])]

    def __str__(self):
        return f"{self.record_type} {self.key}"


class ApiToken(models.Model):
    """A source system's token: belongs to one unit, or to a region (the 司法局). Stored as a SHA-256 hash."""

    name = models.CharField(_("来源系统"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("所属行政区划"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌 (API token)")
        verbose_name_plural = verbose_name
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"


class Batch(models.Model):
    """A batch as received (API 批次号 / Idempotency-Key, or one file): applied once, with its report."""

    number = models.CharField(_("批次号"), max_length=80)
    source = models.CharField(_("来源"), max_length=120)
    token = models.ForeignKey(ApiToken, verbose_name=_("令牌"), null=True, blank=True, on_delete=models.SET_NULL)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.SET_NULL)
    record_type = models.CharField(_("记录类型"), max_length=20)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    counts = models.JSONField(_("统计"), default=dict)
    results = models.JSONField(_("逐条结果"), default=list)

    class Meta:
        verbose_name = _("交换批次 (batch)")
        verbose_name_plural = verbose_name
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="exchange_batch_once")]

    def __str__(self):
        return f"{self.source} {self.number}"
