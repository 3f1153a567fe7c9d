"""Bench: the validated bulk path (BulkLoader) against a plain bulk_create of the same rows.

    /work/venv/bin/python bench/acts.py [--rows 200000] [--small 50000]
    ZHIFA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres /work/venv/bin/python bench/acts.py

Creates and migrates its own throwaway database (a temp SQLite file, or the PostgreSQL database
zhifa_bench_acts, dropped afterwards), builds a small registry, then in one process:
  1. loads ``--small`` rows (half inspections, half penalty decisions) through BulkLoader, prints rows/s
     and peak RSS;
  2. loads ``--rows`` rows the same way, prints rows/s and peak RSS (flat memory: about the same peak);
  3. writes the same ``--rows`` rows with a plain chunked bulk_create and no validation, once before
     the bulk runs and once after (the tables emptied between runs, untimed), prints rows/s;
and prints the ratio bulk / plain (goal ≥ 0.5). Rows come from the same seeded generator each time;
generating them alone is timed too, so it can be told apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, create_unit_powers, peak_rss_mb, rss_mb, throwaway_database  # noqa: E402

from zhifa.core.policy import SYSTEM

REGION = "120110"
UNITS = 12
OFFICERS_PER_UNIT = 40
PARTIES = 20000


def build_registry():
    from zoneinfo import ZoneInfo  # noqa: F401

    from zhifa.core.validators import make_id_number, make_uscc
    from zhifa.enforcement.models import Party
    from zhifa.org.models import Certificate, Person, Region, Unit

    region = Region.objects.create(code=REGION, name="东丽区", level="district")
    units, officers, inspect, penalty = [], {}, {}, {}
    for u in range(UNITS):
        unit = Unit.objects.create(
            region=region,
            name=f"测试执法局{u}",
            uscc=make_uscc("11120110", 500 + u),
            kind="department",
            active_from=dt.date(2015, 1, 1),
        )
        units.append(unit.pk)
        people = Person.objects.bulk_create(
            Person(
                region=region,
                unit=unit,
                name=f"执法{u}-{i}",
                id_number=make_id_number("120110", dt.date(1975, 1, 1) + dt.timedelta(days=u * 100 + i), u * 100 + i),
                birth_date=dt.date(1975, 1, 1),
                staffing_type="admin",
            )
            for i in range(OFFICERS_PER_UNIT)
        )
        Certificate.objects.bulk_create(
            Certificate(
                region=region,
                unit=unit,
                holder=p,
                number=f"TJ{u:02d}{i:04d}",
                issuing_authority="天津市人民政府",
                issued_on=dt.date(2020, 1, 1),
                valid_until=dt.date(2029, 12, 31),
            )
            for i, p in enumerate(people)
        )
        officers[unit.pk] = [p.pk for p in people]
        inspect[unit.pk], penalty[unit.pk] = create_unit_powers(region, unit, u, penalties=3)
    parties = Party.objects.bulk_create(
        (
            Party(
                region=region,
                kind="person",
                party_type="driver",
                name=f"当事人{i}",
                id_number=make_id_number("120110", dt.date(1980, 1, 1) + dt.timedelta(days=i % 5000), i),
                birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 5000),
            )
            if i % 2 == 0
            else Party(
                region=region, kind="org", party_type="business", name=f"某某有限公司{i}", uscc=make_uscc("91120110", i)
            )
            for i in range(PARTIES)
        ),
        batch_size=1000,
    )
    kinds = {p.pk: p.kind for p in parties}
    return units, officers, inspect, penalty, kinds


def rows(n: int, tag: str, reg, seed: int = 7):
    """n rows: n/2 inspections then n/2 penalty decisions, as two generators."""
    from zoneinfo import ZoneInfo

    units, officers, inspect, penalty, kinds = reg
    tz = ZoneInfo("Asia/Shanghai")
    party_ids = list(kinds)
    start = dt.date(2023, 1, 1)

    def inspections():
        rnd = random.Random(seed)
        for _ in range(n // 2):
            u = rnd.choice(units)
            a, b = rnd.sample(officers[u], 2)
            day = start + dt.timedelta(days=rnd.randrange(330))
            yield {
                "unit_id": u,
                "power_id": inspect[u],
                "party_id": rnd.choice(party_ids),
                "started_at": dt.datetime(day.year, day.month, day.day, rnd.randrange(8, 22), tzinfo=tz),
                "mode": "on_site",
                "kind": "routine",
                "officer_a_id": a,
                "officer_b_id": b,
                "findings": "检查情况正常",
            }

    def cases():
        rnd = random.Random(seed + 1)
        for i in range(n // 2):
            u = rnd.choice(units)
            a, b = rnd.sample(officers[u], 2)
            party = rnd.choice(party_ids)
            act = start + dt.timedelta(days=rnd.randrange(270))
            org = kinds[party] == "org"
            row = {
                "unit_id": u,
                "power_id": rnd.choice(penalty[u]),
                "party_id": party,
                "status": "closed",
                "case_no": f"{tag}-{i}",
                "violation": "违反道路交通安全法规定",
                "act_date": act,
                "discovered_at": dt.datetime(act.year, act.month, act.day, 9, tzinfo=tz),
                "outcome": "penalty",
                "penalty_kinds": ["fine"],
                "officer_a_id": a,
                "officer_b_id": b,
                "decision_no": f"{tag}J{i}",
            }
            if i % 10:
                fine = Decimal(rnd.choice((50, 100, 200, 1000, 3000) if org else (20, 50, 100, 150, 200)))
                paid = act + dt.timedelta(days=rnd.randrange(1, 15))
                row.update(
                    procedure="simple",
                    decided_on=act,
                    delivered_on=act,
                    fine_amount=fine,
                    paid_on=paid,
                    paid_amount=fine,
                    closed_on=paid,
                )
            else:
                fine = Decimal(rnd.randrange(5, 40) * 100)
                filed = act + dt.timedelta(days=2)
                decided = filed + dt.timedelta(days=30)
                paid = decided + dt.timedelta(days=rnd.randrange(1, 15))
                row.update(
                    procedure="ordinary",
                    filed_on=filed,
                    notified_on=filed + dt.timedelta(days=20),
                    decided_on=decided,
                    delivered_on=decided,
                    fine_amount=fine,
                    paid_on=paid,
                    paid_amount=fine,
                    closed_on=paid,
                    disclosed_on=decided + dt.timedelta(days=3),
                    discretion_reason="依裁量基准",
                )
            yield row

    return inspections, cases


def empty_tables() -> None:
    """Not timed: every measured run starts from the same empty act tables, so no run pays for another's index."""
    from django.db import connection

    from zhifa.enforcement.models import Disclosure, Inspection, PenaltyCase

    with connection.cursor() as c:
        for model in (Disclosure, PenaltyCase, Inspection):
            c.execute(f"DELETE FROM {model._meta.db_table}")


class RssSampler:
    """Wraps a row generator and samples the process's current RSS every ``every`` rows (the load's own
    high-water mark, which ru_maxrss cannot show once an earlier phase peaked higher)."""

    def __init__(self, every: int = 1000):
        self.every, self.max_mb = every, 0.0

    def wrap(self, gen):
        for i, row in enumerate(gen):
            if i % self.every == 0:
                self.max_mb = max(self.max_mb, rss_mb())
            yield row
        self.max_mb = max(self.max_mb, rss_mb())


def bulk_path(n: int, tag: str, reg) -> tuple[float, int, float]:
    from zhifa.enforcement.bulk import BulkLoader

    inspections, cases = rows(n, tag, reg)
    sampler = RssSampler()
    with Timer() as t:
        loader = BulkLoader(region_code=REGION, actor=SYSTEM, batch=f"bench-{tag}")
        written = loader.load_inspections(sampler.wrap(inspections()))
        written += loader.load_penalty_cases(sampler.wrap(cases()))
    assert written == n // 2 * 2, written
    return t.seconds, written, sampler.max_mb


def plain(n: int, tag: str, reg) -> tuple[float, int]:
    from django.db import transaction

    from zhifa.enforcement.models import Inspection, PenaltyCase

    inspections, cases = rows(n, tag, reg)
    written = 0
    with Timer() as t, transaction.atomic():
        for model, gen in ((Inspection, inspections()), (PenaltyCase, cases())):
            it = iter(gen)
            while chunk := list(itertools.islice(it, 2000)):
                objs = []
                for r in chunk:
                    r.pop("disclosed_on", None)
                    objs.append(model(region_id=REGION, load_batch=f"plain-{tag}", **r))
                model.objects.bulk_create(objs, batch_size=500)
                written += len(objs)
    return t.seconds, written


def generate_only(n: int, tag: str, reg) -> float:
    inspections, cases = rows(n, tag, reg)
    with Timer() as t:
        for _ in itertools.chain(inspections(), cases()):
            pass
    return t.seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--small", type=int, default=50_000)
    args = ap.parse_args()
    with throwaway_database("zhifa_bench_acts") as engine:
        reg = build_registry()
        print(f"database: {engine}; registry: {UNITS} units, {UNITS * OFFICERS_PER_UNIT} officers, {PARTIES} parties")
        print(f"RSS after setup: {rss_mb():.0f} MB (peak {peak_rss_mb():.0f} MB)")
        gen = generate_only(args.rows, "G", reg)
        print(f"generating {args.rows:,} rows alone: {gen:.1f} s (included in both timings below)")

        # plain runs before and after the bulk runs: their mean cancels a machine whose load drifts.
        s_plain1, n_plain = plain(args.rows, "P", reg)
        print(
            f"plain bulk_create  {n_plain:>8,} rows: {s_plain1:7.1f} s {n_plain / s_plain1:8,.0f} rows/s  (no validation)"
        )
        empty_tables()
        s_small, n_small, rss_small = bulk_path(args.small, "S", reg)
        peak_small = peak_rss_mb()
        print(
            f"bulk path          {n_small:>8,} rows: {s_small:7.1f} s {n_small / s_small:8,.0f} rows/s  "
            f"RSS during load ≤ {rss_small:.0f} MB (process peak {peak_small:.0f} MB)"
        )
        empty_tables()
        s_bulk, n_bulk, rss_big = bulk_path(args.rows, "B", reg)
        peak_big = peak_rss_mb()
        print(
            f"bulk path          {n_bulk:>8,} rows: {s_bulk:7.1f} s {n_bulk / s_bulk:8,.0f} rows/s  "
            f"RSS during load ≤ {rss_big:.0f} MB (process peak {peak_big:.0f} MB)"
        )
        empty_tables()
        s_plain2, _ = plain(args.rows, "Q", reg)
        print(f"plain bulk_create  {n_plain:>8,} rows: {s_plain2:7.1f} s {n_plain / s_plain2:8,.0f} rows/s  (again)")
        s_plain = (s_plain1 + s_plain2) / 2
        ratio = (n_bulk / s_bulk) / (n_plain / s_plain)
        print(f"ratio bulk path / plain bulk_create (mean of both plain runs): {ratio:.2f} (goal ≥ 0.5)")
        print(
            f"RSS during the bulk load: {rss_small:.0f} MB at {n_small:,} rows, {rss_big:.0f} MB at {n_bulk:,} rows "
            f"({rss_big - rss_small:+.0f} MB); process peak {peak_small:.0f} → {peak_big:.0f} MB"
        )


if __name__ == "__main__":
    main()
