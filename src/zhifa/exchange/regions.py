"""GB/T 2260 行政区划代码 from python-stdnum's ``stdnum/cn/loc.dat`` (exchange.md 原则 6).

A region, and the levels above it, exist as soon as a record names a valid code: nobody types
them in. A code that the table does not know is refused.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from zhifa.core.audit import audit
from zhifa.org.choices import RegionLevel
from zhifa.org.models import Region

# 直辖市: the districts' parent is the city itself (the product files 天津市 as a city-level region).
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_NAME = re.compile(r"(?:\[(\d*)-(\d*)\])?([^,]+)")


def _current_name(spec: str) -> str:
    """``[-1991]东郊区,[1992-]东丽区`` → 东丽区 (the latest name; a name without an end year wins)."""
    best = ""
    for part in spec.split(","):
        m = _NAME.fullmatch(part.strip())
        if not m:
            continue
        best = m[3]
        if not m[2]:
            return best
    return best


@cache
def table() -> dict[str, str]:
    """{6-digit code: current name} for every code in loc.dat (past codes included: old records name them)."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    province = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line[:2]
            m = re.search(r'province="([^"]*)"', line)
            out[province + "0000"] = _current_name(m[1]) if m else ""
            continue
        code, _, rest = line.strip().partition(" ")
        m = re.search(r'county="([^"]*)"', rest)
        name = _current_name(m[1]) if m else ""
        if code == "0000":
            continue
        out[province + code] = name
    return out


def region_known(code: str) -> bool:
    return code in table()


def _level(code: str) -> str:
    if code.endswith("0000"):
        return RegionLevel.CITY if code[:2] in MUNICIPALITIES else RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.DISTRICT


def _parent_code(code: str) -> str | None:
    if code.endswith("0000"):
        return None
    if code[:2] in MUNICIPALITIES or code.endswith("00"):
        return code[:2] + "0000"
    city = code[:4] + "00"
    return city if city in table() else code[:2] + "0000"


def region_ensure(code: str, *, actor=None) -> Region:
    """The Region row for a GB/T 2260 code, created with its parents from the table if missing."""
    existing = Region.objects.filter(pk=code).first()
    if existing is not None:
        return existing
    names = table()
    if code not in names:
        from zhifa.core.errors import InvalidInput

        raise InvalidInput(f"行政区划代码“{code}”不存在（GB/T 2260）", field="行政区划代码", code="region.unknown")
    parent_code = _parent_code(code)
    parent = region_ensure(parent_code, actor=actor) if parent_code else None
    region = Region.objects.create(code=code, name=names[code] or code, level=_level(code), parent=parent)
    audit(actor=actor, action="region.create", obj=region, after={"code": code, "name": region.name})
    return region
