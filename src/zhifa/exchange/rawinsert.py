"""Insert unsaved model instances through the driver: COPY on PostgreSQL, ``executemany`` on SQLite.

``bulk_create`` prepares each instance's values through the ORM's insert compiler; for the set-based exchange
path, whose rows are already resolved, the driver takes them directly. The primary keys are allocated first
(PostgreSQL: ``nextval`` of the table's sequence; SQLite: above both the table's largest id and its AUTOINCREMENT
counter), so the instances carry their ids as ``bulk_create`` would have set them. A row that clashes (another
writer took the id meanwhile) raises the database's IntegrityError inside the caller's savepoint, and the caller
falls back to the per-record path. Other databases use ``bulk_create``.
"""

from __future__ import annotations

from django.db import connections, models, router

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


def _passthrough(types: tuple[type, ...], field, conn):
    """The value itself when it already is what the driver stores (the field's own preparation otherwise)."""

    def prep(value):
        if value is None or type(value) in types:
            return value
        return field.get_db_prep_save(value, conn)

    return prep


def _preparers(model, fields, conn) -> list[tuple]:
    """(attname, fast preparer or None, field) per column: plain text, numbers, booleans and foreign keys go to
    the driver as they are; every other field (dates, decimals, JSON, auto_now) through ``get_db_prep_save``."""
    out = []
    for f in fields:
        own = f.target_field if f.is_relation else f
        types = _PLAIN.get(type(own))
        fast = None
        if types is not None and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False):
            fast = _passthrough(types, f, conn)
        out.append((f.attname, fast, f))
    return out


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
        prep = _preparers(model, fields, conn)
        rows = []
        for obj, pk_value in zip(objs, ids, strict=True):
            obj.pk = pk_value
            d = obj.__dict__
            rows.append(
                (
                    pk_value,
                    *(
                        p(d[a]) if p is not None else f.get_db_prep_save(f.pre_save(obj, True), conn)
                        for a, p, f in prep
                    ),
                )
            )
        columns = ", ".join(qn(c) for c in [pk.column, *(f.column for f in fields)])
        if conn.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(fields) + 1))
            cur.executemany(f"INSERT INTO {qn(table)} ({columns}) VALUES ({marks})", rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias
