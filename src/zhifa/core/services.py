from __future__ import annotations

from pathlib import Path

from django.db import transaction

from .audit import audit
from .calendar import missing_festivals
from .errors import ImportRejected, InvalidInput, RowError
from .importing import parse_date, read_rows
from .models import CalendarYear, HolidayArrangement
from .policy import authorize

KIND_LABELS = {
    "放假": HolidayArrangement.Kind.HOLIDAY,
    "调休上班": HolidayArrangement.Kind.WORKDAY,
    "上班": HolidayArrangement.Kind.WORKDAY,
}


@transaction.atomic
def holiday_import(*, actor, path: str | Path, year: int, notice: str) -> int:
    """Enter a year's 节假日安排 from the State Council notice; the year then counts as known.

    The whole year or nothing: every 放假 festival of 《全国年节及纪念日放假办法》第二条 must be in the
    file (the 节日 column; "中秋节、国庆节" names both), else nothing is written.
    """
    authorize(actor, "calendar.import")
    if not notice.strip():
        raise InvalidInput("请填写依据的通知名称", field="notice", code="calendar.notice")
    errors, rows = [], []
    for rownum, raw in read_rows(Path(path)):
        try:
            day = parse_date(raw.get("日期", ""))
        except ValueError as exc:
            errors.append(RowError(rownum, "日期", raw.get("日期", ""), str(exc)))
            continue
        if day.year != year:
            errors.append(RowError(rownum, "日期", raw.get("日期", ""), f"不属于{year}年"))
            continue
        kind = KIND_LABELS.get(raw.get("类型", ""))
        if kind is None:
            errors.append(RowError(rownum, "类型", raw.get("类型", ""), "应为“放假”或“调休上班”"))
            continue
        rows.append((day, kind, raw.get("节日", "")))
    if errors:
        raise ImportRejected(errors)
    missing = missing_festivals(name for _, kind, name in rows if kind == HolidayArrangement.Kind.HOLIDAY)
    if missing:
        # A partial notice would leave the missing festivals' days counted as working days.
        raise InvalidInput(
            f"{year}年节假日安排不完整，缺少：{'、'.join(missing)}"
            "（《全国年节及纪念日放假办法》第二条规定的全体公民放假的节日均须有放假安排）",
            field="节日",
            code="calendar.incomplete",
        )
    if CalendarYear.objects.filter(year=year).exists():
        raise InvalidInput(f"{year}年节假日安排已录入", field="year", code="calendar.year_exists")
    for day, kind, name in rows:
        HolidayArrangement.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "notice": notice})
    cy = CalendarYear.objects.create(year=year, notice=notice)
    audit(
        actor=actor, action="calendar.import", obj=cy, after={"year": year, "days": [(str(d), k) for d, k, _ in rows]}
    )
    return len(rows)
