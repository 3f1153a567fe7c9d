"""``zhifa info``: where this installation keeps its data, and which database and cache it uses."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "显示数据目录、数据库、缓存与后台任务队列的配置"

    def handle(self, *args, **options):
        from zhifa.cli import database_problem

        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            where = f"SQLite {db['NAME']}"
        else:
            where = f"PostgreSQL {db.get('NAME')}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        cache = settings.CACHES["default"]
        cache_text = "Redis " + cache["LOCATION"] if "redis" in cache["BACKEND"] else f"数据库缓存表 {cache['LOCATION']}"
        problem = database_problem()
        lines = [
            f"数据目录：{settings.DATA_DIR}",
            f"数据库：{where}",
            f"数据库状态：{problem or '已初始化'}",
            f"共享缓存：{cache_text}",
            "任务队列：django-tasks 数据库后端（zhifa worker 运行）",
            f"音像记录目录：{settings.RECORDING_ROOT}",
            f"报告目录：{settings.REPORT_ROOT}",
            f"静态文件目录：{settings.STATIC_ROOT}",
            f"调试模式：{'开' if settings.DEBUG else '关'}",
        ]
        if not problem:
            from zhifa.core.selectors import is_demo_database

            lines.append(f"演示数据库：{'是' if is_demo_database() else '否'}")
        self.stdout.write("\n".join(lines))
