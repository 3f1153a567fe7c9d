"""Narrative blocks of the annual report: defaults, per region-year overrides (ReportText), placeholders.

A block is text with placeholders of two kinds (docs/report-templates.md):

- ``{key}``: a figure of the report (``figures.AnnualFigures.placeholders``, listed in ``PLACEHOLDERS``);
- ``{指标 参数=值 …}``: any named metric of the metrics layer with its parameters, for the report's region and
  year, e.g. ``{行政检查次数 执法领域=市场监管 检查对象类别=零售药店}``. ``显示=数值`` prints a rate without its
  numerator and denominator, ``显示=约数`` prints 10余项 for 11–19, ``显示=名称N`` the first N record names.

A region-year's ReportText rows override the defaults below, which are written for any district (a scenario
stores its own wording with its own metric placeholders).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from .models import ReportText, ReportTextVersion

# Every placeholder a text may use (filled by figures.AnnualFigures.placeholders()).
PLACEHOLDERS = {
    "region_name": "区县名称",
    "year": "年度",
    "units": "行政执法单位数",
    "officers": "行政执法人员数",
    "reviewers": "法制审核人员数",
    "reviewer_ratio": "法制审核人员占比",
    "inspections": "行政检查次数",
    "penalties": "行政处罚件数",
    "filing_phrase": "完成备案的单位（“各行政执法单位”或“N个行政执法单位”）",
    "gas_hazards_rectified": "燃气隐患整改数",
    "hazchem_enterprises": "消地联合检查的危化品重大危险源企业数",
    "hazchem_rounds": "消地联合检查轮次",
    "source_enterprises": "检查源头企业数",
    "overloads": "查处超限超载车辆数",
    "overloads_100t": "百吨王车辆数",
    "unloaded_tonnage": "卸载倒运吨数",
    "first_remote_case": "非现场执法首例结案的表述",
    "new_certificates": "新增取证人数",
    "revoked_certificates": "注销证件数（退休、调离）",
    "case_file_reviews": "评查案卷数",
    "bulletin_phrase": "通报频次（“每月”或“全年N次”）",
    "supervised_units": "接受监督检查的单位（前三个）",
}

DEFAULTS: dict[str, str] = {
    "opening": "{year}年，{region_name}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "全面贯彻落实《提升行政执法质量三年行动计划（2023—2025年）》，着力提升行政执法质量和效能，深入推进法治政府建设。",
    "overview": "{region_name}持续推进严格规范公正文明执法。全区现有行政执法单位{units}个，行政执法人员{officers}人，"
    "法制审核人员{reviewers}人。全年共开展行政检查{inspections}次，实施行政处罚{penalties}件"
    "[，巡查、现场规范、教育改正{巡查及现场规范教育改正次数}次]。"
    "全区履职率{履职率 显示=数值}（已行使职权{履职率 显示=分子}项/享有职权{履职率 显示=分母}项），"
    "人员参与率{人员参与率 显示=数值}（有执法行为的持证人员{人员参与率 显示=分子}人/持证人员{人员参与率 显示=分母}人），"
    "人均执法量{人均执法量 显示=数值}件（执法行为{人均执法量 显示=分子}件/持证人员{人均执法量 显示=分母}人）。",
    # 表1, bound to the metrics (tables.py); 同比 where the previous year has data
    "t_overview_1": "标题 = 全区行政执法基本情况\n同比 = 是\n行政执法单位 = {行政执法单位数}个\n行政执法人员 = {行政执法人员数}人\n"
    "法制审核人员 = {法制审核人员数}人（占{法制审核人员占比 显示=数值}）\n行政检查 = {行政检查次数}次\n"
    "行政处罚 = {行政处罚决定数}件",
    "s1_title": "（一）领导重视，坚持高位推动",
    "s1": "区领导重视行政执法工作，要求执法单位严格落实行政执法“三项制度”，严密执法程序，坚持处罚与教育相结合的原则，"
    "积极落实行政处罚自由裁量基准，提升行政执法科学化和规范化水平。",
    "s2_title": "（二）建章立制，规范权力运行",
    "s2": "规范执法单位权责清单动态调整。[{filing_phrase}制定完善重大执法决定法制审核事项清单和音像记录管理制度并向区司法局备案。]",
    "s3_title": "（三）瞄准问题，开展专项整治",
    "s3": "坚持问题导向，围绕群众反映强烈的突出问题开展专项整治，相关单位认真落实工作职责，持续加大自查自纠力度。",
    "s4_title": "（四）聚焦重点，积极履职尽责",
    # 重点领域 paragraphs name their domains and campaigns: a region-year's texts write them with metric placeholders
    "s4_1": "",
    "s4_2": "",
    "s4_3": "",
    "s4_4": "",
    "focus_top_n": "3",  # how many 执法领域 the composed 重点领域 part describes when s4_1…s4_4 are empty
    "focus_campaign_top_n": "2",  # and how many 专项行动 (those with the year's most acts) follow them
    "s5_title": "（五）多措并举，加强执法监督",
    "s5_1": "1.严格证件管理。[组织{new_certificates}名新增执法人员通过考试取得执法证件。]"
    "[及时注销{revoked_certificates}名因退休、调离执法岗位人员的执法证件。]",
    "s5_2": "2.加强教育培训。要求各执法单位年度内组织执法人员培训不少于2次，确保执法人员每年学习时间60学时以上。",
    "s5_3": "3.重视监督整改。[{bulletin_phrase}通报平台数据统计分析情况。][全年评查案卷{case_file_reviews}件。]"
    "[对{supervised_units}等单位进行监督检查。]",
    "problems": "{year}年，{region_name}行政执法水平有所提升，但仍存在一些问题。下一步，将持续深入学习贯彻习近平法治思想，进一步提升行政执法工作效能。",
    "n1_title": "（一）提升执法人员素质",
    "n1": "研究制定年度培训计划，按计划开展全员培训，提高执法人员业务能力。",
    "n2_title": "（二）健全执法工作机制",
    "n2": "全面落实行政处罚法和行政执法“三项制度”及相关配套制度，着重加强法制审核力量建设。",
    "n3_title": "（三）提升执法监督效果",
    "n3": "综合运用监督平台、工作通报、统计分析、案卷评查、实地检查等方式，对行政执法工作开展经常性监督。",
}


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")  # [a clause] left out when every figure in it is zero
TOKEN = re.compile(r"\[([^\[\]]*)\]|\{([^{}]*)\}")
DISPLAY = "显示"


def parse_placeholder(body: str) -> tuple[str, dict[str, str], str]:
    """``行政检查次数 执法领域=市场监管 显示=数值`` -> (metric, {parameter: text}, display)."""
    name, *tokens = body.split()
    params, display = {}, ""
    for t in tokens:
        k, sep, v = t.partition("=")
        if not sep:
            raise InvalidInput(f"参数“{t}”须写成“参数=值”", field=t, code="report_text.placeholder")
        if k == DISPLAY:
            display = v
        else:
            params[k] = v
    return name, params, display


def _is_key(body: str) -> bool:
    return body in PLACEHOLDERS or (body.isascii() and " " not in body)


def check_placeholders(text: str) -> list[str]:
    """Placeholders in ``text`` that name no figure, no metric or a parameter the metric lacks, as messages."""
    from zhifa import metrics

    problems = []
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        return ["占位符格式错误：花括号不成对"]
    if "[" in OPTIONAL.sub("", rest) or "]" in OPTIONAL.sub("", rest):
        return ["可省略部分格式错误：方括号不成对或嵌套（写作 [……{指标}……]）"]
    for body in PLACEHOLDER.findall(text):
        body = body.strip()
        if _is_key(body):
            if body not in PLACEHOLDERS:
                problems.append(f"未知的占位符“{{{body}}}”（可用：{'、'.join(PLACEHOLDERS)}，或指标名称）")
            continue
        try:
            name, params, display = parse_placeholder(body)
            metrics.check(name, params)
            if display and not re.fullmatch(r"数值|分子|分母|约数|名称\d*", display):
                raise InvalidInput(f"“显示={display}”无效（可用：数值、分子、分母、约数、名称N）", field=DISPLAY)
        except InvalidInput as e:
            problems.append(f"{{{body}}}：{e.message}")
    return problems


def metric_value(region_code: str, year: int, body: str) -> tuple[str, object, bool]:
    """What a ``{指标 参数=值 …}`` placeholder prints for the region-year: (text, value, whether it is zero)."""
    from zhifa import metrics

    from .figures import about

    name, params, display = parse_placeholder(body)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if display.startswith("名称"):
        k = int(display[2:] or 0) or None
        _cols, rows = metrics.explain(name, region_code, start, end, **params)
        names = [str(r[1]) for r in rows]
        return "、".join(names[:k]), len(names), not names
    r = metrics.compute(name, region_code, start, end, **params)
    if display == "数值":
        return r.number, r.value, r.is_zero
    if display == "分子":
        return str(r.num), r.num, not r.num
    if display == "分母":
        return str(r.den), r.den, not r.den
    if display == "约数":
        return about(int(r.value or 0), ""), r.value, not r.value
    return r.text, r.value, r.is_zero


def metric_text(region_code: str, year: int, body: str) -> str:
    return metric_value(region_code, year, body)[0]


EXTRA_KEY = re.compile(r"s[1-5]_\d{1,2}")  # a paragraph added to a section (s4_5, s5_4, …)


def check_block(key: str, text: str) -> list[str]:
    """The problems of one block of a template (a paragraph's placeholders, a table's lines), naming them."""
    from .tables import check_table, is_table_key

    return check_table(text) if is_table_key(key) else check_placeholders(text)


def key_allowed(key: str) -> bool:
    from .tables import is_table_key, table_anchor

    if is_table_key(key):  # a table follows a paragraph: t_<paragraph>_<n>
        anchor = table_anchor(key)[0]
        paragraph = anchor in DEFAULTS and not anchor.endswith("_title") and not anchor.startswith(("focus_", "t_"))
        return paragraph or bool(EXTRA_KEY.fullmatch(anchor))
    return key in DEFAULTS or bool(EXTRA_KEY.fullmatch(key))


def section_keys(texts: dict[str, str], n: int) -> list[str]:
    """The paragraphs of section n in order: its default key(s), then added ones by number."""
    keys = [k for k in texts if k == f"s{n}" or EXTRA_KEY.fullmatch(k) and k.startswith(f"s{n}_")]
    return sorted(keys, key=lambda k: (0, 0) if k == f"s{n}" else (1, int(k.split("_")[1])))


def ordered_keys(texts: dict[str, str]) -> list[str]:
    def order(k):
        return (1, k[:2], int(k.split("_")[1])) if EXTRA_KEY.fullmatch(k) else (2, k, 0)

    return [*DEFAULTS, *sorted((k for k in texts if k not in DEFAULTS), key=order)]


def texts_for(region_code: str, year: int, report: str = "annual") -> dict[str, str]:
    out = dict(DEFAULTS)
    out.update(
        dict(ReportText.objects.filter(region_id=region_code, year=year, report=report).values_list("key", "text"))
    )
    return out




@dataclass
class Filled:
    """A block with its placeholders filled: how many figures it printed, how many were not zero, their values."""

    text: str
    figures: int = 0
    nonzero: int = 0
    values: list = field(default_factory=list)

    @property
    def all_zero(self) -> bool:
        """Every figure is zero (a block without figures is not: its words stand on their own)."""
        return bool(self.figures) and not self.nonzero


def fill_block(
    text: str,
    values: dict[str, object],
    *,
    region_code: str | None = None,
    year: int | None = None,
    zeros: dict[str, bool] | None = None,
) -> Filled:
    """Fill every placeholder; a ``[clause]`` whose figures are all zero is left out (docs/report-templates.md).

    ``zeros`` tells, for the report's figure keys, whether each is zero (a key not in it is not counted as a
    figure: ``{region_name}``, ``{year}``). Metric placeholders are zero when the metric says so.
    """
    out = Filled("")

    def placeholder(body: str, acc: Filled) -> str:
        body = body.strip()
        if _is_key(body):
            shown = str(values[body])
            if zeros is not None and body in zeros:
                acc.figures += 1
                acc.nonzero += not zeros[body]
                acc.values.append(body)
            return shown
        if region_code is None:
            raise InvalidInput(f"占位符“{{{body}}}”需要区划和年度", field="text", code="report_text.placeholder")
        shown, value, zero = metric_value(region_code, year, body)
        acc.figures += 1
        acc.nonzero += not zero
        acc.values.append(value)
        return shown

    def one(m: re.Match) -> str:
        if m.group(2) is not None:
            return placeholder(m.group(2), out)
        inner = Filled("")
        shown = PLACEHOLDER.sub(lambda x: placeholder(x.group(1), inner), m.group(1))
        out.figures += inner.figures
        out.nonzero += inner.nonzero
        out.values += inner.values
        return "" if inner.all_zero else shown

    out.text = TOKEN.sub(one, text)
    return out


def fill(text: str, values: dict[str, object], *, region_code: str | None = None, year: int | None = None) -> str:
    """Replace every placeholder: report figures from ``values``, metrics for the region-year."""
    return fill_block(text, values, region_code=region_code, year=year).text


@transaction.atomic
def report_text_set(*, actor, region_code: str, year: int, key: str, text: str, report: str = "annual") -> ReportText:
    """Store (or replace) one narrative block of a region-year's report."""
    authorize(actor, "report_text.set", region=region_code)
    if not key_allowed(key):
        raise InvalidInput(
            f"段落“{key}”不存在（可用：{'、'.join(DEFAULTS)}，新增段落 s1_1…s5_99，或表格 t_<段落>_<序号>）",
            field="key",
            code="report_text.key",
        )
    if key in ("focus_top_n", "focus_campaign_top_n") and not (
        text.strip().isdigit() and (key == "focus_campaign_top_n" or int(text) > 0) and int(text) <= 20
    ):
        raise InvalidInput("重点领域、专项行动的个数须为0至20的整数（领域至少1个）", field="text", code="report_text.focus_top_n")
    problems = check_block(key, text)
    if problems:
        raise InvalidInput("；".join(problems), field="text", code="report_text.placeholder")
    existing = (
        ReportText.objects.select_for_update().filter(region_id=region_code, year=year, report=report, key=key).first()
    )
    before = snapshot(existing)
    obj, _ = ReportText.objects.update_or_create(
        region_id=region_code, year=year, report=report, key=key, defaults={"text": text.strip()}
    )
    last = (
        ReportTextVersion.objects.filter(region_id=region_code, year=year, report=report, key=key)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    ReportTextVersion.objects.create(
        region_id=region_code,
        year=year,
        report=report,
        key=key,
        version=(last or 0) + 1,
        text=obj.text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(actor=actor, action="report_text.set", obj=obj, before=before, after=snapshot(obj))
    return obj
