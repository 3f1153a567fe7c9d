"""A year of acts loaded into empty tables (a new district, the demo's fresh database) on SQLite.

SQLite keeps every secondary index up to date row by row; for 276 000 penalty decisions with 16 secondary
indexes that costs more than writing the rows. Building an index once over the loaded table sorts instead. So
a bulk load into empty act tables can suspend their secondary indexes and rebuild them at the end:

- only on SQLite, only for tables that hold no row yet, and only their non-unique indexes: the unique ones
  (natural keys such as (区划, 案号), the exchange index's (类型, 主键)) are what the loader looks records up by,
  and they keep refusing duplicates during the load;
- the indexes are rebuilt from the definitions read back from ``sqlite_master``, so the schema afterwards is the
  migrations' schema, whatever they say.

The caller runs the load and the rebuild in one transaction (SQLite's DDL is transactional): a failed load
leaves the indexes as they were.
"""

from __future__ import annotations

from django.db import connection

from zhifa.enforcement.models import Disclosure, Inspection, LegalReview, OtherAct, PenaltyCase

from .models import ExchangeRecord

ACT_MODELS = (Inspection, PenaltyCase, LegalReview, Disclosure, OtherAct, ExchangeRecord)


def _empty(model) -> bool:
    with connection.cursor() as cur:
        cur.execute(f'SELECT 1 FROM "{model._meta.db_table}" LIMIT 1')
        return cur.fetchone() is None


def first_load(models=ACT_MODELS) -> bool:
    """On SQLite, whether the act tables are still empty (a district's first year): a load then has indexes to
    suspend. Later loads keep every index, and commit as they go, so that the service can write in between."""
    return connection.vendor == "sqlite" and all(_empty(m) for m in models if m is not ExchangeRecord)


def suspend_indexes(models=ACT_MODELS) -> list[str]:
    """Drop the non-unique indexes of those tables that are empty; returns their CREATE statements."""
    if connection.vendor != "sqlite":
        return []
    saved: list[str] = []
    with connection.cursor() as cur:
        for model in models:
            table = model._meta.db_table
            if not _empty(model):
                continue
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            for name, sql in cur.fetchall():
                cur.execute(f'DROP INDEX "{name}"')
                saved.append(sql)
    return saved


def rebuild_indexes(saved: list[str]) -> None:
    with connection.cursor() as cur:
        for sql in saved:
            cur.execute(sql)


def analyze_tables(models=None) -> bool:
    """On PostgreSQL, gather the planner's statistics for tables a bulk load has just filled (``models``; None: every
    table of the database, as after the demo's fresh year). ANALYZE samples each table and may run inside the load's
    transaction. Until autovacuum gets to them a fresh table has none, and the queries that follow at once (the
    demo's month-end scans, then its report) are planned on default guesses. Not on SQLite: its queries are written
    for a planner without statistics (``supervision.sql``), and an ``sqlite_stat1`` would change their plans.
    Returns whether it ran."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        if models is None:
            cur.execute("ANALYZE")
        else:
            for model in models:
                cur.execute(f'ANALYZE "{model._meta.db_table}"')
    return True
