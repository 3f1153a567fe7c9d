"""``zhifa exchange load|template|export|token``: the exchange format on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError


class Command(BaseCommand):
    help = "数据交换：load 导入文件，template 生成模板，export 导出，token 管理接口令牌"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("load", help="导入 CSV/XLSX/JSONL 文件或文件夹（按依赖顺序）")
        p.add_argument("paths", nargs="+")
        p.add_argument("--type", dest="record_type", help="记录类型（文件名不是记录类型时）")
        p.add_argument("--ignore-extra", action="store_true", help="忽略未知的列")
        p.add_argument("--rejections", help="拒收记录 XLSX 的路径（默认 拒收记录-时间.xlsx）")
        p.add_argument("--no-progress", action="store_true")
        t = sub.add_parser("template", help="生成空白 XLSX 模板（表头、填写说明、下拉选项）")
        t.add_argument("record_type")
        t.add_argument("-o", "--output")
        e = sub.add_parser("export", help="导出记录（与 load 读取的格式相同）")
        e.add_argument("record_type", nargs="?", help="记录类型；省略则导出全部类型到文件夹")
        e.add_argument("--feed", choices=["shuanggongshi"], help="双公示行政处罚信息")
        e.add_argument("--format", choices=["csv", "jsonl", "xlsx", "json"], default="csv")
        e.add_argument("--unit", help="单位统一社会信用代码")
        e.add_argument("--region", help="行政区划代码")
        e.add_argument("--since", help="只导出此时间之后变更的记录（YYYY-MM-DD[ HH:MM]）")
        e.add_argument("--from", dest="date_from", help="期间起（YYYY-MM-DD）")
        e.add_argument("--to", dest="date_to", help="期间止（YYYY-MM-DD）")
        e.add_argument("-o", "--output", required=True, help="文件（单一类型）或文件夹（全部类型）")
        k = sub.add_parser("token", help="接口令牌")
        ksub = k.add_subparsers(dest="token_action", required=True)
        kc = ksub.add_parser("create")
        kc.add_argument("name", help="来源系统名称")
        kc.add_argument("--unit", help="单位统一社会信用代码")
        kc.add_argument("--region", help="行政区划代码（司法局令牌）")
        kr = ksub.add_parser("revoke")
        kr.add_argument("token", help="令牌前缀或编号")
        ksub.add_parser("list")

    def handle(self, *args, action, **o):
        try:
            getattr(self, f"_{action}")(**o)
        except DomainError as e:
            raise CommandError(str(e))

    # ---- load ------------------------------------------------------------------------------------
    def _load(self, *, paths, record_type, ignore_extra, rejections, no_progress, **_):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        from rich.table import Table

        from zhifa.exchange.actors import SYSTEM
        from zhifa.exchange.files import write_rejections
        from zhifa.exchange.services import exchange_load_files

        console = Console(file=self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        show = not no_progress and console.is_terminal
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show,
        ) as bar:

            def progress(label, total):
                task = bar.add_task(label, total=total)
                return lambda n: bar.advance(task, n)

            result = exchange_load_files(
                actor=SYSTEM,
                paths=[Path(p) for p in paths],
                record_type=record_type,
                ignore_extra=ignore_extra,
                progress=progress,
                parallel=True,  # (this command's main module does nothing on import)
                bulk=True,
            )
        table = Table(title="导入结果")
        for col in ("记录类型", "新增", "更新", "未变", "删除", "拒收"):
            table.add_column(col, justify="right" if col != "记录类型" else "left")
        for name, c in result.totals().items():
            table.add_row(name, *(str(c[k]) for k in ("created", "updated", "unchanged", "deleted", "rejected")))
        console.print(table)
        breaches = sum(len(f.report.breaches) for f in result.files)
        if breaches:
            console.print(f"已导入但违反法定要求的记录 {breaches} 处（已生成监督预警）")
        rows = result.rejections()
        if rows:
            import datetime as dt

            out = Path(rejections or f"拒收记录-{dt.datetime.now():%Y%m%d-%H%M%S}.xlsx")
            write_rejections(out, rows)
            for fname, _t, r in rows[:20]:
                console.print(f"{fname} {r}")
            if len(rows) > 20:
                console.print(f"……共 {len(rows)} 条拒收")
            console.print(f"拒收记录已写入 {out}：更正后重新导入即可")
            raise CommandError(f"{len(rows)} 条记录被拒收")

    # ---- template --------------------------------------------------------------------------------
    def _template(self, *, record_type, output, **_):
        from zhifa.exchange.files import write_template
        from zhifa.exchange.spec import record_type as get_type

        rtype = get_type(record_type)
        out = Path(output or f"{rtype.name}.xlsx")
        write_template(rtype, out)
        self.stdout.write(f"已生成模板 {out}")

    # ---- export ----------------------------------------------------------------------------------
    def _export(self, *, record_type, feed, format, unit, region, since, date_from, date_to, output, **_):
        from zhifa.exchange.export import export_to_path

        written = export_to_path(
            record_type=record_type,
            feed=feed,
            fmt=format,
            unit=unit,
            region=region,
            since=since,
            date_from=date_from,
            date_to=date_to,
            output=Path(output),
        )
        for path, n in written:
            self.stdout.write(f"{path}：{n} 条")

    # ---- tokens ----------------------------------------------------------------------------------
    def _token(self, *, token_action, **o):
        from zhifa.exchange import services
        from zhifa.exchange.actors import SYSTEM
        from zhifa.exchange.models import ApiToken
        from zhifa.org.models import Region, Unit

        if token_action == "create":
            unit = region = None
            if o.get("unit"):
                unit = Unit.objects.filter(uscc=o["unit"]).first()
                if unit is None:
                    raise CommandError(f"单位“{o['unit']}”不存在")
            elif o.get("region"):
                region = Region.objects.filter(pk=o["region"]).first()
                if region is None:
                    raise CommandError(f"行政区划“{o['region']}”不存在")
            token, plain = services.token_create(actor=SYSTEM, name=o["name"], unit=unit, region=region)
            self.stdout.write(f"令牌 #{token.pk}（{token}）已创建。请立即保存，它只显示这一次：\n{plain}")
        elif token_action == "revoke":
            token = services.token_revoke(actor=SYSTEM, token=services.token_get(o["token"]))
            self.stdout.write(f"令牌 #{token.pk}（{token}）已吊销")
        else:
            for t in ApiToken.objects.select_related("unit", "region"):
                scope = t.unit.name if t.unit else f"{t.region.name}（全区）"
                state = f"已吊销 {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "有效"
                self.stdout.write(f"#{t.pk}\t{t.prefix}…\t{t.name}\t{scope}\t{state}")
