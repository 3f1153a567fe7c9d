"""Bench: the records the demo generator sends, hashed per type, and the generator's own CPU.

    /work/venv/bin/python bench/demo_records.py [--scenario dongli-2023] [--load] [--json OUT]

Every record ``GeneratorBase.send`` is given is serialised as sent (field order kept, dates, Decimals and
numpy scalars by their repr) and hashed per record type: two builds of the generator that print the same
hashes send the same year. Without ``--load`` the records are not loaded (the generator never reads back what
it sends) and the 案卷评查与监督 and 报告文字 steps, which read the loaded year, are skipped: a quick check
(东丽区 2023: about 25 s). With ``--load`` the year goes through the exchange path as in ``zhifa demo``.

"Own CPU" is the generator's part of ``Generator.run``: everything but the exchange loads, the supervision step,
the index rebuild and the commit, and less the hashing itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

NOT_OWN = ("案卷评查与监督", "重建索引", "提交事务")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="dongli-2023")
    ap.add_argument("--load", action="store_true", help="load the records through the exchange path too")
    ap.add_argument("--json", default=None, help="write the hashes and figures to this file")
    a = ap.parse_args()

    from _common import peak_rss_mb, throwaway_database

    with throwaway_database("zhifa_bench_demo_records"):
        from zhifa.demo import base
        from zhifa.demo.generator import Generator
        from zhifa.demo.scenario import load_scenario

        hashes: dict = {}
        counts: dict[str, int] = {}
        hashing = [0.0]
        send = base.GeneratorBase.send

        def capture(self, type_name, records):
            c = time.process_time()
            h = hashes.setdefault(type_name, hashlib.sha256())
            for record in records:
                h.update(json.dumps(record, ensure_ascii=False, default=repr).encode())
                h.update(b"\n")
            counts[type_name] = counts.get(type_name, 0) + len(records)
            hashing[0] += time.process_time() - c
            return send(self, type_name, records) if a.load else None

        base.GeneratorBase.send = capture
        g = Generator(load_scenario(a.scenario))
        if not a.load:
            g.make_supervision = g.make_texts = lambda: None
        c = time.process_time()
        g.run()
        total = time.process_time() - c
        loads = sum(v for k, v in g.cpu.items() if k.startswith("数据交换"))
        own = total - loads - sum(g.cpu.get(k, 0.0) for k in NOT_OWN) - hashing[0]
        out = {
            "scenario": a.scenario,
            "load": a.load,
            "hashes": {k: h.hexdigest() for k, h in hashes.items()},
            "counts": counts,
            "cpu_run": total,
            "cpu_loads": loads,
            "cpu_own": own,
            "cpu_hashing": hashing[0],
            "rss_mb": peak_rss_mb(),
            "phases": g.cpu,
        }
    for k, digest in out["hashes"].items():
        print(f"{k:<8} {counts[k]:>7} {digest}")
    print(
        f"generator's own CPU {own:.2f} s (run {total:.2f} s, loads {loads:.2f} s, hashing {hashing[0]:.2f} s), "
        f"peak RSS {out['rss_mb']:.0f} MB"
    )
    if a.json:
        Path(a.json).write_text(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
