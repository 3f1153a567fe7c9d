"""``zhifa worker``'s processes: django-tasks' database worker plus heartbeats, recovery and the schedule.

- Every worker process writes a heartbeat (WorkerBeat) every BEAT_SECONDS from a thread.
- A task left RUNNING by a process that is gone (its pid is dead on this host, or its heartbeat is older
  than ``ZHIFA_WORKER_STALE_SECONDS``) was killed mid-run: it is put back in the queue, up to
  MAX_ATTEMPTS runs in all; then it is marked failed (a report job says so and can be re-run from its page).
  Every task here is safe to run again: a report job rewrites its file, a check or a scan reconciles.
- The main process also runs the schedule (ops.schedules) every TICK_SECONDS.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import WorkerBeat
from .schedules import TICK_SECONDS, schedules_tick
from .tasks import ensure_checks_scheduled

log = logging.getLogger(__name__)

BEAT_SECONDS = 5
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The worker process running the task stopped (killed, crashed, machine restarted)."""


def stale_seconds() -> float:
    return float(os.environ.get("ZHIFA_WORKER_STALE_SECONDS", "60"))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_workers() -> set[str]:
    host = socket.gethostname()
    cutoff = timezone.now() - timezone.timedelta(seconds=stale_seconds())
    alive = set()
    for wid, pid, whost, beat_at in WorkerBeat.objects.values_list("worker_id", "pid", "host", "beat_at"):
        if whost == host and not _pid_alive(pid):
            continue
        if beat_at >= cutoff:
            alive.add(wid)
    return alive


def _job_failed(result: DBTaskResult) -> None:
    from .tasks import generation_run

    if result.task_path != generation_run.module_path:
        return
    from zhifa.web.models import GenerationJob, JobStatus

    job_id = (result.args_kwargs.get("args") or [None])[0]
    GenerationJob.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED,
        message=f"生成中断：后台进程{MAX_ATTEMPTS}次在生成中停止，请点击“重新生成”",
        finished_at=timezone.now(),
    )


def recover_orphans() -> list[str]:
    """Requeue (or, after MAX_ATTEMPTS runs, fail) the tasks whose worker is gone; returns their ids."""
    alive = live_workers()
    recovered = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        last = result.worker_ids[-1] if result.worker_ids else None
        if last in alive:
            continue
        if len(result.worker_ids) >= MAX_ATTEMPTS:
            result.set_failed(WorkerLost(f"worker {last} stopped during the run ({len(result.worker_ids)} attempts)"))
            _job_failed(result)
        else:
            DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
        recovered.append(str(result.pk))
        log.warning("task %s (%s) of stopped worker %s recovered", result.pk, result.task_path, last)
    WorkerBeat.objects.filter(beat_at__lt=timezone.now() - timezone.timedelta(days=1)).delete()
    return recovered


class ZhifaWorker(Worker):
    def __init__(self, *, scheduler: bool, **kwargs):
        super().__init__(**kwargs)
        self.scheduler = scheduler
        self._next_tick = 0.0
        self._stop_beat = threading.Event()

    # -- heartbeat ----------------------------------------------------------------------------------
    def _beat_once(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "queues": ",".join(self.queue_names)[:200],
                "beat_at": timezone.now(),
            },
        )

    def _beat_loop(self) -> None:
        try:
            while not self._stop_beat.wait(BEAT_SECONDS):
                try:
                    self._beat_once()
                except OperationalError:  # a locked SQLite file: the next beat will do
                    log.warning("heartbeat skipped (database busy)")
        finally:
            connection.close()

    # -- the loop -----------------------------------------------------------------------------------
    def tick(self) -> None:
        if time.monotonic() < self._next_tick:
            return
        self._next_tick = time.monotonic() + TICK_SECONDS
        recover_orphans()
        if self.scheduler:
            ensure_checks_scheduled()
            for name, period in schedules_tick():
                log.info("schedule %s: period %s enqueued", name, period)

    def _claim(self) -> tuple[DBTaskResult | None, bool]:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                result = tasks.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
                return result, True
            except OperationalError as e:
                if is_locked_database_exception(e):
                    return None, False
                raise

    def run(self) -> None:
        self._beat_once()
        beat = threading.Thread(target=self._beat_loop, name="zhifa-worker-beat", daemon=True)
        beat.start()
        try:
            while self.running:
                close_old_connections()
                self.tick()
                result, retrieved = self._claim()
                if result is not None:
                    self.run_task(result)
                elif self.batch and retrieved:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                close_old_connections()
                if self.running and result is None:
                    time.sleep(self.interval)
        finally:
            self._stop_beat.set()
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()


def report_processes() -> int:
    return max(1, int(getattr(settings, "REPORT_CONCURRENCY", 1)))
