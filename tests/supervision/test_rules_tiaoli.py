"""《行政执法监督条例》 detection, second part: 有案不立 from a substantiated clue, 违规异地执法 with its 协助 record,
推诿扯皮 from a clue bounced between units. Each rule with a record that triggers it and one just inside the line."""

import datetime as dt

import pytest

from tests.factories import make_account
from tests.supervision.conftest import REGION, case
from zhifa.core.access import Roles
from zhifa.core.errors import InvalidInput, PermissionDenied
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.supervision.models import Alert, LawSetting
from zhifa.supervision.rules import REGISTRY
from zhifa.supervision.services import alerts_scan, clue_assign, clue_respond, clue_submit
from zhifa.supervision.services_law import clue_verify

D = dt.date
N = 15  # the region's days (a LawSetting in each test)
VERIFIED = D(2026, 3, 10)


def scan(code, as_of):
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=as_of, rules=[code])
    return Alert.objects.filter(rule_id=code)


def _setting(w, key="case_after_clue_days", value=N):
    LawSetting.objects.create(region=w.region, key=key, value=value, source_document="测试区线索办理规定")


def _clue(w, *, outcome="substantiated", verified_on=VERIFIED):
    c = clue_submit(region_code=REGION, text="某商贸公司销售过期食品", received_on=D(2026, 3, 2))
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=D(2026, 3, 3))
    return clue_verify(actor=SYSTEM, clue=c, outcome=outcome, verified_on=verified_on, note="现场核实属实")


# ---- 有案不立: a substantiated clue with no case within N days ------------------------------------------
# (label, days from the finding to the scan, days from the finding to the case or None, fires)
CLUE_DAYS = [
    ("day N without a case", N, None, False),
    ("day N+1 without a case", N + 1, None, True),
    ("case filed on day N", N + 30, N, False),
    ("case filed on day N+1", N + 30, N + 1, True),
    ("case filed on the day of the finding", N + 30, 0, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,scan_after,filed_after,fires", CLUE_DAYS, ids=[r[0] for r in CLUE_DAYS])
def test_clue_case_not_filed(w, label, scan_after, filed_after, fires):
    _setting(w)
    c = _clue(w)
    if filed_after is not None:
        filed = VERIFIED + dt.timedelta(days=filed_after)
        pc = case(w, party=w.org, filed_on=filed, decided_on=None, status="filed", decision_due=filed + dt.timedelta(90))
        clue_respond(actor=SYSTEM, clue=c, response=f"已立案，案号{pc.case_no}", responded_on=filed, case=pc)
    found = scan("clue_case_not_filed", VERIFIED + dt.timedelta(days=scan_after))
    assert list(found.values_list("object_id", flat=True)) == ([str(c.pk)] if fires else [])
    if fires:
        alert = found.get()
        assert "测试区线索办理规定" in alert.message and "行政执法监督条例" in alert.citation


@pytest.mark.django_db
def test_clue_unfounded_or_without_setting_is_silent(w):
    _clue(w, outcome="unfounded")
    _setting(w)
    assert not scan("clue_case_not_filed", D(2026, 12, 31)).exists()
    LawSetting.objects.all().delete()
    _clue(w)
    assert not scan("clue_case_not_filed", D(2026, 12, 31)).exists()


@pytest.mark.django_db
def test_clue_verify_refusals_and_audit(w):
    c = clue_submit(region_code=REGION, text="某商贸公司销售过期食品", received_on=D(2026, 3, 2))
    with pytest.raises(InvalidInput) as e:  # not yet with a unit
        clue_verify(actor=SYSTEM, clue=c, outcome="substantiated", verified_on=D(2026, 3, 5))
    assert e.value.field == "status"
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=D(2026, 3, 3))
    with pytest.raises(InvalidInput) as e:
        clue_verify(actor=SYSTEM, clue=c, outcome="maybe", verified_on=D(2026, 3, 5))
    assert e.value.field == "outcome" and "查证属实" in str(e.value)
    with pytest.raises(InvalidInput) as e:
        clue_verify(actor=SYSTEM, clue=c, outcome="substantiated", verified_on=D(2026, 3, 1))
    assert e.value.field == "verified_on"
    other = make_account(Roles.UNIT_ADMIN, unit=w.unit2)
    with pytest.raises(PermissionDenied):
        clue_verify(actor=other, clue=c, outcome="substantiated", verified_on=D(2026, 3, 5))
    own = make_account(Roles.UNIT_ADMIN, unit=w.unit)
    c = clue_verify(actor=own, clue=c, outcome="substantiated", verified_on=D(2026, 3, 5))
    assert (c.outcome, c.verified_on, c.status) == ("substantiated", D(2026, 3, 5), "assigned")
    assert AuditLog.objects.filter(action="clue.verify", object_id=str(c.pk)).exists()
    with pytest.raises(InvalidInput) as e:  # a finding is not rewritten
        clue_verify(actor=own, clue=c, outcome="unfounded", verified_on=D(2026, 3, 6))
    assert e.value.field == "outcome"


def test_new_rules_cite_the_tiaoli():
    for code in ("clue_case_not_filed",):
        assert "行政执法监督条例" in REGISTRY[code].citation
