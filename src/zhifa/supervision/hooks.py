"""Supervision checks after writes, off the request: an outbox filled in the writer's transaction.

The enforcement services do not call the check themselves, so ``post_save`` of the records the record
rules look at is connected here. The handler only notes the record in the PendingCheck outbox (one row
per record however often it is saved: a burst of writes is checked once) and enqueues one
``supervision_checks`` task, delayed by ZHIFA_ALERT_HOOK_DELAY seconds, unless one is already waiting.
Both writes happen in the writer's own transaction: a rolled-back write leaves nothing to check, a
committed one is never lost. ``zhifa worker`` runs the checks (``scan.alerts_raise_for``) after the
commit, in its own process. ``bulk_create`` sends no signal: bulk loads are covered by the nightly scan.
Set ``ZHIFA_ALERT_HOOK=0`` to switch the outbox off (e.g. for a very large scripted load).
"""

from __future__ import annotations

import os

from django.db.models.signals import post_save


def enabled() -> bool:
    return os.environ.get("ZHIFA_ALERT_HOOK", "1") != "0"


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not enabled() or instance.pk is None:
        return
    from zhifa.ops.models import PendingCheck
    from zhifa.ops.tasks import schedule_checks

    PendingCheck.objects.bulk_create(
        [PendingCheck(label=instance._meta.label_lower, object_pk=instance.pk)], ignore_conflicts=True
    )
    schedule_checks()


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
