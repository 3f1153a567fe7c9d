"""`zhifa exchange load` killed with SIGKILL in the middle of a file: no partial record, and a re-run completes.

The load runs as a real process on a file database; the test watches the inspection table fill and kills
the loader once some, but not all, rows are in.
"""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.exchange import district as D
from tests.ops.test_service_processes import _env, zhifa_cmd

pytestmark = pytest.mark.timeout(900)

ROWS = 30_000


def _counts(db) -> tuple[int, int, int]:
    """(inspections, distinct 检查行为编号, inspections missing a party, an officer or a unit)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as con:
        total, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT number) FROM enforcement_inspection").fetchone()
        broken = con.execute(
            "SELECT COUNT(*) FROM enforcement_inspection "
            "WHERE party_id IS NULL OR officer_a_id IS NULL OR unit_id IS NULL OR power_id IS NULL"
        ).fetchone()[0]
    return total, distinct, broken


def test_killed_load_leaves_no_partial_record_and_a_rerun_completes(tmp_path):
    data = tmp_path / "data"
    db = data / "zhifa.sqlite3"
    assert zhifa_cmd(data, "migrate", "-v", "0", timeout=600).returncode == 0
    registry = D.write_registry(tmp_path / "registry")
    done = zhifa_cmd(data, "exchange", "load", str(registry), "--no-progress", timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]

    acts = D.write_csv(tmp_path / "acts", "行政检查", [D.inspection(n) for n in range(1, ROWS + 1)])
    loader = subprocess.Popen(
        [sys.executable, "-m", "zhifa.cli", "exchange", "load", str(acts), "--no-progress"],
        env=_env(data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = 0
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and loader.poll() is None:
        try:
            seen = _counts(db)[0]
        except sqlite3.OperationalError:  # the writer holds the lock for a moment
            seen = 0
        if seen:
            break
        time.sleep(0.02)
    assert loader.poll() is None, "the load finished before it could be interrupted; raise ROWS"
    loader.send_signal(signal.SIGKILL)  # kill -9 in the middle of the file
    loader.wait(timeout=60)

    total, distinct, broken = _counts(db)
    assert 0 < total < ROWS, total
    assert distinct == total and broken == 0  # what is there is whole: no half-written inspection

    rerun = zhifa_cmd(data, "exchange", "load", str(acts), "--no-progress", timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _counts(db) == (ROWS, ROWS, 0)

    again = zhifa_cmd(data, "exchange", "load", str(acts), "--no-progress", timeout=900)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _counts(db) == (ROWS, ROWS, 0)
