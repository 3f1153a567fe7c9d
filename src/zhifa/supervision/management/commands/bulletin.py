"""``zhifa bulletin --region CODE --month YYYY-MM``: the monthly bulletin as DOCX and XLSX."""

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.core.policy import SystemActor


class Command(BaseCommand):
    help = "生成月度通报（DOCX + XLSX）"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="行政区划代码，如 120110")
        parser.add_argument("--month", required=True, help="月份 YYYY-MM")
        parser.add_argument("--out", help="输出目录（默认 REPORT_ROOT/bulletins/<区划>）")

    def handle(self, *args, **opts):
        from zhifa.supervision.services import bulletin_issue

        try:
            b = bulletin_issue(actor=SystemActor("cli:bulletin"), region_code=opts["region"], month=opts["month"], out_dir=opts["out"])
        except DomainError as e:
            raise CommandError(str(e))
        t = b.figures["totals"]
        self.stdout.write(f"{b.docx_path}\n{b.xlsx_path}")
        self.stdout.write(
            f"单位{len(b.figures['units'])}个，执法行为{t['acts']}件，预警新增{t['alerts_raised']}、关闭{t['alerts_closed']}"
        )
