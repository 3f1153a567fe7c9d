"""A short-lived cache of the portal's public pages, invalidated when what they show changes.

The portal shows only published, public facts, the same to every visitor, and a disclosure must be out
within 7 working days (国办发〔2018〕118号): a page up to PAGE_TTL seconds old is acceptable. A change to a
disclosure, power, unit or benchmark saved through the ORM bumps a version number, so the next request
renders afresh; writes that bypass signals (queryset.update) are bounded by the TTL. The cache is
the shared cache of settings.CACHES (Redis, or the database cache table), so every server process
sees one version and one copy of each page.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse

PAGE_TTL = 60
VERSION_KEY = "portal:version"


def version() -> int:
    v = cache.get(VERSION_KEY)
    if v is None:
        cache.add(VERSION_KEY, 1, None)
        v = cache.get(VERSION_KEY, 1)
    return v


def bump(**_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached_page(view):
    """Cache GET 200 answers per path and query string (sorted), under the current version."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        query = "&".join(sorted(f"{k}={v}" for k, vs in request.GET.lists() for v in vs))
        digest = hashlib.sha1(f"{request.path}?{query}".encode()).hexdigest()
        key = f"portal:page:{version()}:{digest}"
        hit = cache.get(key)
        if hit is not None:  # the body and its type only: cheaper to store than a pickled response
            return HttpResponse(hit[1], content_type=hit[0])
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "streaming", False):
            if hasattr(response, "render"):  # a TemplateResponse is rendered lazily
                response.render()
            cache.set(key, (response["Content-Type"], response.content), PAGE_TTL)
        return response

    return wrapper


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from zhifa.enforcement.models import Disclosure
    from zhifa.org.models import Unit
    from zhifa.powers.models import DiscretionBenchmark, Power, PowerDelegation

    for model in (Disclosure, Unit, Power, PowerDelegation, DiscretionBenchmark):
        post_save.connect(bump, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}-delete")
