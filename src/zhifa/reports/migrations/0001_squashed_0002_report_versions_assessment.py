"""reports 0001-0002 as one migration for new databases: each model one CreateModel in its final form."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zhifa.core.migrations._operations import CreateModels


class Migration(migrations.Migration):

    replaces = [('reports', '0001_initial'), ('reports', '0002_report_versions_assessment')]

    initial = True

    dependencies = [
        ('org', '0002_certificateapplication'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels([
            migrations.CreateModel(
                name='ReportText',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('report', models.CharField(default='annual', max_length=30, verbose_name='报告')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                    ('key', models.CharField(max_length=40, verbose_name='段落')),
                    ('text', models.TextField(verbose_name='文字（可含{占位符}）')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='修改时间')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '报告文字 (report text)',
                    'verbose_name_plural': '报告文字 (report text)',
                    'ordering': ['region_id', 'report', 'year', 'key'],
                    'constraints': [models.UniqueConstraint(fields=('region', 'report', 'year', 'key'), name='report_text_unique')],
                },
            ),
            migrations.CreateModel(
                name='AssessmentSheet',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                    ('version', models.PositiveIntegerField(verbose_name='版本')),
                    ('indicators', models.JSONField(verbose_name='考核指标')),
                    ('vetoes', models.JSONField(default=list, verbose_name='一票否决项')),
                    ('note', models.CharField(blank=True, max_length=200, verbose_name='修改说明')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='修改时间')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='修改人')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '考核评议指标表 (assessment sheet)',
                    'verbose_name_plural': '考核评议指标表 (assessment sheet)',
                    'ordering': ['region_id', 'year', '-version'],
                    'constraints': [models.UniqueConstraint(fields=('region', 'year', 'version'), name='assessment_sheet_version_unique')],
                },
            ),
            migrations.CreateModel(
                name='ReportTextVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('report', models.CharField(default='annual', max_length=30, verbose_name='报告')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                    ('key', models.CharField(max_length=40, verbose_name='段落')),
                    ('version', models.PositiveIntegerField(verbose_name='版本')),
                    ('text', models.TextField(verbose_name='文字')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='修改时间')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='修改人')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '报告文字版本 (report text version)',
                    'verbose_name_plural': '报告文字版本 (report text version)',
                    'ordering': ['region_id', 'report', 'year', 'key', '-version'],
                    'constraints': [models.UniqueConstraint(fields=('region', 'report', 'year', 'key', 'version'), name='report_text_version_unique')],
                },
            ),
        ]),
    ]
