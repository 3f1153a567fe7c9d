"""After the worker drains the checks queued by writes, the alerts are those a full scan finds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.core.policy import SYSTEM
from zhifa.ops.models import PendingCheck
from zhifa.ops.tasks import drain_checks
from zhifa.supervision.choices import RuleKind
from zhifa.supervision.models import Alert
from zhifa.supervision.rules import REGISTRY
from zhifa.supervision.scan import alerts_scan

from .conftest import REGION, case, inspection

HOOK_RULES = sorted(
    c for c, r in REGISTRY.items() if r.kind == RuleKind.RECORD or c in ("multi_unit_inspection", "repeated_inspection")
)


@pytest.mark.django_db
def test_drained_checks_equal_a_full_scan(w, monkeypatch):
    monkeypatch.setenv("ZHIFA_ALERT_HOOK", "1")
    before = PendingCheck.objects.count()  # the district's own set-up (certificates) is queued too
    good = case(w)  # a decided case (it still lacks its disclosure: the rules flag that too)
    over = case(w, procedure="simple", filed_on=None, decision_due=None, fine_amount=Decimal("201"), penalty_kinds=["fine"])
    late = case(w, status="investigating", decided_on=None, outcome="", decision_due=dt.date(2023, 4, 1))
    alone = inspection(w, officer_b=None)
    for i in range(3):  # three units inspect one party in a month: 多头检查
        inspection(w, unit=[w.unit, w.unit2, w.unit3][i], day=dt.date(2023, 6, 5 + i))
    over.violation = "销售过期食品"
    over.save()  # a burst: the same record saved twice, checked once
    queued = PendingCheck.objects.count()
    assert queued - before == 3 + 1 + 3
    assert not Alert.objects.exists()  # nothing is checked in the writing request
    assert drain_checks() == queued
    hooked = set(Alert.objects.values_list("fingerprint", flat=True))
    flagged = set(Alert.objects.values_list("object_type", "object_id"))
    case_type, insp_type = good._meta.label_lower, alone._meta.label_lower
    assert {(case_type, str(over.pk)), (case_type, str(late.pk)), (insp_type, str(alone.pk))} <= flagged
    full = alerts_scan(region_code=REGION, as_of=timezone.localdate(), actor=SYSTEM, rules=HOOK_RULES)
    assert (full.raised, full.cleared, full.reopened) == (0, 0, 0)
    assert set(Alert.objects.values_list("fingerprint", flat=True)) == hooked
