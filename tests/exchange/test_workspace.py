"""The workspace upload page: a unit admin loads the same files and sees the rejections in a table."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.exchange import district as D
from zhifa.core.access import Roles
from zhifa.enforcement.models import Inspection
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.services import exchange_load_files
from zhifa.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "reg")])
    user = User.objects.create_user("market-admin", password="x" * 12)
    user.groups.add(Group.objects.get_or_create(name=Roles.UNIT_ADMIN)[0])
    Person.objects.filter(id_number=D.OFFICERS[0]).update(user=user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def upload(client, tmp_path, rows):
    path = D.write_csv(tmp_path / "up", "行政检查", rows)
    f = SimpleUploadedFile("行政检查.csv", path.read_bytes(), content_type="text/csv")
    return client.post("/staff/exchange/", {"files": [f], "record_type": ""})


def test_unit_admin_uploads_and_sees_rejections(admin_client, tmp_path):
    other = D.inspection(3, 实施机构统一社会信用代码=D.STREET)
    r = upload(admin_client, tmp_path, [D.inspection(1), D.inspection(2, 事项编码="JC-404"), other])
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="exchange-rejections"' in html and "JC-404" in html and "权责清单" in html
    assert "无权" in html  # a record of another unit is refused by the policy, on its own
    assert Inspection.objects.count() == 1
    assert "数据导入" in admin_client.get("/staff/").content.decode()


def test_an_officer_without_the_role_is_refused(client, tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "reg")])
    user = User.objects.create_user("officer", password="x" * 12)
    user.groups.add(Group.objects.get_or_create(name=Roles.OFFICER)[0])
    Person.objects.filter(id_number=D.OFFICERS[1]).update(user=user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/staff/exchange/").status_code == 403


def test_a_file_not_in_utf8_is_refused_on_the_page_and_loads_nothing(admin_client, tmp_path):
    """Excel's “CSV（逗号分隔）” on a Chinese Windows is GBK: the page names the file, the line and the fix."""
    path = D.write_csv(tmp_path / "up", "行政检查", [D.inspection(1)], bom=False)
    gbk = path.read_text(encoding="utf-8").encode("gbk")
    good = SimpleUploadedFile("行政检查.csv", path.read_bytes(), content_type="text/csv")
    bad = SimpleUploadedFile("隐患.csv", gbk, content_type="text/csv")
    r = admin_client.post("/staff/exchange/", {"files": [good, bad], "record_type": ""})
    assert r.status_code == 200
    html = r.content.decode()
    assert "隐患.csv" in html and "第1行不是UTF-8编码" in html and "CSV UTF-8" in html
    assert Inspection.objects.count() == 0  # the readable file sent with it is not loaded either
