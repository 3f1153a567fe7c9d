"""Scan reconciliation: idempotence, rectified-pending-verification, lifecycle, incremental = full, hook."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from tests.factories import UnitFactory, make_account
from tests.supervision.conftest import AS_OF, REGION, case, inspection
from zhifa.core.access import Roles
from zhifa.core.errors import DomainError
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.enforcement.models import LegalReview, PenaltyCase
from zhifa.supervision.choices import AlertStatus
from zhifa.supervision.models import Alert, AlertEvent, ScanRun
from zhifa.supervision.rules import REGISTRY
from zhifa.supervision.services import (
    alert_acknowledge,
    alert_dismiss,
    alert_verify,
    alerts_raise_for,
    alerts_scan,
    rectification_request,
    rectification_respond,
    rectification_verify,
)

D = dt.date


def snapshot():
    return sorted(Alert.objects.values_list("rule_id", "object_type", "object_id", "status", "message"))


def dirty_world(w):
    """Records that break several rules at once."""
    case(w, power=w.reviewed)  # no legal review
    case(w, procedure="simple", filed_on=None, decision_due=None, fine_amount=Decimal("500"), penalty_kinds=["fine"])
    case(w, status="investigating", decided_on=None, outcome="", decision_due=D(2023, 9, 1))
    inspection(w, officer_b=w.uncertified)
    for u, day in ((w.unit, 1), (w.unit2, 5), (w.unit3, 9)):
        inspection(w, unit=u, day=D(2023, 8, day))


@pytest.mark.django_db
def test_scan_twice_changes_nothing(w):
    dirty_world(w)
    r1 = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert r1.raised >= 5
    before, events = snapshot(), AlertEvent.objects.count()
    r2 = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert r2.raised == r2.cleared == r2.reopened == 0
    assert snapshot() == before and AlertEvent.objects.count() == events
    # the scan itself is audited once per run
    assert AuditLog.objects.filter(action="alerts.scan").count() == 2


@pytest.mark.django_db
def test_fix_marks_rectified_pending_verification_and_closes_nothing(w, django_user_model):
    c = case(w, power=w.reviewed)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    alert = Alert.objects.get(rule_id="legal_review_missing")
    LegalReview.objects.create(
        case=c, region=w.region, reviewer=w.reviewer, reviewed_on=c.decided_on, result="approve", opinion="同意"
    )
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RECTIFIED and alert.closed_at is None and alert.cleared_on == AS_OF
    assert not Alert.objects.filter(status=AlertStatus.CLOSED).exists()
    assert alert.events.filter(action="cleared_by_scan").exists()
    # closing goes through the lifecycle, audited
    user = make_account(Roles.SUPERVISOR, unit=UnitFactory(region=w.region, name="区司法局"), username="jiandu")
    alert_verify(actor=user, alert=alert, note="已补正法制审核记录", on=D(2024, 1, 5))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED and alert.resolution == "verified"
    assert AuditLog.objects.filter(action="alert.verify", object_id=str(alert.pk)).count() == 1
    # the fixed record does not come back
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert not Alert.objects.filter(rule_id="legal_review_missing").exclude(pk=alert.pk).exists()


@pytest.mark.django_db
def test_problem_back_reopens_rectified_alert(w):
    c = case(w, power=w.reviewed)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    review = LegalReview.objects.create(
        case=c, region=w.region, reviewer=w.reviewer, reviewed_on=c.decided_on, result="approve", opinion="同意"
    )
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    review.delete()
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    a = Alert.objects.get(rule_id="legal_review_missing")
    assert a.status == AlertStatus.OPEN
    assert list(a.events.values_list("action", flat=True)) == ["raised", "cleared_by_scan", "reopened_by_scan"]


@pytest.mark.django_db
def test_verify_only_from_rectified_and_dismissal_is_not_reraised(w):
    case(w, power=w.reviewed)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    a = Alert.objects.get(rule_id="legal_review_missing")
    with pytest.raises(DomainError):
        alert_verify(actor=SYSTEM, alert=a, note="未整改也想关闭")
    alert_acknowledge(actor=SYSTEM, alert=a)
    with pytest.raises(DomainError):
        alert_dismiss(actor=SYSTEM, alert=a, reason=" ")
    alert_dismiss(actor=SYSTEM, alert=a, reason="该职权已调出审核事项清单，核实不构成问题")
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert Alert.objects.filter(rule_id="legal_review_missing").count() == 1


@pytest.mark.django_db
def test_rectification_round_trip(w):
    case(w, power=w.reviewed)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    a = Alert.objects.get(rule_id="legal_review_missing")
    # 2023-09-28 + 15 working days: the National Day holiday (09-29 … 10-06) does not count, 10-07/08 调休 count: 10-07 … 10-13 are 1–7, 10-16 … 10-20 8–12, 10-23 … 10-25 13–15.
    rect = rectification_request(
        actor=SYSTEM, unit=w.unit, issued_on=D(2023, 9, 28), requirement="补正法制审核", alerts=[a]
    )
    assert rect.deadline == D(2023, 10, 25)
    a.refresh_from_db()
    assert a.status == AlertStatus.RECTIFICATION_REQUESTED
    rectification_respond(actor=SYSTEM, rectification=rect, response="已整改", responded_on=D(2023, 10, 20))
    a.refresh_from_db()
    assert a.status == AlertStatus.RECTIFIED
    # the unit said it was fixed but the record still breaks the rule: the scan re-opens it
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    a.refresh_from_db()
    assert a.status == AlertStatus.RECTIFICATION_REQUESTED
    rectification_verify(
        actor=SYSTEM, rectification=rect, verified_on=D(2023, 10, 25), accepted=False, note="未见审核记录"
    )
    rect.refresh_from_db()
    assert rect.status == "rejected"


@pytest.mark.django_db
def test_incremental_scan_matches_full_scan(w):
    rng = random.Random(7)
    dirty_world(w)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2023, 11, 30))
    # changes: a fix, new bad rows, and a later as-of date (deadlines pass)
    c = PenaltyCase.objects.get(power=w.reviewed)
    LegalReview.objects.create(
        case=c, region=w.region, reviewer=w.reviewer, reviewed_on=c.decided_on, result="approve", opinion="同意"
    )
    c.save()
    from zhifa.core.audit import audit

    audit(actor=SYSTEM, action="test.touch", obj=c)
    for _ in range(3):
        case(
            w,
            procedure="simple",
            filed_on=None,
            decision_due=None,
            fine_amount=Decimal(rng.choice([250, 300])),
            penalty_kinds=["fine"],
        )
    case(w, status="filed", decided_on=None, outcome="", decision_due=D(2023, 12, 15))
    inc = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, incremental=True)
    assert inc.incremental
    after_inc = snapshot()
    full = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert full.raised == full.cleared == full.reopened == 0, full.as_dict()
    assert snapshot() == after_inc
    assert ScanRun.objects.filter(incremental=True).count() == 1


@pytest.mark.django_db
def test_hook_raises_at_once_and_marks_fix(w):
    c = case(
        w, procedure="simple", filed_on=None, decision_due=None, fine_amount=Decimal("201"), penalty_kinds=["fine"]
    )
    r = alerts_raise_for(c, as_of=AS_OF)
    assert r.raised == 1 and Alert.objects.get().rule_id == "onspot_over_limit"
    c.fine_amount = Decimal("200")
    c.save()
    alerts_raise_for(c, as_of=AS_OF)
    assert Alert.objects.get().status == AlertStatus.RECTIFIED
    assert AuditLog.objects.filter(action="alerts.raise_for").count() == 2


@pytest.mark.django_db
def test_cross_rules_quiet_on_clean_data(w):
    """A clean year: every party inspected by one unit about monthly, fines spread evenly."""
    rng = random.Random(11)
    from zhifa.enforcement.models import Party

    units = [w.unit, w.unit2, w.unit3]
    for i in range(30):
        p = Party.objects.create(region=w.region, kind="org", party_type="business", name=f"企业{i}")
        u = units[i % 3]
        for m in range(1, 13):
            inspection(w, unit=u, party=p, day=D(2023, m, rng.randint(1, 28)) if m != 2 else D(2023, 2, 14))
        # a second unit once a year, far from the others' visits: two units at most in any window
        inspection(w, unit=units[(i + 1) % 3], party=p, day=D(2023, 6, 15))
    for _ in range(300):
        amount = Decimal(rng.randrange(50, 3000, 10))
        case(
            w,
            party=w.org,
            procedure="simple",
            filed_on=None,
            decision_due=None,
            fine_amount=amount,
            penalty_kinds=["fine"],
        )
    r = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, rules=["multi_unit_inspection", "threshold_gaming"])
    assert r.found == 0, Alert.objects.values_list("message", flat=True)


@pytest.mark.django_db
def test_incremental_same_date_narrows_unit_rules_and_matches_full(w):
    """As-of date unchanged: unit rules re-run only for what changed, and agree with a full scan."""
    from tests.factories import CertificateFactory, PersonFactory, PowerFactory
    from zhifa.org.models import TrainingAttendance, TrainingSession
    from zhifa.powers.choices import PowerCategory

    inspection(w, unit=w.unit)  # unit2, unit3 and the street are idle: 零执法, and their powers unused
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert Alert.objects.filter(rule_id="zero_enforcement_unit").count() == 3
    # changes: unit2 acts; a new power for unit3; a new certified officer for the street; training rows
    inspection(w, unit=w.unit2, day=D(2023, 11, 2))
    PowerFactory(owner=w.unit3, code="CF-NEW", category=PowerCategory.PENALTY)
    p = PersonFactory(unit=w.street)
    CertificateFactory(holder=p, issued_on=D(2023, 6, 1), valid_until=D(2028, 5, 31))
    s = TrainingSession.objects.create(
        region=w.region, organizer=w.unit, title="培训", kind="general", held_on=D(2023, 6, 1), hours=Decimal("60")
    )
    TrainingAttendance.objects.create(session=s, person=w.a, hours=Decimal("60"))
    inc = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, incremental=True)
    assert inc.incremental and inc.rules["zero_enforcement_unit"]["cleared"] == 1
    after_inc = snapshot()
    full = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert full.raised == full.cleared == full.reopened == 0, full.as_dict()
    assert snapshot() == after_inc


@pytest.mark.django_db
def test_new_year_leaves_last_years_unit_alerts_alone(w):
    inspection(w, unit=w.unit)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    last_year = set(Alert.objects.filter(period="2023").values_list("id", "status"))
    assert last_year
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2024, 1, 2), incremental=True)
    assert set(Alert.objects.filter(period="2023").values_list("id", "status")) == last_year


@pytest.mark.django_db
def test_monthly_incremental_scans_over_backloaded_year_match_a_full_scan(w):
    """The demo loads a whole year first and then scans month by month (bulletins): rows dated after the
    previous scan's date are re-checked although nothing new was inserted."""
    import calendar

    for m in range(1, 13):
        case(
            w,
            procedure="simple",
            filed_on=None,
            decision_due=None,
            decided_on=D(2023, m, 10),
            act_date=D(2023, m, 9),
            fine_amount=Decimal("300"),
            penalty_kinds=["fine"],
        )
    case(w, status="investigating", decided_on=None, outcome="", filed_on=D(2023, 5, 2), decision_due=D(2023, 7, 31))
    for u, day in ((w.unit, 1), (w.unit2, 5), (w.unit3, 9)):
        inspection(w, unit=u, day=D(2023, 8, day))
    for m in range(1, 13):
        alerts_scan(actor=SYSTEM, region_code=REGION, as_of=D(2023, m, calendar.monthrange(2023, m)[1]), incremental=True)
        if m == 6:
            assert Alert.objects.filter(rule_id="onspot_over_limit").count() == 6
    monthly = snapshot()
    assert Alert.objects.filter(rule_id="onspot_over_limit").count() == 12
    assert Alert.objects.filter(rule_id="case_overdue", first_seen_on=D(2023, 8, 31)).count() == 1
    assert Alert.objects.filter(rule_id="multi_unit_inspection", first_seen_on=D(2023, 8, 31)).count() == 1
    full = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert full.raised == full.cleared == full.reopened == 0, full.as_dict()
    assert snapshot() == monthly


@pytest.mark.django_db
def test_threshold_gaming_counts_are_kept_and_updated_incrementally(w):
    from zhifa.core.audit import audit
    from zhifa.supervision.models import GamingCount

    def org_fine(amount):
        return case(
            w,
            party=w.org,
            procedure="simple",
            filed_on=None,
            decision_due=None,
            fine_amount=Decimal(amount),
            penalty_kinds=["fine"],
        )

    for i in range(16):
        org_fine(2700 + i * 10)
    lower = [org_fine(2400 + i * 10) for i in range(14)]
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert not Alert.objects.filter(rule_id="threshold_gaming").exists()
    assert GamingCount.objects.get(unit=w.unit).upper == 16
    for i in range(30):  # inserted since: added to the kept counts, no recount of the year (46 vs 14: 77 %)
        org_fine(2800 + i)
    inc = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, incremental=True)
    assert inc.rules["threshold_gaming"]["raised"] == 1
    assert GamingCount.objects.get(unit=w.unit).upper == 46
    # an edited case (old amount unknown) makes its unit recount
    for c in lower[:10]:
        PenaltyCase.objects.filter(pk=c.pk).update(fine_amount=Decimal("2950"))
        audit(actor=SYSTEM, action="test.edit", obj=c)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, incremental=True)
    row = GamingCount.objects.get(unit=w.unit)
    assert (row.upper, row.lower) == (56, 4)
    full = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF)
    assert full.raised == full.cleared == full.reopened == 0
    row = GamingCount.objects.get(unit=w.unit)
    assert (row.upper, row.lower) == (56, 4)


@pytest.mark.django_db
def test_write_hook_queues_one_check_per_record_and_the_worker_raises(w, monkeypatch):
    from zhifa.ops.models import PendingCheck
    from zhifa.ops.tasks import drain_checks

    monkeypatch.setenv("ZHIFA_ALERT_HOOK", "1")
    c = case(w, procedure="simple", filed_on=None, decision_due=None, fine_amount=Decimal("201"), penalty_kinds=["fine"])
    c.save()  # a second save of the same record: still one check
    assert PendingCheck.objects.filter(label="enforcement.penaltycase", object_pk=c.pk).count() == 1
    assert not Alert.objects.filter(rule_id="onspot_over_limit").exists()  # nothing runs in the request
    drain_checks()
    a = Alert.objects.get(rule_id="onspot_over_limit")
    assert a.source == "hook" and a.object_id == str(c.pk)
    assert not PendingCheck.objects.exists()
    monkeypatch.setenv("ZHIFA_ALERT_HOOK", "0")
    case(w, procedure="simple", filed_on=None, decision_due=None, fine_amount=Decimal("999"), penalty_kinds=["fine"])
    assert not PendingCheck.objects.exists()
    drain_checks()
    assert Alert.objects.filter(rule_id="onspot_over_limit").count() == 1


def _lifecycle():
    """Every alert with its state and dates, and every event: what a run of scans leaves behind."""
    alerts = sorted(
        Alert.objects.values_list(
            "rule_id", "object_type", "object_id", "period", "status", "first_seen_on", "last_seen_on", "cleared_on"
        )
    )
    events = sorted(AlertEvent.objects.values_list("alert__fingerprint", "on_date", "action", "from_status", "to_status"))
    return alerts, events


@pytest.mark.django_db
def test_month_end_incremental_scans_leave_what_month_end_full_scans_leave(w):
    """A year loaded at once, then scanned at each month end (the demo's bulletins): incremental scans, which
    select the rows dated since the last scan by date, leave the same alerts (state, first/last seen, cleared)
    and events as full scans. Planted: a disclosure published late a month after its deadline (seen only when
    the publication comes into view), cases decided late and pending past their deadline, a case judged open
    with no stored deadline, 多头检查 and repeated inspections, an uncertified officer at the filing step only."""
    from zhifa.supervision.models import GamingCount

    _plant_year(w)
    full = _month_ends(False)
    assert {a[0] for a in full[0]} >= {"disclosure_late", "case_overdue", "multi_unit_inspection", "onspot_over_limit"}
    AlertEvent.objects.all().delete()
    Alert.objects.all().delete()
    ScanRun.objects.all().delete()
    GamingCount.objects.all().delete()
    inc = _month_ends(True)
    assert (set(inc[0]) - set(full[0]), set(full[0]) - set(inc[0])) == (set(), set())
    assert inc == full


def _plant_year(w):
    from zhifa.enforcement.models import Disclosure

    for m in range(1, 13):
        case(w, procedure="simple", filed_on=None, decision_due=None, decided_on=D(2023, m, 10),
             act_date=D(2023, m, 9), fine_amount=Decimal("300"), penalty_kinds=["fine"])
    c = case(w, filed_on=D(2023, 3, 1), decision_due=D(2023, 5, 30), decided_on=D(2023, 4, 10))
    Disclosure.objects.create(region=w.region, unit=w.unit, case=c, status="published",
                              due_on=D(2023, 4, 19), published_on=D(2023, 6, 12))
    case(w, filed_on=D(2023, 2, 1), decision_due=D(2023, 5, 2), decided_on=D(2023, 7, 3))
    case(w, status="investigating", decided_on=None, outcome="", filed_on=D(2023, 5, 2), decision_due=D(2023, 7, 31))
    case(w, status="investigating", decided_on=None, outcome="", filed_on=D(2023, 6, 2), decision_due=None)
    case(w, filed_on=D(2023, 8, 1), decision_due=D(2023, 10, 30), decided_on=D(2023, 10, 9), officer_b=w.uncertified)
    case(w, filed_on=D(2023, 9, 1), decision_due=D(2023, 11, 30), decided_on=D(2023, 11, 20))  # no disclosure
    for u, day in ((w.unit, 1), (w.unit2, 5), (w.unit3, 9)):
        inspection(w, unit=u, day=D(2023, 3, day))
    for day in (2, 12, 20, 25):
        inspection(w, unit=w.unit2, party=w.person, day=D(2023, 9, day))



def _month_ends(incremental):
    import calendar

    for m in range(1, 13):
        as_of = D(2023, m, calendar.monthrange(2023, m)[1])
        r = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=as_of, incremental=incremental)
        assert r.incremental == (incremental and m > 1)
    return _lifecycle()


@pytest.mark.django_db(transaction=True)
def test_rules_found_in_a_second_process_leave_what_one_process_leaves(w, monkeypatch):
    """The demo's month-end scans find the rules that read records only in a second process (elsewhere.py): the
    alerts, their events and the order of their ids are those of the same scans in one process. The data must be
    committed and visible to another process: on SQLite in memory (the tests' database) no finder is made."""
    import os

    from zhifa.supervision import elsewhere
    from zhifa.supervision.models import GamingCount

    if not elsewhere.Finder.usable():
        with elsewhere.finding_elsewhere() as finder:
            assert finder is None and elsewhere.current() is None
        pytest.skip("a second process cannot read this database (SQLite in memory)")
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "0")  # the operator's switch: everything in one process
    assert not elsewhere.Finder.usable()
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "1")
    _plant_year(w)

    def scans():
        lifecycle = _month_ends(True)
        order = list(Alert.objects.order_by("id").values_list("fingerprint", flat=True))
        AlertEvent.objects.all().delete()
        Alert.objects.all().delete()
        ScanRun.objects.all().delete()
        GamingCount.objects.all().delete()
        return lifecycle, order

    alone = scans()
    with elsewhere.finding_elsewhere() as finder:
        assert elsewhere.current() is finder
        shared = scans()
    assert elsewhere.current() is None
    assert shared == alone
    assert {"disclosure_late", "case_overdue", "multi_unit_inspection"} <= {a[0] for a in alone[0][0]}
    marked = {code for code, rule in REGISTRY.items() if rule.elsewhere}
    assert {"case_overdue", "multi_unit_inspection", "onspot_over_limit"} <= set(finder.found) <= marked
    assert os.getpid() not in set(finder.found.values())


@pytest.mark.django_db(transaction=True)
def test_a_second_process_that_dies_leaves_its_rules_to_this_one(w):
    """The finder's process killed before the scans: every rule is found here, with the same alerts."""
    import time

    from zhifa.supervision import elsewhere

    if not elsewhere.Finder.usable():
        pytest.skip("a second process cannot read this database (SQLite in memory)")
    _plant_year(w)
    alone = _month_ends(True)
    for model in (AlertEvent, Alert, ScanRun):
        model.objects.all().delete()
    from zhifa.supervision.models import GamingCount

    GamingCount.objects.all().delete()
    with elsewhere.finding_elsewhere() as finder:
        finder.pool.submit(int).result()  # (started)
        for p in list(finder.pool._processes.values()):
            p.kill()
            p.join()
        time.sleep(0.5)  # the pool notices its process is gone
        assert _month_ends(True) == alone
        assert finder.lost and not finder.found


def test_a_finder_is_refused_inside_a_transaction(db):
    from zhifa.supervision import elsewhere

    assert not elsewhere.Finder.usable()
    with elsewhere.finding_elsewhere() as finder:
        assert finder is None


def test_cases_built_for_one_rule_are_given_to_the_next_with_the_same_alerts(w, monkeypatch):
    """A run keeps the cases and facts it built for one rule for the next (record._cases_with_facts): the alerts are
    those of a run that builds them for each rule, and fewer cases are built."""
    from django.db import transaction

    from zhifa.enforcement import facts as EF
    from zhifa.supervision.rules import record

    dirty_world(w)
    # a case several rules take as a candidate: one officer, an uncertified one, no legal review, decided late
    case(w, power=w.reviewed, officer_a=w.uncertified, officer_b=None, decided_on=D(2023, 6, 20))
    built = []
    real = EF.case_facts

    def counting(cases, **kw):
        built.append(len(cases))
        return real(cases, **kw)

    monkeypatch.setattr(record.EF, "case_facts", counting)

    def run(memo: int):
        monkeypatch.setattr(record, "CASE_MEMO", memo)
        built.clear()
        with transaction.atomic():
            alerts_scan(region_code=REGION, as_of=AS_OF, actor=SYSTEM)
            got = snapshot()
            transaction.set_rollback(True)
        return got, sum(built)

    without, built_each_time = run(0)
    kept, built_once = run(30_000)
    assert kept == without and len(kept) >= 3
    assert built_once < built_each_time
