"""Helpers shared by the bench scripts: a throwaway database, wall time and memory figures.

Use:
    from _common import throwaway_database, Timer, peak_rss_mb, rss_mb
    with throwaway_database("zhifa_bench_acts") as engine:   # before anything imports Django models
        ...
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Current resident set size."""
    return psutil.Process().memory_info().rss / (1024 * 1024)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        return False

    def rate(self, n: int) -> float:
        return n / self.seconds if self.seconds else float("inf")


@contextlib.contextmanager
def throwaway_database(name: str):
    """Point Django at a fresh database, migrate it, yield the engine name, then remove it.

    SQLite (default): a temp file via ZHIFA_SQLITE_PATH. PostgreSQL when ZHIFA_DATABASE_URL is set: a
    database ``name`` on the same server, dropped afterwards (the URL's own database is never touched).
    """
    url = os.environ.get("ZHIFA_DATABASE_URL")
    tmp = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    os.environ["ZHIFA_DATA_DIR"] = str(tmp)
    os.environ["ZHIFA_RECORDING_ROOT"] = str(tmp / "recordings")
    admin_conninfo = None
    if url:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        base = url.replace("postgresql://", "postgres://", 1)
        parts = conninfo_to_dict(base)
        admin_conninfo = make_conninfo(**{**parts, "dbname": "postgres"})
        with psycopg.connect(admin_conninfo, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')
        head, _, _ = url.rpartition("/")
        os.environ["ZHIFA_DATABASE_URL"] = f"{head}/{name}"
        engine = "postgresql"
    else:
        os.environ["ZHIFA_SQLITE_PATH"] = str(tmp / "bench.sqlite3")
        engine = "sqlite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        yield engine
    finally:
        from django.db import connections

        connections.close_all()
        if admin_conninfo:
            import psycopg

            with psycopg.connect(admin_conninfo, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


def create_unit_powers(region, unit, index: int, *, penalties: int, single_officer_basis: str = ""):
    """One 行政检查 power and ``penalties`` 行政处罚 powers for a bench unit: (inspection id, [penalty ids]).

    Imported lazily: Django must be set up (``throwaway_database``) before the models are touched.
    """
    import datetime as dt
    from decimal import Decimal

    from zhifa.powers.models import Power

    common = {"region": region, "owner": unit, "legal_basis": "某法", "effective_from": dt.date(2015, 1, 1)}
    inspection = Power.objects.create(code=f"JC-{index}", name="检查", category="inspection", **common).pk
    penalty = [
        Power.objects.create(
            code=f"CF-{index}-{k}",
            name=f"处罚{k}",
            category="penalty",
            hearing_threshold_person=Decimal("50000"),
            hearing_threshold_org=Decimal("200000"),
            single_officer_basis=single_officer_basis,
            **common,
        ).pk
        for k in range(penalties)
    ]
    return inspection, penalty
