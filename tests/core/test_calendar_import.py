"""zhifa calendar import: a year is complete (every festival of 第二条) or refused, and nothing is written."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.core import calendar
from zhifa.core.errors import CalendarUnknown
from zhifa.core.models import AuditLog, CalendarYear, HolidayArrangement

D = dt.date
# Made-up 2027 arrangement (the real notice is not published yet): see tests/core/data/README.md.
FULL_2027 = Path(__file__).parent / "data" / "holidays_2027_TEST_DATA.csv"
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（测试数据）"


def _without(tmp_path, festival: str) -> Path:
    lines = FULL_2027.read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if not line.endswith("," + festival)]
    f = tmp_path / f"2027-without-{festival}.csv"
    f.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return f


def _import(path: Path, year: int = 2027):
    call_command("calendar", "import", str(path), "--year", str(year), "--notice", NOTICE)


def _nothing_written():
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not HolidayArrangement.objects.exists()
    assert not AuditLog.objects.filter(action="calendar.import").exists()


@pytest.mark.django_db
def test_2027_without_spring_festival_is_refused_naming_it(tmp_path):
    with pytest.raises(CommandError) as exc:
        _import(_without(tmp_path, "春节"))
    msg = str(exc.value)
    assert "缺少：春节（" in msg and "全国年节及纪念日放假办法" in msg and "第二条" in msg
    _nothing_written()
    with pytest.raises(CalendarUnknown):  # 2027 is still unknown: no deadline is guessed
        calendar.add_working_days(D(2027, 2, 3), 3)


@pytest.mark.django_db
def test_a_file_with_only_new_year_names_every_missing_festival(tmp_path):
    """The report that opened the issue: a 2027 file holding only 元旦 was accepted."""
    f = tmp_path / "2027.csv"
    f.write_text("日期,类型,节日\n2027-01-01,放假,元旦\n2027-01-02,放假,元旦\n2027-01-03,放假,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _import(f)
    assert "缺少：春节、清明节、劳动节、端午节、中秋节、国庆节（" in str(exc.value)
    _nothing_written()


@pytest.mark.django_db
def test_full_2027_is_accepted_and_deadlines_cross_spring_festival():
    with pytest.raises(CalendarUnknown):
        calendar.add_working_days(D(2026, 12, 30), 3)
    _import(FULL_2027)
    assert CalendarYear.objects.filter(year=2027).exists()
    assert HolidayArrangement.objects.count() == 34
    assert AuditLog.objects.filter(action="calendar.import").count() == 1
    # 元旦 1-3 Jan: 2026-12-30 Wed → 12-31, 01-04, 01-05.
    assert calendar.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    # 《行政处罚法》第八十五条 three working days from Wed 2-3: Thu 2-4, then 春节 2-5…2-13, Sun 2-14, Mon 2-15, Tue 2-16.
    assert calendar.add_working_days(D(2027, 2, 3), 3) == D(2027, 2, 16)
    assert calendar.count_working_days(D(2027, 2, 4), D(2027, 2, 14)) == 0
    # 调休 Saturdays count: Thu 2-18 → Fri 2-19, Sat 2-20 (调休上班), Mon 2-22.
    assert calendar.add_working_days(D(2027, 2, 18), 3) == D(2027, 2, 22)
    assert calendar.add_working_days(D(2027, 1, 28), 2) == D(2027, 1, 30)
    assert calendar.is_working_day(D(2027, 2, 6)) is False  # 正月初一, a Saturday
    # 民法典第二百零三条: a 7-day period ending inside 春节 runs to the first working day after it.
    assert calendar.add_calendar_days(D(2027, 1, 31), 7) == D(2027, 2, 15)


@pytest.mark.django_db
def test_a_year_already_entered_or_rows_of_another_year_are_refused(tmp_path):
    _import(FULL_2027)
    with pytest.raises(CommandError):
        _import(FULL_2027)
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,节日\n2028-01-01,放假,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _import(bad)


@pytest.mark.parametrize(
    "label, names",
    [
        ("春节", {"春节"}),
        ("除夕", {"春节"}),  # 2024年修订: 除夕 is one of 春节's four days
        ("新年", {"元旦"}),  # 第二条's name for 元旦 before 2024
        ("中秋节、国庆节", {"中秋节", "国庆节"}),  # one 放假 run for both, as in the 2017/2020/2023 notices
        ("中秋节和国庆节", {"中秋节", "国庆节"}),
        ("妇女节", set()),  # 第三条: 部分公民放假, not a 全体公民 festival
        ("", set()),
    ],
)
def test_festival_names(label, names):
    assert calendar.festival_names(label) == names


def test_missing_festivals_in_article_order():
    assert calendar.missing_festivals(["元旦", "中秋节、国庆节"]) == ["春节", "清明节", "劳动节", "端午节"]
    assert calendar.missing_festivals(calendar.STATUTORY_FESTIVALS) == []
