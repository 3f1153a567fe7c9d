"""The background tasks (django-tasks, database backend; run by ``zhifa worker``).

- ``supervision_checks``: the supervision checks after writes (supervision.hooks fills the PendingCheck
  outbox and enqueues this task once per burst).
- ``generation_run``: a report or bulletin job (web.GenerationJob), on the ``reports`` queue whose
  worker processes are the concurrency cap.
- ``alerts_full_scan``, ``bulletin_monthly``, ``calendar_next_year_check``: the scheduled work
  (ops.schedules).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import PendingCheck

log = logging.getLogger(__name__)

CHECK_BATCH = 20  # records checked in one transaction (~50 ms each: the write lock is held ~1 s)
REPORTS_QUEUE = "reports"


def _pending_checks_task_ready() -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=supervision_checks.module_path, status=TaskResultStatus.READY
    ).exists()


_last_scheduled = [0.0]  # monotonic time this process last made sure a drain was waiting


def schedule_checks() -> None:
    """Make sure a drain of the outbox is waiting (called in the writer's transaction).

    At most one look at the queue per half delay per process: a drain enqueued less than that ago has
    not started yet (it runs after its delay), so it will see this write's outbox row too. Should that
    drain's transaction have rolled back, the worker's own tick (``ensure_checks_scheduled``) enqueues
    one for any row left in the outbox: the outbox, not the queue, is the record of what to check.
    """
    from django.conf import settings

    delay = float(getattr(settings, "ALERT_HOOK_DELAY_SECONDS", 2))
    now = time.monotonic()
    if now - _last_scheduled[0] < delay / 2:
        return
    _last_scheduled[0] = now
    if _pending_checks_task_ready():
        return
    supervision_checks.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue()


def ensure_checks_scheduled() -> bool:
    """The worker's safety net: a drain for outbox rows that no waiting task will pick up."""
    if PendingCheck.objects.exists() and not _pending_checks_task_ready():
        supervision_checks.enqueue()
        return True
    return False


def drain_checks(limit: int | None = None) -> int:
    """Check every record in the outbox once; a record saved again during its check is queued again."""
    from zhifa.supervision.scan import alerts_raise_for

    checked = 0
    while limit is None or checked < limit:
        with transaction.atomic():
            rows = list(PendingCheck.objects.select_for_update().order_by("id")[:CHECK_BATCH])
            if not rows:
                break
            PendingCheck.objects.filter(pk__in=[r.pk for r in rows]).delete()
            for row in rows:
                model = apps.get_model(row.label)
                obj = model.objects.filter(pk=row.object_pk).first()
                checked += 1
                if obj is None:  # deleted since: the nightly full scan settles its alerts
                    continue
                try:
                    alerts_raise_for(obj)
                except Exception:  # one failing check must not lose the batch; it is logged, the scan re-checks
                    log.exception("supervision check failed for %s #%s", row.label, row.object_pk)
    return checked


@task(queue_name="default")
def supervision_checks() -> int:
    return drain_checks()


@task(queue_name=REPORTS_QUEUE)
def generation_run(job_id: int) -> str:
    from zhifa.web.jobs import run_job

    return run_job(job_id)


@task(queue_name="default")
def alerts_full_scan(region_code: str, as_of: str) -> dict:
    from zhifa.core.policy import SystemActor
    from zhifa.supervision.scan import alerts_scan

    result = alerts_scan(region_code=region_code, as_of=dt.date.fromisoformat(as_of), actor=SystemActor("scheduler"))
    return {k: v for k, v in result.as_dict().items() if k != "rules"}


def _scheduled_bulletin(*, job, progress):
    """Like the jobs page's bulletin, issued by the product itself (the schedule has no user)."""
    from zhifa.core.policy import SystemActor
    from zhifa.supervision.services import bulletin_issue

    month = dt.date(job.params["year"], job.params["month"], 1)
    progress(20, "统计当月各单位数据")
    b = bulletin_issue(actor=SystemActor("scheduler"), region_code=job.region_id, month=month)
    progress(90, "已生成通报文件")
    return b.docx_path, f"{month:%Y年%m月}行政执法监督通报.docx"


@task(queue_name=REPORTS_QUEUE)
def bulletin_monthly(region_code: str, month: str) -> str:
    """The monthly bulletin for ``month`` (YYYY-MM), listed with the jobs started on the jobs page."""
    from zhifa.web.jobs import run_job
    from zhifa.web.models import GenerationJob, JobKind

    first = dt.date.fromisoformat(f"{month}-01")
    params = {"year": first.year, "month": first.month, "scheduled": True}
    job = GenerationJob.objects.filter(kind=JobKind.BULLETIN, region_id=region_code, params=params).first()
    if job is None:
        job = GenerationJob.objects.create(kind=JobKind.BULLETIN, region_id=region_code, params=params)
    return run_job(job.pk, generate=_scheduled_bulletin)


@task(queue_name="default")
def calendar_next_year_check(year: int) -> str:
    from .calendar_alert import calendar_alert_raise

    return calendar_alert_raise(year=year)
