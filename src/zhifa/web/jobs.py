"""Runs a GenerationJob as a background task (zhifa.ops.tasks.generation_run, the ``reports`` queue) and
records its progress for the polling page. The task survives restarts: a job whose worker was killed is
run again by the next worker (zhifa.ops.worker), or marked failed and re-run on request (``retry``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from zhifa.core.errors import DomainError

from . import integrations
from .models import GenerationJob, JobStatus

log = logging.getLogger(__name__)


def job_request(*, actor, kind: str, region_code: str, params: dict) -> GenerationJob:
    """Ask for a report (年度报告: report.generate) or a bulletin (月度通报: bulletin.issue) of a region."""
    from zhifa.core.policy import authorize

    from .models import JobKind

    if kind == JobKind.BULLETIN:
        authorize(actor, "bulletin.issue", region=region_code)
    else:
        authorize(actor, "report.generate", region=region_code)
    return GenerationJob.objects.create(kind=kind, region_id=region_code, params=params, created_by=actor)


def _progress(job_id: int):
    def report(percent: int, message: str = "") -> None:
        GenerationJob.objects.filter(pk=job_id).update(progress=max(0, min(99, int(percent))), message=message[:300])

    return report


def run_job(job_id: int, generate=None) -> str:
    """Generate the job's file (``integrations.generate``, or ``generate`` for jobs the product starts)."""
    generate = generate or integrations.generate
    job = GenerationJob.objects.get(pk=job_id)
    if job.status == JobStatus.DONE:
        return "done"
    GenerationJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, progress=1, message="开始生成")
    try:
        path, name = generate(job=job, progress=_progress(job_id))
    except DomainError as exc:
        GenerationJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc)[:300], finished_at=timezone.now()
        )
        return "failed"
    except Exception as exc:  # a crash must still end the job the user is watching
        log.exception("generation job %s failed", job_id)
        GenerationJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=f"生成失败：{exc}"[:300], finished_at=timezone.now()
        )
        return "failed"
    GenerationJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        progress=100,
        message="已完成",
        file_path=str(path),
        file_name=name,
        finished_at=timezone.now(),
    )
    return "done"


def start(job: GenerationJob) -> None:
    """Queue the job for ``zhifa worker``; inline when settings.WEB_JOBS_INLINE is set (tests)."""
    if getattr(settings, "WEB_JOBS_INLINE", False):
        run_job(job.pk)
        return
    from zhifa.ops.tasks import generation_run

    generation_run.enqueue(job.pk)


def retry(job: GenerationJob) -> None:
    """Run a failed job again (the 重新生成 button)."""
    GenerationJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, progress=0, message="已重新排队", finished_at=None
    )
    job.refresh_from_db()
    start(job)
