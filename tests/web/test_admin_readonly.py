"""The Django admin is a read-only window on domain records; their changes go only through the services."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User

from zhifa.core.access import Roles
from zhifa.core.admin_base import DOMAIN_APPS
from zhifa.enforcement.models import CaseTransition, PenaltyCase

pytestmark = pytest.mark.django_db


def _staff_everything(user):
    """Give an account every model permission Django knows, so that only the admin classes can refuse."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.all())
    return User.objects.get(pk=user.pk)


def _change_form(case) -> dict:
    """What the change form would post: every editable field of the case, with the fine changed."""
    data = {}
    for f in PenaltyCase._meta.concrete_fields:
        if f.primary_key:
            continue
        v = getattr(case, f.attname)
        data[f.attname if not f.is_relation else f.name] = "" if v is None else v
    data["fine_amount"] = "1"
    data["penalty_kinds"] = '["fine"]'
    return data


def test_no_domain_model_can_be_added_changed_or_deleted_by_anyone_in_the_admin(rf):
    root = User.objects.create_superuser("root", password="Zhifa-test-2024!")
    request = rf.get("/admin/")
    request.user = root
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in DOMAIN_APPS:
            continue
        checked += 1
        name = model._meta.label
        assert not model_admin.has_add_permission(request), name
        assert not model_admin.has_change_permission(request), name
        assert not model_admin.has_delete_permission(request), name
    assert checked >= 40  # org, powers, enforcement, supervision, reports, exchange, core


def test_changing_a_decided_cases_fine_through_the_admin_is_refused_for_every_account(client, sample):
    case = PenaltyCase.objects.filter(decided_on__isnull=False, fine_amount__gt=0).first()  # decided (and closed)
    assert case is not None and case.fine_amount > 0
    fine = case.fine_amount
    accounts = [_staff_everything(u) for u in sample.users.values()]
    assert {Roles.SUPERVISOR, Roles.UNIT_ADMIN, Roles.OFFICER, Roles.LEGAL_REVIEWER, Roles.LEADER} <= {
        g.name for u in accounts for g in u.groups.all()
    }
    assert any(u.is_superuser for u in accounts)
    url = f"/admin/enforcement/penaltycase/{case.pk}/change/"
    for user in accounts:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        r = client.post(url, _change_form(case))
        assert r.status_code in (403, 404), (user.username, r.status_code)
        case.refresh_from_db()
        assert case.fine_amount == fine, user.username
        # no delete of the transition trail either
        tr = CaseTransition.objects.filter(case=case).first()
        if tr is not None:
            r = client.post(f"/admin/enforcement/casetransition/{tr.pk}/delete/", {"post": "yes"})
            assert r.status_code in (403, 404) and CaseTransition.objects.filter(pk=tr.pk).exists()
    # the superuser sees the case, without a save button
    client.force_login(next(u for u in accounts if u.is_superuser))
    page = client.get(url).content.decode()
    assert case.case_no in page and 'name="_save"' not in page
    assert Decimal(fine) == case.fine_amount


def test_only_superusers_edit_accounts_in_the_admin(client, sample):
    admin_user = _staff_everything(sample.users["scj_admin"])
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    officer = sample.users["scj_officer1"]
    r = client.post(f"/admin/auth/user/{officer.pk}/change/", {"username": "renamed"})
    assert r.status_code == 403
    assert User.objects.filter(pk=officer.pk, username="scj_officer1").exists()
    root = sample.users["root"]
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/admin/auth/user/{officer.pk}/change/").status_code == 200
    assert Group.objects.filter(name=Roles.LEADER).exists()
