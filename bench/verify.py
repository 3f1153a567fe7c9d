"""Bench: ``zhifa verify`` on the demo district-year (goal ≤ 10 s), against reading the same rows raw.

    python bench/verify.py [--scenario dongli-2023] [--keep DIR]
    ZHIFA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres python bench/verify.py

Builds the demo year with ``zhifa demo`` on a throwaway database (bench/_common.throwaway_database), then
in one process prints:
  1. the baseline: reading every audit row's hashed columns (the same query the verifier runs), and
     reading every recording file once (the bytes the verifier hashes);
  2. the audit chain verification (recompute every row's SHA-256 and the links), and the recordings'
     SHA-256 check, each with its ratio to its baseline;
  3. the total against the goal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, throwaway_database  # noqa: E402

GOAL_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="dongli-2023")
    args = parser.parse_args()
    with throwaway_database("zhifa_bench_verify") as engine:
        from django.conf import settings
        from django.core.management import call_command

        with Timer() as build:
            call_command("demo", "--scenario", args.scenario, "--keep-db", "--out", str(Path(settings.DATA_DIR) / "reports"))
        from zhifa.core.chain import READ, chain_verify
        from zhifa.core.models import AuditLog
        from zhifa.enforcement.models import Recording
        from zhifa.enforcement.recordings import CHUNK, recordings_verify

        root = Path(settings.RECORDING_ROOT)
        with Timer() as raw_rows:
            n_rows = sum(1 for _ in AuditLog.objects.order_by("region_code", "seq", "id").values_list(*READ).iterator(chunk_size=5000))
        with Timer() as raw_files:
            n_bytes = 0
            for rel in Recording.objects.values_list("file_path", flat=True).iterator():
                with open(root / rel, "rb") as f:
                    while block := f.read(CHUNK):
                        n_bytes += len(block)
        with Timer() as chain:
            report = chain_verify()
        with Timer() as files:
            problems = list(recordings_verify())
        total = chain.seconds + files.seconds
        print(f"engine: {engine}; demo {args.scenario} built in {build.seconds:.1f} s")
        print(f"audit rows: {n_rows} in {report.chains} chains; recordings: {Recording.objects.count()} files, {n_bytes / 1e6:.1f} MB")
        print(f"baseline  raw read of the audit rows : {raw_rows.seconds:6.2f} s")
        print(f"verify    audit chains               : {chain.seconds:6.2f} s  (×{chain.seconds / raw_rows.seconds:.1f} the raw read)")
        print(f"baseline  raw read of the recordings : {raw_files.seconds:6.2f} s")
        n_files = Recording.objects.count()
        ratio = f"×{files.seconds / raw_files.seconds:.1f} the raw read" if n_files else "no recording files in this scenario"
        print(f"verify    recordings SHA-256         : {files.seconds:6.2f} s  ({ratio})")
        print(f"total verify: {total:.2f} s (goal ≤ {GOAL_SECONDS:.0f} s); problems found: {len(report.problems) + len(problems)}")


if __name__ == "__main__":
    main()
