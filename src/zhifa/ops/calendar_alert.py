"""A warning alert from 1 December when next year's 节假日安排 has not been entered.

Every deadline of the product is counted in working days (《行政处罚法》第八十五条), from the
HolidayArrangement table (`zhifa calendar`). Without next year's arrangement, deadlines running into
January cannot be computed (core.calendar raises CalendarUnknown): the district must enter the State
Council's notice, usually published in November, before the year turns.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhifa.core import calendar
from zhifa.core.audit import audit

RULE_CODE = "calendar_next_year_missing"
CITATION = "《行政处罚法》第八十五条（期限以工作日计算，不含法定节假日）；国务院办公厅关于节假日安排的通知"


def _rule():
    from zhifa.supervision.choices import RuleKind, Severity
    from zhifa.supervision.models import AlertRule

    rule, _ = AlertRule.objects.get_or_create(
        code=RULE_CODE,
        defaults={
            "title": "下一年度节假日安排未录入",
            "kind": RuleKind.AGGREGATE,
            "severity": Severity.MEDIUM,
            "citation": CITATION,
            "object_type": "core.calendaryear",
            "description": "每年12月1日起，若下一年度的节假日安排（国务院办公厅通知）尚未录入，工作日期限无法计算。",
        },
    )
    return rule


@transaction.atomic
def calendar_alert_raise(*, year: int) -> str:
    """Raise (once per district and year) the warning when ``year``'s arrangement is unknown."""
    from zhifa.org.models import Region
    from zhifa.supervision.choices import AlertStatus, Severity
    from zhifa.supervision.models import Alert, AlertEvent

    calendar.clear_cache()
    if calendar.year_known(year):
        return f"{year}年节假日安排已录入"
    rule = _rule()
    today = timezone.localdate()
    raised = 0
    for region in Region.objects.filter(level="district"):
        fp = f"{RULE_CODE}|core.calendaryear|{year}|{region.code}"
        if Alert.objects.filter(fingerprint=fp).exists():
            continue
        alert = Alert.objects.create(
            region=region,
            rule=rule,
            object_type="core.calendaryear",
            object_id=str(year),
            period=str(year),
            fingerprint=fp,
            scope_key=f"calendar:{year}",
            severity=Severity.MEDIUM,
            message=f"{year}年节假日安排尚未录入：请依国务院办公厅通知运行 zhifa calendar 录入，否则跨年的工作日期限无法计算。",
            citation=CITATION,
            status=AlertStatus.OPEN,
            first_seen_on=today,
            last_seen_on=today,
        )
        AlertEvent.objects.create(
            alert=alert, region=region, on_date=today, actor_label="scheduler", action="raise", to_status=AlertStatus.OPEN
        )
        audit(actor=None, action="alerts.calendar_missing", obj=alert, after={"year": year}, region_code=region.code)
        raised += 1
    return f"{year}年节假日安排未录入，发出预警{raised}条"
