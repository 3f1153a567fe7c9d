"""``zhifa demo [--scenario FILE] [--out DIR]``: a fresh database, a generated district-year, its report."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from zhifa.core.errors import DomainError


def holds_other_data() -> bool:
    """True when the database has the product's tables with rows in them and was not built by the demo."""
    from zhifa.cli import database_problem

    if database_problem():
        return False  # empty or not initialised: nothing to lose
    from zhifa.core.models import AuditLog
    from zhifa.core.selectors import is_demo_database
    from zhifa.org.models import Region

    return not is_demo_database() and (Region.objects.exists() or AuditLog.objects.exists())


def mark_demo() -> None:
    from zhifa.core.models import Setting
    from zhifa.core.selectors import DEMO_KEY

    Setting.objects.update_or_create(key=DEMO_KEY, defaults={"value": "1"})


def fresh_database(stdout=None) -> str:
    """Embedded SQLite: delete the file and migrate; PostgreSQL (ZHIFA_DATABASE_URL): migrate and flush."""
    db = settings.DATABASES["default"]
    connections.close_all()
    if db["ENGINE"].endswith("sqlite3"):
        path = Path(db["NAME"])
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            if p.exists():
                p.unlink()
        call_command("migrate", verbosity=0, interactive=False)
        return f"SQLite {path}"
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    return f"PostgreSQL {db.get('NAME')}@{db.get('HOST') or 'localhost'}"


class Command(BaseCommand):
    help = "生成演示区县一年的执法数据（新建数据库），并写出年度行政执法工作报告（DOCX、Markdown、HTML）"

    def add_arguments(self, parser):
        parser.add_argument("--scenario", default="dongli-2023", help="场景文件或名称（默认 dongli-2023）")
        parser.add_argument("--out", default=None, help="报告输出目录（默认 settings.REPORT_ROOT）")
        parser.add_argument("--timings", default=None, help="把各阶段耗时写入此 JSON 文件（bench 用）")
        parser.add_argument("--keep-db", action="store_true", help="不重建数据库（追加到现有数据库）")
        parser.add_argument("--force", action="store_true", help="数据库中已有非演示数据时仍然清空重建")

    def handle(self, *args, **opts):
        if not opts["force"] and holds_other_data():
            db = settings.DATABASES["default"]
            raise CommandError(
                f"数据库 {db.get('NAME')} 中已有非演示数据，zhifa demo 会清空它。"
                "请用 ZHIFA_DATA_DIR 或 ZHIFA_DATABASE_URL 指定另一个数据库；确需清空重建请加 --force",
                returncode=2,
            )
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from zhifa.demo.generator import Generator
        from zhifa.demo.scenario import load_scenario
        from zhifa.reports.render import write_annual

        console = Console(file=self.stdout._out if hasattr(self.stdout, "_out") else None)
        try:
            scenario = load_scenario(opts["scenario"])
        except DomainError as e:
            raise CommandError(e.message)
        out = Path(opts["out"]) if opts["out"] else Path(settings.REPORT_ROOT)
        t0 = time.perf_counter()
        where = "（保留现有数据库）" if opts["keep_db"] else fresh_database()
        mark_demo()
        t_db = time.perf_counter() - t0
        console.print(f"数据库：{where}")
        console.print(f"场景：{scenario.title}（{scenario.path}），随机种子 {scenario.seed}")
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("生成", total=100)

            def report(label: str, frac: float):
                if frac < 0:
                    progress.update(task, description=label)
                else:
                    progress.update(task, description=label, completed=frac * 100)

            t1 = time.perf_counter()
            try:
                gen = Generator(scenario, progress=report)
                timings = gen.run()
            except DomainError as e:
                raise CommandError(str(e))
            t_gen = time.perf_counter() - t1
        t2 = time.perf_counter()
        paths = write_annual(scenario.region_code, scenario.year, out)
        t_report = time.perf_counter() - t2
        console.print(f"生成与导入用时 {t_gen:.1f} 秒；报告用时 {t_report:.1f} 秒")
        for p in paths:
            console.print(f"报告：{p}")
        from zhifa.org.accounts import demo_accounts_print

        demo_accounts_print(console, region_code=scenario.region_code)
        if opts["timings"]:
            Path(opts["timings"]).write_text(
                json.dumps(
                    {
                        "database": t_db,
                        "generate": t_gen,
                        "report": t_report,
                        "phases": timings,
                        "cpu": gen.cpu,
                        "pid": os.getpid(),
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
