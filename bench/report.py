"""Bench: the annual report on the 东丽区 year, then on a database holding three district-years of that size.

    python bench/report.py [--scale 1.0] [--districts 3] [--repeat 3] [--backends sqlite,postgresql]
        [--pg-url postgresql://postgres@127.0.0.1:5432/postgres] [--scenario dongli-2023]

Each backend runs in its own child process on a throwaway database (bench/_common.py). The child builds the
scenario's district-year with the demo generator (``--scale`` multiplies its yearly act counts, party pools and
案卷评查 sample: 1.0 is the seed's 54,849 inspections and 275,459 decisions; the registry — units, officers,
powers — and the programmes' counts are kept whole), then times the annual report of that year: ``annual_figures`` and the whole ``annual_document`` (every
figure, template paragraph, table and 重点领域 part; charts off, they depend on the fonts of the machine), and the
DOCX written from it. Then it adds ``--districts`` − 1 more district-years of the same size (the same scenario
under another region code and seed) and times the same report again.

Printed per backend: the report's seconds (first run, then the median of ``--repeat`` runs, and the median CPU
seconds of this process — on a loaded machine wall time stretches, CPU time does not) with the goal (≤ 2 s), the baseline — counting the year's inspections and decisions, the two largest tables, with a plain
``COUNT`` per table — and the report's ratio to it, and the growth ratio of the report time from one to three
district-years (goal ≤ 1.5× for 3× the data).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

GOALS = {"report": 2.0, "growth": 1.5}
# other district codes of 天津市 (GB/T 2260) that the copies of the scenario take
OTHER_DISTRICTS = [("120112", "津南区"), ("120113", "北辰区"), ("120114", "武清区"), ("120115", "宝坻区")]
SCALED_ACTS = (
    "inspections", "penalties", "other_acts", "no_penalty", "prior_year_inspections", "prior_year_penalties",
    "drivers", "individuals", "businesses",
)  # fmt: skip


def scaled(sc, scale: float):
    for key in SCALED_ACTS:
        if key in sc.acts:
            sc.acts[key] = max(1, round(sc.acts[key] * scale))
    if "case_file_reviews" in sc.supervision:  # 案卷评查 draws from the year's ordinary cases
        sc.supervision["case_file_reviews"] = max(4, round(sc.supervision["case_file_reviews"] * min(1.0, scale)))
    return sc


def copy_of(sc, code: str, name: str, seed: int):
    import copy

    other = copy.deepcopy(sc)
    other.region = {**sc.region, "code": code, "name": name}
    other.seed = seed
    other.texts = {}  # the copies use the product's default template
    return other


def server_cpu() -> float | None:
    """CPU seconds of this session's PostgreSQL backend so far (a server on this host: ``/proc/<pid>/stat``), None
    on SQLite or when the server is elsewhere. Parallel workers are turned off for the session so that the
    backend does all of the query work."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SET max_parallel_workers_per_gather = 0")
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, repeat: int) -> tuple[float, float, float, float | None]:
    """(first run's wall seconds, median wall seconds of the next ``repeat`` runs, their median CPU seconds, and
    the median CPU seconds of the PostgreSQL backend — None on SQLite, where the queries are in this process).

    On a shared machine wall time stretches with the load; CPU time does not.
    """
    runs, cpu, server = [], [], []
    for _ in range(repeat + 1):
        s0 = server_cpu()
        t, c = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        s1 = server_cpu()
        server.append(None if s0 is None or s1 is None else s1 - s0)
    srv = None if None in server[1:] else statistics.median(server[1:])
    return runs[0], statistics.median(runs[1:]), statistics.median(cpu[1:]), srv


def measure(region: str, year: int, repeat: int) -> dict:
    import datetime as dt

    from zhifa.enforcement.models import Inspection, PenaltyCase
    from zhifa.metrics.base import day_start
    from zhifa.reports.document import annual_document
    from zhifa.reports.figures import annual_figures
    from zhifa.reports.render import to_docx

    out = Path(tempfile.mkdtemp(prefix="bench-report-"))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def baseline():
        Inspection.objects.filter(
            region_id=region, started_at__gte=day_start(start), started_at__lt=day_start(end + dt.timedelta(days=1))
        ).count()
        PenaltyCase.objects.filter(region_id=region, decided_on__range=(start, end)).count()

    def report():
        to_docx(annual_document(region, year, charts=False), out / "report.docx")

    first, median, cpu, server = timed(report, repeat)
    _f, figures, _c, _s = timed(lambda: annual_figures(region, year), 1)
    _b, base, _c, _s = timed(baseline, repeat)
    return {"first": first, "report": median, "cpu": cpu, "server": server, "figures": figures, "baseline": base}


def settle(engine: str) -> None:
    """On PostgreSQL, VACUUM ANALYZE after the bulk build, as autovacuum does on a live server within a minute:
    without statistics and a visibility map the planner reads every district's rows (a sequential scan) where a
    district-year needs only its own index range. SQLite is measured as built."""
    if engine != "postgresql":
        return
    from django.db import connection

    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")


def child(a) -> None:
    from _common import peak_rss_mb, throwaway_database

    with throwaway_database("zhifa_report_bench") as engine:
        from zhifa.demo.generator import Generator
        from zhifa.demo.scenario import load_scenario
        from zhifa.enforcement.models import Inspection, PenaltyCase
        from zhifa.org.models import Person

        sc = scaled(load_scenario(a.scenario), a.scale)
        t = time.perf_counter()
        Generator(sc).run()
        build1 = time.perf_counter() - t
        rows1 = Inspection.objects.count() + PenaltyCase.objects.count()
        settle(engine)
        one = measure(sc.region_code, sc.year, a.repeat)
        print("PARTIAL " + json.dumps({"one": one, "build1": build1, "rows1": rows1}), flush=True)
        t = time.perf_counter()
        for k, (code, name) in enumerate(OTHER_DISTRICTS[: a.districts - 1], 1):
            g = Generator(copy_of(sc, code, name, sc.seed + k))
            # ID numbers are unique across districts: officers born before a district's code existed carry the
            # city's code, so the copy must not draw one the first district holds
            g._id_seen.update(Person.objects.values_list("id_number", flat=True))
            g.run()
        build_more = time.perf_counter() - t
        rows = Inspection.objects.count() + PenaltyCase.objects.count()
        settle(engine)
        many = measure(sc.region_code, sc.year, a.repeat)
        result = {
            "engine": engine,
            "one": one,
            "many": many,
            "rows1": rows1,
            "rows": rows,
            "build1": build1,
            "build_more": build_more,
            "rss_mb": peak_rss_mb(),
        }
        print("RESULT " + json.dumps(result), flush=True)


def run(backend: str, a) -> dict | None:
    env = dict(os.environ)
    env.pop("ZHIFA_DATABASE_URL", None)
    if backend == "postgresql":
        env["ZHIFA_DATABASE_URL"] = a.pg_url
    args = [sys.executable, str(Path(__file__).resolve()), "--child", "--scenario", a.scenario]
    args += ["--scale", str(a.scale), "--districts", str(a.districts), "--repeat", str(a.repeat)]
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    partial = None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
        if line.startswith("PARTIAL "):
            partial = json.loads(line[8:])
    print(f"[{backend}] failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    if partial:
        print(f"[{backend}] before failing, one district-year: {partial}")
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="dongli-2023")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the scenario's yearly acts (1.0 = the seed)")
    ap.add_argument("--districts", type=int, default=3, help="district-years in the second database (≤ 5)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not 1 <= a.districts <= len(OTHER_DISTRICTS) + 1:
        ap.error(f"--districts must be 1…{len(OTHER_DISTRICTS) + 1}")
    if a.child:
        child(a)
        return
    print(
        f"scenario {a.scenario} × {a.scale:g}; goals: annual report ≤ {GOALS['report']:.0f} s, "
        f"growth ≤ {GOALS['growth']:.1f}× from 1 to {a.districts} district-years"
    )
    for backend in a.backends.split(","):
        r = run(backend.strip(), a)
        if r is None:
            continue
        one, many = r["one"], r["many"]
        growth = many["report"] / one["report"] if one["report"] else float("inf")

        def ok(key, v):
            return "ok" if v <= GOALS[key] else "OVER"

        print(
            f"\n[{r['engine']}]  build: {r['build1']:.0f} s for one district-year, {r['build_more']:.0f} s for the others"
        )
        for label, m, rows in (
            ("1 district-year ", one, r["rows1"]),
            (f"{a.districts} district-years", many, r["rows"]),
        ):
            print(
                f"  {label} ({rows:,} inspections+decisions): annual report {m['report']:6.2f} s, CPU {m['cpu']:.2f} s"
                + (f" + server CPU {m['server']:.2f} s " if m.get("server") is not None else " ")
                + f"(first run {m['first']:.2f} s; figures alone {m['figures']:.2f} s)  {ok('report', m['report'])};  "
                f"baseline COUNT {m['baseline'] * 1000:.0f} ms, ratio ×{m['report'] / m['baseline']:.0f}"
            )
        print(f"  growth {a.districts}× data: ×{growth:.2f}  {ok('growth', growth)};  peak RSS {r['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
