"""Unit figures summed from months read once (``months_shared``) are those read for the whole period."""

import dataclasses
import datetime as dt

from zhifa.metrics import base as B


def _table(rows):
    return {u: dataclasses.asdict(r) for u, r in rows.items()}


def test_year_to_date_rows_from_shared_months_are_the_rows_read_whole(sample):
    region = sample.region.code
    periods = [(dt.date(2023, 1, 1), dt.date(2023, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31))
               for m in range(1, 13)]
    periods += [(dt.date(2023, 3, 1), dt.date(2023, 3, 31)), (dt.date(2023, 1, 1), dt.date(2023, 3, 15))]
    whole = [_table(B.unit_figures(region, a, b)) for a, b in periods]
    assert any(r["acts"] for t in whole for r in t.values())
    with B.months_shared():
        shared = [_table(B.unit_figures(region, a, b)) for a, b in periods]
        again = _table(B.unit_rows(region, *periods[-3]))
    assert shared == whole
    assert again == _table(B.unit_rows(region, *periods[-3]))


def test_whole_months():
    assert B._whole_months(dt.date(2023, 1, 1), dt.date(2023, 2, 28)) == [
        (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
        (dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
    ]
    assert B._whole_months(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == [(dt.date(2024, 2, 1), dt.date(2024, 2, 29))]
    assert B._whole_months(dt.date(2023, 1, 1), dt.date(2023, 3, 15)) is None
    assert B._whole_months(dt.date(2023, 1, 2), dt.date(2023, 1, 31)) is None
