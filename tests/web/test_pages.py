"""Every staff page renders for each kind of user, and shows only the user's scope."""

import pytest
from django.urls import reverse

LIST_PAGES = [
    "web:index",
    "web:units",
    "web:people",
    "web:certificates",
    "web:powers",
    "web:inspections",
    "web:cases",
    "web:alerts",
    "web:jobs",
]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["sup", "scj_admin", "scj_officer1", "cgw_officer1", "root"])
@pytest.mark.parametrize("name", LIST_PAGES)
def test_pages_render(login, username, name):
    client = login(username)
    r = client.get(reverse(name))
    assert r.status_code == 200, r.content[:500]


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, sample):
    r = client.get(reverse("web:cases"))
    assert r.status_code == 302 and r["Location"].startswith("/staff/login/")


@pytest.mark.django_db
def test_unit_user_lists_only_own_unit(login, sample):
    client = login("scj_officer1")
    body = client.get(reverse("web:cases")).content.decode()
    assert "东scj罚" in body and "东cgw罚" not in body
    body = client.get(reverse("web:units")).content.decode()
    assert "市场监督管理局" in body and "城市管理委员会" not in body


@pytest.mark.django_db
def test_supervisor_sees_the_district(login, sample):
    client = login("sup")
    body = client.get(reverse("web:cases") + "?q=罚").content.decode()
    assert "东scj罚" in body and "东cgw罚" in body


@pytest.mark.django_db
def test_filter_by_other_units_id_shows_nothing_of_it(login, sample):
    client = login("scj_officer1")
    other = sample.units["cgw"].pk
    body = client.get(reverse("web:cases") + f"?unit={other}").content.decode()
    assert "东cgw罚" not in body


@pytest.mark.django_db
def test_htmx_list_request_returns_only_the_table(login, sample):
    client = login("sup")
    r = client.get(reverse("web:cases") + "?status=closed", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list")
    body = r.content.decode()
    assert r.status_code == 200 and "<table" in body and "<html" not in body


@pytest.mark.django_db
def test_pagination(login, sample):
    client = login("sup")
    body = client.get(reverse("web:inspections")).content.decode()
    assert "共 40 条" in body and "第 1 / 2 页" in body
    body = client.get(reverse("web:inspections") + "?page=2").content.decode()
    assert "第 2 / 2 页" in body


@pytest.mark.django_db
def test_id_numbers_full_only_for_own_unit_admin(login, sample):
    officer = sample.people["scj_officer1"]
    other = sample.people["cgw_officer1"]
    body = login("scj_admin").get(reverse("web:people")).content.decode()
    assert officer.id_number in body
    body = login("sup").get(reverse("web:people")).content.decode()
    assert officer.id_number not in body and other.id_number not in body
    assert officer.id_number[:6] + "********" + officer.id_number[-4:] in body
    body = login("scj_officer2").get(reverse("web:people")).content.decode()
    assert officer.id_number not in body


@pytest.mark.django_db
def test_dashboard_charts_count_scope(login, sample):
    body = login("scj_officer1").get(reverse("web:index") + "?year=2023").content.decode()
    # 40 inspections alternate between the two units: 20 are the 市场监管局's.
    assert 'id="stat-inspections">20<' in body
    body = login("sup").get(reverse("web:index") + "?year=2023").content.decode()
    assert 'id="stat-inspections">40<' in body
    assert 'id="chart-acts"' in body and "echarts.min.js" in body
    assert "东丽区 · 2023年执法工作概况" in body and "东丽区各执法单位（监督人员）" in body


@pytest.mark.django_db
def test_dashboard_names_a_city_supervisors_region(login, sample):
    # a supervisor of the city sees the city and how many regions under it, never "全区"
    from zhifa.org.models import Region

    user = sample.users["sup"]
    person = user.person
    person.region = Region.objects.get(pk="120000")
    person.save(update_fields=["region"])
    body = login("sup").get(reverse("web:index") + "?year=2023").content.decode()
    assert "天津市（含下辖1个区划） · 2023年执法工作概况" in body and "全区" not in body


@pytest.mark.django_db
def test_static_files_are_served_without_debug(client):
    r = client.get("/static/web/vendor/htmx.min.js")
    assert r.status_code == 200
    r = client.get("/static/web/css/app.css")
    assert r.status_code == 200
    assert client.get("/").status_code == 302
