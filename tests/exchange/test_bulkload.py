"""The demo's bulk load suspends the secondary indexes of the act tables and of the exchange index while they are
empty, and rebuilds them as they were; a table that holds rows keeps its indexes (exchange/bulkload.py)."""

import pytest
from django.db import connection

from zhifa.exchange.bulkload import analyze_tables, rebuild_indexes, suspend_indexes
from zhifa.exchange.models import ExchangeRecord
from zhifa.org.models import Region

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        return dict(cur.fetchall())


def _record(n: int) -> ExchangeRecord:
    return ExchangeRecord.objects.create(record_type="联合行动", key=f"LH-{n}", region_id="120110", digest="0" * 64)


def test_an_empty_table_has_its_secondary_indexes_suspended_and_rebuilt_as_they_were():
    if connection.vendor != "sqlite":
        assert suspend_indexes((ExchangeRecord,)) == []  # (PostgreSQL's COPY keeps its indexes)
        return
    Region.objects.get_or_create(code="120110", defaults={"name": "东丽区", "level": "district"})
    table = ExchangeRecord._meta.db_table
    before = _indexes(table)
    unique = {n for n, sql in before.items() if sql is None or sql.startswith("CREATE UNIQUE")}
    assert len(before) - len(unique) >= 5  # (类型, 对象), 单位, 区划, 更新时间…
    saved = suspend_indexes((ExchangeRecord,))
    assert len(saved) == len(before) - len(unique)
    assert set(_indexes(table)) == unique  # the natural key's unique index stays: records are looked up by it
    _record(1)
    rebuild_indexes(saved)
    assert _indexes(table) == before
    assert suspend_indexes((ExchangeRecord,)) == []  # a table that holds rows keeps its indexes
    assert _indexes(table) == before


def test_statistics_are_gathered_after_a_load_on_postgresql_only():
    """After the demo's load PostgreSQL has statistics for its tables (the scans and the report that follow at once
    are planned on them); SQLite gets no sqlite_stat1, which would change the plans its queries are written for."""
    Region.objects.get_or_create(code="120110", defaults={"name": "东丽区", "level": "district"})
    for n in range(30):
        _record(n)
    table = ExchangeRecord._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
            assert cur.fetchone()[0] == 0
            assert analyze_tables((ExchangeRecord,)) is True
            cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
            assert cur.fetchone()[0] > 0
            assert analyze_tables() is True  # every table
            cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'enforcement_penaltycase'")
            assert cur.fetchone()[0] == 0  # (an empty table has no column statistics)
            cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cur.fetchone()[0] == 30
        else:
            assert analyze_tables() is False
            cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cur.fetchone()[0] == 0


def test_a_large_load_of_files_gathers_statistics_on_postgresql(tmp_path, monkeypatch):
    """A district's year loaded from files is reported at once: PostgreSQL plans that report on statistics."""
    from tests.exchange import district as D
    from zhifa.enforcement.models import Inspection
    from zhifa.exchange import services
    from zhifa.exchange.actors import SYSTEM

    def inspections_have_statistics() -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [Inspection._meta.db_table])
            return cur.fetchone()[0] > 0

    registry = services.exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "reg")])
    assert registry.analyzed is False  # under ANALYZE_AFTER records
    monkeypatch.setattr(services, "ANALYZE_AFTER", 3)
    acts = D.write_csv(tmp_path / "acts", "行政检查", [D.inspection(n) for n in range(1, 4)])
    result = services.exchange_load_files(actor=SYSTEM, paths=[acts])
    assert result.totals()["行政检查"]["created"] == 3
    if connection.vendor == "postgresql":
        assert result.analyzed is True and inspections_have_statistics()
    else:
        assert result.analyzed is False
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cur.fetchone()[0] == 0


def _all_indexes() -> list[tuple]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
        else:
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1")
        return cur.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_first_year_from_files_loads_whole_with_the_act_indexes_rebuilt(tmp_path, monkeypatch):
    """zhifa exchange load of a district's first year (SQLite): one transaction, the empty act tables' indexes
    suspended and rebuilt, each record still accepted or rejected on its own. A later load keeps every index."""
    from tests.exchange import district as D
    from zhifa.enforcement.models import Inspection, PenaltyCase
    from zhifa.exchange import bulkload, services
    from zhifa.exchange.actors import SYSTEM

    monkeypatch.setattr(services, "BULK_FROM", 5)
    schema = _all_indexes()
    rebuilt: list[str] = []
    rebuild = bulkload.rebuild_indexes
    monkeypatch.setattr(bulkload, "rebuild_indexes", lambda saved: (rebuilt.extend(saved), rebuild(saved)))
    folder = D.write_registry(tmp_path / "year")
    D.write_csv(folder, "行政检查", [D.inspection(1), D.inspection(2), D.inspection(3, 事项编码="NOPE")])
    D.write_csv(folder, "行政处罚", [D.case(1), D.case(2)])
    first = services.exchange_load_files(actor=SYSTEM, paths=[folder], bulk=True)
    assert [(r.row, r.field) for _f, _t, r in first.rejections()] == [(4, "事项编码")]
    assert Inspection.objects.count() == 2 and PenaltyCase.objects.count() == 2
    assert _all_indexes() == schema  # every index is back, as the migrations define it
    if connection.vendor == "sqlite":
        assert first.bulk is True
        assert any("enforcement_penaltycase" in sql for sql in rebuilt)
    else:
        assert first.bulk is False and rebuilt == []
    rebuilt.clear()
    more = D.write_csv(tmp_path / "more", "行政检查", [D.inspection(n) for n in range(4, 10)])
    later = services.exchange_load_files(actor=SYSTEM, paths=[more], bulk=True)
    assert later.bulk is False and rebuilt == [] and Inspection.objects.count() == 8
