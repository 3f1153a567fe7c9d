"""The client address behind the configured trusted proxy (clue rate limit, login lockout)."""

from django.test import RequestFactory

from zhifa.core.net import client_ip

rf = RequestFactory()


def req(remote="10.0.0.1", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **meta)


def test_without_a_configured_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_ip(req(xff="1.2.3.4")) == "10.0.0.1"


def test_one_trusted_proxy_takes_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    # the client wrote "6.6.6.6" itself; the proxy appended the address it saw
    assert client_ip(req(xff="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(req()) == "10.0.0.1"  # reached us without the proxy
    assert client_ip(req(xff="not-an-ip")) == "10.0.0.1"


def test_two_proxies(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(req(xff="6.6.6.6, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_axes_uses_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(req(xff="203.0.113.7")) == "203.0.113.7"
