"""The tamper-evident audit chain: an UPDATE or DELETE in SQL is named by `zhifa verify`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhifa.core.audit import audit
from zhifa.core.chain import chain_verify
from zhifa.core.models import AuditLog, ChainHead


def _rows(n, region="120110"):
    return [
        audit(actor=None, action="test.write", object_type="test", object_id=str(i), region_code=region, after={"i": i, "x": [1.5, "甲"]})
        for i in range(n)
    ]


@pytest.mark.django_db
def test_rows_chain_per_region():
    a = _rows(3)
    b = _rows(2, region="120111")
    assert [r.seq for r in a] == [1, 2, 3] and [r.seq for r in b] == [1, 2]
    assert a[1].prev_hash == a[0].hash and a[1].prev_id == a[0].pk and a[0].prev_hash == ""
    assert ChainHead.objects.get(pk="120110").hash == a[-1].hash
    report = chain_verify()
    assert report.problems == [] and report.rows == 5


@pytest.mark.django_db
def test_sql_update_and_delete_are_named(capsys):
    rows = _rows(6)
    table = AuditLog._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET note = %s WHERE id = %s", ["改过", rows[1].pk])
        cur.execute(f"DELETE FROM {table} WHERE id = %s", [rows[3].pk])
    problems = chain_verify().problems
    kinds = {(p.kind, p.row_id) for p in problems}
    assert ("altered", rows[1].pk) in kinds
    assert ("deleted", rows[3].pk) in kinds
    with pytest.raises(CommandError):
        call_command("verify")
    err = capsys.readouterr().err
    assert f"#{rows[1].pk}" in err and "被修改" in err
    assert f"#{rows[3].pk}" in err and "被删除" in err


@pytest.mark.django_db
def test_deleted_tail_and_inserted_row_are_named():
    rows = _rows(3)
    AuditLog.objects.filter(pk=rows[-1].pk).delete()
    AuditLog.objects.bulk_create([AuditLog(action="forged", object_type="x", object_id="1", region_code="120110")])
    problems = chain_verify().problems
    assert any(p.kind == "deleted" and p.row_id == rows[-1].pk for p in problems)
    assert any(p.kind == "inserted" for p in problems)


@pytest.mark.django_db
def test_untouched_database_verifies(capsys):
    _rows(4)
    call_command("verify")
    assert "全部完好" in capsys.readouterr().out


@pytest.mark.django_db
def test_json_values_hash_the_same_after_the_database_round_trip():
    """Floats, big integers, nested lists and Chinese text read back as hashed (jsonb on PostgreSQL)."""
    values = {"f": [0.1, 1.0, 1e-07, 2.5e20, -0.0], "n": 2**60, "t": "（甲）\\n", "nested": {"b": [1, {"a": None}]}}
    audit(actor=None, action="test.json", object_type="t", object_id="1", region_code="120110", after=values)
    assert chain_verify().problems == []


def test_audit_values_are_made_json_as_before():
    """core.audit._json: a list of plain scalars (a bulk row's 1,000 keys and ids) is copied without a walk; the
    values come out as the element-by-element conversion gives them (its tuple branch walks the same elements:
    dates and decimals as text, tuples as lists)."""
    import datetime as dt
    from decimal import Decimal

    from zhifa.core.audit import _json

    plain = ["丽罚〔2023〕1号", 3, True, None, 2.5]
    assert _json(plain) == _json(tuple(plain)) == plain and type(_json(plain)) is list and _json(plain) is not plain
    assert _json([]) == []
    assert _json([dt.date(2023, 1, 2), "a"]) == ["2023-01-02", "a"]
    assert _json((1, 2)) == [1, 2]
    assert _json(
        {"keys": plain, "when": dt.datetime(2023, 1, 1, 8, 0), "amount": Decimal("10.00"), "rows": [[1, Decimal("2")]]}
    ) == {"keys": plain, "when": "2023-01-01T08:00:00", "amount": "10.00", "rows": [[1, "2"]]}
