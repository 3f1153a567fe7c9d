import pytest
from django.contrib.auth.models import Group, User

from tests.factories import PersonFactory, UnitFactory
from zhifa.core.access import Roles, scope_for, visible
from zhifa.org.models import Person

pytestmark = pytest.mark.django_db


def staff(person, role):
    u = User.objects.create_user(username=f"u{person.pk}", password="pw-123456789", is_staff=True)
    u.groups.add(Group.objects.get(name=role))
    from django.contrib.auth.models import Permission

    u.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["org", "powers"]))
    person.user = u
    person.save(update_fields=["user"])
    return u


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Roles.ALL)


def test_unit_user_sees_own_unit_supervisor_sees_region():
    a, b = UnitFactory(), UnitFactory()
    pa, pb = PersonFactory(unit=a), PersonFactory(unit=b)
    officer = staff(pa, Roles.OFFICER)
    sup = staff(pb, Roles.SUPERVISOR)
    assert scope_for(officer).unit_id == a.pk
    assert set(visible(Person.objects.all(), officer)) == {pa}
    assert set(visible(Person.objects.all(), sup)) == {pa, pb}


def test_admin_lists_use_the_selectors(client):
    a, b = UnitFactory(), UnitFactory()
    pa, pb = PersonFactory(unit=a, name="甲单位人员"), PersonFactory(unit=b, name="乙单位人员")
    client.force_login(staff(pa, Roles.UNIT_ADMIN))
    html = client.get("/admin/org/person/").content.decode()
    assert "甲单位人员" in html and "乙单位人员" not in html
    assert client.get(f"/admin/org/person/{pb.pk}/change/").status_code in (302, 404)
