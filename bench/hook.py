"""Bench: the supervision hook off the request. 3,000 on-the-spot decisions through the workflow service
with the hook on (the default: each write notes the record in the outbox and enqueues one check task per
burst), then 3,000 more with it off (ZHIFA_ALERT_HOOK=0); prints both times and the on/off ratio
(goal ≤ 1.2). Then the checks the first run queued are run as ``zhifa worker`` runs them (drain), timed
apart: that is the work that used to sit in every request (~50 ms a record, 16 s → 366 s for 3,000).

    python bench/hook.py [--n 3000]
    ZHIFA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres python bench/hook.py

Creates and migrates its own throwaway database (bench/_common.throwaway_database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, throwaway_database  # noqa: E402


def decide(n: int, tag: str, reg) -> float:
    from zhifa.core.policy import SYSTEM
    from zhifa.enforcement.workflow import case_onspot_decide
    from zhifa.org.models import Person, Unit
    from zhifa.powers.models import Power

    units, officers, _inspect, penalty, kinds = reg
    unit_objs = {u.pk: u for u in Unit.objects.filter(pk__in=units)}
    people = {p.pk: p for p in Person.objects.filter(pk__in=[x for v in officers.values() for x in v])}
    powers = {p.pk: p for p in Power.objects.filter(pk__in=[x for v in penalty.values() for x in v])}
    from zhifa.enforcement.models import Party

    parties = list(Party.objects.order_by("pk")[: 2 * n])
    day = dt.date(2023, 6, 1)
    with Timer() as t:
        for i in range(n):
            u = units[i % len(units)]
            offs = officers[u]
            party = parties[i % len(parties)]
            case_onspot_decide(
                actor=SYSTEM,
                unit=unit_objs[u],
                power=powers[penalty[u][i % len(penalty[u])]],
                party=party,
                case_no=f"津罚简〔2023〕{tag}{i:05d}号",
                violation="违反道路交通安全法规定",
                act_date=day,
                officers=[people[offs[i % len(offs)]], people[offs[(i + 1) % len(offs)]]],
                decided_on=day,
                decision_no=f"简{tag}{i:05d}",
                penalty_kinds=["fine"],
                fine_amount=Decimal("100") if party.kind == "person" else Decimal("1000"),
            )
    return t.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--blocks", type=int, default=10, help="on/off runs alternate in this many blocks")
    parser.add_argument("--drain", type=int, default=300, help="queued checks to run after, timed (0: none)")
    args = parser.parse_args()
    with throwaway_database("zhifa_bench_hook") as engine:
        import acts

        reg = acts.build_registry()
        from zhifa.ops.models import PendingCheck
        from zhifa.ops.tasks import drain_checks

        decide(50, "W", reg)  # warm-up (imports, statement caches), untimed
        drain_checks()
        # Alternating blocks: the tables grow and the machine's load drifts alike for both sides.
        on = off = 0.0
        size = args.n // args.blocks
        for b in range(args.blocks):
            os.environ["ZHIFA_ALERT_HOOK"] = "1"
            on += decide(size, f"A{b:02d}-", reg)
            os.environ["ZHIFA_ALERT_HOOK"] = "0"
            off += decide(size, f"B{b:02d}-", reg)
        os.environ["ZHIFA_ALERT_HOOK"] = "1"
        queued = PendingCheck.objects.count()
        with Timer() as t:
            checked = drain_checks(limit=args.drain) if args.drain else 0
        print(f"engine: {engine}")
        print(f"{args.n} decisions, hook on  (outbox + task): {on:7.1f} s  ({on / args.n * 1000:.1f} ms each)")
        print(f"{args.n} decisions, hook off               : {off:7.1f} s  ({off / args.n * 1000:.1f} ms each)")
        print(f"ratio on/off: {on / off:.2f}  (goal ≤ 1.2)")
        if checked:
            print(
                f"worker (off the request): {checked} of the {queued} queued checks in {t.seconds:.1f} s "
                f"({t.seconds / checked * 1000:.0f} ms a record)"
            )


if __name__ == "__main__":
    main()
