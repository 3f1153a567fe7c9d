"""Audit trail: every service writes exactly one row per state change, chained per region (core.chain)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from . import chain
from .models import AuditLog


def snapshot(obj: models.Model | None, fields: list[str] | None = None) -> dict | None:
    """A JSON-safe dict of a model instance's concrete fields (FKs by id)."""
    if obj is None:
        return None
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        name = f.attname
        if fields and f.name not in fields and name not in fields:
            continue
        out[name] = _json(getattr(obj, name))
    return out


_SCALARS = frozenset({str, int, bool, float, type(None)})


def _json(v: Any) -> Any:
    if type(v) is list and _SCALARS.issuperset(map(type, v)):  # (a bulk row names 1,000 keys and ids: no walk)
        return list(v)
    if isinstance(v, FieldFile):  # an uploaded document: its stored name
        return v.name or ""
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, list | tuple):
        return [_json(x) for x in v]
    if isinstance(v, dict):
        return {k: _json(x) for k, x in v.items()}
    return v


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", None) or str(actor)


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict | None = None,
    after: dict | None = None,
    region_code: str = "",
    note: str = "",
) -> AuditLog:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        region_code = region_code or str(getattr(obj, "region_id", "") or "")
    return chain.append(
        AuditLog(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label(actor),
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=str(obj)[:255] if obj is not None else "",
            region_code=region_code,
            before=_json(before),
            after=_json(after),
            note=note,
        )
    )
