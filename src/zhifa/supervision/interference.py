"""干预插手: who may read the records, and their 通报 / 责任追究 follow-up to closure.

The person who records an interference is protected: the records (and their recorder) are read only by
the 区司法局's supervisors (policy action ``interference.read``), never by the unit's own staff, whoever
recorded them. ``interference_records_visible_to`` is the one place that decides it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhifa.core.access import scope_for
from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize, can
from zhifa.enforcement.models import InterferenceRecord

from .models import InterferenceFollowUp, InterferenceNotice


def interference_records_visible_to(user):
    """Supervisors of the region (and below) see the records; everybody else sees none."""
    qs = InterferenceRecord.objects.select_related("unit", "case", "recorded_by")
    if not can(user, "interference.read"):
        return qs.none()
    return scope_for(user).filter(qs, unit_field=None)


def _follow_up(record: InterferenceRecord) -> InterferenceFollowUp:
    fu, _ = InterferenceFollowUp.objects.select_for_update().get_or_create(
        record=record, defaults={"region_id": record.region_id}
    )
    return fu


@transaction.atomic
def interference_follow_up(
    *,
    actor,
    record: InterferenceRecord,
    on: dt.date,
    notice: InterferenceNotice | None = None,
    referred_to: str = "",
    outcome: str = "",
    close: bool = False,
) -> InterferenceFollowUp:
    """One step of the follow-up: the 通报 it was reported in, the referral for 责任追究, the outcome and closure."""
    authorize(actor, "interference.follow_up", region=record.region_id)
    fu = _follow_up(record)
    if fu.closed_on:
        raise DomainError("该干预插手记录的责任追究已办结", field="closed_on", code="interference.closed")
    before = snapshot(fu)
    if notice is not None:
        if notice.region_id != record.region_id:
            raise InvalidInput("通报不属于本区", field="notice", code="interference.notice_region")
        fu.notice = notice
    if referred_to.strip():
        fu.referred_to, fu.referred_on = referred_to.strip(), on
    if outcome.strip():
        fu.outcome = outcome.strip()
    if close:
        if not fu.outcome:
            raise InvalidInput("办结须写明责任追究结果", field="outcome", code="interference.outcome")
        fu.closed_on = on
    if snapshot(fu) == before and not close:
        raise InvalidInput("请填写通报、移送或结果中的至少一项", field="outcome", code="interference.empty")
    fu.save()
    audit(actor=actor, action="interference.follow_up", obj=fu, before=before, after=snapshot(fu))
    return fu
