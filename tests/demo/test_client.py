"""The demo generator is a client of the exchange: it writes acts as exchange records and loads them through the
same path as any unit system; its inspections carry the 国办发〔2024〕54号 fields from 2025-01-03."""

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.exchange import district as D
from zhifa.core.policy import SYSTEM
from zhifa.demo import g54
from zhifa.enforcement.choices import InspectionClass
from zhifa.enforcement.models import Inspection
from zhifa.exchange.services import exchange_load_files, exchange_load_records
from zhifa.metrics.base import plan_completion
from zhifa.org.models import Unit

TZ = ZoneInfo("Asia/Shanghai")
DEMO = Path(__file__).resolve().parents[2] / "src" / "zhifa" / "demo"


def test_the_generator_knows_no_model_of_acts_and_no_exchange_internals():
    forbidden = (
        "zhifa.enforcement.models",
        "zhifa.enforcement.bulk",
        "zhifa.exchange.writers",
        "zhifa.exchange.fastpath",
    )
    found = []
    for path in DEMO.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found += [f"{path.name}: {n}" for n in names if n.startswith(forbidden)]
    assert found == []


class _Unit:
    class unit:  # noqa: N801  (the generator's UnitRec.unit)
        pk = 1


def _record(at: dt.datetime, kind: str = "日常检查", methods=()) -> tuple[dict, dict]:
    return {"started_at": at}, {"检查类别": kind, "检查方式": list(methods)}


def test_54_fields_only_from_the_day_it_applies_unless_asked():
    gen = g54.Guoban54(7)
    gen.approvers[1] = D.OFFICERS[0]
    before = dt.datetime(2025, 1, 2, 23, 59, tzinfo=TZ)
    assert gen.inspection(_Unit, *_record(before)) == {}
    assert g54.Guoban54(7, always=True).applies(before)
    out = [
        gen.inspection(_Unit, *_record(dt.datetime(2025, 3, 1, 9, 30, tzinfo=TZ) + dt.timedelta(hours=k)))
        for k in range(2000)
    ]
    assert all(o["审批人身份证号码"] == D.OFFICERS[0] for o in out)
    cases = [o for o in out if o.get("检查类别") == "个案检查"]
    assert cases and all(o["个案来源"] in g54.CASE_SOURCES for o in cases)
    urgent = [o for o in out if o["紧急"]]
    assert 0 < len(urgent) < 100
    for k, o in enumerate(out):
        at = dt.datetime(2025, 3, 1, 9, 30, tzinfo=TZ) + dt.timedelta(hours=k)
        assert (o["审批时间"] > at) == o["紧急"]  # afterwards only in an emergency (54号第五部分)
    # 专项 and 双随机 inspections keep their class
    assert "检查类别" not in gen.inspection(_Unit, *_record(dt.datetime(2025, 5, 5, 10, tzinfo=TZ), "专项检查"))
    assert "检查类别" not in gen.inspection(_Unit, *_record(dt.datetime(2025, 5, 5, 10, tzinfo=TZ), methods=["双随机"]))


@pytest.mark.django_db
def test_54_fields_load_through_the_exchange_and_plans_count_their_tasks(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    market = Unit.objects.get(uscc=D.MARKET)
    gen = g54.Guoban54(11, always=True)
    gen.approvers[market.pk] = D.OFFICERS[0]

    class U:
        unit = market

    plan = {
        "计划编号": "SJ-2024-1",
        "实施机构统一社会信用代码": D.MARKET,
        "年度": 2024,
        "计划类型": "双随机",
        "任务数": 3,
    }
    assert exchange_load_records(actor=SYSTEM, record_type="检查计划", records=[plan]).created == 1
    records = []
    for n in range(1, 6):
        r = D.inspection(n, 检查方式="", 计划编号="SJ-2024-1" if n <= 2 else "")
        r.update(gen.inspection(U, {"started_at": dt.datetime(2024, 4, n % 27 + 1, 9, 30, tzinfo=TZ)}, r))
        records.append(r)
    report = exchange_load_records(actor=SYSTEM, record_type="行政检查", records=records)
    assert report.created == 5 and not report.rejections
    rows = Inspection.objects.order_by("number")
    assert all(i.approver.id_number == D.OFFICERS[0] and i.approved_at is not None for i in rows)
    assert {i.inspection_class for i in rows} <= {InspectionClass.ROUTINE, InspectionClass.CASE}
    assert all((i.approved_at > i.started_at) == i.urgent for i in rows)
    assert plan_completion("120110", 2024) == (2, 3)  # 2 inspections name the plan of 3 tasks


def test_the_bulk_mode_maps_the_file_and_puts_the_settings_back(tmp_path, monkeypatch, django_db_blocker):
    """On SQLite the demo builds with the file memory-mapped and a rollback journal, then returns the connection
    to the settings' WAL mode with no mapping; inside a transaction it changes nothing. (A connection of its own
    to a database file: the tests' database is in memory, which has no file to map.)"""
    import django.db
    from django.db import connection
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from zhifa.demo.base import BULK_MMAP, GeneratorBase

    settings = {**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "z.sqlite3")}
    settings["OPTIONS"] = {k: v for k, v in settings["OPTIONS"].items() if k in ("init_command", "transaction_mode")}
    own = DatabaseWrapper(settings, alias="bulk_mode_probe")
    monkeypatch.setattr(django.db, "connection", own)
    gen = GeneratorBase.__new__(GeneratorBase)  # (the mode reads no state of the generator)

    def pragmas():
        with own.cursor() as c:
            return {p: c.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "mmap_size", "cache_size")}

    with django_db_blocker.unblock():
        _bulk_mode_round(own, gen, pragmas, BULK_MMAP, "init_command" in settings["OPTIONS"])


def _bulk_mode_round(own, gen, pragmas, mapped: int, wal_from_settings: bool) -> None:
    try:
        if wal_from_settings:
            assert pragmas()["journal_mode"] == "wal"
        assert gen._sqlite_bulk_mode(True) is True
        assert pragmas() == {"journal_mode": "memory", "mmap_size": mapped, "cache_size": -65536}
        # the year committed, the month-end scans' second process reads it while this one writes: WAL, still mapped
        assert gen._sqlite_bulk_mode(True, readers=True) is True
        assert pragmas() == {"journal_mode": "wal", "mmap_size": mapped, "cache_size": -65536}
        own.set_autocommit(False)
        own.in_atomic_block = True
        assert gen._sqlite_bulk_mode(False) is False  # (SQLite refuses to change the safety level in a transaction)
        own.in_atomic_block = False
        own.rollback()
        own.set_autocommit(True)
        assert gen._sqlite_bulk_mode(False) is True
        assert pragmas() == {"journal_mode": "wal", "mmap_size": 0, "cache_size": -2000}
    finally:
        own.close()
