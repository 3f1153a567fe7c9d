"""Working days (《行政处罚法》第八十五条) and calendar-day periods (《民法典》第二百零一条至第二百零三条)."""

import datetime as dt

import pytest

from zhifa.core import calendar
from zhifa.core.errors import CalendarUnknown
from zhifa.core.models import CalendarYear, HolidayArrangement

D = dt.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day, working",
    [
        (D(2023, 1, 23), False),  # 春节
        (D(2023, 1, 28), True),  # 调休 Saturday
        (D(2023, 1, 29), True),  # 调休 Sunday
        (D(2023, 10, 2), False),  # 国庆
        (D(2023, 10, 7), True),  # 调休 Saturday
        (D(2023, 10, 8), True),  # 调休 Sunday
        (D(2023, 10, 14), False),  # ordinary Saturday
        (D(2023, 10, 9), True),
    ],
)
def test_is_working_day(day, working):
    assert calendar.is_working_day(day) is working


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start, n, expected, why",
    [
        (D(2023, 9, 27), 7, D(2023, 10, 12), "国庆: 9-28, 10-7, 10-8 (调休), 10-9..10-12 count; 9-29..10-6 do not"),
        (D(2023, 1, 19), 5, D(2023, 1, 31), "春节: 1-20, 1-28, 1-29 (调休), 1-30, 1-31"),
        (D(2023, 10, 6), 1, D(2023, 10, 7), "a 调休 Saturday is a working day"),
        (D(2023, 3, 3), 3, D(2023, 3, 8), "weekend skipped"),
        (D(2023, 3, 3), 0, D(2023, 3, 3), "zero days"),
    ],
)
def test_add_working_days(start, n, expected, why):
    assert calendar.add_working_days(start, n) == expected, why


@pytest.mark.django_db
def test_count_working_days_is_inverse_of_add():
    start = D(2023, 9, 20)
    for n in range(0, 25):
        assert calendar.count_working_days(start, calendar.add_working_days(start, n)) == n


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start, days, expected, why",
    [
        (D(2023, 7, 3), 90, D(2023, 10, 7), "90 days end 10-01 (国庆) → 10-07, the day after the holiday ends"),
        (D(2023, 6, 5), 90, D(2023, 9, 4), "90 days end on Sunday 09-03 → Monday"),
        (D(2023, 9, 22), 15, D(2023, 10, 7), "ends on a 调休 Saturday, which is a working day: no roll-forward"),
        (D(2023, 3, 1), 15, D(2023, 3, 16), "ordinary Thursday"),
    ],
)
def test_calendar_day_period_rolls_forward_over_holidays(start, days, expected, why):
    assert calendar.add_calendar_days(start, days) == expected, why


@pytest.mark.django_db
def test_month_period_uses_month_end_when_no_corresponding_day():
    assert calendar.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert calendar.add_months(D(2023, 8, 31), 1) == D(2023, 10, 7)  # 9-30 is in the 国庆 holiday


@pytest.mark.django_db
def test_unknown_year_is_an_error_naming_the_year():
    with pytest.raises(CalendarUnknown) as exc:
        calendar.add_working_days(D(2026, 12, 28), 7)
    assert "2027年节假日安排尚未录入" in exc.value.message


@pytest.mark.django_db
def test_product_table_extends_and_overrides_the_package():
    CalendarYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）")
    HolidayArrangement.objects.create(date=D(2027, 1, 1), kind="holiday", name="元旦", notice="测试")
    HolidayArrangement.objects.create(date=D(2027, 1, 2), kind="holiday", name="元旦", notice="测试")
    calendar.clear_cache()
    # 2026-12-31 Thu → working days: 2027-01-04 Mon, 01-05, 01-06 …
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    # an override inside a package year wins over chinesecalendar
    HolidayArrangement.objects.create(date=D(2026, 3, 2), kind="holiday", name="测试", notice="测试")
    calendar.clear_cache()
    assert calendar.is_working_day(D(2026, 3, 2)) is False
