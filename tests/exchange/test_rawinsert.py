"""The set-based path's shortcuts store what the ORM would have stored.

- ``rawinsert`` prepares dates, datetimes, decimals and plain values itself: each must equal the field's own
  ``get_db_prep_save`` on the database in use.
- The key index keeps the canonical JSON text the digest is the hash of (``digest_text``): same digest as
  ``digest_of``, and the stored document reads back as the record ``digest_of`` gives.
- Records sent with typed values (date, datetime, Decimal, bool, lists) by an in-process client are parsed
  and digested exactly as the same records sent as text.
"""

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tests.exchange import district as D
from zhifa.enforcement.choices import Procedure
from zhifa.enforcement.models import Inspection, PenaltyCase
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.loader import digest_of, digest_text, parse_record
from zhifa.exchange.models import ExchangeRecord
from zhifa.exchange.rawinsert import JsonText, _column, _preparer
from zhifa.exchange.services import exchange_load_files, exchange_load_records
from zhifa.exchange.spec import record_type

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
SAMPLES = {
    "DateField": [dt.date(2023, 2, 28), None, dt.date(2023, 2, 28), dt.date(2024, 12, 31)],
    "DateTimeField": [
        dt.datetime(2023, 1, 1, 7, 59, 3, tzinfo=BEIJING),
        dt.datetime(2023, 6, 30, 23, 0, tzinfo=dt.UTC),
        dt.datetime(2023, 12, 31, 23, 59, 59, 999, tzinfo=BEIJING),  # microseconds; the UTC day before
        None,
    ],
    "DecimalField": [Decimal("13750.00"), Decimal("0"), Decimal("0.5"), 0, None],
    "CharField": ["普通程序", "", None, Procedure.SIMPLE],
    "TextField": ["销售过期食品"],
    "BooleanField": [True, False, None],
    "PositiveIntegerField": [0, 15],
    "ForeignKey": [3, None],
    "JSONField": [["fine", "warning"], [], {"a": "东丽"}],
}


def _same(value):
    """What the driver stores for a parameter: psycopg's Jsonb wrapper (PostgreSQL's JSON parameters) has no
    equality of its own, so what it wraps; on SQLite, a value of a type with a registered adapter (Django's
    Decimal → str) as the adapter writes it."""
    if type(value).__name__ == "Jsonb":
        return ("Jsonb", value.obj)
    if connection.vendor == "sqlite":
        import sqlite3

        adapt = sqlite3.adapters.get((type(value), sqlite3.PrepareProtocol))
        if adapt is not None:
            return adapt(value)
    return value


@pytest.mark.parametrize("model", [PenaltyCase, Inspection, ExchangeRecord])
def test_prepared_values_equal_the_fields_own(model):
    checked = 0
    for f in model._meta.concrete_fields:
        prep = _preparer(f, connection)
        for value in SAMPLES.get(f.get_internal_type(), []):
            assert _same(prep(value)) == _same(f.get_db_prep_save(value, connection)), (f.name, value)
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("model", [PenaltyCase, Inspection, ExchangeRecord])
def test_prepared_columns_equal_their_values_prepared_one_by_one(model):
    """A column is prepared at once where its values allow it (dates, datetimes, booleans, plain values); the
    database keeps what it keeps of the values prepared one by one, whatever the mix (a date column with a text
    in it)."""
    checked = 0
    for f in model._meta.concrete_fields:
        samples = SAMPLES.get(f.get_internal_type(), [])
        mixes = [samples, [v for v in samples if v is not None], [*samples, "2023-03-01"]] if samples else []
        for values in mixes:
            try:
                one_by_one = [_preparer(f, connection)(v) for v in values]
            except Exception:  # ("2023-03-01" is no decimal): a mix the field itself refuses
                continue
            column = _column(f, connection)(list(values))
            assert _stored(column) == _stored(one_by_one), (f.name, values)
            checked += 1
    assert checked > 10


def _stored(values: list) -> list:
    """What the database keeps of each parameter: on SQLite, its storage class and value as read back from a
    table of one untyped column (so that 1 and True, "1.0" and 1.0 are told apart or not as SQLite does); on
    PostgreSQL, the parameters themselves (COPY writes them by the column's type)."""
    if connection.vendor != "sqlite":
        return [(type(v), _same(v)) for v in values]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS stored_probe (v)")
        cur.execute("DELETE FROM stored_probe")
        cur.executemany("INSERT INTO stored_probe (v) VALUES (%s)", [(v,) for v in values])
        cur.execute("SELECT typeof(v), quote(v) FROM stored_probe ORDER BY rowid")
        return cur.fetchall()


def test_a_choice_is_stored_as_its_plain_text():
    """A TextChoices member is a str subclass: the driver would look for an adapter at each value; it is given
    the plain text instead (the same text)."""
    field = PenaltyCase._meta.get_field("procedure")
    got = _preparer(field, connection)(Procedure.SIMPLE)
    assert type(got) is str and got == Procedure.SIMPLE.value
    assert [type(v) for v in _column(field, connection)([Procedure.SIMPLE, "ordinary", None])] == [str, str, type(None)]


def test_booleans_reach_sqlite_as_the_integers_it_stores():
    field = PenaltyCase._meta.get_field("is_major")
    got = _column(field, connection)([True, False, None])
    assert _stored(got) == _stored([True, False, None])
    if connection.vendor == "sqlite":
        assert got == [1, 0, None] and _stored(got) == [("integer", "1"), ("integer", "0"), ("null", "NULL")]


def test_a_serialised_document_is_stored_as_it_is():
    field = ExchangeRecord._meta.get_field("data")
    text = json.dumps({"案件编号": "丽罚〔2023〕1号"}, ensure_ascii=False, sort_keys=True)
    assert _same(_preparer(field, connection)(JsonText(text))) in (text, ("Jsonb", text))
    assert _same(_preparer(field, connection)(text)) == _same(field.get_db_prep_save(text, connection))  # a JSON string


def test_digest_text_is_the_text_of_the_digest():
    rtype = record_type("行政处罚")
    values = parse_record(rtype, D.case(1))
    digest, data = digest_of(rtype, values)
    digest2, text = digest_text(rtype, values)
    assert digest2 == digest
    assert json.loads(text) == data


def test_typed_values_parse_as_their_text():
    rtype = record_type("行政处罚")
    typed = D.case(
        2,
        违法行为发生日期=dt.date(2024, 2, 1),
        发现时间=dt.datetime(2024, 2, 5, 10, 0, tzinfo=BEIJING),
        罚款金额=Decimal("3000"),
        处罚种类=["警告", "罚款"],
        当事人不在场=True,
    )
    text = D.case(2, 当事人不在场="是")
    assert parse_record(rtype, typed) == parse_record(rtype, text)
    assert digest_text(rtype, parse_record(rtype, typed)) == digest_text(rtype, parse_record(rtype, text))


def test_the_key_index_of_a_set_based_load_reads_back_as_the_record(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    rtype = record_type("行政处罚")
    cases = [D.case(n) for n in range(1, 61)]  # above MIN_FAST: written set-based
    report = exchange_load_records(actor=SYSTEM, record_type=rtype, records=cases)
    assert report.created == 60 and not report.rejections
    for rec in ExchangeRecord.objects.filter(record_type="行政处罚"):
        n = int(rec.key.split("〕")[1][:4])
        assert rec.data == digest_of(rtype, parse_record(rtype, cases[n - 1]))[1]
    again = exchange_load_records(actor=SYSTEM, record_type=rtype, records=cases)
    assert again.unchanged == 60 and again.created == 0


def test_instances_are_built_as_the_model_builds_them():
    from zhifa.exchange.fastpath import _builder
    from zhifa.org.models import Unit

    unit = Unit(pk=7, uscc=D.MARKET, region_id=D.REGION)
    cols = {
        "region_id": D.REGION,
        "unit": unit,
        "party_id": 5,
        "power_id": 3,
        "procedure": "ordinary",
        "case_no": "丽罚〔2023〕1号",
        "violation": "销售过期食品",
        "discovered_at": dt.datetime(2023, 1, 1, 9, 0, tzinfo=BEIJING),
        "penalty_kinds": ["fine"],
        "fine_amount": Decimal("200.00"),
        "officer_a_id": 1,
        "officer_b_id": None,
    }
    built, plain = _builder(PenaltyCase)(dict(cols)), PenaltyCase(**cols)
    assert {k: v for k, v in built.__dict__.items() if k != "_state"} == {
        k: v for k, v in plain.__dict__.items() if k != "_state"
    }
    assert built.unit is unit and built.unit_id == 7 and built._state.adding and built.pk is None
    assert built.confiscation_amount == 0 and built.status == plain.status and built.hearing_waived is False
    without = {k: v for k, v in cols.items() if k != "penalty_kinds"}
    a, b = _builder(PenaltyCase)(dict(without)), _builder(PenaltyCase)(dict(without))
    assert a.penalty_kinds == [] and a.penalty_kinds is not b.penalty_kinds  # a callable default, called per row
    for _ in range(2):  # a layout seen before is built by the plan made for it the first time
        mine = _builder(PenaltyCase)({**cols, "_reviewer": 9})
        assert "_reviewer" not in mine.__dict__ and mine.unit is unit
        assert {k: v for k, v in mine.__dict__.items() if k != "_state"} == {
            k: v for k, v in plain.__dict__.items() if k != "_state"
        }
    with pytest.raises(TypeError):  # a key that is no field, as Model.__init__ refuses it
        _builder(PenaltyCase)({**cols, "no_such_field": 1})


def test_columns_of_nulls_only_are_left_to_the_database():
    """On SQLite a nullable column holding only NULL is left out of the INSERT (it is NULL without a default);
    a column of a NOT NULL field, a column with a value, and a field with a database default stay in."""
    from zhifa.exchange.rawinsert import _without_nulls

    fields = [PenaltyCase._meta.get_field(n) for n in ("transferred_on", "case_no", "device", "paid_on")]
    columns = [[None, None], [None, None], [None, 3], [None, None]]
    named, kept = _without_nulls(connection, fields, columns)
    if connection.vendor != "sqlite":
        assert named == fields and kept == columns
        return
    assert [f.name for f in named] == ["case_no", "device"] and kept == [[None, None], [None, 3]]
    assert _without_nulls(connection, fields[1:3], columns[1:3]) == (fields[1:3], columns[1:3])
