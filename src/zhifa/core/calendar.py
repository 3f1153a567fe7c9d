"""Working days and legal periods.

- 《行政处罚法》第八十五条: "二日""三日""五日""七日" in that law are working days (不含法定节假日).
- 《民法典》第二百零一条: a period in days starts the day after the triggering day;
  第二百零三条: if its last day is a 法定休假日, the day after the holiday ends is the last day;
  第二百零二条: month/year periods end on the corresponding day (else the month's last day).

Days come from the product's own 节假日安排 table (HolidayArrangement, entered from the State
Council notice), falling back to ``chinesecalendar`` for 2004–2026. A date in a year that neither
knows raises CalendarUnknown naming the year: a deadline is never guessed.

A year entered by hand must hold every festival of 《全国年节及纪念日放假办法》第二条 (2024年11月10日
第四次修订): a notice missing one would leave that festival's days counted as working days.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import re
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _cc_constants

from .errors import CalendarUnknown

# 《全国年节及纪念日放假办法》(2024年修订) 第二条 全体公民放假的节日, in the article's order.
STATUTORY_FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
# Names a notice or a file may use for them: 第二条 called 元旦 "新年" until the 2024 revision;
# 除夕 is one of 春节's four days since then.
FESTIVAL_ALIASES = {
    "新年": "元旦",
    "除夕": "春节",
    "清明": "清明节",
    "五一": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆": "国庆节",
}
_NAME_SEPARATORS = re.compile(r"[、,，/;；\s]+|和|及")


def festival_names(label: str) -> set[str]:
    """The statutory festivals a 节日 label names: "中秋节、国庆节" names both; unknown names are dropped."""
    names = set()
    for part in _NAME_SEPARATORS.split(label or ""):
        name = FESTIVAL_ALIASES.get(part, part)
        if name in STATUTORY_FESTIVALS:
            names.add(name)
    return names


def missing_festivals(holiday_labels) -> list[str]:
    """Statutory festivals (第二条) with no 放假 day among ``holiday_labels``, in the article's order."""
    found: set[str] = set()
    for label in holiday_labels:
        found |= festival_names(label)
    return [f for f in STATUTORY_FESTIVALS if f not in found]


PACKAGE_FIRST_YEAR = min(_cc_constants.holidays).year
PACKAGE_LAST_YEAR = max(max(_cc_constants.holidays), max(_cc_constants.workdays)).year


@lru_cache(maxsize=1)
def _table() -> tuple[dict[dt.date, bool], frozenset[int]]:
    """(date -> is_working_day overrides, years entered in full). Cleared when the table changes."""
    from .models import CalendarYear, HolidayArrangement

    overrides = {row.date: row.kind == HolidayArrangement.Kind.WORKDAY for row in HolidayArrangement.objects.all()}
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return overrides, years


def clear_cache() -> None:
    _table.cache_clear()
    is_working_day.cache_clear()


def known_years() -> list[int]:
    _, years = _table()
    return sorted(set(range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1)) | set(years))


def year_known(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR or year in _table()[1]


@lru_cache(maxsize=8192)
def is_working_day(day: dt.date) -> bool:
    overrides, years = _table()
    if day in overrides:
        return overrides[day]
    if day.year in years:
        return day.weekday() < 5
    if PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR:
        return chinese_calendar.is_workday(day)
    raise CalendarUnknown(
        f"{day.year}年节假日安排尚未录入，无法计算工作日（{day:%Y-%m-%d}）；"
        f"请先录入国务院办公厅关于{day.year}年部分节假日安排的通知",
        field="date",
    )


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (start itself not counted). n=0 returns start."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    day = start
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days have passed since ``start``."""
    if end <= start:
        return 0
    return sum(1 for i in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=i)))


def next_working_day_on_or_after(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """Last day of a period of n calendar days from ``start`` (民法典 201, 203)."""
    return next_working_day_on_or_after(start + dt.timedelta(days=n))


def add_months(start: dt.date, months: int) -> dt.date:
    """Last day of a period of ``months`` months (民法典 202, 203)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    day = min(start.day, _stdcal.monthrange(year, month)[1])
    return next_working_day_on_or_after(dt.date(year, month, day))


def add_years(start: dt.date, years: int) -> dt.date:
    return add_months(start, 12 * years)
