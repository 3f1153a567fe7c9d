"""Masking of personal data for anything the public can see.

Policy (documented in README): a natural person's name keeps its first character (张**),
an ID number keeps its first 6 and last 4 (区划码 and check), a phone its first 3 and last 4,
a plate its province and letter and last 2. Organisation names are public and not masked.
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3})([\dXx])(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
PLATE_RE = re.compile(r"([\u4e00-\u9fa5][A-Z])([A-Z0-9]{3,4})([A-Z0-9]{2})(?![A-Z0-9])")


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_id_number(value: str) -> str:
    v = (value or "").strip()
    if len(v) < 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str) -> str:
    v = (value or "").strip()
    if len(v) < 7:
        return "*" * len(v)
    return v[:3] + "****" + v[-4:]


def mask_plate(value: str) -> str:
    v = (value or "").strip()
    if len(v) < 5:
        return v
    return v[:2] + "*" * (len(v) - 4) + v[-2:]


def scrub_text(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Mask ID numbers, phone numbers, plates and the given person names inside free text."""
    out = ID_RE.sub(lambda m: mask_id_number(m.group(0)), text or "")
    out = PHONE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), out)
    out = PLATE_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), out)
    for n in sorted({n for n in names if n}, key=len, reverse=True):
        out = out.replace(n, mask_name(n))
    return out
