"""Row parsing for the bulk path (``bulk.BulkLoader``): typed values out of exchange rows, with the column
and a Chinese reason when a value is bad; chunking; the allowed keys per record type."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from . import rules as R


# ---- parsing helpers ------------------------------------------------------------------------------
class _Bad(Exception):
    def __init__(self, column: str, value, reason: str):
        self.column, self.value, self.reason = column, value, reason


def _date(row: dict, key: str, required: bool = False) -> dt.date | None:
    v = row.get(key)
    if v is None or v == "":
        if required:
            raise _Bad(key, "", "必填")
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise _Bad(key, v, "日期格式应为YYYY-MM-DD")


def _datetime(row: dict, key: str, tz, required: bool = True) -> dt.datetime | None:
    v = row.get(key)
    if v is None or v == "":
        if required:
            raise _Bad(key, "", "必填")
        return None
    if isinstance(v, str):
        try:
            v = dt.datetime.fromisoformat(v)
        except ValueError:
            raise _Bad(key, v, "时间格式应为ISO 8601")
    elif not isinstance(v, dt.datetime):
        if isinstance(v, dt.date):
            v = dt.datetime(v.year, v.month, v.day)
        else:
            raise _Bad(key, v, "应为时间")
    if v.tzinfo is None:
        v = v.replace(tzinfo=tz)
    return v


def _money(row: dict, key: str, places: int = 2) -> Decimal:
    v = row.get(key)
    if v is None or v == "":
        return R.ZERO
    try:
        d = v if isinstance(v, Decimal) else Decimal(str(v))
    except (InvalidOperation, ValueError):
        raise _Bad(key, v, "应为数字")
    if not d.is_finite() or d < 0:
        raise _Bad(key, v, "应为非负数")
    if d.as_tuple().exponent < -places:
        raise _Bad(key, v, f"最多{places}位小数")
    return d


def _int(row: dict, key: str, required: bool = False) -> int | None:
    v = row.get(key)
    if v is None or v == "":
        if required:
            raise _Bad(key, "", "必填")
        return None
    if isinstance(v, bool):
        raise _Bad(key, v, "应为整数")
    try:
        return int(v)
    except (TypeError, ValueError):
        raise _Bad(key, v, "应为整数")


def _choice(row: dict, key: str, choices, default=None, required: bool = True) -> str:
    v = row.get(key)
    if v is None or v == "":
        if default is not None:
            return default
        if required:
            raise _Bad(key, "", "必填")
        return ""
    if v not in R.values_of(choices):
        raise _Bad(key, v, f"应为{'/'.join(choices.values)}之一")
    return v


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[tuple[int, dict]]]:
    it = enumerate(rows, start=1)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


PAD_STEP = 256


def _padded_ids(ids: set[int]) -> list[int]:
    """The ids plus distinct impossible ones (negative), to a multiple of PAD_STEP.

    Each distinct ``IN (…)`` length is a distinct SQL text, and the database driver keeps a prepared
    statement per text (sqlite3 caches 128): without padding every chunk would leave one more large
    statement behind and memory would grow with the load. Padded, a load reuses a handful.
    """
    n = -(-len(ids) // PAD_STEP) * PAD_STEP
    return [*ids, *range(-1, -(n - len(ids)) - 1, -1)]


def _padded_strings(values: set[str]) -> list[str]:
    n = -(-len(values) // PAD_STEP) * PAD_STEP
    return [*values, *(f"#{'-' * 60}{i}" for i in range(n - len(values)))]  # longer than any case_no (60)


def _ids(chunk, *keys) -> set[int]:
    out = set()
    for _, row in chunk:
        for k in keys:
            v = row.get(k)
            if v not in (None, ""):
                try:
                    out.add(int(v))
                except (TypeError, ValueError):
                    pass
    return out


INSPECTION_KEYS = frozenset(
    "unit_id power_id party_id started_at mode kind officer_a_id officer_b_id campaign_id joint_action_id plan_id findings".split()
)
CASE_KEYS = frozenset(
    """unit_id power_id party_id procedure status case_no violation act_date discovered_at filed_on decided_on
    decision_no outcome penalty_kinds fine_amount confiscation_amount officer_a_id officer_b_id delivered_on paid_on
    paid_amount closed_on campaign_id inspection_id device_id is_major disclosed_on notified_on hearing_waived
    hearing_requested_on hearing_notice_on hearing_held_on hearing_host reviewer_id reviewed_on review_result
    review_opinion discussed_on discussion_attendees extension_days extension_approved_by party_absent
    discretion_tier discretion_reason first_offence harm_minor corrected harms_life_or_finance previous_case_id
    recordings""".split()
)
OTHER_KEYS = frozenset("unit_id power_id party_id kind occurred_at officer_a_id officer_b_id note".split())
HAZARD_KEYS = frozenset(
    "unit_id inspection_id party_id category severity description found_on deadline rectified_on".split()
)
OVERLOAD_KEYS = frozenset(
    """unit_id checked_at plate axles gross_weight limit_weight unloaded_tonnage source_enterprise_id case_id
    joint_action_id device_id""".split()
)


def _s(v) -> str:
    return "" if v is None else str(v)[:200]
