"""Tables of the service side: the schedule's ledger, the workers' heartbeats, the checks waiting after writes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleRun(models.Model):
    """One row per (schedule, period): written in the same transaction as the task it enqueues, so a
    restarted scheduler never runs a period twice, and catches up a period it missed while down."""

    schedule = models.CharField(_("计划"), max_length=64)
    period = models.CharField(_("周期"), max_length=32)
    task_id = models.CharField(_("任务ID"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("入队时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划执行记录 (schedule run)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["schedule", "period"], name="ops_schedule_period_once")]

    def __str__(self):
        return f"{self.schedule} {self.period}"


class WorkerBeat(models.Model):
    """A worker process's heartbeat: a task whose worker stopped beating was killed and is recovered."""

    worker_id = models.CharField(_("进程标识"), max_length=64, primary_key=True)
    pid = models.IntegerField(_("进程号"))
    host = models.CharField(_("主机"), max_length=200)
    queues = models.CharField(_("队列"), max_length=200)
    started_at = models.DateTimeField(_("启动时间"), auto_now_add=True)
    beat_at = models.DateTimeField(_("心跳时间"))

    class Meta:
        verbose_name = _("后台进程心跳 (worker heartbeat)")
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.worker_id} {self.queues}"


class PendingCheck(models.Model):
    """A record written since the last supervision check (the hook's outbox). Written in the writer's own
    transaction; one row per record however often it is saved, so a burst of writes is checked once."""

    label = models.CharField(_("模型"), max_length=64)
    object_pk = models.BigIntegerField(_("记录ID"))
    queued_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待检查记录 (pending check)")
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["label", "object_pk"], name="ops_pending_check_once")]

    def __str__(self):
        return f"{self.label}#{self.object_pk}"
