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
        pc = case(
            w, party=w.org, filed_on=filed, decided_on=None, status="filed", decision_due=filed + dt.timedelta(90)
        )
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
    for code in ("clue_case_not_filed", "remote_enforcement", "clue_buck_passing"):
        assert "行政执法监督条例" in REGISTRY[code].citation


# ---- 违规异地执法: a party registered outside the body's jurisdiction, no 协助 record -----------------------
REGISTRATION = [
    ("东丽区 (the body's own district)", "91120110", "120110", True),
    ("天津市 (the region above: not called outside)", "91120000", "120110", True),
    ("西青区 (another district)", "91120111", "120110", False),
    ("河北省廊坊市", "91131000", "120110", False),
    ("a 市 body and one of its districts", "91120111", "120000", True),
]


@pytest.mark.parametrize("label,prefix,body,inside", REGISTRATION, ids=[r[0] for r in REGISTRATION])
def test_within_jurisdiction(label, prefix, body, inside):
    from zhifa.core.validators import make_uscc
    from zhifa.enforcement import rules_inspection as RI

    uscc = make_uscc(prefix, 4242)
    assert RI.registration_region(uscc) == prefix[2:]
    assert RI.within_jurisdiction(body, RI.registration_region(uscc)) is inside


def test_natural_person_has_no_registration_region():
    from zhifa.core.validators import make_id_number
    from zhifa.enforcement import rules_inspection as RI

    assert RI.registration_region(make_id_number("130100", D(1980, 1, 1), 5)) is None
    assert RI.remote_enforcement("120110", "", [(D(2026, 3, 1), "现场检查")], []) == []


def _remote_party(w, prefix="91131000", n=4343):
    from zhifa.core.validators import make_uscc
    from zhifa.enforcement.models import Party

    return Party.objects.create(
        region=w.region, kind="org", party_type="business", name="廊坊某物流有限公司", uscc=make_uscc(prefix, n)
    )


def _assist(w, party, *, requested_on, covers_until, letter="东市监协〔2026〕1号", actor=SYSTEM):
    from zhifa.enforcement.assistance import assistance_record

    return assistance_record(
        actor=actor,
        unit=w.unit,
        party_uscc=party.uscc,
        assisting_authority="廊坊市市场监督管理局",
        assisting_region_code="131000",
        letter_no=letter,
        matter="请求协助核查当事人经营场所",
        requested_on=requested_on,
        covers_until=covers_until,
    )


ACT_DAY = D(2026, 4, 15)
# (label, assistance (requested, covers until) or None, fires)
COVER = [
    ("no 协助 record", None, True),
    ("requested the same day", (ACT_DAY, ACT_DAY + dt.timedelta(days=30)), False),
    ("requested one day after", (ACT_DAY + dt.timedelta(days=1), ACT_DAY + dt.timedelta(days=30)), True),
    ("covers until the day", (ACT_DAY - dt.timedelta(days=30), ACT_DAY), False),
    ("covered until the day before", (ACT_DAY - dt.timedelta(days=30), ACT_DAY - dt.timedelta(days=1)), True),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,cover,fires", COVER, ids=[r[0] for r in COVER])
def test_remote_enforcement(w, label, cover, fires):
    from tests.supervision.conftest import inspection

    party = _remote_party(w)
    inspection(w, party=party, day=ACT_DAY, mode="on_site")
    inspection(w, party=w.org, day=ACT_DAY, mode="on_site")  # registered in the district: never reported
    if cover:
        _assist(w, party, requested_on=cover[0], covers_until=cover[1])
    found = scan("remote_enforcement", D(2026, 6, 30))
    assert list(found.values_list("object_id", flat=True)) == ([f"{party.pk}@{w.unit.pk}"] if fires else [])
    if fires:
        a = found.get()
        assert "131000" in a.message and "违规异地执法" in a.citation and "行政执法监督条例" in a.citation


@pytest.mark.django_db
def test_remote_enforcement_counts_cases_and_measures_not_remote_checks(w):
    from tests.supervision.conftest import inspection
    from zhifa.enforcement.models import CoerciveMeasure

    party = _remote_party(w)
    inspection(w, party=party, day=ACT_DAY, mode="remote")  # 非现场 checking leaves the district for nobody
    assert not scan("remote_enforcement", D(2026, 6, 30)).exists()
    case(w, party=party, filed_on=D(2026, 5, 6), decided_on=None, status="filed", decision_due=D(2026, 8, 4))
    CoerciveMeasure.objects.create(
        region=w.region,
        unit=w.unit,
        power=w.recorded,
        party=party,
        kind="freeze",
        decision_no="冻〔2026〕1号",
        approved_by="负责人",
        reason="涉嫌违法",
        items="银行账户",
        officer_a=w.a,
        officer_b=w.b,
        decided_on=D(2026, 5, 8),
        term_days=30,
        due_on=D(2026, 6, 7),
    )
    a = scan("remote_enforcement", D(2026, 6, 30)).get()
    assert a.details["acts"] == 2 and "2026-05-06行政处罚案件" in a.message


@pytest.mark.django_db
def test_assistance_record_refusals_and_audit(w):
    from zhifa.enforcement.models import AssistanceRecord

    party = _remote_party(w)
    with pytest.raises(InvalidInput) as e:  # a party of the district needs no 协助
        _assist(w, w.org, requested_on=ACT_DAY, covers_until=ACT_DAY)
    assert e.value.field == "party_uscc" and "管辖区域内" in str(e.value)
    with pytest.raises(InvalidInput) as e:
        _assist(w, party, requested_on=ACT_DAY, covers_until=ACT_DAY - dt.timedelta(days=1))
    assert e.value.field == "covers_until"
    other = make_account(Roles.OFFICER, unit=w.unit2)
    with pytest.raises(PermissionDenied):
        _assist(w, party, requested_on=ACT_DAY, covers_until=ACT_DAY, actor=other)
    own = make_account(Roles.OFFICER, person=w.a)
    rec = _assist(w, party, requested_on=ACT_DAY, covers_until=ACT_DAY, actor=own)
    assert rec.recorded_by == w.a and rec.party == party
    assert AuditLog.objects.filter(action="assistance.record", object_id=str(rec.pk)).exists()
    with pytest.raises(InvalidInput) as e:
        _assist(w, party, requested_on=ACT_DAY, covers_until=ACT_DAY, actor=own)
    assert e.value.field == "letter_no"
    assert AssistanceRecord.objects.count() == 1


# ---- 推诿扯皮: a clue returned by two units -------------------------------------------------------------
BOUNCES = [
    ("returned by one unit", ["unit"], False),
    ("returned twice by the same unit", ["unit", "unit"], False),
    ("returned by two units", ["unit", "unit2"], True),
    ("returned by three units", ["unit", "unit2", "unit3"], True),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,units,fires", BOUNCES, ids=[r[0] for r in BOUNCES])
def test_clue_buck_passing(w, label, units, fires):
    from zhifa.supervision.services_law import clue_return

    c = clue_submit(region_code=REGION, text="某工地夜间施工扰民", received_on=D(2026, 4, 1))
    day = D(2026, 4, 1)
    for i, key in enumerate(units):
        c = clue_assign(actor=SYSTEM, clue=c, unit=getattr(w, key), assigned_on=day + dt.timedelta(days=2 * i))
        c = clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=day + dt.timedelta(days=2 * i + 1))
    found = scan("clue_buck_passing", D(2026, 6, 30))
    assert list(found.values_list("object_id", flat=True)) == ([str(c.pk)] if fires else [])
    if fires:
        a = found.get()
        assert all(getattr(w, k).name in a.message for k in units) and "推诿扯皮" in a.citation


@pytest.mark.django_db
def test_clue_return_refusals_and_audit(w):
    from zhifa.supervision.models import ClueReturn
    from zhifa.supervision.services_law import clue_return

    c = clue_submit(region_code=REGION, text="某工地夜间施工扰民", received_on=D(2026, 4, 1))
    with pytest.raises(InvalidInput) as e:  # with nobody yet
        clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=D(2026, 4, 2))
    assert e.value.field == "status"
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=D(2026, 4, 2))
    with pytest.raises(InvalidInput) as e:
        clue_return(actor=SYSTEM, clue=c, reason="否", returned_on=D(2026, 4, 3))
    assert e.value.field == "reason"
    officer = make_account(Roles.OFFICER, unit=w.unit)  # the unit's head or administrator decides a return
    with pytest.raises(PermissionDenied):
        clue_return(actor=officer, clue=c, reason="不属于本单位职责", returned_on=D(2026, 4, 3))
    head = make_account(Roles.LEADER, unit=w.unit)
    c = clue_return(actor=head, clue=c, reason="不属于本单位职责", returned_on=D(2026, 4, 3))
    assert (c.status, c.unit_id, c.assigned_on) == ("received", None, None)
    r = ClueReturn.objects.get(clue=c)
    assert (r.unit, r.assigned_on, r.returned_by) == (w.unit, D(2026, 4, 2), head)
    assert AuditLog.objects.filter(action="clue.return", object_id=str(c.pk)).exists()
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit2, assigned_on=D(2026, 4, 6))
    clue_verify(actor=SYSTEM, clue=c, outcome="substantiated", verified_on=D(2026, 4, 7))
    with pytest.raises(InvalidInput):  # checked: the unit's own now
        clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=D(2026, 4, 8))


# ---- the workspace: the 协助 page and the clue page's 查证 / 退回 forms ----------------------------------------
@pytest.mark.django_db
def test_workspace_assistance_and_clue_forms(w, client):
    from zhifa.enforcement.models import AssistanceRecord

    party = _remote_party(w)
    client.force_login(make_account(Roles.OFFICER, person=w.a), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/staff/assistance/")
    assert page.status_code == 200 and "登记异地执法协助" in page.content.decode()
    data = {
        "party_uscc": party.uscc,
        "assisting_authority": "廊坊市市场监督管理局",
        "assisting_region_code": "131000",
        "letter_no": "东市监协〔2026〕9号",
        "matter": "请求协助核查经营场所",
        "requested_on": "2026-04-01",
        "covers_until": "2026-04-30",
    }
    r = client.post("/staff/assistance/", {"_form": "record", **{f"record-{k}": v for k, v in data.items()}})
    assert r.status_code == 302 and AssistanceRecord.objects.get().letter_no == "东市监协〔2026〕9号"
    bad = client.post(
        "/staff/assistance/",
        {
            "_form": "record",
            **{f"record-{k}": v for k, v in {**data, "party_uscc": w.org.uscc, "letter_no": "x"}.items()},
        },
    )
    assert bad.status_code == 422 and "管辖区域内" in bad.content.decode()
    from tests.supervision.conftest import inspection

    covered = inspection(w, party=party, day=D(2026, 4, 15), mode="on_site")
    uncovered = inspection(w, party=party, day=D(2026, 5, 15), mode="on_site")
    assert "东市监协〔2026〕9号" in client.get(f"/staff/inspections/{covered.pk}/").content.decode()
    assert "无覆盖该日的异地执法协助记录" in client.get(f"/staff/inspections/{uncovered.pk}/").content.decode()
    from zhifa.enforcement.models import CoerciveMeasure

    pc = case(w, party=party, filed_on=D(2026, 4, 20), decided_on=None, status="filed", decision_due=D(2026, 7, 20))
    frozen = CoerciveMeasure.objects.create(
        region=w.region, unit=w.unit, power=w.recorded, party=party, kind="freeze", decision_no="冻〔2026〕2号",
        approved_by="负责人", reason="涉嫌违法", items="银行账户", officer_a=w.a, officer_b=w.b,
        decided_on=D(2026, 5, 8), term_days=30, due_on=D(2026, 6, 7),
    )  # fmt: skip
    assert "东市监协〔2026〕9号" in client.get(f"/staff/cases/{pc.pk}/").content.decode()
    html = client.get(f"/staff/measures/{frozen.pk}/").content.decode()
    assert "2026-05-08行政强制措施（冻结）" in html and "无覆盖该日的异地执法协助记录" in html
    assert (
        'id="remote"' not in client.get(f"/staff/inspections/{inspection(w, day=D(2026, 5, 9)).pk}/").content.decode()
    )

    c = clue_submit(region_code=REGION, text="某商贸公司销售过期食品", received_on=D(2026, 3, 2))
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=D(2026, 3, 3))
    client.force_login(make_account(Roles.LEADER, unit=w.unit), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(f"/staff/clues/{c.pk}/").content.decode()
    assert "登记查证结果" in html and "退回（不属于本单位职责）" in html
    r = client.post(
        f"/staff/clues/{c.pk}/",
        {
            "_form": "verify",
            "verify-outcome": "substantiated",
            "verify-verified_on": "2026-03-05",
            "verify-note": "属实",
        },
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.outcome, c.verified_on) == ("substantiated", D(2026, 3, 5))
    assert "查证属实" in client.get(f"/staff/clues/{c.pk}/").content.decode()


@pytest.mark.django_db
def test_alert_pages_link_to_the_clue_and_the_enterprise(w, client):
    from tests.supervision.conftest import inspection
    from zhifa.supervision.services_law import clue_return

    party = _remote_party(w)
    inspection(w, party=party, day=ACT_DAY, mode="on_site")
    c = clue_submit(region_code=REGION, text="某工地夜间施工扰民", received_on=D(2026, 4, 1))
    for i, unit in enumerate((w.unit, w.unit2)):
        c = clue_assign(actor=SYSTEM, clue=c, unit=unit, assigned_on=D(2026, 4, 2 + 2 * i))
        c = clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=D(2026, 4, 3 + 2 * i))
    remote = scan("remote_enforcement", D(2026, 6, 30)).get()
    bounced = scan("clue_buck_passing", D(2026, 6, 30)).get()
    client.force_login(
        make_account(Roles.SUPERVISOR, unit=w.unit3), backend="django.contrib.auth.backends.ModelBackend"
    )
    html = client.get(f"/staff/alerts/{remote.pk}/").content.decode()
    assert f"/staff/enterprises/{party.pk}/inspections/" in html and "违规异地执法" in html
    html = client.get(f"/staff/alerts/{bounced.pk}/").content.decode()
    assert f"/staff/clues/{c.pk}/" in html and w.unit2.name in html
    assert "区卫生健康委员会" in client.get(f"/staff/clues/{c.pk}/").content.decode()  # the returns, on the clue


@pytest.mark.django_db
def test_answer_names_the_case_filed_from_the_clue(w, client):
    _setting(w)
    c = _clue(w)
    pc = case(w, party=w.org, filed_on=VERIFIED + dt.timedelta(days=3), decided_on=None, status="filed")
    client.force_login(make_account(Roles.LEADER, unit=w.unit), backend="django.contrib.auth.backends.ModelBackend")
    form = {"_form": "respond", "respond-response": "已立案查处", "respond-responded_on": "2026-03-13"}
    bad = client.post(f"/staff/clues/{c.pk}/", {**form, "respond-case_no": "东市监罚〔2026〕999号"})
    assert bad.status_code == 422 and "本单位没有案号" in bad.content.decode()
    r = client.post(f"/staff/clues/{c.pk}/", {**form, "respond-case_no": pc.case_no})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.case == pc and c.status == "responded"
    assert not scan("clue_case_not_filed", D(2026, 12, 31)).exists()


# ---- the three rules in an incremental scan on the same date: only the changed parties/clues are re-checked ----
def _again(code, as_of):
    r = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=as_of, rules=[code], incremental=True)
    assert r.incremental
    return r, {a.object_id: a.status for a in Alert.objects.filter(rule_id=code)}


@pytest.mark.django_db
def test_assistance_entered_later_clears_remote_enforcement_at_the_next_incremental_scan(w):
    from tests.supervision.conftest import inspection

    covered, other = _remote_party(w), _remote_party(w, n=4344)
    for p in (covered, other):
        inspection(w, party=p, day=ACT_DAY, mode="on_site")
    as_of = D(2026, 6, 30)
    assert scan("remote_enforcement", as_of).count() == 2
    r, _ = _again("remote_enforcement", as_of)  # nothing changed: nothing re-checked, nothing cleared
    assert r.rules.get("remote_enforcement", {}).get("cleared", 0) == 0
    _assist(w, covered, requested_on=ACT_DAY, covers_until=ACT_DAY)
    r, status = _again("remote_enforcement", as_of)
    assert r.rules["remote_enforcement"]["found"] == 0  # the covered party alone was re-checked
    assert status == {f"{covered.pk}@{w.unit.pk}": "rectified", f"{other.pk}@{w.unit.pk}": "open"}


@pytest.mark.django_db
def test_a_second_return_raises_buck_passing_at_the_next_incremental_scan(w):
    from zhifa.supervision.services_law import clue_return

    day = D(2026, 4, 1)
    c = clue_submit(region_code=REGION, text="某工地夜间施工扰民", received_on=day)
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit, assigned_on=day)
    c = clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=day + dt.timedelta(days=1))
    as_of = D(2026, 6, 30)
    assert not scan("clue_buck_passing", as_of).exists()
    c = clue_assign(actor=SYSTEM, clue=c, unit=w.unit2, assigned_on=day + dt.timedelta(days=2))
    clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=day + dt.timedelta(days=3))
    r, status = _again("clue_buck_passing", as_of)
    assert status == {str(c.pk): "open"} and r.rules["clue_buck_passing"]["raised"] == 1


@pytest.mark.django_db
def test_case_filed_later_clears_clue_case_not_filed_at_the_next_incremental_scan(w):
    _setting(w)
    late, other = _clue(w), _clue(w)
    as_of = VERIFIED + dt.timedelta(days=N + 5)
    assert scan("clue_case_not_filed", as_of).count() == 2
    filed = VERIFIED + dt.timedelta(days=N)
    pc = case(w, party=w.org, filed_on=filed, decided_on=None, status="filed", decision_due=filed + dt.timedelta(90))
    clue_respond(actor=SYSTEM, clue=late, response=f"已立案，案号{pc.case_no}", responded_on=filed, case=pc)
    r, status = _again("clue_case_not_filed", as_of)
    assert status == {str(late.pk): "rectified", str(other.pk): "open"}
    assert r.rules["clue_case_not_filed"]["found"] == 0
