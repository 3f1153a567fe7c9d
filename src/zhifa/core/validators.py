"""Identity-number validators (GB 11643 居民身份证号码, GB 32100 统一社会信用代码), via python-stdnum."""

from __future__ import annotations

import datetime as dt
import operator
from functools import lru_cache

from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc
from stdnum.util import isdigits

from .errors import InvalidInput


def validate_id_number(value: str, *, field: str = "id_number") -> str:
    """Return the compact 18-character number, or raise InvalidInput naming the rule."""
    v = (value or "").strip().upper()
    try:
        if len(v) != 18:
            raise stdnum_exc.InvalidLength()
        return _ric_validate(v)
    except stdnum_exc.InvalidChecksum:
        raise InvalidInput(f"身份证号码“{v}”校验码错误（GB 11643 第18位校验码）", field=field, code="id.checksum")
    except stdnum_exc.InvalidLength:
        raise InvalidInput(f"身份证号码“{v}”应为18位（GB 11643）", field=field, code="id.length")
    except stdnum_exc.InvalidComponent:
        raise InvalidInput(f"身份证号码“{v}”中的出生日期或地区码无效（GB 11643）", field=field, code="id.component")
    except stdnum_exc.ValidationError:
        raise InvalidInput(f"身份证号码“{v}”格式错误（GB 11643）", field=field, code="id.format")


def _ric_validate(number: str) -> str:
    """``ric.validate``, its steps in its order (python-stdnum's own functions), with the birth place looked up once
    per (地区码, birth year): that lookup reads python-stdnum's area database, tens of microseconds a number, and
    its answer depends on nothing else (``ric.get_birth_place``: the county in force in the birth year)."""
    number = ric.compact(number)
    if len(number) != 18:
        raise stdnum_exc.InvalidLength()
    if not isdigits(number[:-1]):
        raise stdnum_exc.InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise stdnum_exc.InvalidChecksum()
    year = ric.get_birth_date(number).year  # raises InvalidComponent for a date that does not exist
    if not _birth_place_known(number[:6], year):
        raise stdnum_exc.InvalidComponent()
    return number


@lru_cache(maxsize=8192)
def _birth_place_known(area: str, year: int) -> bool:
    try:
        ric.get_birth_place(f"{area}{year:04d}01010000")  # (the place depends on the area and the year only)
    except (stdnum_exc.InvalidComponent, KeyError):  # KeyError('county'): python-stdnum knows the prefecture only
        return False
    return True


def birth_date_from_id(value: str) -> dt.date:
    return ric.get_birth_date(value)


def validate_uscc(value: str, *, field: str = "uscc") -> str:
    v = (value or "").strip().upper()
    try:
        return uscc.validate(v)
    except stdnum_exc.InvalidChecksum:
        raise InvalidInput(
            f"统一社会信用代码“{v}”校验码错误（GB 32100 第18位校验码）", field=field, code="uscc.checksum"
        )
    except stdnum_exc.InvalidLength:
        raise InvalidInput(f"统一社会信用代码“{v}”应为18位（GB 32100）", field=field, code="uscc.length")
    except stdnum_exc.ValidationError:
        raise InvalidInput(f"统一社会信用代码“{v}”格式错误（GB 32100）", field=field, code="uscc.format")


_RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_RIC_CHECK = "10X98765432"


_RIC_ZERO = ord("0") * sum(_RIC_WEIGHTS)  # the weighted sum of 17 ASCII "0"s


def make_id_number(area: str, birth: dt.date, seq: int) -> str:
    """Build a valid 18-digit ID number (used by the demo generator, some 75,000 times a year, and tests)."""
    body = f"{area}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq % 1000:03d}"
    if len(body) != 17 or not (body.isascii() and body.isdigit()):
        raise ValueError(f"身份证号码本体应为17位数字（GB 11643）：{body}")
    return body + _RIC_CHECK[(sum(map(operator.mul, body.encode(), _RIC_WEIGHTS)) - _RIC_ZERO) % 11]


def make_uscc(prefix: str, serial: int) -> str:
    """Build a valid USCC from a 8-char prefix (登记管理部门+机构类别+行政区划码) and a serial."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + f"{serial:09d}"
    assert len(body) == 17, body
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + alphabet[(31 - total % 31) % 31]
