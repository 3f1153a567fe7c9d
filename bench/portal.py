"""Portal search under load: p50/p95 latency and throughput at 50 concurrent clients, beside a minimal view.

    python bench/portal.py                      # builds a sample district with 3000 published decisions
    python bench/portal.py --db var/zhifa.sqlite3   # or an existing (demo) database, used read-only
    python bench/portal.py --decisions 10000 --clients 50 --requests 4000 --seconds 40

A waitress server (multi-threaded WSGI, as in production behind a proxy) serves zhifa's WSGI application
plus one extra route, ``/bench/ping/``: a Django view that returns a short text without a template or a
query. Both are measured on the same server with the same client: 50 asyncio clients over keep-alive
HTTP/1.1 connections on 127.0.0.1, closed loop (each sends its next request when the previous answer
is in), bounded by --requests and --seconds per phase. A second, paced phase gives each client a think
time (--think), i.e. an offered load well under saturation, which is what a public site sees.

"portal search" cycles through ten common searches, which the portal's page cache (zhifa.portal.caching,
60 s, invalidated on publication) answers after the first hit; "search uncached" adds a never-repeated
parameter to each, so every request runs the query and the template.

Goal (issue 7): portal search p95 <= 50 ms and throughput >= 50 % of the minimal view.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # tests.support.sample builds the sample district

SEARCH_QUERIES = [
    "",
    "?q=建筑垃圾",
    "?q=食品",
    "?q=罚款&page=2",
    "?type=penalty",
    "?start=2023-03-01&end=2023-05-31",
    "?q=警告&start=2023-01-01&end=2023-12-31",
    "?page=3",
    "?q=无此关键词",  # no match: the worst case, every public text is scanned
    "?type=first_offence",
]


# ---- server side (a child process) -----------------------------------------------------------------
def serve(port: int, threads: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import include, path
    from waitress import serve as waitress_serve

    from zhifa.wsgi import application

    def ping(request):
        return HttpResponse("ok", content_type="text/plain")

    module = sys.modules[__name__]
    module.urlpatterns = [path("bench/ping/", ping), path("", include("zhifa.urls"))]
    settings.ROOT_URLCONF = module
    waitress_serve(application, host="127.0.0.1", port=port, threads=threads, ident="zhifa-bench", _quiet=True)


def build(decisions: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from tests.support.sample import build_sample

    build_sample(decisions=decisions, inspections=200)


# ---- client side --------------------------------------------------------------------------------------
async def one_client(port, paths, deadline, budget, latencies, errors, think):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            target = random.choice(paths)
            if "{n}" in target:  # a query string never seen before: the page cache cannot answer it
                target = target.replace("{n}", str(random.getrandbits(48)))
            request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
            t0 = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors.append(status_line.decode("latin-1").strip())
            if think:
                await asyncio.sleep(random.uniform(0, 2 * think))
    finally:
        writer.close()


async def load(port, paths, clients, requests, seconds, think):
    latencies: list[float] = []
    errors: list[str] = []
    budget = [requests]
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(one_client(port, paths, deadline, budget, latencies, errors, think) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - start


def figures(latencies, wall):
    qs = statistics.quantiles(latencies, n=100)
    return {"n": len(latencies), "p50": qs[49] * 1000, "p95": qs[94] * 1000, "rps": len(latencies) / wall}


def wait_for(port, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("server did not start")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="an existing SQLite database (e.g. built by `zhifa demo`); default: build a sample")
    ap.add_argument("--decisions", type=int, default=3000, help="published decisions in the built sample")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="at most this many requests per phase")
    ap.add_argument("--seconds", type=float, default=30, help="at most this long per phase")
    ap.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    ap.add_argument("--think", type=float, default=0.5, help="mean think time per client in the paced phase (s)")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        return serve(args.serve, args.threads)
    if args.build:
        return build(args.build)

    tmp = Path(tempfile.mkdtemp(prefix="zhifa-bench-portal-"))
    env = dict(os.environ, ZHIFA_DATA_DIR=str(tmp), DJANGO_SETTINGS_MODULE="zhifa.settings", ZHIFA_LOG_LEVEL="ERROR")
    env.pop("ZHIFA_DATABASE_URL", None)
    server = None
    try:
        if args.db:
            db = tmp / "bench.sqlite3"
            shutil.copy(args.db, db)  # the bench never writes to the given file
            env["ZHIFA_SQLITE_PATH"] = str(db)
            source = f"copy of {args.db}"
        else:
            env["ZHIFA_SQLITE_PATH"] = str(tmp / "bench.sqlite3")
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "zhifa", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
            # The supervision write hook checks every saved record on commit; a scripted load of fixture
            # rows does not need alerts (supervision.hooks: ZHIFA_ALERT_HOOK=0).
            build_env = dict(env, ZHIFA_ALERT_HOOK="0")
            subprocess.run(
                [sys.executable, __file__, "--build", str(args.decisions)], env=build_env, check=True, cwd=ROOT
            )
            source = (
                f"sample district, {args.decisions} published decisions (built in {time.perf_counter() - t0:.0f} s)"
            )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--threads", str(args.threads)], env=env, cwd=ROOT
        )
        wait_for(port)
        search = [quote(f"/portal/{q}", safe="/?=&") for q in SEARCH_QUERIES]
        # warm-up: imports, template loading, SQLite page cache
        asyncio.run(load(port, ["/bench/ping/", *search], 4, 200, 20, 0))

        print(f"database: {source}")
        print(
            f"server: waitress, {args.threads} threads, 127.0.0.1:{port}; clients: {args.clients} (asyncio, keep-alive)"
        )
        print(f"machine: {os.cpu_count()} CPUs (client and server share them)\n")
        rows = []
        for phase, think in (("closed loop", 0.0), (f"paced, think {args.think:g} s", args.think)):
            uncached = [p + ("&" if "?" in p else "?") + "nocache={n}" for p in search]
            for name, paths in (
                ("minimal view", ["/bench/ping/"]),
                ("portal search", search),
                ("search uncached", uncached),
            ):
                lat, errors, wall = asyncio.run(load(port, paths, args.clients, args.requests, args.seconds, think))
                if errors:
                    raise SystemExit(f"{name}: {len(errors)} non-200 answers, first: {errors[0]}")
                rows.append((phase, name, figures(lat, wall)))
        print(f"{'phase':<22}{'endpoint':<17}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}")
        for phase, name, f in rows:
            print(f"{phase:<22}{name:<17}{f['n']:>9}{f['p50']:>9.1f}{f['p95']:>9.1f}{f['rps']:>9.1f}")
        for phase in dict.fromkeys(r[0] for r in rows):
            by = {name: f for ph, name, f in rows if ph == phase}
            for name in ("portal search", "search uncached"):
                ratio = by[name]["rps"] / by["minimal view"]["rps"] * 100
                print(
                    f"{phase}, {name}: throughput {ratio:.0f} % of the minimal view (goal >= 50 %), "
                    f"p95 {by[name]['p95']:.1f} ms (goal <= 50 ms)"
                )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
