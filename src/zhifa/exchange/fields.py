"""The field types of the exchange format (shared/exchange.md, 原则 5) and their parsers.

A parser takes what a file cell or a JSON value holds and returns the Python value, or raises
``Bad`` naming the reason in Chinese. Parsers never look at the database: references to other
records are resolved by the record type's writer.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

from zhifa.core.errors import DomainError
from zhifa.core.validators import validate_id_number, validate_uscc

BEIJING = ZoneInfo("Asia/Shanghai")
LIST_SEP = re.compile(r"[；;]")


class Bad(Exception):
    """One malformed field of one record: the field's Chinese name, the value as sent, the reason."""

    def __init__(self, field: str, value, reason: str):
        field, reason = printable(str(field)), printable(reason)
        super().__init__(reason)
        self.field, self.value, self.reason = field, "" if value is None else printable(str(value))[:200], reason


_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def unprintable(text: str) -> bool:
    """True if the text holds a control character (NUL …) or a lone surrogate: neither is storable text."""
    return _UNPRINTABLE.search(text) is not None


def printable(text: str) -> str:
    """The text with control characters and lone surrogates written as escapes, so a report can quote it."""
    if not unprintable(text):
        return text
    return "".join(
        c.encode("unicode_escape").decode() if (ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF else c
        for c in text
    )


@dataclass(frozen=True)
class F:
    """One field: Chinese name (file header), English key (JSON), type, and its constraints."""

    name: str
    key: str
    kind: str = "text"  # text date datetime bool amount decimal int code codes list id uscc region party_id
    required: bool = False
    codes: tuple[str, ...] = ()
    star: bool = False  # ★: part of the record's own key
    future_ok: bool = False  # a date that may lie ahead (有效期至, 整改期限, 结束日期 …)
    max_length: int = 0
    note: str = ""

    @property
    def is_list(self) -> bool:
        return self.kind in ("codes", "list")

    def describe(self) -> str:
        """The notes-row text of the template and the OpenAPI description."""
        parts = [self.name]
        if self.star:
            parts.append("★主键")
        if self.required:
            parts.append("必填")
        parts.append(KIND_TEXT[self.kind])
        if self.codes:
            parts.append("取值：" + "/".join(self.codes))
        if self.note:
            parts.append(self.note)
        return "；".join(parts)


KIND_TEXT = {
    "text": "文本",
    "date": "日期 YYYY-MM-DD",
    "datetime": "日期时间 YYYY-MM-DD HH:MM[:SS]（北京时间）",
    "bool": "是/否",
    "amount": "金额（元，最多2位小数）",
    "decimal": "数值（最多2位小数）",
    "int": "整数",
    "code": "代码值",
    "codes": "多个代码值，以“；”分隔",
    "list": "多个值，以“；”分隔",
    "id": "身份证号码（GB 11643）",
    "uscc": "统一社会信用代码（GB 32100）",
    "region": "行政区划代码（GB/T 2260）",
    "party_id": "统一社会信用代码或身份证号码",
}


_TODAY: list = [0, None]  # (the second it was read, Beijing's date then): every date field of a load asks


def today() -> dt.date:
    second = int(time.time())
    if _TODAY[0] != second:
        _TODAY[1] = dt.datetime.fromtimestamp(second, BEIJING).date()
        _TODAY[0] = second
    return _TODAY[1]


def _text(v) -> str:
    if type(v) is str:
        return v.strip()
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


def is_blank(v) -> bool:
    if isinstance(v, list | tuple):
        return all(is_blank(x) for x in v)
    return _text(v) == ""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{1,2}):(\d{2})(?::(\d{2}))?")


@lru_cache(maxsize=8192)
def date_of(s: str) -> dt.date | str:
    """The date a text names, or the reason it names none (a load repeats the same few hundred dates)."""
    try:
        d = dt.date.fromisoformat(s) if _DATE.fullmatch(s) else None
    except ValueError:
        return "不是有效的日期"
    return "日期格式应为YYYY-MM-DD" if d is None else d


def parse_date(f: F, v) -> dt.date:
    if isinstance(v, dt.datetime):
        d = v.date()
    elif isinstance(v, dt.date):
        d = v
    else:
        d = date_of(_text(v))
        if type(d) is str:
            raise Bad(f.name, v, d)
    if not f.future_ok and d > today():
        raise Bad(f.name, v, f"日期晚于今天（{today()}），不能是将来的日期")
    return d


def datetime_of(s: str) -> dt.datetime | str:
    """The Beijing time a text names, or the reason it names none."""
    m = _DATETIME.fullmatch(s.replace("T", " "))
    if not m:
        return "日期时间格式应为YYYY-MM-DD HH:MM[:SS]（北京时间）"
    try:
        d = dt.datetime.fromisoformat(f"{m[1]} {int(m[2]):02d}:{m[3]}:{m[4] or '00'}")
    except ValueError:
        return "不是有效的日期时间"
    return d.replace(tzinfo=BEIJING)


def parse_datetime(f: F, v) -> dt.datetime:
    if isinstance(v, dt.datetime):
        d = v.replace(tzinfo=BEIJING) if v.tzinfo is None else v.astimezone(BEIJING)
    else:
        d = datetime_of(_text(v))
        if type(d) is str:
            raise Bad(f.name, v, d)
    if not f.future_ok and d.date() > today():
        raise Bad(f.name, v, f"时间晚于今天（{today()}），不能是将来的时间")
    return d


def parse_bool(f: F, v) -> bool:
    if isinstance(v, bool):
        return v
    s = _text(v)
    if s == "是":
        return True
    if s == "否":
        return False
    raise Bad(f.name, v, "应为“是”或“否”")


@lru_cache(maxsize=4096)
def decimal_of(s: str) -> Decimal | str:
    """The amount a text names (to the cent), or the reason it is refused."""
    try:
        d = Decimal(s.replace(",", ""))
    except (InvalidOperation, ValueError):
        return "应为数字"
    if not d.is_finite() or d < 0:
        return "应为非负数"
    if d.as_tuple().exponent < -2:
        return "最多2位小数"
    if d >= _TOO_LARGE:
        return "数值过大"
    return d.quantize(_CENT)


_CENT, _TOO_LARGE = Decimal("0.01"), Decimal("1e12")


def parse_decimal(f: F, v) -> Decimal:
    d = decimal_of(_text(v))
    if type(d) is str:
        raise Bad(f.name, v, d)
    return d


_INT = re.compile(r"\d{1,9}")


@lru_cache(maxsize=1024)
def _int_of(s: str) -> int | str:
    return int(s) if _INT.fullmatch(s) else "应为非负整数"


def parse_int(f: F, v) -> int:
    n = _int_of(_text(v))
    if type(n) is str:
        raise Bad(f.name, v, n)
    return n


def split_list(v) -> list[str]:
    if isinstance(v, list | tuple):
        items = [_text(x) for x in v]
    else:
        items = LIST_SEP.split(_text(v))
    return [x.strip() for x in items if x.strip()]


def parse_code(f: F, v) -> str:
    s = _text(v)
    if s not in f.codes:
        raise Bad(f.name, v, "代码值无效，应为以下之一：" + "/".join(f.codes))
    return s


@lru_cache(maxsize=65536)
def _checked(kind: str, s: str) -> tuple[str, str]:
    """(compact value, "") or ("", reason): a file names the same unit or officer on every row."""
    try:
        return (validate_id_number(s) if kind == "id" else validate_uscc(s)), ""
    except DomainError as e:
        return "", e.message


def parse_id(f: F, v) -> str:
    value, reason = _checked("id", _text(v))
    if reason:
        raise Bad(f.name, v, reason)
    return value


def parse_uscc(f: F, v) -> str:
    value, reason = _checked("uscc", _text(v))
    if reason:
        raise Bad(f.name, v, reason)
    return value


def parse_party_id(f: F, v) -> str:
    """相对人证件号码: a USCC (18 characters, letters allowed) or an ID number — told apart by its check."""
    s = _text(v).upper()
    if len(s) == 18 and s[:17].isdigit():
        value, id_reason = _checked("id", s)
        if id_reason:
            value, _ = _checked("uscc", s)
        if not value:
            raise Bad(f.name, v, id_reason)
        return value
    return parse_uscc(f, s)


def parse_region(f: F, v) -> str:
    from .regions import region_known

    s = _text(v)
    if not re.fullmatch(r"\d{6}", s):
        raise Bad(f.name, v, "行政区划代码应为6位数字（GB/T 2260）")
    if not region_known(s):
        raise Bad(f.name, v, "行政区划代码不存在（GB/T 2260）")
    return s


_FILLED = (bool, int, Decimal, dt.date)  # values that are never blank (a date, a number, 是/否)


def parse_text(f: F, v) -> str:
    s = v.strip() if type(v) is str else _text(v)
    if f.max_length and len(s) > f.max_length:
        raise Bad(f.name, v, f"不超过{f.max_length}个字符")
    return s


def parse_codes(f: F, v) -> list[str]:
    out = [parse_code(f, x) for x in split_list(v)]
    if len(set(out)) != len(out):
        raise Bad(f.name, v, "取值重复")
    return out


def parse_list(f: F, v) -> list[str]:
    return split_list(v)


def parse_field(f: F, v):
    """The parsed value, or None for a blank optional field. Raises Bad."""
    if type(v) is str:
        blank = v == "" or v.isspace()
    else:
        blank = v is None or (v.isspace() if isinstance(v, str) else not isinstance(v, _FILLED) and is_blank(v))
    if blank:
        if f.required:
            raise Bad(f.name, "", "必填")
        return [] if f.is_list else None
    parser = PARSERS.get(f.kind)
    if parser is None:
        raise AssertionError(f.kind)
    return parser(f, v)


PARSERS = {
    "text": parse_text,
    "date": parse_date,
    "datetime": parse_datetime,
    "bool": parse_bool,
    "amount": parse_decimal,
    "decimal": parse_decimal,
    "int": parse_int,
    "code": parse_code,
    "codes": parse_codes,
    "list": parse_list,
    "id": parse_id,
    "uscc": parse_uscc,
    "party_id": parse_party_id,
    "region": parse_region,
}


def field_parser(f: F) -> Callable[[object, dt.date], object]:
    """``parse_field(f, v)`` of one field as a function of (v, today), with the same value or the same Bad for
    every v: the work that depends on the field alone is done here once, and the values a load sends (text, and
    an in-process client's dates, numbers, booleans and lists of text) are parsed without parse_field's
    dispatch; any other value goes to parse_field itself. ``today`` is read once per record (loader.parse_record)
    rather than once per date field."""
    name, kind, required, is_list = f.name, f.kind, f.required, f.is_list
    if kind == "text":
        limit = f.max_length
        too_long = f"不超过{limit}个字符"

        def parse(v, day):
            if type(v) is str:
                s = v.strip()
                if s:
                    if limit and len(s) > limit:
                        raise Bad(name, v, too_long)
                    return s
                if required:
                    raise Bad(name, "", "必填")
                return None
            return parse_field(f, v)

    elif kind in ("date", "datetime"):
        check_future, is_date = not f.future_ok, kind == "date"
        exact, of = (dt.date, date_of) if is_date else (dt.datetime, datetime_of)

        def parse(v, day):
            t = type(v)
            if t is str:
                s = v.strip()
                if not s:
                    if required:
                        raise Bad(name, "", "必填")
                    return None
                d = of(s)
                if type(d) is str:
                    raise Bad(name, v, d)
            elif t is exact:
                d = v if is_date else v.replace(tzinfo=BEIJING) if v.tzinfo is None else v.astimezone(BEIJING)
            else:
                return parse_field(f, v)
            if check_future and (d if is_date else d.date()) > day:
                if is_date:
                    raise Bad(name, v, f"日期晚于今天（{day}），不能是将来的日期")
                raise Bad(name, v, f"时间晚于今天（{day}），不能是将来的时间")
            return d

    elif kind == "bool":

        def parse(v, day):
            if v is True or v is False:
                return v
            if type(v) is str:
                s = v.strip()
                if s == "是":
                    return True
                if s == "否":
                    return False
                if not s:
                    if required:
                        raise Bad(name, "", "必填")
                    return None
                raise Bad(name, v, "应为“是”或“否”")
            return parse_field(f, v)

    elif kind in ("amount", "decimal", "int"):
        to_number = decimal_of if kind != "int" else _int_of

        def parse(v, day):
            t = type(v)
            if t is str:
                s = v.strip()
                if not s:
                    if required:
                        raise Bad(name, "", "必填")
                    return None
            elif t is Decimal or t is int:
                s = str(v)
            else:
                return parse_field(f, v)
            d = to_number(s)
            if type(d) is str:
                raise Bad(name, v, d)
            return d

    elif kind in ("code", "codes", "list"):
        codes = frozenset(f.codes)
        invalid = "代码值无效，应为以下之一：" + "/".join(f.codes)

        def parse(v, day):
            t = type(v)
            if t is str:
                s = v.strip()
                if not s:
                    items = None
                elif not is_list:
                    if s in codes:
                        return s
                    raise Bad(name, v, invalid)
                else:
                    items = [y for x in LIST_SEP.split(s) if (y := x.strip())]
            elif t is list and is_list and all(type(x) is str for x in v):
                items = [y for x in v if (y := x.strip())] or None
            else:
                return parse_field(f, v)
            if items is None:
                if required:
                    raise Bad(name, "", "必填")
                return [] if is_list else None
            if kind == "codes":
                for x in items:
                    if x not in codes:
                        raise Bad(name, x, invalid)
                if len(set(items)) != len(items):
                    raise Bad(name, v, "取值重复")
            return items

    elif kind in ("id", "uscc", "party_id"):
        number = "uscc" if kind == "uscc" else "id"

        def parse(v, day):
            if type(v) is str:
                s = v.strip()
                if not s:
                    if required:
                        raise Bad(name, "", "必填")
                    return None
                if kind == "party_id":
                    return parse_party_id(f, v)
                value, reason = _checked(number, s)
                if reason:
                    raise Bad(name, v, reason)
                return value
            return parse_field(f, v)

    else:

        def parse(v, day):
            return parse_field(f, v)

    return parse


def render(f: F, value) -> str:
    """A parsed value back in the exchange format (export, digests)."""
    if value is None:
        return ""
    if f.is_list:
        return "；".join(str(x) for x in value)
    t = type(value)
    if t is str:
        return value
    if t is dt.date:
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        d = value.astimezone(BEIJING)
        if d.year < 1000:  # strftime writes the year unpadded
            return d.strftime("%Y-%m-%d %H:%M:%S")
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
