"""The client's address, as seen through the configured trusted reverse proxies.

REMOTE_ADDR is the proxy's address behind a reverse proxy. When ``ZHIFA_TRUSTED_PROXY_HEADER`` names the
header the proxy sets (``X-Forwarded-For``, ``X-Real-IP``…), the client is the address the outermost
trusted proxy saw: with ``ZHIFA_TRUSTED_PROXY_COUNT`` = N proxies appending to X-Forwarded-For, the N-th
entry from the right. Entries further left were written by the client and are not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    raw = request.META.get(_meta_key(header), "")
    if not raw:
        return remote  # a request that reached us without passing the proxy
    parts = [p for p in raw.split(",") if p.strip()]
    count = max(1, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
    picked = parts[-count] if len(parts) >= count else parts[0]
    return _valid(picked) or remote


def axes_client_ip(request) -> str | None:
    """The login lockout's address: a real IP or None. A request with no address (``force_login`` in tests,
    a management command) must not write the placeholder "unknown" into axes' GenericIPAddressField, which
    PostgreSQL's inet column refuses."""
    return _valid(client_ip(request))
