"""Registry rules: a 行政执法证件 close to the end of its 有效期 without a renewal (换证)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from zhifa.org.certification import RENEWAL_ALERT_DAYS
from zhifa.org.models import Certificate

from ..choices import Severity
from .base import Finding, Rule, key, register

CERT = "org.certificate"
# 《天津市行政执法监督规定》第十条: only certified staff enforce; an expired certificate is no certificate
# (行政处罚法第四十二条). The 60-day notice is the platform's setting (org.certification.RENEWAL_ALERT_DAYS).
EXPIRY_CITE = "《天津市行政执法监督规定》第十条；《行政处罚法》第四十二条（提前六十日提醒换证为平台设置）"


@register
class CertificateExpiring(Rule):
    elsewhere = True
    code = "certificate_expiring"
    title = "执法证件即将到期未换证"
    severity = Severity.LOW
    citation = EXPIRY_CITE
    object_type = CERT
    description = f"有效证件距有效期届满不足{RENEWAL_ALERT_DAYS}日，尚未换发新证。"
    watches = ("persons",)
    time_based = True

    def find(self, ctx):
        horizon = ctx.as_of + dt.timedelta(days=RENEWAL_ALERT_DAYS)
        qs = Certificate.objects.filter(
            region_id=ctx.region_code,
            issued_on__lte=ctx.as_of,
            valid_until__gte=ctx.as_of,
            valid_until__lte=horizon,
            status__in=["active", "suspended"],
        ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=ctx.as_of))
        if ctx.scope is not None:
            q = Q(holder_id__in=ctx.scope.persons)
            if ctx.scope.prev_as_of is not None and ctx.scope.prev_as_of < ctx.as_of:
                q |= Q(
                    valid_until__lte=horizon,
                    valid_until__gt=ctx.scope.prev_as_of + dt.timedelta(days=RENEWAL_ALERT_DAYS),
                )
            qs = qs.filter(q)
        return [
            Finding(CERT, str(pk), unit, f"{name}的执法证件{no}将于{until:%Y-%m-%d}到期，请及时换证")
            for pk, unit, no, until, name in qs.values_list(
                "id", "holder__unit_id", "number", "valid_until", "holder__name"
            )
        ]

    def _covers(self, ctx):
        ids = Certificate.objects.filter(holder_id__in=ctx.scope.persons).values_list("id", flat=True)
        return {key(CERT, i) for i in ids}
