"""The demo generator: a scenario file → a district-year of records, through the validated paths.

Registry rows go through the org/powers services where the counts are small (units, powers,
delegations, revocations, legal reviewers, trainings, filings, campaigns); people and the certificates in
force on 1 January are written with ``bulk_create`` after ``org.services.certificate_issue_check`` has passed
on every row (one audit row per phase). The year's acts are a client's: the generator writes them as
exchange records (shared/exchange.md: natural keys, the Chinese field names; 联合行动, 电子监控设备, 检查计划,
行政检查, 隐患, 行政处罚, 超限超载, 其他执法行为) and loads them through ``zhifa.exchange``, the path every unit
system uses, where each record is checked and the workflow's rule functions report any legal finding.

All randomness comes from one ``numpy.random.Generator`` seeded from the scenario: the same seed builds
the same database. Distributions: acts follow month and weekday profiles (offices work on working days
of the official calendar, traffic policing every day), hours follow office hours, round-the-clock
traffic with rush-hour peaks, or the night (20:00–06:00) for 夜查.
"""

from __future__ import annotations

import os
import time

from django.db import transaction

from zhifa.core import calendar
from zhifa.exchange.bulkload import analyze_tables, rebuild_indexes, suspend_indexes
from zhifa.supervision.elsewhere import finding_elsewhere

from .base import (
    BULK_MMAP,
    DEMO,
    GeneratorBase,
    cycle_collector,
)
from .cases import CasesMixin
from .inspections import InspectionsMixin
from .oversight import OversightMixin
from .parties import PartiesMixin
from .registry import RegistryMixin
from .scenario import Scenario


class Generator(RegistryMixin, PartiesMixin, InspectionsMixin, CasesMixin, OversightMixin, GeneratorBase):
    """One scenario → one district-year; the steps live in the mixins, by concern."""

    # ------------------------------------------------------------------ driver
    def _timed(self, label: str, fn, *args) -> None:
        t, c = time.perf_counter(), time.process_time()
        fn(*args)
        self.timings[label] = time.perf_counter() - t
        self.cpu[label] = time.process_time() - c

    def _step_run(self, i: int, label: str, fn, n: int, services) -> None:
        self._step = (label, i / n, (i + 1) / n)
        self.progress(label, i / n)
        with cycle_collector(fn in services):
            self._timed(label, fn)

    def run(self) -> dict[str, float]:
        steps = [
            ("区划与单位", self.make_region_units),
            ("权责清单", self.make_powers),
            ("人员与证件", self.make_people),
            ("证件注销与新发", self.make_changes),
            ("法制审核人员", self.make_reviewers),
            ("培训与备案", self.make_trainings_filings),
            ("当事人", self.make_parties),
            ("专项行动与设备", self.make_campaigns),
            ("行政检查", self.make_inspections),
            ("隐患", self.make_hazards),
            ("行政处罚", self.make_cases),
            ("超限超载", self.make_overloads),
            ("巡查与现场规范", self.make_other_acts),
            ("案卷评查与监督", self.make_supervision),
            ("报告文字", self.make_texts),
        ]
        services = (self.make_supervision, self.make_texts)  # the rest builds rows (see cycle_collector)
        restore = self._sqlite_bulk_mode(True)
        # The supervision hook checks each record saved through a service once the transaction commits; for
        # a scripted year of records it is switched off (its documented switch) and the monthly scans that
        # the 月度通报 run cover the same rules over every record.
        hook = os.environ.get("ZHIFA_ALERT_HOOK")
        os.environ["ZHIFA_ALERT_HOOK"] = "0"
        records = [s for s in steps if s[1] not in services]
        supervision = [(i, s) for i, s in enumerate(steps) if s[1] in services]
        try:
            # The records in one transaction, then the supervision of the year in another: its month-end scans find
            # the rules that read records only in a second process (supervision/elsewhere.py), which reads what is
            # committed, while this one runs the others and writes the alerts.
            with transaction.atomic():
                suspended: list[str] = []
                for i, (label, fn) in enumerate(records):
                    if label == "行政检查" and restore:  # a fresh database: the act tables are built in bulk
                        suspended = suspend_indexes()
                    self._step_run(i, label, fn, len(steps), services)
                self._timed("重建索引", rebuild_indexes, suspended)  # the scans read through the indexes
                self._timed("统计信息", analyze_tables)  # (PostgreSQL) the scans and the report are planned on them
                t, c = time.perf_counter(), time.process_time()
            commit = time.perf_counter() - t, time.process_time() - c
            if restore:  # WAL: the second process reads while this one writes
                self._sqlite_bulk_mode(True, readers=True)
            with finding_elsewhere(mmap_size=BULK_MMAP if restore else 0), transaction.atomic():
                for i, (label, fn) in supervision:
                    self._step_run(i, label, fn, len(steps), services)
                self.progress("提交", 1.0)
                t, c = time.perf_counter(), time.process_time()
            self.timings["提交事务"] = commit[0] + time.perf_counter() - t
            self.cpu["提交事务"] = commit[1] + time.process_time() - c
        finally:
            if hook is None:
                os.environ.pop("ZHIFA_ALERT_HOOK", None)
            else:
                os.environ["ZHIFA_ALERT_HOOK"] = hook
            if restore:
                self._sqlite_bulk_mode(False)
        self.progress("完成", 1.0)
        calendar.clear_cache()
        return self.timings


def generate(scenario: Scenario, *, progress=None, actor=DEMO) -> dict[str, float]:
    return Generator(scenario, progress=progress, actor=actor).run()
