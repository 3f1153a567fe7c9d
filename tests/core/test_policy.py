"""The authorization policy on its own: roles, scopes along the region hierarchy, conditions, system actors."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from tests.factories import CertificateFactory, PersonFactory, RegionFactory, UnitFactory
from zhifa.core import policy
from zhifa.core.access import Roles, scope_for, visible
from zhifa.core.errors import PermissionDenied
from zhifa.org.choices import RegionLevel
from zhifa.org.models import LegalReviewerDesignation, Person

pytestmark = pytest.mark.django_db
D = dt.date


def account(person, *roles, superuser=False):
    u = User.objects.create_user(username=f"p{person.pk}", password="pw-1234567890", is_superuser=superuser)
    u.groups.add(*Group.objects.filter(name__in=roles))
    person.user = u
    person.save(update_fields=["user"])
    return User.objects.get(pk=u.pk)


@pytest.fixture
def city():
    tj = RegionFactory(code="120000", name="天津市", level=RegionLevel.CITY)
    dongli = RegionFactory(code="120110", name="东丽区", level=RegionLevel.DISTRICT, parent=tj)
    xiqing = RegionFactory(code="120111", name="西青区", level=RegionLevel.DISTRICT, parent=tj)
    dongli.parent = tj
    dongli.save()
    return tj, dongli, xiqing


def test_every_action_has_a_label_and_grants():
    assert len(policy.POLICY) >= 60
    for r in policy.POLICY.values():
        assert r.label and r.grants, r.action
        for g in r.grants:
            assert g.role in (*Roles.ALL, policy.SYSADMIN, policy.PUBLIC)
            assert g.scope in (policy.UNIT, policy.REGION, policy.ANY)


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        policy.authorize(policy.SYSTEM, "case.fly")


def test_scope_follows_the_region_hierarchy(city):
    tj, dongli, xiqing = city
    sfj_city = UnitFactory(region=tj, name="天津市司法局")
    sfj_dl = UnitFactory(region=dongli, name="东丽区司法局")
    scj_dl = UnitFactory(region=dongli, name="东丽区市场监管局")
    scj_xq = UnitFactory(region=xiqing, name="西青区市场监管局")
    people = {u: PersonFactory(unit=u) for u in (sfj_city, sfj_dl, scj_dl, scj_xq)}
    city_sup = account(people[sfj_city], Roles.SUPERVISOR)
    district_sup = account(people[sfj_dl], Roles.SUPERVISOR)
    officer = account(people[scj_dl], Roles.OFFICER)
    assert set(scope_for(city_sup).region_codes) == {"120000", "120110", "120111"}
    assert set(visible(Person.objects.all(), city_sup)) == set(people.values())
    assert set(visible(Person.objects.all(), district_sup)) == {people[sfj_dl], people[scj_dl]}
    assert set(visible(Person.objects.all(), officer)) == {people[scj_dl]}
    # the same hierarchy decides writes
    assert policy.can(city_sup, "alert.request_rectification", unit=scj_xq)
    assert policy.can(district_sup, "alert.request_rectification", unit=scj_dl)
    assert not policy.can(district_sup, "alert.request_rectification", unit=scj_xq)


def test_a_supervisor_supervises_and_does_not_decide(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    sup = account(PersonFactory(unit=UnitFactory(region=dongli)), Roles.SUPERVISOR)
    with pytest.raises(PermissionDenied) as e:
        policy.authorize(sup, "case.decide", unit=unit)
    assert "单位负责人" in e.value.message and e.value.code == "auth.role"


def test_a_leader_decides_only_in_their_unit(city):
    _, dongli, _ = city
    own, other = UnitFactory(region=dongli), UnitFactory(region=dongli, name="别的局")
    leader = account(PersonFactory(unit=own), Roles.LEADER)
    policy.authorize(leader, "case.decide", unit=own)
    with pytest.raises(PermissionDenied) as e:
        policy.authorize(leader, "case.decide", unit=other)
    assert e.value.code == "auth.scope" and "别的局" in e.value.message


def test_filing_needs_a_certificate_in_force_on_the_day(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    p = PersonFactory(unit=unit)
    officer = account(p, Roles.OFFICER)
    with pytest.raises(PermissionDenied) as e:
        policy.authorize(officer, "case.open", unit=unit, on=D(2024, 3, 1))
    assert e.value.code == "auth.certificate" and "第四十二条" in e.value.citation
    cert = CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2024, 12, 31))
    assert policy.can(officer, "case.open", unit=unit, on=D(2024, 3, 1))
    assert not policy.can(officer, "case.open", unit=unit, on=D(2025, 3, 1))  # expired
    cert.status, cert.revoked_on = "revoked", D(2024, 6, 1)
    cert.save()
    assert policy.can(officer, "case.open", unit=unit, on=D(2024, 5, 31))
    assert not policy.can(officer, "case.open", unit=unit, on=D(2024, 6, 1))


def test_legal_review_needs_a_designation(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    p = PersonFactory(unit=unit, has_legal_qualification=True)
    reviewer = account(p, Roles.LEGAL_REVIEWER)
    assert not policy.can(reviewer, "case.legal_review", unit=unit, on=D(2024, 3, 1))
    LegalReviewerDesignation.objects.create(region=dongli, unit=unit, person=p, designated_on=D(2024, 1, 1))
    assert policy.can(reviewer, "case.legal_review", unit=unit, on=D(2024, 3, 1))
    assert not policy.can(reviewer, "case.legal_review", unit=unit, on=D(2023, 3, 1))


def test_none_and_anonymous_are_refused_system_is_allowed(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    for nobody in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied) as e:
            policy.authorize(nobody, "case.decide", unit=unit)
        assert e.value.code == "auth.required"
    for action in policy.POLICY:
        policy.authorize(policy.SYSTEM, action, unit=unit)
    assert policy.SystemActor("scan").username == "system:scan"
    assert policy.can(None, "clue.submit", region=dongli)  # the public portal


def test_superuser_manages_accounts_but_does_not_act_on_cases(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    root = User.objects.create_superuser("root", password="pw-1234567890")
    assert policy.can(root, "account.manage_supervisor")
    assert policy.can(root, "calendar.import")
    assert not policy.can(root, "case.decide", unit=unit)


def test_inactive_account_or_person_is_refused(city):
    _, dongli, _ = city
    unit = UnitFactory(region=dongli)
    p = PersonFactory(unit=unit)
    leader = account(p, Roles.LEADER)
    Person.objects.filter(pk=p.pk).update(status="retired")
    leader = User.objects.get(pk=leader.pk)
    assert policy.check(leader, "case.decide", unit=unit).code == "auth.person_inactive"


def test_every_case_status_maps_to_a_policy_action():
    from zhifa.enforcement.choices import CaseStatus

    for status in CaseStatus.values:
        assert policy.case_action("ordinary", status) in policy.POLICY
    assert policy.case_action("simple", "decided") == "case.onspot_decide"
