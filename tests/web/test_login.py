"""Login with argon2 hashes; django-axes locks a username+address after 5 failures."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse


@pytest.mark.django_db
def test_login_and_argon2(client, sample, password):
    user = User.objects.get(username="scj_officer1")
    assert user.password.startswith("argon2")
    r = client.post(reverse("web:login"), {"username": "scj_officer1", "password": password})
    assert r.status_code == 302 and r["Location"] == "/staff/"
    assert client.get(reverse("web:index")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_message_in_chinese(client, sample):
    r = client.post(reverse("web:login"), {"username": "scj_officer1", "password": "wrong-password"})
    assert r.status_code == 200 and "用户名或密码错误" in r.content.decode()


@pytest.mark.django_db
def test_lockout_after_five_failures(client, sample, password):
    for _ in range(4):
        r = client.post(reverse("web:login"), {"username": "scj_admin", "password": "nope-nope"})
        assert r.status_code == 200
    r = client.post(reverse("web:login"), {"username": "scj_admin", "password": "nope-nope"})
    assert r.status_code == 429 and "账号已锁定" in r.content.decode()
    # now even the right password is refused
    r = client.post(reverse("web:login"), {"username": "scj_admin", "password": password})
    assert r.status_code == 429
    # another account from the same address is not locked
    r = client.post(reverse("web:login"), {"username": "scj_officer1", "password": password})
    assert r.status_code == 302


@pytest.mark.django_db
def test_logout(login, sample):
    client = login("scj_officer1")
    r = client.post(reverse("web:logout"))
    assert r.status_code == 302
    assert client.get(reverse("web:index")).status_code == 302
