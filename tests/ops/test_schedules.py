"""The schedule runner enqueues each (schedule, period) once, catches up missed periods, never repeats one."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhifa.ops.models import ScheduleRun
from zhifa.ops.schedules import schedules_tick


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def district(db):
    from zhifa.org.models import Region

    return Region.objects.create(code="120110", name="东丽区", level="district")


def test_first_tick_records_the_latest_due_periods(district):
    done = schedules_tick(at(2026, 3, 1, 7, 0))
    assert set(done) == {("nightly_scan", "2026-03-01"), ("monthly_bulletin", "2026-02"), ("calendar_next_year", "2026")}
    assert DBTaskResult.objects.count() == 3
    assert schedules_tick(at(2026, 3, 1, 7, 30)) == []  # the same periods: nothing again


def test_before_the_hour_the_previous_period_is_due(district):
    done = dict(schedules_tick(at(2026, 3, 1, 1, 0)))
    assert done["nightly_scan"] == "2026-02-28" and done["monthly_bulletin"] == "2026-01"


def test_a_restart_catches_up_missed_periods_once(district):
    schedules_tick(at(2026, 11, 28, 3, 0))
    done = schedules_tick(at(2026, 12, 2, 3, 0))  # the worker was down for four nights
    nights = [p for s, p in done if s == "nightly_scan"]
    assert nights == ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]
    assert ("monthly_bulletin", "2026-11") in done and ("calendar_next_year", "2027") in done
    assert schedules_tick(at(2026, 12, 2, 3, 0)) == []
    assert ScheduleRun.objects.filter(schedule="nightly_scan").count() == 5


def test_calendar_warning_alert_when_next_year_is_missing(district):
    from zhifa.ops.calendar_alert import calendar_alert_raise
    from zhifa.supervision.models import Alert

    assert "已录入" in calendar_alert_raise(year=2024)  # a year the calendar knows: no alert
    assert not Alert.objects.exists()
    calendar_alert_raise(year=2099)
    calendar_alert_raise(year=2099)  # idempotent
    alert = Alert.objects.get()
    assert alert.rule_id == "calendar_next_year_missing" and "2099年节假日安排尚未录入" in alert.message


def test_the_scheduled_bulletin_is_issued_by_the_product_and_listed_as_a_job(district, settings, tmp_path):
    from zhifa.ops.tasks import bulletin_monthly
    from zhifa.web.models import GenerationJob

    settings.REPORT_ROOT = tmp_path / "reports"
    assert bulletin_monthly.call("120110", "2026-02") == "done"
    job = GenerationJob.objects.get()
    assert job.kind == "bulletin" and job.params["month"] == 2 and job.progress == 100
    assert bulletin_monthly.call("120110", "2026-02") == "done" and GenerationJob.objects.count() == 1  # re-run: same job
