"""Insert rows through the driver: COPY on PostgreSQL, ``executemany`` on SQLite.

``bulk_create`` prepares each instance's values through the ORM's insert compiler; for the set-based exchange
path, whose rows are already resolved, the driver takes them directly.

- ``insert_rows(model, objs)``: unsaved instances. The primary keys are allocated first (PostgreSQL: ``nextval``
  of the table's sequence; SQLite: above both the table's largest id and its AUTOINCREMENT counter), so the
  instances carry their ids as ``bulk_create`` would have set them.
- ``insert_values(model, names, rows)``: tuples of values in the order of ``names`` (attribute names), for rows
  nobody reads back in the same load (the key index): no instance is built, the database numbers them.

Values go to the driver as the field would prepare them: plain text, numbers, booleans and foreign keys as they
are; dates, aware datetimes and decimals of exactly those types converted as the backend's own ``adapt_*``
does; a ``JsonText`` (a document already serialised) as it is; anything else through the field's
``get_db_prep_save``. A row that clashes (another writer
took the id meanwhile) raises the database's IntegrityError inside the caller's savepoint, and the caller falls
back to the per-record path. Other databases use ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import itemgetter

from django.db import connections, models, router
from django.db.models import NOT_PROVIDED
from django.utils import timezone

_PLAIN: dict[type, tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BigIntegerField: (int,),
    models.BooleanField: (bool,),
    models.AutoField: (int,),
    models.BigAutoField: (int,),
}


class JsonText(str):
    """A JSON document already serialised (``json.dumps``): a JSON column stores it as it is."""


_NONE = type(None)
_DATES = frozenset({dt.date, _NONE})
_DATETIMES = frozenset({dt.datetime, _NONE})


def _column(field, conn):
    """values → the column as the driver stores it (``_preparer`` of each value). A column of plain values of
    exactly the field's own types (text, numbers, booleans, foreign keys) is stored as it is, which is checked
    for the whole column at once instead of calling a function per value."""
    own = field.target_field if field.is_relation else field
    prepare = _preparer(field, conn)
    types = _PLAIN.get(type(own))
    if conn.vendor == "sqlite" and type(own) in (models.DateField, models.DateTimeField):
        # a column of dates (aware datetimes) and None, the usual one, in one comprehension: the same text as
        # ``prepare`` gives each value, without a call per value (a case row has ten dates)
        if type(own) is models.DateField:

            def dates(values):
                if {*map(type, values)} <= _DATES:
                    # a chunk's dates are a few dozen days: each written once
                    text = {v: v.isoformat() for v in {*values} if v is not None}
                    text[None] = None
                    return list(map(text.__getitem__, values))
                return list(map(prepare, values))

            return dates
        tz = conn.timezone

        def datetimes(values):
            if {*map(type, values)} <= _DATETIMES and all(v is None or v.tzinfo is not None for v in values):
                if tz is dt.UTC:  # the naive text is the aware one without its "+00:00"
                    return [None if v is None else v.astimezone(tz).isoformat(" ")[:-6] for v in values]
                return [None if v is None else str(v.astimezone(tz).replace(tzinfo=None)) for v in values]
            return list(map(prepare, values))

        return datetimes
    if conn.vendor == "sqlite" and type(own) is models.BooleanField:
        # The driver binds a bool as the integer 1 or 0, but only after looking for an adapter of the bool type at
        # each value (bool is not exactly int); the integers themselves are bound at once, the same stored value.
        def booleans(values):
            return [1 if v is True else 0 if v is False else prepare(v) for v in values]

        return booleans
    if types is None:
        return lambda values: list(map(prepare, values))
    allowed = {*types, _NONE}

    def column(values):
        return values if allowed.issuperset(map(type, values)) else list(map(prepare, values))

    return column


def _columns(fields, conn, rows: list[tuple]) -> list:
    """Each column of ``rows`` (tuples in the order of ``fields``; at least one) prepared for the driver."""
    return [_column(f, conn)(values) for f, values in zip(fields, zip(*rows, strict=True), strict=True)]


def _preparer(field, conn):
    """value → what the driver stores, as ``field.get_db_prep_save`` gives it (fast for the common types)."""
    own = field.target_field if field.is_relation else field
    slow = field.get_db_prep_save
    sqlite = conn.vendor == "sqlite"
    types = _PLAIN.get(type(own))
    if types == (str,):

        def text(value):
            if type(value) is str or value is None:
                return value
            if isinstance(value, str):  # a choice (TextChoices member): its text, as the field prepares it
                return str.__str__(value)  # (the driver would look for an adapter of the subclass at each value)
            return slow(value, conn)

        return text
    if types is not None:

        def plain(value):
            return value if value is None or type(value) in types else slow(value, conn)

        return plain
    if type(own) is models.DateField:

        def date(value):
            if type(value) is dt.date:
                return value.isoformat() if sqlite else value
            return None if value is None else slow(value, conn)

        return date
    if type(own) is models.DateTimeField:
        tz = conn.timezone

        def datetime(value):
            if type(value) is dt.datetime and value.tzinfo is not None:
                return str(value.astimezone(tz).replace(tzinfo=None)) if sqlite else value
            return None if value is None else slow(value, conn)

        return datetime
    if type(own) is models.DecimalField:

        def decimal(value):
            if type(value) is Decimal and value.is_finite():
                # adapt_decimalfield_value gives the Decimal itself, which SQLite's registered adapter turns into
                # str(value) at each value: the same text, written here without the adapter's lookup and call
                return str(value) if sqlite else value
            return None if value is None else slow(value, conn)

        return decimal
    if type(own) is models.JSONField:

        memo: dict = {}  # SQLite stores the text: a list of a few codes (处罚种类) is serialised once per insert

        def json(value):
            if type(value) is JsonText:
                return str(value)
            if sqlite and type(value) is list and all(type(x) is str for x in value):
                key = tuple(value)
                got = memo.get(key)
                if got is None:
                    got = memo[key] = slow(value, conn)
                return got
            return slow(value, conn)

        return json

    def other(value):
        return slow(value, conn)

    return other


def _stamped(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _write(conn, cur, table: str, columns: list[str], rows: list[tuple]) -> None:
    qn = conn.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    if conn.vendor == "postgresql":
        # the driver's own cursor: its errors are wrapped as Django's (IntegrityError…), as the ORM's are, so that a
        # clash sends the caller to its fallback instead of escaping as psycopg's UniqueViolation
        with conn.wrap_database_errors, cur.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cur.executemany(f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})", rows)


def _without_nulls(conn, fields: list, columns: list[list]) -> tuple[list, list[list]]:
    """On SQLite, the fields and columns without the nullable columns that hold only NULL: a column left out of
    an INSERT is NULL when it has no default, and Django's SQLite tables have none but ``db_default`` ones (kept).
    The driver looks for an adapter at each None it binds (None is no int, float or text); a case row has a dozen
    of them, most NULL in every row of a chunk (no transfer, no device, no previous case…)."""
    if conn.vendor != "sqlite":
        return fields, columns
    keep = [
        i
        for i, (f, col) in enumerate(zip(fields, columns, strict=True))
        if not f.null or f.db_default is not NOT_PROVIDED or col.count(None) != len(col)
    ]
    if len(keep) == len(fields):
        return fields, columns
    return [fields[i] for i in keep], [columns[i] for i in keep]


def insert_rows(model, objs: list) -> None:
    if not objs:
        return
    conn = connections[router.db_for_write(model)]
    if conn.vendor not in ("sqlite", "postgresql"):
        model.objects.bulk_create(objs, batch_size=500)
        return
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = model._meta.db_table
    qn = conn.ops.quote_name
    n = len(objs)
    now = timezone.now()
    for f in fields:
        if _stamped(f):  # pre_save of auto_now / auto_now_add: one instant for the rows of one insert
            for obj in objs:
                setattr(obj, f.attname, now)
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk.column, n]
            )
            ids = [r[0] for r in cur.fetchall()]
        else:
            cur.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX({qn(pk.column)}) FROM {qn(table)}), 0))",
                [table],
            )
            start = cur.fetchone()[0]
            ids = range(start + 1, start + n + 1)
        get = itemgetter(*(f.attname for f in fields))
        named, columns = _without_nulls(conn, fields, _columns(fields, conn, [get(obj.__dict__) for obj in objs]))
        rows = list(zip(ids, *columns, strict=True))
        for obj, pk_value in zip(objs, ids, strict=True):
            obj.pk = pk_value
        _write(conn, cur, table, [pk.column, *(f.column for f in named)], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias


def insert_values(model, names: list[str], rows: list[tuple]) -> None:
    """Rows of values (in the order of the attribute ``names``) without instances; the database numbers them.
    Fields not named take their default; ``auto_now`` / ``auto_now_add`` fields the insert's instant."""
    if not rows:
        return
    conn = connections[router.db_for_write(model)]
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[n] for n in names]
    extra = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in names:
            continue
        extra.append((f, timezone.now() if _stamped(f) else f.get_default()))
    if conn.vendor not in ("sqlite", "postgresql"):
        objs = [model(**dict(zip(names, row, strict=True)), **{f.attname: v for f, v in extra}) for row in rows]
        model.objects.bulk_create(objs, batch_size=500)
        return
    tail = tuple(_preparer(f, conn)(v) for f, v in extra)
    prepared = list(zip(*_columns(fields, conn, rows), *([v] * len(rows) for v in tail), strict=True))
    with conn.cursor() as cur:
        _write(conn, cur, model._meta.db_table, [f.column for f in fields] + [f.column for f, _ in extra], prepared)
