"""``zhifa serve``: the production web server (gunicorn), static files by whitenoise.

Refuses to start on an unsafe configuration (zhifa.core.checks: DEBUG off with the public or a short
secret key), collects the static files into the data directory, then replaces itself with gunicorn.
"""

from __future__ import annotations

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "以生产方式运行网站（gunicorn，静态文件由 whitenoise 提供）"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ZHIFA_BIND", "127.0.0.1:8000"), help="监听地址（默认 ZHIFA_BIND 或 127.0.0.1:8000）")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ZHIFA_WEB_WORKERS", "2")), help="gunicorn 进程数")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("ZHIFA_WEB_THREADS", "4")), help="每进程线程数")
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件")

    def handle(self, *args, bind, workers, threads, no_collectstatic, **options):
        from zhifa.core.checks import secret_key_problem

        problem = secret_key_problem()
        if problem:
            raise CommandError(problem, returncode=2)
        from zhifa.cli import database_problem

        problem = database_problem()
        if problem:
            raise CommandError(problem, returncode=2)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "zhifa.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "30",
            "--timeout",
            "120",
        ]
        self.stdout.write(f"zhifa serve：gunicorn 监听 {bind}，{workers} 个进程 × {threads} 线程")
        self.stdout.flush()
        os.execv(sys.executable, argv)
