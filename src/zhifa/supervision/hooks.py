"""Alerts raised at once when a write breaks a rule (the hook ``scan.alerts_raise_for``).

The enforcement services do not call the hook themselves, so it is connected here to ``post_save``
of the records the record rules look at. It runs once per record after the writing transaction
commits (a service that writes a case, its transition and its disclosure triggers one check of the
case, with everything in place). ``bulk_create`` sends no signal: bulk loads are covered by the
scan. Set ``ZHIFA_ALERT_HOOK=0`` to switch it off (e.g. for a very large scripted load through
services). A failing check is logged and never undoes or blocks the write that triggered it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading

from django.db import transaction
from django.db.models.signals import post_save

log = logging.getLogger(__name__)
_local = threading.local()


def enabled() -> bool:
    return os.environ.get("ZHIFA_ALERT_HOOK", "1") != "0"


def _pending() -> dict:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = {}
    return pending


def _run(key) -> None:
    """Check the record saved under ``key`` (once: later callbacks for the same record find nothing)."""
    from .scan import alerts_raise_for

    obj = _pending().pop(key, None)
    if obj is None:
        return
    try:
        alerts_raise_for(obj)
    except Exception:  # a supervision check must never break the enforcement write it follows
        log.exception("supervision hook failed for %s #%s", key[0], key[1])


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not enabled() or instance.pk is None:
        return
    key = (instance._meta.label_lower, instance.pk)
    _pending()[key] = instance  # the latest state; a rolled-back write leaves a stale entry, replaced next time
    transaction.on_commit(functools.partial(_run, key))


def connect() -> None:
    from zhifa.enforcement.models import (
        CaseTransition,
        CoerciveMeasure,
        Disclosure,
        EnforcementExecution,
        Inspection,
        InterferenceRecord,
        LegalReview,
        LicenceDecision,
        OtherAct,
        PenaltyCase,
        Recording,
    )
    from zhifa.org.models import Certificate

    for model in (
        PenaltyCase,
        Inspection,
        OtherAct,
        Recording,
        LegalReview,
        Disclosure,
        CaseTransition,
        InterferenceRecord,
        Certificate,
        CoerciveMeasure,
        EnforcementExecution,
        LicenceDecision,
    ):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"supervision-hook-{model._meta.label_lower}")
