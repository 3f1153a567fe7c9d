"""Rules of a scan found in a second process, while this one runs the others and writes the alerts.

A scan's rules are independent readers: each ``find`` reads records and returns findings, and only the
reconciliation writes (alerts, events). The rules marked ``elsewhere`` read nothing but the records: no alert, no
table a rule keeps (GamingCount), no year-to-date unit rows shared with the 月度通报 (``rows_shared``) and no
context value that ``covers`` reads back. A scan inside ``finding_elsewhere(finder)`` hands them to the finder's
process, runs the other rules here, then reconciles every rule in the catalogue's order with the same findings:
the alerts, their ids and their events are those of a scan in one process (tests/supervision/test_scan.py).

The second process reads what is committed. It is for a caller whose records are committed before the scans
begin and who writes no record during them (the demo: a loaded year, then twelve month-end scans); a finder
is refused where another process cannot see the data (SQLite in memory) or the caller holds a transaction open.
Its connection is read-only (SQLite ``query_only``, PostgreSQL ``default_transaction_read_only``): a rule marked
``elsewhere`` that wrote would fail there instead of writing.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from multiprocessing import get_context

from zhifa.core.processes import second_process_allowed, setup_spawned

log = logging.getLogger(__name__)
_FINDER: ContextVar[Finder | None] = ContextVar("zhifa_scan_finder", default=None)


def _setup(database: dict, mmap_size: int) -> None:
    setup_spawned(database)
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("PRAGMA query_only=ON")
            c.execute(f"PRAGMA mmap_size={int(mmap_size)}")
        elif connection.vendor == "postgresql":
            c.execute("SET default_transaction_read_only = on")


def find_rules(region_code: str, as_of, scope, codes: list[str]) -> tuple[int, dict[str, tuple[list, float, float]]]:
    """In the second process: its pid, and code → (findings, seconds, CPU seconds), the rules run in order on one
    context (they share what it keeps: the cases and facts one rule built, the inspections of 多头检查)."""
    from .rules import REGISTRY, Ctx
    from .scan import timed_find

    ctx = Ctx(region_code, as_of, scope)
    return os.getpid(), {code: timed_find(REGISTRY[code], ctx) for code in codes}


class Away:
    """The findings of ``codes`` being found in the finder's process."""

    def __init__(self, finder: Finder, codes: list[str], future: Future):
        self.finder = finder
        self.codes = set(codes)
        self._future = future

    def result(self, code: str) -> tuple[list, float, float] | None:
        """The findings, or None when the second process failed (it died, or its query failed): the caller then
        finds the rule itself, and the finder takes no more work."""
        try:
            pid, found = self._future.result()
        except Exception as e:  # noqa: BLE001  (whatever the worker raised: the rule is found here instead)
            if not self.finder.lost:
                log.warning("扫描的第二进程失败，其余规则在本进程查找：%r", e)
            self.finder.lost = True
            return None
        self.finder.found[code] = pid
        return found[code]


class Finder:
    """One worker process (a fresh interpreter: ``spawn``) on the caller's database, kept for a series of scans."""

    def __init__(self, *, mmap_size: int = 0):
        from django.db import connection

        self.pool = ProcessPoolExecutor(
            1,
            mp_context=get_context("spawn"),
            initializer=_setup,
            initargs=(dict(connection.settings_dict), mmap_size),
        )
        self.pool.submit(int)  # start it now: it sets Django up while the caller goes on
        self.found: dict[str, int] = {}  # rule code → pid of the process that found it last
        self.lost = False  # the process failed: the scans find every rule themselves

    @staticmethod
    def usable() -> bool:
        """Whether a second process would read what this one has written: a committed, shared database."""
        from django.db import connection

        if connection.in_atomic_block or not second_process_allowed():
            return False
        if connection.vendor == "sqlite":
            return not connection.is_in_memory_db()
        return connection.vendor == "postgresql"

    def submit(self, ctx, codes: list[str]) -> Away | None:
        if not codes or self.lost:
            return None
        try:
            future = self.pool.submit(find_rules, ctx.region_code, ctx.as_of, ctx.scope, codes)
        except Exception as e:  # noqa: BLE001  (a pool whose process died refuses work)
            log.warning("扫描的第二进程不可用，规则在本进程查找：%r", e)
            self.lost = True
            return None
        return Away(self, codes, future)

    def close(self) -> None:
        try:
            self.pool.shutdown(wait=True, cancel_futures=True)
        except Exception:  # noqa: BLE001  (a pool whose process died: nothing is left to wait for)
            log.warning("扫描的第二进程未能正常关闭", exc_info=True)


@contextmanager
def finding_elsewhere(*, mmap_size: int = 0):
    """Within the block, scans hand their ``elsewhere`` rules to a second process (when ``Finder.usable()``; else
    the block changes nothing). Yields the finder, or None. ``mmap_size``: the second process maps that much of a
    SQLite file (a caller that maps its own, as the demo does)."""
    if not Finder.usable():
        yield None
        return
    finder = Finder(mmap_size=mmap_size)
    token = _FINDER.set(finder)
    try:
        yield finder
    finally:
        _FINDER.reset(token)
        finder.close()


def current() -> Finder | None:
    return _FINDER.get()
