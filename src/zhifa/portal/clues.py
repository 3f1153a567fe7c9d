"""The portal's clue (线索) intake: a per-address rate limit in the shared cache, then supervision's service.

The count lives in the configured cache (settings.CACHES: Redis, or the database cache table), so every
server process sees the same count and a restart does not reset it. The address is the client's as seen
through the trusted proxy (zhifa.core.net.client_ip), not the proxy's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import router, transaction

from zhifa.core import net
from zhifa.core.errors import DomainError
from zhifa.supervision.services import clue_submit

# 5 clues an hour from one address is ample for a citizen and stops a script filling the inbox.
CLUE_LIMIT = getattr(settings, "PORTAL_CLUE_LIMIT", 5)
CLUE_WINDOW_SECONDS = 3600
# 20 unknown reference numbers an hour from one address: a citizen mistyping is far below it, a script
# guessing references (the random part has 32^8 values) is stopped long before it could find one.
STATUS_MISS_LIMIT = getattr(settings, "PORTAL_CLUE_STATUS_MISS_LIMIT", 20)


class ClueRejected(DomainError):
    code = "portal.clue_rejected"


def client_ip(request) -> str:
    return net.client_ip(request)


def _count(key: str) -> int:
    cache.add(key, 0, CLUE_WINDOW_SECONDS)
    try:
        return cache.incr(key)  # atomic on Redis (INCR)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CLUE_WINDOW_SECONDS)
        return 1


def _counted(key: str) -> int:
    backend = caches["default"]
    if isinstance(backend, DatabaseCache):
        # The database cache's incr is a read then a write: one transaction makes it atomic on SQLite
        # (writers are serialised from BEGIN IMMEDIATE).
        with transaction.atomic(using=router.db_for_write(backend.cache_model_class)):
            return _count(key)
    return _count(key)


def over_limit(request) -> str:
    """Count this attempt; return a Chinese message when the address is over its hourly limit."""
    if _counted(f"portal:clue:{client_ip(request)}") > CLUE_LIMIT:
        return f"同一网络地址每小时最多提交{CLUE_LIMIT}条线索，请稍后再试。"
    return ""


def _miss_key(request) -> str:
    return f"portal:clue-status-miss:{client_ip(request)}"


def status_lookups_blocked(request) -> str:
    """A Chinese message when this address has asked for too many unknown reference numbers this hour."""
    if (cache.get(_miss_key(request)) or 0) >= STATUS_MISS_LIMIT:
        return f"同一网络地址每小时最多查询{STATUS_MISS_LIMIT}个不存在的受理编号，请核对编号后稍后再试。"
    return ""


def status_lookup_missed(request) -> None:
    _counted(_miss_key(request))


def submit(request, *, unit: int | None, text: str, contact: str) -> str:
    """Hand the clue to supervision; return the reference shown to the citizen."""
    from zhifa.org.models import Region, Unit

    unit_obj = Unit.objects.filter(pk=unit).first() if unit else None
    # The portal serves one district: the chosen unit's, else the district region of this installation.
    region_code = (
        unit_obj.region_id
        if unit_obj
        else Region.objects.filter(level="district").order_by("code").values_list("code", flat=True).first()
    )
    if region_code is None:
        raise ClueRejected("线索受理服务暂未开放，请稍后再试", code="portal.clue_unavailable")
    try:
        clue = clue_submit(
            region_code=region_code, unit_id=unit_obj.pk if unit_obj else None, text=text, contact=contact
        )
    except DomainError as exc:
        raise ClueRejected(exc.message, field=exc.field, code=exc.code)
    from zhifa.supervision.clue_status import clue_reference

    return clue_reference(clue)
