"""Bench: the full demo district-year (东丽区 2023) — generation + validated load, peak memory, annual report.

    /work/venv/bin/python bench/demo.py [--scenario dongli-2023] [--backends sqlite,postgresql]
        [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]

Each backend runs in its own child process (so that its peak RSS is its own) on a throwaway database: a
temp SQLite file, or the PostgreSQL database ``zhifa_bench_demo`` created on the server of ``--pg-url``
and dropped afterwards. Printed per backend: generation+load seconds (goal ≤ 60 s), peak RSS (goal
≤ 1.5 GB), annual-report seconds (figures + DOCX/Markdown/HTML, goal ≤ 5 s), the CPU and wall seconds of
each generator phase (of the main process), the CPU of its helper processes (the load's parsing worker, the
month-end scans' second process), and the CPU share the main process got (the machine is shared: a low share
stretches wall time, so compare CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

GOALS = {"generate": 60.0, "rss_mb": 1536.0, "report": 5.0}
SUPERVISION_PHASE = "案卷评查与监督"


def child(scenario: str) -> None:
    import resource

    from _common import peak_rss_mb, throwaway_database

    with throwaway_database("zhifa_bench_demo") as engine:
        from django.conf import settings

        from zhifa.demo.generator import Generator
        from zhifa.demo.scenario import load_scenario
        from zhifa.reports.render import write_annual

        sc = load_scenario(scenario)
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        gen = Generator(sc)
        phases = gen.run()
        generate = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t1 = time.perf_counter()
        write_annual(sc.region_code, sc.year, Path(settings.REPORT_ROOT))
        report = time.perf_counter() - t1
        cpu2 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        report_cpu = (cpu2.ru_utime - cpu1.ru_utime) + (cpu2.ru_stime - cpu1.ru_stime)
        # the load's parsing worker and the month-end scans' second process (once they have exited)
        helpers = (kids1.ru_utime - kids0.ru_utime) + (kids1.ru_stime - kids0.ru_stime)
        print(
            "RESULT "
            + json.dumps(
                {
                    "engine": engine,
                    "generate": generate,
                    "generate_cpu": cpu,
                    "helpers_cpu": helpers,
                    "report": report,
                    "report_cpu": report_cpu,
                    "rss_mb": peak_rss_mb(),
                    "cpu_share": cpu / generate if generate else 0,
                    "phases": phases,
                    "cpu": gen.cpu,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )


def run(backend: str, scenario: str, pg_url: str) -> dict | None:
    env = dict(os.environ)
    env.pop("ZHIFA_DATABASE_URL", None)
    if backend == "postgresql":
        env["ZHIFA_DATABASE_URL"] = pg_url
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--scenario", scenario],
        env=env,
        capture_output=True,
        text=True,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(f"[{backend}] failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="dongli-2023")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.scenario)
        return
    print(
        f"scenario {a.scenario}; goals: generation+load ≤ {GOALS['generate']:.0f} s, peak RSS ≤ {GOALS['rss_mb']:.0f} MB, report ≤ {GOALS['report']:.0f} s"
    )
    for backend in a.backends.split(","):
        r = run(backend.strip(), a.scenario, a.pg_url)
        if r is None:
            continue

        def mark(key, value):
            return "ok" if value <= GOALS[key] else "OVER"

        phases, cpu = r["phases"], r["cpu"]
        supervision = cpu.get(SUPERVISION_PHASE, 0.0)
        loader = sum(v for k, v in cpu.items() if k.startswith("数据交换"))
        core = r["generate_cpu"] - supervision
        print(f"\n[{r['engine']}]   (the main process got {r['cpu_share']:.0%} of a CPU: the machine is shared)")
        print(f"  generation+load  {r['generate']:8.1f} s   {mark('generate', r['generate'])}   all phases (wall)")
        print(f"    CPU (user+sys) of the main process               {r['generate_cpu']:8.1f} s")
        print(f"    CPU of its helper processes (parsing, scans)     {r.get('helpers_cpu', 0.0):8.1f} s")
        print(f"    registry + acts through the validated load, CPU {core:8.1f} s   {mark('generate', core)}")
        print(f"    of which the exchange path loading the acts, CPU {loader:8.1f} s")
        print(
            f"    案卷评查, 监督检查, 12 月度通报 (supervision services, with their alert scans), CPU {supervision:8.1f} s"
        )
        print(f"  peak RSS         {r['rss_mb']:8.0f} MB  {mark('rss_mb', r['rss_mb'])}")
        print(f"  annual report    {r['report']:8.1f} s   {mark('report', r['report'])}   (CPU {r['report_cpu']:.1f} s)")
        print("    phase                      CPU s    wall s")
        for name, sec in sorted(cpu.items(), key=lambda kv: -kv[1])[:12]:
            print(f"    {name:<22} {sec:8.1f}  {phases.get(name, 0.0):8.1f}")


if __name__ == "__main__":
    main()
