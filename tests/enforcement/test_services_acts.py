"""行政强制 and 行政许可 services: blocking preconditions, recorded late acts, audit, disclosure by kind."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import PowerFactory
from zhifa.core.access import Roles
from zhifa.core.errors import InvalidInput, PermissionDenied, RuleBlocked
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.enforcement import disclosure as DS
from zhifa.enforcement import services_coercion as SC
from zhifa.enforcement import services_licensing as SL
from zhifa.enforcement.choices import DisclosureKind, DisclosureStatus
from zhifa.enforcement.models import Disclosure
from zhifa.powers.choices import PowerCategory

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
pytestmark = pytest.mark.django_db


def audited(call, n=1):
    before = AuditLog.objects.count()
    result = call()
    assert AuditLog.objects.count() - before == n
    return result


@pytest.fixture
def acts(world):
    world.coercion = PowerFactory(
        owner=world.unit, code="QZ-100", name="查封扣押不合格商品", category=PowerCategory.COERCION
    )
    world.licensing = PowerFactory(owner=world.unit, code="XK-100", name="食品经营许可", category=PowerCategory.LICENSE)
    return world


def upload(w, name="seal.mp4"):
    return SC.RecordingUpload(
        stream=io.BytesIO(b"video " + name.encode()),
        original_name=name,
        device_name="执法记录仪01",
        recorded_at=dt.datetime(2023, 3, 1, 10, tzinfo=TZ),
        officer=w.a,
    )


def seal(w, **kw):
    args = dict(
        actor=SYSTEM,
        unit=w.unit,
        power=w.coercion,
        party=w.org,
        kind="seal",
        decided_on=D(2023, 3, 1),
        term_days=30,
        officers=[w.a, w.d],
        decision_no="东市监封〔2023〕1号",
        approved_by="局长甲",
        reason="涉嫌销售不合格商品",
        items="电动车电池 20 块",
        onsite_record=True,
        recordings=[upload(w)],
    )
    return SC.coercive_measure_decide(**(args | kw))


def test_seal_for_30_days_decided_31_refused(acts):
    w = acts
    m = audited(lambda: seal(w), n=2)  # the recording stored, the measure decided
    assert m.due_on == D(2023, 3, 31)
    assert m.recordings.count() == 1
    with pytest.raises(RuleBlocked) as exc:
        seal(w, term_days=31, decision_no="2号")
    assert exc.value.violations[0].code == "coercion.term_too_long"
    assert "《行政强制法》第二十五条" in str(exc.value)


def test_seal_without_recording_or_second_officer_refused(acts):
    w = acts
    with pytest.raises(RuleBlocked) as exc:
        seal(w, recordings=[], officers=[w.a])
    got = {v.code for v in exc.value.violations}
    assert {"coercion.recording_missing", "officers.too_few"} <= got
    with pytest.raises(RuleBlocked) as exc:
        seal(w, power=w.penalty)  # a 行政处罚 power is no basis for a 查封
    assert exc.value.violations[0].code == "power.category"


def test_extension_30_allowed_31_and_second_refused(acts):
    w = acts
    m = seal(w)
    with pytest.raises(RuleBlocked):
        SC.coercive_measure_extend(
            actor=SYSTEM, measure=m, days=31, approved_by="局长甲", on=D(2023, 3, 20), reason="案情复杂"
        )
    m = audited(
        lambda: SC.coercive_measure_extend(
            actor=SYSTEM, measure=m, days=30, approved_by="局长甲", on=D(2023, 3, 20), reason="案情复杂"
        )
    )
    assert m.due_on == D(2023, 5, 4)  # 03-01 + 60 = 04-30, in the 劳动节 holiday -> 05-04
    with pytest.raises(RuleBlocked) as exc:
        SC.coercive_measure_extend(
            actor=SYSTEM, measure=m, days=5, approved_by="局长甲", on=D(2023, 4, 20), reason="再延"
        )
    assert exc.value.violations[0].code == "coercion.extension_repeat"


def test_lift_late_is_recorded_with_warning(acts):
    w = acts
    m = seal(w)
    m, warnings = audited(lambda: SC.coercive_measure_lift(actor=SYSTEM, measure=m, on=D(2023, 4, 5), reason="expired"))
    assert m.lifted_on == D(2023, 4, 5)
    assert [x.code for x in warnings] == ["coercion.overdue"]
    with pytest.raises(InvalidInput):
        SC.coercive_measure_lift(actor=SYSTEM, measure=m, on=D(2023, 4, 6), reason="expired")


def test_measure_opens_20_working_day_disclosure_and_unit_may_auto_publish(acts):
    w = acts
    m = seal(w)
    d = Disclosure.objects.get(measure=m)
    assert (d.kind, d.status, d.due_on) == (DisclosureKind.COERCION, DisclosureStatus.DUE, D(2023, 3, 29))
    assert w.org.name in d.public_text
    DS.disclosure_setting_set(actor=SYSTEM, unit=w.unit, auto_publish=True)
    m2 = seal(w, decision_no="东市监封〔2023〕2号", recordings=[upload(w, "b.mp4")])
    d2 = Disclosure.objects.get(measure=m2)
    assert (d2.status, d2.published_on) == (DisclosureStatus.PUBLISHED, D(2023, 3, 1))


def account(person, username, *roles):
    user = User.objects.create_user(username, password="x")
    person.user = user
    person.save()
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return User.objects.get(pk=user.pk)


def test_only_unit_admin_publishes(acts):
    w = acts
    m = seal(w)
    d = Disclosure.objects.get(measure=m)
    officer = account(w.a, "officer1", Roles.OFFICER)
    with pytest.raises(PermissionDenied):
        DS.disclosure_publish(actor=officer, disclosure=d, on=D(2023, 3, 2))
    admin = account(w.d, "admin1", Roles.UNIT_ADMIN)
    d = DS.disclosure_publish(actor=admin, disclosure=d, on=D(2023, 3, 2))
    assert d.status == DisclosureStatus.PUBLISHED


def test_policy_decides_who_acts(acts):
    w = acts
    sup = account(w.c, "sup", Roles.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        seal(w, actor=sup)  # a supervisor supervises, and does not act for a unit
    uncertified = account(w.uncertified, "nocert", Roles.OFFICER)
    with pytest.raises(PermissionDenied) as exc:
        seal(w, actor=uncertified)
    assert exc.value.code == "auth.certificate"
    officer = account(w.a, "officer1", Roles.OFFICER)
    m = seal(w, actor=officer)
    with pytest.raises(PermissionDenied):  # 第二十五条: the extension is the head's
        SC.coercive_measure_extend(
            actor=officer, measure=m, days=10, approved_by="局长甲", on=D(2023, 3, 20), reason="案情复杂"
        )
    leader = account(w.d, "leader1", Roles.LEADER)
    SC.coercive_measure_extend(
        actor=leader, measure=m, days=10, approved_by="局长甲", on=D(2023, 3, 20), reason="案情复杂"
    )


def test_execution_needs_demand_and_period(acts):
    w = acts
    e = audited(
        lambda: SC.enforcement_execution_demand(
            actor=SYSTEM,
            unit=w.unit,
            power=w.coercion,
            party=w.org,
            method="auction",
            obligation="东市监罚〔2023〕5号 罚款 5000 元",
            demand_on=D(2023, 5, 4),
            demand_due=D(2023, 5, 15),
            officers=[w.a, w.d],
        )
    )
    with pytest.raises(RuleBlocked) as exc:
        SC.enforcement_execution_decide(actor=SYSTEM, execution=e, decided_on=D(2023, 5, 12), decision_no="东强执1")
    assert exc.value.violations[0].code == "execution.demand_period"
    SC.enforcement_execution_statement(actor=SYSTEM, execution=e, on=D(2023, 5, 8), note="称资金困难，经复核不成立")
    e = audited(
        lambda: SC.enforcement_execution_decide(
            actor=SYSTEM, execution=e, decided_on=D(2023, 5, 16), decision_no="东强执1"
        ),
        n=1,
    )
    d = Disclosure.objects.get(execution=e)
    assert (d.kind, d.due_on) == (DisclosureKind.EXECUTION, D(2023, 6, 13))  # 20 working days (端午 06-22 later)
    with pytest.raises(RuleBlocked):
        SC.enforcement_execution_execute(actor=SYSTEM, execution=e, on=D(2023, 5, 18))  # no recording
    e, warnings = SC.enforcement_execution_execute(actor=SYSTEM, execution=e, on=D(2023, 5, 18), recordings=[upload(w)])
    assert e.executed_on == D(2023, 5, 18) and warnings == []
    assert e.recordings.count() == 1


def accept(w, **kw):
    args = dict(
        actor=SYSTEM,
        unit=w.unit,
        power=w.licensing,
        applicant=w.org,
        application_no="东市监许受〔2023〕1号",
        subject="食品经营许可（新办）",
        accepted_on=D(2023, 3, 1),
        officers=[w.a],
    )
    return SL.licence_accept(**(args | kw))


def test_licence_decided_on_20th_working_day_then_disclosed_in_7(acts):
    w = acts
    x = audited(lambda: accept(w))
    assert x.due_on == D(2023, 3, 29)
    x, warnings = SL.licence_decide(
        actor=SYSTEM, licence=x, decided_on=D(2023, 3, 29), result="grant", decision_no="东市监许〔2023〕1号"
    )
    assert warnings == []
    d = Disclosure.objects.get(licence=x)
    assert (d.kind, d.due_on) == (DisclosureKind.LICENCE, D(2023, 4, 10))  # 7 working days, 清明 04-05 off


def test_licence_decided_on_21st_recorded_with_alert(acts):
    w = acts
    x = accept(w)
    x, warnings = SL.licence_decide(
        actor=SYSTEM, licence=x, decided_on=D(2023, 3, 30), result="grant", decision_no="东市监许〔2023〕2号"
    )
    assert x.decided_on == D(2023, 3, 30)
    assert [v.code for v in warnings] == ["licence.late"]
    assert "超期1个工作日" in warnings[0].message


def test_licence_extension_10_allowed_11_refused(acts):
    w = acts
    x = accept(w)
    with pytest.raises(RuleBlocked) as exc:
        SL.licence_extend(
            actor=SYSTEM, licence=x, days=11, approved_by="局长乙", on=D(2023, 3, 20), reason="需现场核查"
        )
    assert "《行政许可法》第四十二条" in str(exc.value)
    x = audited(
        lambda: SL.licence_extend(
            actor=SYSTEM, licence=x, days=10, approved_by="局长乙", on=D(2023, 3, 20), reason="需现场核查"
        )
    )
    assert x.due_on == D(2023, 4, 13)
    with pytest.raises(RuleBlocked):
        SL.licence_extend(actor=SYSTEM, licence=x, days=1, approved_by="局长乙", on=D(2023, 3, 21), reason="再延")


def test_licence_refusal_without_reason_refused(acts):
    w = acts
    x = accept(w)
    with pytest.raises(RuleBlocked) as exc:
        SL.licence_decide(actor=SYSTEM, licence=x, decided_on=D(2023, 3, 10), result="refuse", decision_no="不予1")
    assert exc.value.violations[0].field == "refusal_reason"


def test_penalty_decision_auto_published_when_the_unit_chose_it(acts):
    from decimal import Decimal

    from zhifa.enforcement import workflow as W

    w = acts
    DS.disclosure_setting_set(actor=SYSTEM, unit=w.unit, auto_publish=True)
    case = W.case_open(
        actor=SYSTEM,
        unit=w.unit,
        power=w.penalty,
        party=w.org,
        case_no="公2",
        violation="销售不合格商品",
        act_date=D(2023, 8, 1),
        discovered_at=dt.datetime(2023, 8, 2, tzinfo=TZ),
        officers=[w.a, w.c],
        file_on=D(2023, 8, 3),
    )
    case = W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 8, 4))
    case = W.case_transition(
        actor=SYSTEM,
        case=case,
        to_status="notified",
        on_date=D(2023, 9, 1),
        penalty_kinds=["fine"],
        fine_amount=Decimal("300"),
    )
    case = W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 9, 28), decision_no="东罚2")
    d = Disclosure.objects.get(case=case)
    assert (d.kind, d.status, d.published_on, d.due_on) == (
        DisclosureKind.PENALTY,
        DisclosureStatus.PUBLISHED,
        D(2023, 9, 28),
        D(2023, 10, 13),  # 7 working days across 国庆
    )
