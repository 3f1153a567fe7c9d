"""Runs a GenerationJob in a background thread and records its progress for the polling page."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from zhifa.core.errors import DomainError

from . import integrations
from .models import GenerationJob, JobStatus

log = logging.getLogger(__name__)


def _progress(job_id: int):
    def report(percent: int, message: str = "") -> None:
        GenerationJob.objects.filter(pk=job_id).update(progress=max(0, min(99, int(percent))), message=message[:300])

    return report


def run_job(job_id: int) -> None:
    job = GenerationJob.objects.get(pk=job_id)
    GenerationJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, progress=1, message="开始生成")
    try:
        path, name = integrations.generate(job=job, progress=_progress(job_id))
    except DomainError as exc:
        GenerationJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc)[:300], finished_at=timezone.now()
        )
        return
    except Exception as exc:  # a crash in a background thread must still end the job the user is watching
        log.exception("generation job %s failed", job_id)
        GenerationJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=f"生成失败：{exc}"[:300], finished_at=timezone.now()
        )
        return
    GenerationJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        progress=100,
        message="已完成",
        file_path=str(path),
        file_name=name,
        finished_at=timezone.now(),
    )


def start(job: GenerationJob) -> None:
    """Run in a background thread of this process; inline when settings.WEB_JOBS_INLINE is set (tests
    inside one transaction, where a thread would not see the uncommitted rows)."""
    if getattr(settings, "WEB_JOBS_INLINE", False):
        run_job(job.pk)
        return

    def target():
        try:
            run_job(job.pk)
        finally:
            connection.close()

    close_old_connections()
    threading.Thread(target=target, name=f"zhifa-job-{job.pk}", daemon=True).start()
