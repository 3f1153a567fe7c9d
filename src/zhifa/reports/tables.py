"""Report tables bound to metrics: a template block that names its rows (or columns) by metric and parameter.

A table is a block of the region-year's template whose key is ``t_<paragraph>_<n>`` (it follows that paragraph,
e.g. ``t_overview_1``, ``t_s4_2_1``). Its text is one ``名称 = 值`` per line (docs/report-templates.md)::

    标题 = 市场监管检查情况
    零售药店（家次） = {行政检查次数 执法领域=市场监管 检查对象类别=零售药店}
    出动执法人员（人次） = {检查出动人次 执法领域=市场监管}

Without ``按``, each other line is a row: its label and a cell with placeholders (``{units}个``,
``{法制审核人员数}人（占{法制审核人员占比 显示=数值}）``). ``同比 = 是`` adds the previous year's cell and the
change where that year has data. With ``按 = 参数`` (单位, 执法领域, 检查对象类别, …) the rows are that parameter's
values and each other line is a column holding one metric placeholder; ``前 = N`` keeps the N largest rows (by
the first column) and ``合计 = 是`` adds the metric for the whole region. ``表头 = 项目、数量`` names the columns
of a table without ``按``.

A row whose figures are all zero is left out, and so is a table with no row left.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from zhifa.core.errors import InvalidInput

TABLE_KEY = re.compile(r"t_(.+)_(\d{1,2})")
RESERVED = ("标题", "按", "前", "合计", "同比", "表头")


@dataclass
class TableSpec:
    caption: str
    by: str = ""
    top: int | None = None
    total: bool = False
    yoy: bool = False
    header: tuple[str, ...] = ("项目", "数量")
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, cell template)


def is_table_key(key: str) -> bool:
    return bool(TABLE_KEY.fullmatch(key))


def table_anchor(key: str) -> tuple[str, int]:
    m = TABLE_KEY.fullmatch(key)
    return m.group(1), int(m.group(2))


def _yes(name: str, v: str) -> bool:
    if v in ("是", "否"):
        return v == "是"
    raise InvalidInput(f"表格“{name}”只能是“是”或“否”，而不是“{v}”", field="text", code="report_table.line")


def parse_table(text: str) -> TableSpec:
    """Read a table block (raises ``InvalidInput`` naming the line that is wrong)."""
    spec = TableSpec(caption="")
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        label, sep, value = line.partition("=")
        label, value = label.strip(), value.strip()
        if not sep or not label or not value:
            raise InvalidInput(f"表格第{i}行“{line}”须写成“名称 = 值”", field="text", code="report_table.line")
        if label == "标题":
            spec.caption = value
        elif label == "按":
            spec.by = value
        elif label == "前":
            if not value.isdigit() or not 0 < int(value) <= 100:
                raise InvalidInput(f"表格“前”须为1至100的整数，而不是“{value}”", field="text", code="report_table.line")
            spec.top = int(value)
        elif label == "合计":
            spec.total = _yes(label, value)
        elif label == "同比":
            spec.yoy = _yes(label, value)
        elif label == "表头":
            spec.header = tuple(h.strip() for h in value.split("、"))
        else:
            spec.lines.append((label, value))
    if not spec.caption:
        raise InvalidInput("表格缺少“标题 = ……”一行", field="text", code="report_table.caption")
    if not spec.lines:
        raise InvalidInput("表格至少需要一行“名称 = {指标 参数=值}”", field="text", code="report_table.empty")
    return spec


def check_table(text: str) -> list[str]:
    """The problems of a table block, each naming its line, metric or parameter."""
    from zhifa import metrics
    from zhifa.metrics.params import PARAMS

    from .texts import PLACEHOLDER, _is_key, check_placeholders, parse_placeholder

    try:
        spec = parse_table(text)
    except InvalidInput as e:
        return [e.message]
    problems = []
    for label, cell in spec.lines:
        problems += [f"“{label}”：{p}" for p in check_placeholders(cell)]
    if problems or not spec.by:
        if not spec.by and len(spec.header) != 2:
            problems.append(f"“表头”须为两列（项目、数量），而不是{len(spec.header)}列")
        return problems
    if spec.by not in PARAMS:
        return [f"未知的分组参数“按 = {spec.by}”（可用：{'、'.join(PARAMS)}）"]
    listable = spec.by == "单位" or PARAMS[spec.by].choices is not None
    for label, cell in spec.lines:
        bodies = PLACEHOLDER.findall(cell)
        if len(bodies) != 1 or PLACEHOLDER.sub("", cell).strip() or _is_key(bodies[0].strip()):
            problems.append(
                f"“{label}”：按参数分组的表格每列须只写一个指标占位符，如 {{行政检查次数 执法领域=市场监管}}"
            )
            continue
        name, params, _display = parse_placeholder(bodies[0].strip())
        m = metrics.METRICS[name]
        if spec.by not in m.params:
            problems.append(f"“{label}”：指标“{name}”不接受参数“{spec.by}”，不能按其分组")
        elif spec.by in params:
            problems.append(f"“{label}”：按“{spec.by}”分组的表格中，指标不能再写“{spec.by}=”")
        listable = listable or spec.by in m.groups
    if not problems and not listable:
        problems.append(f"按“{spec.by}”分组时至少一列的指标须能按“{spec.by}”分组列出取值")
    return problems


# ---------------------------------------------------------------- rendering
@dataclass
class Rendered:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple]


def render_table(spec: TableSpec, ctx) -> Rendered | None:
    """The table for the region-year of ``ctx`` (a ``document.Context``), or None when no row is left."""
    if spec.by:
        return _grouped(spec, ctx)
    rows = []
    for label, cell in spec.lines:
        now = ctx.fill(cell)
        if now.all_zero:
            continue
        row = (label, now.text)
        if spec.yoy and ctx.has_previous:
            before = ctx.fill(cell, previous=True)
            row += (before.text, _change(now, before, ctx))
        rows.append(row)
    if not rows:
        return None
    columns = spec.header
    if spec.yoy and ctx.has_previous:
        columns = (*columns, f"{ctx.year - 1}年", "同比")
    return Rendered(spec.caption, columns, rows)


def _change(now, before, ctx) -> str:
    from .xlsx import change

    if not now.values or not before.values:
        return "—"
    a, b = now.values[0], before.values[0]
    if isinstance(a, str):  # a report figure key: its value in each year
        a, b = ctx.figures[a].value, ctx.prev[b].value
    return change(a, b)


def _grouped(spec: TableSpec, ctx) -> Rendered | None:
    from zhifa import metrics
    from zhifa.metrics.params import PARAMS

    from .texts import PLACEHOLDER, parse_placeholder

    start, end = dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)
    cols = []
    for _label, cell in spec.lines:
        name, params, display = parse_placeholder(PLACEHOLDER.findall(cell)[0].strip())
        cols.append((name, params, display))
    # rows: the values some column can list (largest first), else the parameter's whole list
    listed: dict[str, dict[str, int]] = {}
    for i, (name, params, display) in enumerate(cols):
        m = metrics.METRICS[name]
        if spec.by in m.groups and not display:
            listed[i] = dict(metrics.breakdown(name, ctx.region, start, end, by=spec.by, **params))
    keys: list[str] = []
    for counts in listed.values():
        keys += [k for k in counts if k not in keys]
    if not listed:
        if spec.by == "单位":
            _c, units = metrics.explain("行政执法单位数", ctx.region, start, end)
            keys = [str(u[1]) for u in units]
        else:
            keys = list(PARAMS[spec.by].labels().values())
    rows = []
    for key in keys:
        cells, raw, zero = [], [], True
        for i, (name, params, display) in enumerate(cols):
            if i in listed:
                n = listed[i].get(key, 0)
                cells.append(n)
                raw.append(n)
                zero = zero and not n
                continue
            r = metrics.compute(name, ctx.region, start, end, **params, **{spec.by: key})
            cells.append(_shown(r, display))
            raw.append(r.value if isinstance(r.value, int | float | Decimal) else 0)
            zero = zero and r.is_zero
        if not zero:
            rows.append((raw[0], (key, *cells)))
    rows = [row for _v, row in sorted(rows, key=lambda x: -x[0])]  # stable: ties keep the listed order
    if spec.top:
        rows = rows[: spec.top]
    if not rows:
        return None
    if spec.total:
        rows.append(("合计", *[_shown(metrics.compute(n, ctx.region, start, end, **p), d) for n, p, d in cols]))
    return Rendered(spec.caption, (spec.by, *[label for label, _ in spec.lines]), rows)


def _shown(r, display: str) -> str:
    if display == "数值":
        return r.number
    if display == "分子":
        return str(r.num)
    if display == "分母":
        return str(r.den)
    return r.text
