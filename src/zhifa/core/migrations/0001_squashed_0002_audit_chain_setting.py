"""core 0001-0002 as one migration for new databases: each model one CreateModel in its final form.

0002's RunPython (chaining the audit rows that existed before the chain) is left out: a new database has no
audit rows, so it had nothing to do."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from zhifa.core.migrations._operations import CreateModels


class Migration(migrations.Migration):

    replaces = [('core', '0001_initial'), ('core', '0002_audit_chain_setting')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels([
            migrations.CreateModel(
                name='CalendarYear',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='年度')),
                    ('notice', models.CharField(max_length=200, verbose_name='依据通知')),
                    ('entered_at', models.DateTimeField(auto_now_add=True, verbose_name='录入时间')),
                ],
                options={
                    'verbose_name': '已发布年度 (calendar year)',
                    'verbose_name_plural': '已发布年度 (calendar year)',
                },
            ),
            migrations.CreateModel(
                name='HolidayArrangement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(unique=True, verbose_name='日期')),
                    ('kind', models.CharField(choices=[('holiday', '放假'), ('workday', '调休上班')], max_length=8, verbose_name='类型')),
                    ('name', models.CharField(blank=True, max_length=32, verbose_name='节日')),
                    ('notice', models.CharField(max_length=200, verbose_name='依据通知')),
                ],
                options={
                    'verbose_name': '节假日安排 (holiday arrangement)',
                    'verbose_name_plural': '节假日安排 (holiday arrangement)',
                    'ordering': ['date'],
                },
            ),
            migrations.CreateModel(
                name='AuditLog',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                    ('actor_label', models.CharField(blank=True, max_length=150, verbose_name='操作人标识')),
                    ('action', models.CharField(db_index=True, max_length=64, verbose_name='操作')),
                    ('object_type', models.CharField(max_length=64, verbose_name='对象类型')),
                    ('object_id', models.CharField(db_index=True, max_length=64, verbose_name='对象ID')),
                    ('object_repr', models.CharField(blank=True, max_length=255, verbose_name='对象')),
                    ('region_code', models.CharField(blank=True, db_index=True, max_length=12, verbose_name='行政区划代码')),
                    ('before', models.JSONField(blank=True, null=True, verbose_name='变更前')),
                    ('after', models.JSONField(blank=True, null=True, verbose_name='变更后')),
                    ('note', models.TextField(blank=True, verbose_name='说明')),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                    ('hash', models.CharField(blank=True, max_length=64, verbose_name='本条哈希')),
                    ('prev_hash', models.CharField(blank=True, max_length=64, verbose_name='前一条哈希')),
                    ('prev_id', models.BigIntegerField(blank=True, null=True, verbose_name='前一条ID')),
                    ('seq', models.BigIntegerField(blank=True, null=True, verbose_name='链内序号')),
                ],
                options={
                    'verbose_name': '审计日志 (audit log)',
                    'verbose_name_plural': '审计日志 (audit log)',
                    'ordering': ['-at', '-id'],
                    'indexes': [models.Index(fields=['object_type', 'object_id'], name='core_auditl_object__42e4a9_idx'), models.Index(fields=['region_code', 'seq'], name='core_auditl_region__8d0ca7_idx')],
                },
            ),
            migrations.CreateModel(
                name='ChainHead',
                fields=[
                    ('region_code', models.CharField(blank=True, max_length=12, primary_key=True, serialize=False, verbose_name='行政区划代码')),
                    ('seq', models.BigIntegerField(default=0, verbose_name='链内序号')),
                    ('last_id', models.BigIntegerField(blank=True, null=True, verbose_name='最后一条ID')),
                    ('hash', models.CharField(blank=True, max_length=64, verbose_name='本条哈希')),
                ],
                options={
                    'verbose_name': '审计链头 (audit chain head)',
                    'verbose_name_plural': '审计链头 (audit chain head)',
                },
            ),
            migrations.CreateModel(
                name='Setting',
                fields=[
                    ('key', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='键')),
                    ('value', models.CharField(blank=True, max_length=500, verbose_name='值')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ],
                options={
                    'verbose_name': '系统设置 (setting)',
                    'verbose_name_plural': '系统设置 (setting)',
                },
            ),
        ]),
    ]
