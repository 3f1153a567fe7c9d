"""``zhifa supervise scan --region CODE [--as-of DATE] [--incremental]`` and ``zhifa supervise rules``."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.core.policy import SystemActor


class Command(BaseCommand):
    help = "执法监督：全量/增量扫描预警规则，或列出规则目录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="扫描一个行政区划的全部记录并更新预警")
        scan.add_argument("--region", required=True, help="行政区划代码，如 120110")
        scan.add_argument("--as-of", dest="as_of", help="检查基准日 YYYY-MM-DD（默认今天）")
        scan.add_argument("--incremental", action="store_true", help="只复查上次扫描以来变化的记录")
        scan.add_argument("--rule", action="append", dest="rules", help="只运行指定规则（可重复）")
        scan.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        sub.add_parser("rules", help="列出预警规则目录")

    def handle(self, *args, **opts):
        from zhifa.supervision.rules import catalogue
        from zhifa.supervision.services import alerts_scan

        if opts["action"] == "rules":
            for r in catalogue():
                self.stdout.write(f"{r.code:26} {r.severity:6} {r.title}｜{r.citation}")
            return
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else None
        except ValueError:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD：{opts['as_of']}")
        try:
            result = alerts_scan(
                actor=SystemActor("scan"),
                region_code=opts["region"], as_of=as_of, incremental=opts["incremental"], rules=opts["rules"]
            )
        except DomainError as e:
            raise CommandError(str(e))
        except KeyError as e:
            raise CommandError(f"未知规则：{e}")
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{result.region_code} 截至{result.as_of} {'增量' if result.incremental else '全量'}扫描，用时{result.seconds:.2f}秒："
            f"发现{result.found}，新增{result.raised}，待核验{result.cleared}，重新打开{result.reopened}"
        )
        for code, c in result.rules.items():
            self.stdout.write(
                f"  {code:26} 发现{c['found']:>6} 新增{c['raised']:>6} 待核验{c['cleared']:>5} 重开{c['reopened']:>4} {c['seconds']:.2f}s"
            )
