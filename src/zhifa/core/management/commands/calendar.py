"""zhifa calendar import FILE --year 2027 --notice "国务院办公厅关于2027年部分节假日安排的通知"

FILE is a CSV with columns 日期,类型(放假/调休上班),节日 — one row per day of the notice.
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.core import services
from zhifa.core.errors import DomainError, ImportRejected
from zhifa.core.policy import SystemActor


class Command(BaseCommand):
    help = "节假日安排：导入国务院办公厅节假日安排通知（CSV），或列出已知年度"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--notice", required=True)
        sub.add_parser("years")

    def handle(self, *args, action, **opts):
        from zhifa.core import calendar

        if action == "years":
            self.stdout.write(" ".join(str(y) for y in calendar.known_years()))
            return
        try:
            n = services.holiday_import(actor=SystemActor("cli:calendar"), path=opts["file"], year=opts["year"], notice=opts["notice"])
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(str(e))
            raise CommandError(exc.message)
        except DomainError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"{opts['year']}年节假日安排已导入 {n} 天")
