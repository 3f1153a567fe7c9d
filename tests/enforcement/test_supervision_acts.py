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
    alerts_scan(
        actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 5, 5), incremental=True
    )  # extended term ended 05-04
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


def test_single_officer_covers_coercion_and_other_acts_not_licences(acts):  # noqa: F811
    """一人执法: 《行政强制法》第十八条第（二）项 (查封、扣押 and 强制执行 by two officers, no exception) and
    《行政处罚法》第四十二条 for 巡查/现场规范/教育改正, through the one officers rule; 行政许可 needs no second officer.
    Records are written straight to the tables, as old records and bulk loads are."""
    import datetime as dt_

    from zhifa.enforcement.models import CoerciveMeasure, EnforcementExecution, OtherAct

    w = acts
    alone = seal(w)
    pair = seal(w, decision_no="东市监封〔2023〕2号")
    CoerciveMeasure.objects.filter(pk=alone.pk).update(officer_b=None)
    common = dict(region=w.region, unit=w.unit, power=w.coercion, party=w.org, obligation="缴纳罚款", method="auction")
    one_exec = EnforcementExecution.objects.create(
        **common, officer_a=w.a, demand_on=D(2023, 4, 3), demand_due=D(2023, 4, 13)
    )
    two_exec = EnforcementExecution.objects.create(
        **common, officer_a=w.a, officer_b=w.d, demand_on=D(2023, 4, 3), demand_due=D(2023, 4, 13)
    )
    patrol = OtherAct.objects.create(
        region=w.region,
        unit=w.unit,
        kind="patrol",
        officer_a=w.a,
        occurred_at=dt_.datetime(2023, 5, 4, 10, tzinfo=dt_.UTC),
    )
    licence = accept(w)  # one 承办人
    alerts_scan(actor=SYSTEM, region_code=w.region.pk, as_of=D(2023, 12, 31), rules=["single_officer"])
    got = {(a.object_type, a.object_id) for a in live("single_officer")}
    assert got == {
        ("enforcement.coercivemeasure", str(alone.pk)),
        ("enforcement.enforcementexecution", str(one_exec.pk)),
        ("enforcement.otheract", str(patrol.pk)),
    }, (pair.pk, two_exec.pk, licence.pk)
    a = live("single_officer").get(object_type="enforcement.coercivemeasure")
    assert "执法人员不得少于2人" in a.message
