"""The schedule runner: enqueue each due (schedule, period) exactly once.

django-tasks has no scheduler. Rather than add a library (django-periodic-tasks, celery-beat, APScheduler
each bring their own state and process model), ``zhifa worker`` calls ``schedules_tick`` every
TICK_SECONDS. For each schedule it works out the latest period that is due, and every period since the
last one recorded (a worker that was down catches up, at most CATCH_UP periods), and for each inserts a
ScheduleRun row (unique on schedule + period) and enqueues the task in the same transaction: a restart
never runs a period twice (the row exists) and never skips one (the row is missing until the task is in
the queue). The first start records only the latest due period: it does not replay history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduleRun

TICK_SECONDS = 30
CATCH_UP = 31
NIGHTLY_AT = dt.time(2, 0)
BULLETIN_AT = dt.time(6, 0)


def _districts() -> list[str]:
    from zhifa.org.models import Region

    return list(Region.objects.filter(level="district").order_by("code").values_list("code", flat=True))


def _month_before(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


# ---- the schedules: due(now) -> latest due period, prev(period), run(period) -> task ids -------------


def _nightly_due(now: dt.datetime) -> str:
    day = now.date() if now.time() >= NIGHTLY_AT else now.date() - dt.timedelta(days=1)
    return day.isoformat()


def _nightly_prev(period: str) -> str:
    return (dt.date.fromisoformat(period) - dt.timedelta(days=1)).isoformat()


def _nightly_run(period: str) -> list[str]:
    from .tasks import alerts_full_scan

    return [alerts_full_scan.enqueue(code, period).id for code in _districts()]


def _bulletin_due(now: dt.datetime) -> str:
    first = now.date().replace(day=1)
    if now.date() == first and now.time() < BULLETIN_AT:
        first = _month_before(first)
    return _month_before(first).strftime("%Y-%m")


def _bulletin_prev(period: str) -> str:
    return _month_before(dt.date.fromisoformat(f"{period}-01")).strftime("%Y-%m")


def _bulletin_run(period: str) -> list[str]:
    from .tasks import bulletin_monthly

    return [bulletin_monthly.enqueue(code, period).id for code in _districts()]


def _calendar_due(now: dt.datetime) -> str:
    # From 1 December the next year's arrangement must be in; before that, this year's check was due.
    return str(now.year + 1) if (now.month, now.day) >= (12, 1) else str(now.year)


def _calendar_prev(period: str) -> str:
    return str(int(period) - 1)


def _calendar_run(period: str) -> list[str]:
    from .tasks import calendar_next_year_check

    return [calendar_next_year_check.enqueue(int(period)).id]


@dataclass(frozen=True)
class Schedule:
    name: str
    title: str
    due: Callable[[dt.datetime], str]
    prev: Callable[[str], str]
    run: Callable[[str], list[str]]


SCHEDULES = (
    Schedule("nightly_scan", "每日02:00全量监督扫描", _nightly_due, _nightly_prev, _nightly_run),
    Schedule("monthly_bulletin", "每月1日06:00生成上月执法监督通报", _bulletin_due, _bulletin_prev, _bulletin_run),
    Schedule("calendar_next_year", "每年12月1日起检查下一年度节假日安排", _calendar_due, _calendar_prev, _calendar_run),
)


def _periods(schedule: Schedule, now: dt.datetime) -> list[str]:
    latest = schedule.due(now)
    last = ScheduleRun.objects.filter(schedule=schedule.name).order_by("-period").values_list("period", flat=True).first()
    if last is None:
        return [latest]
    periods = []
    p = latest
    while p > last and len(periods) < CATCH_UP:
        periods.append(p)
        p = schedule.prev(p)
    return list(reversed(periods))


def schedules_tick(now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Enqueue every due period not yet recorded; returns the (schedule, period) pairs enqueued now."""
    now = timezone.localtime(now or timezone.now())
    done = []
    for schedule in SCHEDULES:
        for period in _periods(schedule, now):
            try:
                with transaction.atomic():
                    run = ScheduleRun.objects.create(schedule=schedule.name, period=period)
                    ids = schedule.run(period)
                    run.task_id = ",".join(str(i) for i in ids)[:64]
                    run.save(update_fields=["task_id"])
            except IntegrityError:  # another scheduler recorded it first
                continue
            done.append((schedule.name, period))
    return done
