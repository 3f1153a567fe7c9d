"""Every named metric computes on the sample district and lists its records (``zhifa report explain``)."""

import datetime as dt

import pytest

from zhifa import metrics


@pytest.mark.django_db
def test_every_metric_computes_and_explains(sample):
    y = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    for name in metrics.METRICS:
        r = metrics.compute(name, sample.region.code, *y)
        cols, rows = metrics.explain(name, sample.region.code, *y)
        rows = list(rows)
        assert cols and all(len(row) == len(cols) for row in rows), name
    # a flow's records are its count
    for name in ("行政检查次数", "行政处罚决定数", "执法行为数", "罚款金额"):
        r = metrics.compute(name, sample.region.code, *y)
        assert r.records == len(list(metrics.explain(name, sample.region.code, *y)[1])), name
