"""The workspace keeps one table of its own: report and bulletin generation jobs (progress, file)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("年度行政执法工作报告")
    BULLETIN = "bulletin", _("月度执法监督通报")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class GenerationJob(models.Model):
    """A report or bulletin being generated in the background, polled by the page (HTMX)."""

    kind = models.CharField(_("类型"), max_length=16, choices=JobKind.choices)
    region = models.ForeignKey("org.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT)
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT)
    params = models.JSONField(_("参数"), default=dict)
    status = models.CharField(_("状态"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    file_path = models.CharField(_("文件"), max_length=400, blank=True)
    file_name = models.CharField(_("下载文件名"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("生成任务 (generation job)")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.params}"

    @property
    def stalled(self) -> bool:
        """Still 'running' long after any report takes: the process that ran it was restarted."""
        import datetime as dt

        from django.utils import timezone

        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and timezone.now() - self.created_at > dt.timedelta(
            hours=2
        )
