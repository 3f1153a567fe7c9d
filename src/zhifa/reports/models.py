"""Report texts: narrative paragraphs that no record can give, stored per region and year.

A text may contain placeholders such as ``{inspections}``; the report fills them from figures
computed over records (see ``zhifa.reports.figures``). Editing a text never changes a figure.
"""

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
