"""Year-wide queries without index walks on SQLite.

SQLite has no statistics unless ANALYZE has run, so for ``region_id = ? AND decided_on BETWEEN ?`` it
walks the (region, decided_on) index and fetches every table row by rowid: over a year of 275 000
penalty decisions that is 5–10× slower than reading the table straight through, and a GROUP BY
or DISTINCT then walks another index to avoid a sort. Writing the column as ``+column`` (SQLite's
documented way to disqualify a term from index use) makes the planner scan the table once; a
``pk IN (...)`` term (incremental scans) still uses the primary key. On PostgreSQL the column is
written as itself and its planner, which has statistics, decides.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Func, Q


class Plain(Func):
    """The column itself; ``+column`` on SQLite (no index is used for this term)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


_OUTPUT = {
    models.DateTimeField: models.DateTimeField,
    models.DateField: models.DateField,
    models.CharField: models.CharField,
    models.BigAutoField: models.BigIntegerField,
    models.AutoField: models.IntegerField,
    models.BigIntegerField: models.BigIntegerField,
    models.IntegerField: models.IntegerField,
    models.PositiveIntegerField: models.IntegerField,
    models.BooleanField: models.BooleanField,
}


def _output(model, column: str) -> models.Field:
    field = model._meta.get_field(column[:-3] if column.endswith("_id") else column)
    if field.is_relation:
        field = field.target_field
    for cls, out in _OUTPUT.items():
        if isinstance(field, cls):
            return out()
    raise TypeError(f"{model.__name__}.{column}: no plain output field for {type(field).__name__}")


def plain(qs, **lookups):
    """``qs.filter(**lookups)`` with each column written so that SQLite reads the table, not an index."""
    model = qs.model
    aliases, filters = {}, {}
    for k, v in lookups.items():
        column, _, lookup = k.partition("__")
        name = f"plain_{column}"
        aliases[name] = Plain(F(column), output_field=_output(model, column))
        filters[f"{name}__{lookup}" if lookup else name] = v
    return qs.alias(**aliases).filter(**filters)


def plain_group(qs, *columns):
    """``values_list(*columns)`` for a GROUP BY that SQLite will not drive from an index."""
    model = qs.model
    names = [f"g_{c}" for c in columns]
    return qs.annotate(
        **{n: Plain(F(c), output_field=_output(model, c)) for n, c in zip(names, columns, strict=True)}
    ).values_list(*names)


def plain_alias(qs, *columns):
    """Add aliases ``plain_<column>`` for use inside Q objects (OR terms) that must not use an index."""
    model = qs.model
    return qs.alias(**{f"plain_{c}": Plain(F(c), output_field=_output(model, c)) for c in columns})


def ids_q(field: str, ids) -> Q:
    """``field IN ids`` written as ranges for runs of consecutive ids (bulk inserts are contiguous) and an
    IN list for the rest: a 1 % change of 3 400 new rows becomes one range, not 3 400 parameters."""

    ids = sorted(set(ids))
    q, loose, i = Q(pk__in=[]), [], 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        if j - i >= 7:
            q |= Q(**{f"{field}__range": (ids[i], ids[j])})
        else:
            loose.extend(ids[i : j + 1])
        i = j + 1
    if loose:
        q |= Q(**{f"{field}__in": loose})
    return q
