"""行政强制 and 行政许可 decisions are enforcement acts: they count in 履职率 and 参与率 (the one metrics layer)."""

import datetime as dt

import pytest

from tests.enforcement.test_services_acts import accept, acts, seal  # noqa: F401  (fixture and helpers)
from zhifa import metrics
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import services_licensing as SL
from zhifa.metrics import base as RM

D = dt.date
pytestmark = pytest.mark.django_db
YEAR = (D(2023, 1, 1), D(2023, 12, 31))


def test_coercion_and_licence_count_as_acts(acts):  # noqa: F811
    w = acts
    region = w.region.pk
    before_rows = RM.unit_rows(region, *YEAR)[w.unit.pk]
    before_all = RM.unit_figures(region, *YEAR)[w.unit.pk]
    assert w.coercion.pk in before_rows.powers_held and w.coercion.pk not in before_rows.powers_used
    assert before_rows.acts == before_all.acts == 0

    seal(w)  # officers a and d
    x = accept(w, officers=[w.b])
    SL.licence_decide(actor=SYSTEM, licence=x, decided_on=D(2023, 3, 10), result="grant", decision_no="许1")

    rows = RM.unit_rows(region, *YEAR)[w.unit.pk]
    sup = RM.unit_figures(region, *YEAR)[w.unit.pk]
    assert (rows.coercive_measures, rows.licences, rows.acts) == (1, 1, 2)
    assert sup.acts == 2
    # 履职率: the 行政强制 power is now exercised
    assert w.coercion.pk in rows.powers_used and w.coercion.pk in sup.powers_used
    assert rows.performance_rate == sup.performance_rate
    # 参与率: the officers of the 查封 and of the licence acted
    acting = RM.acting_officers(region, *YEAR)
    assert {w.a.pk, w.d.pk, w.b.pk} <= acting
    assert RM.acting_officers(region, *YEAR, [w.unit.pk]) <= acting
    assert RM.acts_count(region, *YEAR) == 2
    # the named metrics agree with the unit rows
    assert metrics.compute("执法行为数", region, *YEAR).value == 2
    assert metrics.compute("行政强制措施数", region, *YEAR).value == 1
    used = metrics.compute("履职率", region, *YEAR, 单位=w.unit.name)
    assert (used.num, used.den) == (len(rows.powers_held & rows.powers_used), len(rows.powers_held))
