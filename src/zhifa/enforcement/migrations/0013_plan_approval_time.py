"""检查计划: the approval is timed (审批时间, to the minute, like an inspection's) instead of dated, and the plan
carries its 公布日期 (津司发〔2025〕8号: 专项检查 履行批准、备案、公布程序). A plan approved on a day before keeps
that day at 00:00 (Beijing): it stays approved before every inspection of the day, as it was."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations, models

TZ = ZoneInfo("Asia/Shanghai")


def dates_to_times(apps, schema_editor):
    Plan = apps.get_model("enforcement", "InspectionPlan")
    for plan in Plan.objects.exclude(approved_on=None).only("id", "approved_on"):
        Plan.objects.filter(pk=plan.pk).update(approved_at=dt.datetime.combine(plan.approved_on, dt.time(), tzinfo=TZ))


def times_to_dates(apps, schema_editor):
    Plan = apps.get_model("enforcement", "InspectionPlan")
    for plan in Plan.objects.exclude(approved_at=None).only("id", "approved_at"):
        Plan.objects.filter(pk=plan.pk).update(approved_on=plan.approved_at.astimezone(TZ).date())


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0012_report_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspectionplan",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="计划审批时间"),
        ),
        migrations.AddField(
            model_name="inspectionplan",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="计划公布日期"),
        ),
        migrations.RunPython(dates_to_times, times_to_dates),
        migrations.RemoveField(model_name="inspectionplan", name="approved_on"),
    ]
