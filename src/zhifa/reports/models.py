"""Report texts: narrative paragraphs that no record can give, stored per region and year.

A text may contain placeholders such as ``{inspections}``; the report fills them from figures
computed over records (see ``zhifa.reports.figures``). Editing a text never changes a figure.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.org.models import Region


class ReportText(models.Model):
    """报告文字: one narrative block of one report of one region and year."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    report = models.CharField(_("报告"), max_length=30, default="annual")
    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(_("段落"), max_length=40)
    text = models.TextField(_("文字（可含{占位符}）"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("报告文字 (report text)")
        verbose_name_plural = verbose_name
        ordering = ["region_id", "report", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["region", "report", "year", "key"], name="report_text_unique"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.year} {self.report}.{self.key}"


class ReportTextVersion(models.Model):
    """One saved version of a report paragraph (every save adds one; the latest is the ReportText row)."""

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    report = models.CharField(_("报告"), max_length=30, default="annual")
    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(_("段落"), max_length=40)
    version = models.PositiveIntegerField(_("版本"))
    text = models.TextField(_("文字"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告文字版本 (report text version)")
        verbose_name_plural = verbose_name
        ordering = ["region_id", "report", "year", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "report", "year", "key", "version"], name="report_text_version_unique"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.year} {self.report}.{self.key} v{self.version}"


class AssessmentSheet(models.Model):
    """考核评议指标表: one version of a region-year's unit-assessment sheet (indicators are named metrics).

    ``indicators``: [{"metric": 指标名称, "weight": 分值, "target": 目标值, "rule": 计分规则, "deduction": 每项扣分}];
    ``vetoes``: [一票否决项名称]. A save adds a version; the latest version is the sheet in force.
    """

    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(_("版本"))
    indicators = models.JSONField(_("考核指标"))
    vetoes = models.JSONField(_("一票否决项"), default=list)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核评议指标表 (assessment sheet)")
        verbose_name_plural = verbose_name
        ordering = ["region_id", "year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "version"], name="assessment_sheet_version_unique"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.year} 考核评议指标表 v{self.version}"
