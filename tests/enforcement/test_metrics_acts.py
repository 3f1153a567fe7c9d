"""行政强制 and 行政许可 decisions are enforcement acts: they count in 履职率 and 参与率 in both metrics modules."""

import datetime as dt

import pytest

from tests.enforcement.test_services_acts import accept, acts, seal  # noqa: F401  (fixture and helpers)
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import services_licensing as SL
from zhifa.reports import metrics as RM
from zhifa.supervision import metrics as SM

D = dt.date
pytestmark = pytest.mark.django_db
YEAR = (D(2023, 1, 1), D(2023, 12, 31))


def test_coercion_and_licence_count_as_acts(acts):  # noqa: F811
    w = acts
    region = w.region.pk
    before_rows = RM.unit_rows(region, *YEAR)[w.unit.pk]
    before_sup = SM.unit_figures(region, *YEAR)[w.unit.pk]
    assert w.coercion.pk in before_rows.powers_held and w.coercion.pk not in before_rows.powers_used
    assert before_rows.acts == before_sup.acts == 0

    seal(w)  # officers a and d
    x = accept(w, officers=[w.b])
    SL.licence_decide(actor=SYSTEM, licence=x, decided_on=D(2023, 3, 10), result="grant", decision_no="许1")

    rows = RM.unit_rows(region, *YEAR)[w.unit.pk]
    sup = SM.unit_figures(region, *YEAR)[w.unit.pk]
    assert (rows.coercive_measures, rows.licences, rows.acts) == (1, 1, 2)
    assert sup.acts == 2
    # 履职率: the 行政强制 power is now exercised, in both modules
    assert w.coercion.pk in rows.powers_used and w.coercion.pk in sup.powers_used
    assert float(rows.performance_rate) == pytest.approx(sup.performance_rate)
    # 参与率: the officers of the 查封 and of the licence acted
    acting = RM.acting_officers(region, *YEAR)
    assert {w.a.pk, w.d.pk, w.b.pk} <= acting
    assert SM.active_officer_ids(region, *YEAR) == acting
    assert RM.acts_count(region, *YEAR) == 2
