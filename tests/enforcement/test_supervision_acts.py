"""Supervision of 行政强制 and 行政许可: the scan asks rules_coercion / rules_licensing and raises alerts."""

import datetime as dt

import pytest

from tests.enforcement.test_services_acts import accept, acts, seal  # noqa: F401  (fixture and helpers)
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import services_coercion as SC
from zhifa.enforcement import services_licensing as SL
from zhifa.supervision.models import Alert
from zhifa.supervision.scan import alerts_raise_for, alerts_scan

D = dt.date
pytestmark = pytest.mark.django_db


def live(rule):
    return Alert.objects.filter(rule_id=rule).exclude(status__in=["closed", "dismissed", "verified"])


def test_seal_past_30_days_without_extension_alerts(acts):  # noqa: F811
    w = acts
    m = seal(w)  # decided 2023-03-01, 30 days: due 03-31
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 3, 31))
    assert not live("coercion_overdue").exists()
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 4, 1))
    a = live("coercion_overdue").get()
    assert (a.object_type, a.object_id) == ("enforcement.coercivemeasure", str(m.pk))
    assert "2023-03-31" in a.message and "未延长" in a.message


def test_extension_moves_the_term_and_lifting_in_time_clears(acts):  # noqa: F811
    w = acts
    m = seal(w)
    SC.coercive_measure_extend(actor=SYSTEM, measure=m, days=30, approved_by="局长甲", on=D(2023, 3, 20), reason="复杂")
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 4, 10))
    assert not live("coercion_overdue").exists()
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 5, 5), incremental=True)  # extended term ended 05-04
    assert live("coercion_overdue").count() == 1
    m2 = seal(w, decision_no="2号", decided_on=D(2023, 4, 3))
    SC.coercive_measure_lift(actor=SYSTEM, measure=m2, on=D(2023, 4, 20), reason="decided")
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 6, 1))
    assert [a.object_id for a in live("coercion_overdue")] == [str(m.pk)]


def test_hook_alerts_at_once_on_an_overdue_measure(acts):  # noqa: F811
    w = acts
    m = seal(w)
    alerts_raise_for(m, as_of=D(2023, 4, 3))
    assert live("coercion_overdue").filter(object_id=str(m.pk)).exists()


def test_licence_decided_late_alerts_and_disclosure_late_alerts(acts):  # noqa: F811
    w = acts
    on_time = accept(w)
    late = accept(w, application_no="受2")
    SL.licence_decide(actor=SYSTEM, licence=on_time, decided_on=D(2023, 3, 29), result="grant", decision_no="许1")
    SL.licence_decide(actor=SYSTEM, licence=late, decided_on=D(2023, 3, 30), result="grant", decision_no="许2")
    pending = accept(w, application_no="受3")
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 4, 3))
    assert sorted(int(a.object_id) for a in live("licence_late")) == sorted([late.pk, pending.pk])
    # 7 working days (清明 04-05 off): decided 03-29 -> due 04-10; decided 03-30 -> due 04-11
    assert not live("act_disclosure_late").exists()
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 4, 11))
    assert live("act_disclosure_late").count() == 1  # only the first is past its day
    assert not live("disclosure_late").exists()  # the penalty rule leaves these rows alone
