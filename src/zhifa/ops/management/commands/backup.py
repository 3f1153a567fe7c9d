"""``zhifa backup [--out FILE]``: a consistent copy of the database while the service runs.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot page by page
while readers and writers go on. PostgreSQL: ``pg_dump --format=custom`` (restore with pg_restore).
Recordings (content-addressed files) and reports are plain files: copy the data directory's
``recordings/`` with any file tool; ``zhifa verify`` checks them against the database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "在线备份数据库（SQLite 在线备份接口；PostgreSQL 用 pg_dump）"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=None, help="备份文件（默认 数据目录/backups/zhifa-时间）")

    def handle(self, *args, out, **options):
        db = settings.DATABASES["default"]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        sqlite = db["ENGINE"].endswith("sqlite3")
        default = Path(settings.DATA_DIR) / "backups" / f"zhifa-{stamp}.{'sqlite3' if sqlite else 'pgdump'}"
        target = Path(out) if out else default
        target.parent.mkdir(parents=True, exist_ok=True)
        if sqlite:
            if not Path(db["NAME"]).exists():
                raise CommandError(f"数据库文件不存在：{db['NAME']}", returncode=2)
            src = sqlite3.connect(db["NAME"])
            dst = sqlite3.connect(target)
            try:
                src.backup(dst, pages=4096)
            finally:
                dst.close()
                src.close()
        else:
            if shutil.which("pg_dump") is None:
                raise CommandError("找不到 pg_dump：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）")
            env = dict(os.environ)
            if db.get("PASSWORD"):
                env["PGPASSWORD"] = db["PASSWORD"]
            cmd = ["pg_dump", "--format=custom", "--file", str(target), "--dbname", db["NAME"]]
            for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
                if db.get(key):
                    cmd += [flag, str(db[key])]
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise CommandError(f"pg_dump 失败：{done.stderr.strip()}")
        self.stdout.write(f"已备份到 {target}（{target.stat().st_size} 字节）")
