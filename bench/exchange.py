"""Bench: the exchange path (files and API) against a plain bulk insert and the raw driver, same run.

    python bench/exchange.py [--sizes 2000 8000]
    ZHIFA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres python bench/exchange.py

Each size runs in its own process (so that its peak RSS is its own) on a throwaway database: a small
registry (1 unit, 12 certified officers, an inspection power) is loaded through the exchange, then

1. N 行政检查 records from a CSV file through ``exchange_load_files`` (parse, resolve natural keys, one
   savepoint per record, upsert index, audit row, supervision hook) — rows/s;
2. the same N rows, pre-resolved to ids, through ``Inspection.objects.bulk_create`` (plain bulk insert);
3. the same rows through the raw driver (``executemany``; PostgreSQL: COPY);
4. the same file again (every record unchanged);
5. an API batch of 1 000 inspections through /api/v1/inspections/batches (in-process WSGI client).

Prints rows/s, the ratios exchange / bulk insert and exchange / raw driver, and per size the peak RSS before the
load, after it, after loading the file again (the goal: flat in rows) and after the baselines (which hold every row).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, peak_rss_mb, throwaway_database  # noqa: E402

REGION = "120110"


def _registry(folder: Path, n_officers: int = 12) -> tuple[str, list[str]]:
    from zhifa.core.validators import make_id_number, make_uscc

    unit = make_uscc("11120110", 1)
    ids = [make_id_number(REGION, dt.date(1980, 1, 1) + dt.timedelta(days=37 * i), i) for i in range(n_officers)]
    certs = [f"1201100{i:05d}" for i in range(n_officers)]
    files = {
        "执法主体": [
            {
                "统一社会信用代码": unit,
                "单位名称": "区市场监督管理局",
                "行政区划代码": REGION,
                "单位类型": "区级部门",
                "设立日期": "2015-01-01",
            }
        ],
        "执法人员": [
            {"身份证号码": p, "姓名": f"人员{i}", "单位统一社会信用代码": unit, "编制类型": "行政编制"}
            for i, p in enumerate(ids)
        ],
        "执法证件": [
            {
                "执法证号": c,
                "持证人身份证号码": p,
                "发证机关": "天津市人民政府",
                "发证日期": "2021-01-01",
                "有效期至": "2030-12-31",
            }
            for c, p in zip(certs, ids, strict=True)
        ],
        "权责事项": [
            {
                "事项编码": "JC-001",
                "事项名称": "检查",
                "职权类别": "行政检查",
                "实施主体统一社会信用代码": unit,
                "实施依据": "某法",
                "生效日期": "2015-01-01",
            }
        ],
    }
    for name, rows in files.items():
        _write(folder / f"{name}.csv", rows)
    return unit, certs


def _write(path: Path, rows) -> None:
    """Rows written as they are made: the process's peak before the load does not grow with the file."""
    rows = iter(rows)
    first = next(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(first))
        w.writeheader()
        w.writerow(first)
        w.writerows(rows)


def _inspections(unit: str, certs: list[str], n: int, start: int = 0):
    from zhifa.core.validators import make_uscc

    base = dt.datetime(2023, 1, 2, 9, 0)
    return (
        {
            "检查行为编号": f"JC{start + i:08d}",
            "实施机构统一社会信用代码": unit,
            "事项编码": "JC-001",
            "检查对象名称": f"商户{i % 400}",
            "相对人性质": "法人或其他组织",
            "相对人证件号码": make_uscc("92120110", 1000 + i % 400),
            "检查时间": (base + dt.timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M"),
            "检查形式": "现场",
            "检查类别": "日常检查",
            "执法证号": f"{certs[i % len(certs)]}；{certs[(i + 1) % len(certs)]}",
        }
        for i in range(n)
    )


def child(n: int) -> dict:
    import os
    import tempfile

    os.environ.setdefault("ZHIFA_ALERT_HOOK", "1")
    with throwaway_database(os.environ.get("ZHIFA_BENCH_DB", "zhifa_bench_exchange")) as engine:
        from django.db import connection
        from django.test import Client

        from zhifa.enforcement.models import Inspection
        from zhifa.exchange import services
        from zhifa.exchange.actors import SYSTEM
        from zhifa.org.models import Unit

        tmp = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
        unit_uscc, certs = _registry(tmp / "registry")
        services.exchange_load_files(actor=SYSTEM, paths=[tmp / "registry"])
        path = tmp / "acts" / "行政检查.csv"
        _write(path, _inspections(unit_uscc, certs, n))
        rss0 = peak_rss_mb()
        with Timer() as t_load:
            result = services.exchange_load_files(actor=SYSTEM, paths=[path])
        assert not result.rejections(), result.rejections()[:3]
        rss_first = peak_rss_mb()
        with Timer() as t_again:
            again = services.exchange_load_files(actor=SYSTEM, paths=[path])
        assert again.totals()["行政检查"]["unchanged"] == n
        rss_exchange = peak_rss_mb()  # before the baselines below, which hold every row in memory

        # The same rows, pre-resolved (every column as the exchange wrote it), through a plain bulk insert and the
        # raw driver; the driver's parameters are prepared outside the timer.
        fields = [f for f in Inspection._meta.concrete_fields if not f.primary_key]
        proto = list(Inspection.objects.order_by("id").values(*[f.attname for f in fields]))
        with Timer() as t_bulk:
            Inspection.objects.bulk_create([Inspection(**r) for r in proto], batch_size=1000)
        cols = [f.column for f in fields]
        rows = [tuple(f.get_db_prep_save(r[f.attname], connection) for f in fields) for r in proto]
        if engine == "postgresql":  # COPY takes text for json
            rows = [tuple(x.dumps(x.adapted) if hasattr(x, "adapted") else x for x in r) for r in rows]
        table = Inspection._meta.db_table
        with Timer() as t_raw:
            with connection.cursor() as cur:
                if engine == "postgresql":
                    with cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
                        for r in rows:
                            cp.write_row(r)
                else:
                    marks = ", ".join(["%s"] * len(cols))
                    cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)

        # An API batch of 1 000 inspections.
        _, token = services.token_create(actor=SYSTEM, name="bench", unit=Unit.objects.get(uscc=unit_uscc))
        from zhifa.exchange.spec import BY_NAME

        t = BY_NAME["行政检查"]
        body = {
            "batch_no": "bench-api",
            "records": [
                {t.by_name[k].key: v for k, v in r.items()} for r in _inspections(unit_uscc, certs, 1000, start=n + 10)
            ],
        }
        client = Client()
        client.get("/api/v1/inspections?limit=1", HTTP_AUTHORIZATION=f"Bearer {token}")  # a running server: URLs loaded
        with Timer() as t_api:
            resp = client.post(
                "/api/v1/inspections/batches",
                data=json.dumps(body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert resp.status_code == 200 and resp.json()["counts"]["created"] == 1000, resp.content[:300]
        return {
            "engine": engine,
            "n": n,
            "exchange_s": t_load.seconds,
            "exchange_rows_s": t_load.rate(n),
            "again_rows_s": t_again.rate(n),
            "bulk_rows_s": t_bulk.rate(n),
            "raw_rows_s": t_raw.rate(n),
            "api_1000_s": t_api.seconds,
            "peak_rss_mb": peak_rss_mb(),
            "exchange_peak_rss_mb": rss_exchange,
            "first_load_peak_rss_mb": rss_first,
            "rss_before_load_mb": rss0,
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000])
    ap.add_argument("--child", type=int)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child)))
        return
    figures = []
    for n in a.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        figures.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"engine: {figures[0]['engine']}")
    print(
        f"{'rows':>7} {'exchange r/s':>13} {'again r/s':>10} {'bulk r/s':>10} {'raw r/s':>10} "
        f"{'x/bulk':>7} {'x/raw':>7} {'API 1000 s':>10} {'RSS before':>10} {'RSS load':>8} {'RSS again':>9} {'RSS all':>8}"
    )
    for f in figures:
        print(
            f"{f['n']:>7} {f['exchange_rows_s']:>13.0f} {f['again_rows_s']:>10.0f} {f['bulk_rows_s']:>10.0f} "
            f"{f['raw_rows_s']:>10.0f} {f['exchange_rows_s'] / f['bulk_rows_s']:>7.3f} "
            f"{f['exchange_rows_s'] / f['raw_rows_s']:>7.3f} {f['api_1000_s']:>10.2f} {f['rss_before_load_mb']:>10.0f} "
            f"{f['first_load_peak_rss_mb']:>8.0f} {f['exchange_peak_rss_mb']:>9.0f} {f['peak_rss_mb']:>8.0f}"
        )
    print(
        "goals: exchange/bulk ≥ 0.5; API batch of 1 000 ≤ 2 s; peak RSS flat in rows (RSS load, again: peak after the"
    )
    print(
        "first load and after loading the same file again; RSS all: after the bulk-insert and driver baselines too, which hold every row in memory)"
    )


if __name__ == "__main__":
    main()
