"""``zhifa report annual|explain|assessment|safety-quarterly``: reports computed from records.

zhifa report annual --region 120110 --year 2023 --format docx [--out FILE]
zhifa report explain inspections --region 120110 --year 2023 [--out FILE.csv]
zhifa report explain "行政检查次数 执法领域=市场监管" --region 120110 --year 2023   (any metric placeholder)
zhifa report assessment --region 120110 --year 2023 --format xlsx [--out FILE]
zhifa report safety-quarterly --region 120110 --quarter 2023Q3 [--format md] [--out FILE]
zhifa report template load scenarios/dongli-2023.report.toml --region 120110 --year 2023
zhifa report template export --region 120110 --year 2023 [--out FILE.report.toml]
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.org.models import Region

FORMATS = ("docx", "html", "md")


class Command(BaseCommand):
    help = "由记录计算生成报告：年度行政执法工作报告、指标明细导出、安全生产执法季度报告"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which", required=True)
        a = sub.add_parser("annual", help="年度行政执法工作报告")
        a.add_argument("--region", required=True)
        a.add_argument("--year", type=int, required=True)
        a.add_argument("--format", choices=(*FORMATS, "xlsx"), default="docx", help="xlsx：全部数据及其口径、同比")
        a.add_argument("--out", default=None, help="输出文件（默认 REPORT_ROOT 下）")
        e = sub.add_parser("explain", help="导出某项指标背后的记录（CSV）")
        e.add_argument(
            "figure",
            help="指标键，如 inspections（见报告附件“数据口径”），或指标占位符，如 “行政检查次数 执法领域=市场监管”",
        )
        e.add_argument("--region", required=True)
        e.add_argument("--year", type=int, required=True)
        e.add_argument("--out", default=None, help="CSV 文件（默认输出到标准输出）")
        k = sub.add_parser("assessment", help="年度考核评议结果（得分、排名、失分原因）")
        k.add_argument("--region", required=True)
        k.add_argument("--year", type=int, required=True)
        k.add_argument("--format", choices=(*FORMATS, "xlsx"), default="docx")
        k.add_argument("--out", default=None)
        q = sub.add_parser("safety-quarterly", help="安全生产执法情况季度报告")
        q.add_argument("--region", required=True)
        q.add_argument("--quarter", required=True, help="如 2023Q3")
        q.add_argument("--format", choices=FORMATS, default="md")
        q.add_argument(
            "--domains", default="", help="安全生产执法领域（用“、”分隔；默认：本季度发现隐患的检查所属领域）"
        )
        q.add_argument("--out", default=None)

        t = sub.add_parser("template", help="报告模板文件：载入为本区划年度的报告文字，或导出")
        t.add_argument("action", choices=("load", "export"))
        t.add_argument("path", nargs="?", default=None, help="load：模板文件（*.report.toml）")
        t.add_argument("--region", required=True)
        t.add_argument("--year", type=int, required=True)
        t.add_argument("--out", default=None, help="export：输出文件（默认标准输出）")

    def handle(self, *args, **o):
        if not Region.objects.filter(code=o["region"]).exists():
            raise CommandError(f"行政区划“{o['region']}”不存在")
        try:
            getattr(self, "do_" + o["which"].replace("-", "_"))(o)
        except DomainError as e:
            raise CommandError(str(e))

    def _write(self, doc, fmt: str, out: str | None, default_stem: str) -> Path:
        from zhifa.reports.render import write

        path = Path(out) if out else Path(settings.REPORT_ROOT) / f"{default_stem}.{fmt}"
        written = write(doc, path.parent, path.stem if path.suffix == f".{fmt}" else path.name, (fmt,))[0]
        self.stdout.write(f"报告：{written}")
        return written

    def do_annual(self, o):
        from zhifa.reports.document import annual_document
        from zhifa.reports.figures import annual_figures

        figures = annual_figures(o["region"], o["year"])
        if not sum(r.acts for r in figures.units.values()):
            # a year without one act is a year whose data has not been loaded: the report would say 0 everywhere
            self.stderr.write(
                f"注意：{figures.region.name}{o['year']}年没有任何执法行为记录，报告中的执法数字将全部为0。"
                f"请确认该年度的数据已经载入（zhifa exchange load）。"
            )
        stem = f"{o['region']}-{o['year']}-行政执法工作报告"
        if o["format"] == "xlsx":
            from zhifa.reports.xlsx import write_figures_xlsx

            path = Path(o["out"]) if o["out"] else Path(settings.REPORT_ROOT) / f"{stem}-数据.xlsx"
            self.stdout.write(f"报告：{write_figures_xlsx(o['region'], o['year'], path, figures)}")
            return
        self._write(annual_document(o["region"], o["year"], figures), o["format"], o["out"], stem)

    def do_assessment(self, o):
        from zhifa.reports.assessment_report import assessment_document, write_assessment_xlsx

        stem = f"{o['region']}-{o['year']}-考核评议结果"
        if o["format"] == "xlsx":
            path = Path(o["out"]) if o["out"] else Path(settings.REPORT_ROOT) / f"{stem}.xlsx"
            self.stdout.write(f"报告：{write_assessment_xlsx(o['region'], o['year'], path)}")
            return
        self._write(assessment_document(o["region"], o["year"]), o["format"], o["out"], stem)

    def do_safety_quarterly(self, o):
        from zhifa.reports.quarterly import safety_quarterly_document

        domains = [d for d in o["domains"].split("、") if d.strip()] or None
        doc = safety_quarterly_document(o["region"], o["quarter"], domains)
        self._write(doc, o["format"], o["out"], f"{o['region']}-{o['quarter']}-安全生产执法季度报告")

    def do_template(self, o):
        from zhifa.core.policy import SYSTEM
        from zhifa.reports.template_file import report_template_load, template_file_text

        if o["action"] == "load":
            if not o["path"]:
                raise CommandError("请给出模板文件路径")
            keys = report_template_load(actor=SYSTEM, region_code=o["region"], year=o["year"], path=o["path"])
            self.stdout.write(f"已载入{len(keys)}个段落：{'、'.join(keys)}")
            return
        text = template_file_text(o["region"], o["year"])
        if o["out"]:
            Path(o["out"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"模板：{o['out']}")
        else:
            self.stdout.write(text)

    def do_explain(self, o):
        """The records behind a figure key or a metric placeholder, as CSV. A rate also names its numerator and
        denominator (on the terminal, or beside the file), and lists the records that make them up."""
        from zhifa.reports.figures import annual_figures

        body = o["figure"].strip().strip("{}").strip()
        if not body.isascii():  # a metric placeholder: 行政检查次数 执法领域=市场监管
            columns, rows, label = self._metric_records(body, o)
        else:
            figures = annual_figures(o["region"], o["year"])
            fig = figures.figures.get(body)
            if body in ("region_name", "year"):
                value = figures.placeholders()[body]
                columns, rows = ("占位符", "值", "说明"), [(body, value, "报告的区划名称或年度，不是由记录统计的数据")]
                label = f"{body}（{value}）"
            elif fig is None:
                keys = "、".join(k for k, f in figures.figures.items() if f.label)
                raise CommandError(f"指标“{body}”不存在（可用：{keys}，或指标占位符）")
            elif fig.metric:  # a rate: its metric gives numerator, denominator and records
                columns, rows, label = self._metric_records(fig.metric, o)
                label = f"{fig.label}（{fig.text}）：{label}"
            else:
                columns, rows = fig.explain()
                label = f"{fig.label or body}（{fig.text}）"
        if not columns:
            raise CommandError(f"指标“{body}”没有可列出的记录")
        fh = open(o["out"], "w", newline="", encoding="utf-8-sig") if o["out"] else sys.stdout
        try:
            w = csv.writer(fh)
            w.writerow(columns)
            n = 0
            for row in rows:
                w.writerow(
                    [
                        timezone.localtime(c).strftime("%Y-%m-%d %H:%M:%S") if isinstance(c, dt.datetime) else c
                        for c in row
                    ]
                )
                n += 1
        finally:
            if o["out"]:
                fh.close()
        if o["out"]:
            self.stdout.write(f"{label}：{n}条记录 → {o['out']}")
        else:
            self.stderr.write(f"{label}：{n}条记录")

    def _metric_records(self, body: str, o):
        """(columns, rows, label) of a metric placeholder; a rate's label names its numerator and denominator and
        its rows are those that make them up (one row per unit, person, case or plan, with both counts)."""
        from zhifa import metrics
        from zhifa.reports.texts import parse_placeholder

        name, params, _display = parse_placeholder(body)
        start, end = dt.date(o["year"], 1, 1), dt.date(o["year"], 12, 31)
        r = metrics.compute(name, o["region"], start, end, **params)
        columns, rows = metrics.explain(name, o["region"], start, end, **params)
        label = f"{name}（{r.text}）"
        if r.den is not None:
            label += f"，分子{r.num}，分母{r.den}（{metrics.METRICS[name].definition}）"
        return columns, rows, label
