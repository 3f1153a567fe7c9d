"""Parameters of the named metrics: each has a Chinese name (the one a template writes) and a parser.

A parameter's value is written as text (``执法领域=市场监管``); several values are separated by ``、`` or
``|`` (any of them). Choice parameters accept the label a user sees (``零售药店``) or the stored code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from zhifa.core.errors import InvalidInput
from zhifa.enforcement.choices import (
    CampaignKind,
    HazardCategory,
    InspectionKind,
    InspectionMode,
    OtherActKind,
    PartyKind,
    PartyType,
    Procedure,
)
from zhifa.powers.choices import PowerCategory

NIGHT = (dt.time(20, 0), dt.time(6, 0))  # 夜查: 20:00–06:00


QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"|([^、|“”\"]+)")


def _split(text) -> list[str]:
    """Values separated by ``、`` or ``|``; a value holding ``、`` itself (a campaign or violation name such as
    ``占用、堵塞、封闭疏散通道``) is written in quotes, ``“…”`` or ``"…"``. A list or tuple (from code) is taken as
    the values already split."""
    if isinstance(text, list | tuple):
        return [str(v).strip() for v in text if str(v).strip()]
    out = []
    for quoted, ascii_quoted, bare in QUOTED.findall(text):
        v = (quoted or ascii_quoted or bare).strip()
        if v:
            out.append(v)
    return out


def _choices(choices):
    by_label = {str(label): value for value, label in choices.choices}
    values = {value for value, _ in choices.choices}

    def parse(name: str, text: str):
        out = []
        for v in _split(text):
            if v in values:
                out.append(v)
            elif v in by_label:
                out.append(by_label[v])
            else:
                raise InvalidInput(
                    f"参数“{name}”的取值“{v}”无效（可用：{'、'.join(by_label)}）", field=name, code="metric.param_value"
                )
        return out

    return parse


def _categories(name: str, text: str):
    """检查对象类别: free text as the senders name it (exchange.md principle 5); a product code is read as its label."""
    labels = {value: str(label) for value, label in PartyType.choices}
    return [labels.get(v, v) for v in _texts(name, text)]


def party_type_codes(labels: list[str]) -> list[str]:
    """The product's party types among the given 检查对象类别 labels (a free-text category has none)."""
    by_label = {str(label): value for value, label in PartyType.choices}
    return [by_label[x] for x in labels if x in by_label]


def _texts(name: str, text: str):
    vals = _split(text)
    if not vals:
        raise InvalidInput(f"参数“{name}”不能为空", field=name, code="metric.param_value")
    return vals


def _bool(name: str, text: str):
    if text in ("是", "true", "1"):
        return True
    if text in ("否", "false", "0"):
        return False
    raise InvalidInput(f"参数“{name}”只能是“是”或“否”", field=name, code="metric.param_value")


def _decimal(name: str, text: str):
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"参数“{name}”须为数字，而不是“{text}”", field=name, code="metric.param_value") from None


def _time_of_day(name: str, text: str) -> tuple[dt.time, dt.time]:
    """``夜查`` (20:00–06:00), ``夜间`` (the same) or ``HH:MM-HH:MM`` (may wrap past midnight)."""
    if text in ("夜查", "夜间"):
        return NIGHT
    try:
        a, b = text.replace("–", "-").split("-")
        return dt.time.fromisoformat(a.strip().zfill(5)), dt.time.fromisoformat(b.strip().zfill(5))
    except ValueError:
        raise InvalidInput(
            f"参数“{name}”须为“夜查”或“HH:MM-HH:MM”，而不是“{text}”", field=name, code="metric.param_value"
        ) from None


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    parse: object
    choices: object = None  # a TextChoices: codes are shown by their labels

    def labels(self) -> dict:
        return {v: str(label) for v, label in self.choices.choices} if self.choices is not None else {}


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("单位", "执法单位（全称或简称，可多个）", _texts),
        Param("执法领域", "职权所属执法领域（如 市场监管）", _texts),
        Param("职权类别", "职权类别（行政处罚、行政检查、行政强制……）", _choices(PowerCategory), PowerCategory),
        Param(
            "检查对象类别",
            "检查对象或当事人的类别，按报送的原文（零售药店、食品经营者……）；工作台录入的检查按当事人类型",
            _categories,
            PartyType,
        ),
        Param("当事人类型", "自然人 或 法人或其他组织", _choices(PartyKind), PartyKind),
        Param("重点保供", "对象是否重点保供（是/否）", _bool),
        Param("检查类别", "日常检查、专项检查、双随机抽查、联合检查、夜查", _choices(InspectionKind), InspectionKind),
        Param("检查方式", "现场、视频、网络、非现场", _choices(InspectionMode), InspectionMode),
        Param("联合行动", "是否属于联合执法行动（是/否）", _bool),
        Param("违法行为类型", "案件的违法行为（可多个，用“、”分隔）", _texts),
        Param("专项行动", "专项行动名称", _texts),
        Param("专项类型", "专项行动、专项治理、专项整治", _choices(CampaignKind), CampaignKind),
        Param("时段", "发生时段：夜查（20:00–06:00）或 HH:MM-HH:MM", _time_of_day),
        Param("程序", "简易程序 或 普通程序", _choices(Procedure), Procedure),
        Param("执法行为类别", "巡查、现场规范、教育改正", _choices(OtherActKind), OtherActKind),
        Param("隐患类别", "燃气、危化品、消防……", _choices(HazardCategory), HazardCategory),
        Param("车货总重下限", "车货总重不低于（吨）", _decimal),
        Param("参与单位领域", "联合行动的参与单位须包括这些执法领域的单位（每个领域至少一个）", _texts),
    )
}


def time_q(field: str, window: tuple[dt.time, dt.time]) -> Q:
    """Local time of ``field`` within the window (wrapping past midnight when it ends before it starts)."""
    a, b = window
    after = Q(**{f"{field}__time__gte": a})
    before = Q(**{f"{field}__time__lt": b})
    return (after | before) if b <= a else (after & before)
