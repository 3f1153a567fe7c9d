"""Accounts: unit admins manage their unit's accounts, supervisors the unit admins; passwords validated and
shown once; every change audited; demo accounts only in a demo database."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User

from tests.factories import CertificateFactory, PersonFactory, RegionFactory, UnitFactory, make_account
from zhifa.core.access import Roles, user_roles
from zhifa.core.errors import DomainError, InvalidInput, PermissionDenied
from zhifa.core.models import AuditLog, Setting
from zhifa.core.policy import SYSTEM
from zhifa.core.selectors import DEMO_KEY
from zhifa.org import accounts
from zhifa.org.models import LegalReviewerDesignation

pytestmark = pytest.mark.django_db
D = dt.date


def authenticate(*, username, password):
    """The account would log in with this password (the login page's backend also counts failures)."""
    user = User.objects.filter(username=username).first()
    return user if user is not None and user.is_active and user.check_password(password) else None


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the validators still run


@pytest.fixture
def units():
    d1 = RegionFactory()
    return UnitFactory(region=d1, name="区司法局"), UnitFactory(region=d1, name="甲局"), UnitFactory(region=d1, name="乙局")


def test_unit_admin_opens_resets_and_disables_an_account_of_their_unit(units):
    _, a, b = units
    admin = make_account(Roles.UNIT_ADMIN, unit=a)
    p = PersonFactory(unit=a, name="新人员")
    user, password = accounts.account_create(actor=admin, person=p, username="xin", roles=[Roles.OFFICER])
    assert len(password) == 14 and authenticate(username="xin", password=password) is not None
    p.refresh_from_db()
    assert p.user_id == user.pk and user_roles(user) == {Roles.OFFICER}
    new = accounts.account_reset_password(actor=admin, user=user)
    assert new != password and authenticate(username="xin", password=new) is not None
    assert authenticate(username="xin", password=password) is None
    accounts.account_set_active(actor=admin, user=user, active=False)
    assert authenticate(username="xin", password=new) is None
    log = list(AuditLog.objects.filter(object_type="auth.user", object_id=str(user.pk)).values_list("action", flat=True))
    assert sorted(log) == ["account.create", "account.disable", "account.reset_password"]
    assert not any(password in str(r.after) or new in str(r.after) for r in AuditLog.objects.all())
    # another unit's person: refused, naming the role needed
    with pytest.raises(PermissionDenied) as e:
        accounts.account_create(actor=admin, person=PersonFactory(unit=b), username="other", roles=[Roles.OFFICER])
    assert "执法单位管理员" in e.value.message


def test_a_unit_admin_cannot_make_admins_a_supervisor_can(units):
    sfj, a, _ = units
    admin = make_account(Roles.UNIT_ADMIN, unit=a)
    sup = make_account(Roles.SUPERVISOR, unit=sfj)
    p = PersonFactory(unit=a)
    with pytest.raises(PermissionDenied) as e:
        accounts.account_create(actor=admin, person=p, username="adm2", roles=[Roles.UNIT_ADMIN])
    assert "监督人员" in e.value.message
    user, _ = accounts.account_create(actor=sup, person=p, username="adm2", roles=[Roles.UNIT_ADMIN])
    # and the unit admin cannot touch that admin account, nor promote an officer
    with pytest.raises(PermissionDenied):
        accounts.account_reset_password(actor=admin, user=user)
    officer = make_account(Roles.OFFICER, unit=a)
    with pytest.raises(PermissionDenied):
        accounts.account_set_roles(actor=admin, user=officer, roles=[Roles.UNIT_ADMIN])
    # supervisors do not manage officers' accounts (the unit does)
    with pytest.raises(PermissionDenied):
        accounts.account_reset_password(actor=sup, user=officer)


def test_passwords_pass_djangos_validators_and_fields_are_named(units):
    _, a, _ = units
    admin = make_account(Roles.UNIT_ADMIN, unit=a)
    p = PersonFactory(unit=a)
    with pytest.raises(InvalidInput) as e:
        accounts.account_create(actor=admin, person=p, username="weak", roles=[Roles.OFFICER], password="12345678")
    assert e.value.field == "password"
    with pytest.raises(InvalidInput) as e:
        accounts.account_create(actor=admin, person=p, username="bad name!", roles=[Roles.OFFICER])
    assert e.value.field == "username"
    with pytest.raises(InvalidInput) as e:
        accounts.account_create(actor=admin, person=p, username="ok", roles=[])
    assert e.value.field == "roles"
    assert not User.objects.filter(username__in=["weak", "ok"]).exists()


def test_accounts_pages(client, units):
    _, a, b = units
    admin = make_account(Roles.UNIT_ADMIN, unit=a)
    p = PersonFactory(unit=a, name="页面新人")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert "页面新人" in client.get("/staff/accounts/").content.decode()
    r = client.post("/staff/accounts/new/", {"person": p.pk, "username": "yemian", "roles": [Roles.OFFICER]})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="one-time-password"' in html
    pw = html.split('id="one-time-password"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert authenticate(username="yemian", password=pw) is not None
    user = User.objects.get(username="yemian")
    r = client.post(f"/staff/accounts/{user.pk}/active/", {"active": "0"})
    assert r.status_code == 302 and not User.objects.get(pk=user.pk).is_active
    # another unit's person is not even visible; an officer cannot open the page
    other = PersonFactory(unit=b)
    assert client.post("/staff/accounts/new/", {"person": other.pk, "username": "x1", "roles": ["officer"]}).status_code == 404
    client.force_login(make_account(Roles.OFFICER, unit=a), backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/staff/accounts/").status_code == 403


def _demo_world():
    region = RegionFactory()
    sfj = UnitFactory(region=region, name="区司法局")
    PersonFactory(unit=sfj, name="监督员")
    for name in ("甲局", "乙局", "丙局"):
        unit = UnitFactory(region=region, name=name)
        people = [PersonFactory(unit=unit, has_legal_qualification=True) for _ in range(4)]
        for p in people[:2]:
            CertificateFactory(holder=p, issued_on=D(2022, 1, 1), valid_until=D(2030, 12, 31))
        LegalReviewerDesignation.objects.create(region=region, unit=unit, person=people[1], designated_on=D(2022, 1, 1))
    return region


def test_demo_accounts_only_in_a_demo_database():
    region = _demo_world()
    with pytest.raises(DomainError) as e:
        accounts.demo_accounts_create(actor=SYSTEM, region_code=region.code)
    assert e.value.code == "account.not_demo" and not User.objects.exists()
    Setting.objects.create(key=DEMO_KEY, value="1")
    with pytest.raises(PermissionDenied):  # and only the product itself (or a system administrator) creates them
        accounts.demo_accounts_create(actor=make_account(Roles.SUPERVISOR, unit=UnitFactory()), region_code=region.code)
    issued = accounts.demo_accounts_create(actor=SYSTEM, region_code=region.code)
    assert [a.role for a in issued] == ["监督人员"] + ["执法单位管理员", "执法人员", "法制审核人员", "单位负责人"] * 2
    assert len({a.unit for a in issued}) == 3
    for a in issued:
        user = authenticate(username=a.username, password=a.password)
        assert user is not None and user.person.name == a.person


def test_demo_command_prints_the_url_and_the_table():
    from rich.console import Console

    region = _demo_world()
    Setting.objects.create(key=DEMO_KEY, value="1")
    out = io.StringIO()
    accounts.demo_accounts_print(Console(file=out, width=200), region_code=region.code)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/staff/" in text and "zhifa runserver" in text
    assert "角色" in text and "用户名" in text and "密码" in text and "unit1_officer" in text and "supervisor" in text


def test_demo_table_on_a_narrow_terminal_keeps_every_name_and_password_whole():
    from rich.console import Console

    from zhifa.org.models import Unit

    region = _demo_world()
    for unit in Unit.objects.filter(region=region):
        Unit.objects.filter(pk=unit.pk).update(name=f"天津市东丽区{unit.name}综合行政执法支队第一大队")
    Setting.objects.create(key=DEMO_KEY, value="1")
    out = io.StringIO()
    issued = accounts.demo_accounts_print(Console(file=out, width=80), region_code=region.code)
    text = out.getvalue()
    assert "…" not in text  # the unit's name wraps over lines instead of being cut
    for a in issued:
        assert len(a.unit) >= 18
        assert a.password in text and a.username in text
