"""ops 0001-0002 as one migration for new databases. 0002's RunPython is kept: it creates the database cache's
table (settings.CACHES), which a new database needs."""

from django.core.management import call_command
from django.db import migrations, models

from zhifa.core.migrations._operations import CreateModels


def _create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    replaces = [('ops', '0001_initial'), ('ops', '0002_cache_table')]

    initial = True

    dependencies = [
    ]

    operations = [
        CreateModels([
            migrations.CreateModel(
                name='WorkerBeat',
                fields=[
                    ('worker_id', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='进程标识')),
                    ('pid', models.IntegerField(verbose_name='进程号')),
                    ('host', models.CharField(max_length=200, verbose_name='主机')),
                    ('queues', models.CharField(max_length=200, verbose_name='队列')),
                    ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='启动时间')),
                    ('beat_at', models.DateTimeField(verbose_name='心跳时间')),
                ],
                options={
                    'verbose_name': '后台进程心跳 (worker heartbeat)',
                    'verbose_name_plural': '后台进程心跳 (worker heartbeat)',
                },
            ),
            migrations.CreateModel(
                name='PendingCheck',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('label', models.CharField(max_length=64, verbose_name='模型')),
                    ('object_pk', models.BigIntegerField(verbose_name='记录ID')),
                    ('queued_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ],
                options={
                    'verbose_name': '待检查记录 (pending check)',
                    'verbose_name_plural': '待检查记录 (pending check)',
                    'constraints': [models.UniqueConstraint(fields=('label', 'object_pk'), name='ops_pending_check_once')],
                },
            ),
            migrations.CreateModel(
                name='ScheduleRun',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('schedule', models.CharField(max_length=64, verbose_name='计划')),
                    ('period', models.CharField(max_length=32, verbose_name='周期')),
                    ('task_id', models.CharField(blank=True, max_length=64, verbose_name='任务ID')),
                    ('enqueued_at', models.DateTimeField(auto_now_add=True, verbose_name='入队时间')),
                ],
                options={
                    'verbose_name': '计划执行记录 (schedule run)',
                    'verbose_name_plural': '计划执行记录 (schedule run)',
                    'constraints': [models.UniqueConstraint(fields=('schedule', 'period'), name='ops_schedule_period_once')],
                },
            ),
        ]),
        migrations.RunPython(_create_cache_table, migrations.RunPython.noop, elidable=False),
    ]
