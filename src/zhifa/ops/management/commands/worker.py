"""``zhifa worker``: run the background tasks (supervision checks, report jobs, the schedule).

The main process works the ``default`` queue (checks, scans, the schedule) and starts
``ZHIFA_REPORT_CONCURRENCY`` (default 1) child processes for the ``reports`` queue: that is the cap on
report/bulletin jobs running at once, and a long report never delays the checks. A child that exits is
restarted. ``--batch`` runs everything queued in this one process and exits (tests, cron).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from zhifa.ops.tasks import REPORTS_QUEUE
from zhifa.ops.worker import ZhifaWorker, recover_orphans, report_processes


class Command(BaseCommand):
    help = "运行后台任务进程：写入后的监督检查、报告与通报生成任务、定时任务（每日全量扫描、月度通报、节假日安排检查）"

    def add_arguments(self, parser):
        parser.add_argument("--queue", default=None, help="只处理此队列（default 或 reports；默认两者）")
        parser.add_argument("--reports", type=int, default=None, help="报告生成进程数（默认 ZHIFA_REPORT_CONCURRENCY=1）")
        parser.add_argument("--batch", action="store_true", help="处理完队列中已有的任务后退出")
        parser.add_argument("--no-scheduler", action="store_true", help="不运行定时任务")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")
        parser.add_argument("--worker-id", default=None)

    def _logging(self, verbosity: int) -> None:
        level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        for name in ("zhifa.ops", "django_tasks", "django_tasks_db", "django.tasks"):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.handlers:
                logger.addHandler(logging.StreamHandler(self.stderr._out))
            logger.propagate = False  # printed once, here, not again by the root handler

    def handle(self, *args, queue, reports, batch, no_scheduler, interval, worker_id, verbosity, **options):
        self._logging(verbosity)
        if batch:
            recover_orphans()
            queues = [queue] if queue else ["*"]
            self._worker(queues, interval=0, batch=True, scheduler=not no_scheduler, worker_id=worker_id).run()
            return
        if queue:
            worker = self._worker([queue], interval=interval, batch=False, scheduler=not no_scheduler, worker_id=worker_id)
            worker.configure_signals()
            worker.run()
            return
        self._supervise(reports or report_processes(), interval, no_scheduler)

    def _worker(self, queues, *, interval, batch, scheduler, worker_id) -> ZhifaWorker:
        return ZhifaWorker(
            queue_names=queues,
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
            scheduler=scheduler,
        )

    def _supervise(self, n_reports: int, interval: float, no_scheduler: bool) -> None:
        """Main process: the default queue here, the report processes as children (restarted if they exit)."""
        argv = [sys.executable, "-m", "zhifa.cli", "worker", "--queue", REPORTS_QUEUE, "--no-scheduler"]
        children: list[subprocess.Popen] = [subprocess.Popen(argv) for _ in range(n_reports)]
        self.stdout.write(f"后台任务进程已启动：监督检查与定时任务（本进程），报告生成进程 {n_reports} 个")
        worker = self._worker(["default"], interval=interval, batch=False, scheduler=not no_scheduler, worker_id=None)

        def stop(signum, frame):
            for c in children:
                if c.poll() is None:
                    c.terminate()
            worker.shutdown(signum, frame)

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, stop)

        original_tick = worker.tick

        def tick():
            for i, c in enumerate(children):
                if c.poll() is not None and worker.running:
                    time.sleep(1)
                    children[i] = subprocess.Popen(argv)
            original_tick()

        worker.tick = tick
        try:
            worker.run()
        finally:
            for c in children:
                if c.poll() is None:
                    c.terminate()
            for c in children:
                c.wait(timeout=30)
