import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.core import calendar
from zhifa.core.errors import CalendarUnknown
from zhifa.core.models import AuditLog, CalendarYear


@pytest.mark.django_db
def test_import_a_new_year_makes_its_deadlines_computable(tmp_path):
    f = tmp_path / "2027.csv"
    f.write_text("日期,类型,节日\n2027-01-01,放假,元旦\n2027-01-02,放假,元旦\n2027-01-03,放假,元旦\n", encoding="utf-8")
    with pytest.raises(CalendarUnknown):
        calendar.add_working_days(dt.date(2026, 12, 30), 3)
    call_command(
        "calendar", "import", str(f), "--year", "2027", "--notice", "国务院办公厅关于2027年部分节假日安排的通知"
    )
    assert CalendarYear.objects.filter(year=2027).exists()
    assert AuditLog.objects.filter(action="calendar.import").count() == 1
    assert calendar.add_working_days(dt.date(2026, 12, 30), 3) == dt.date(2027, 1, 5)
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,节日\n2028-01-01,放假,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("calendar", "import", str(bad), "--year", "2027", "--notice", "x")
