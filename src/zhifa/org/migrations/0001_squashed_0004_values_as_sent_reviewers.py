"""org 0001-0004 as one migration for new databases: each model one CreateModel in its final form."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zhifa.core.migrations._operations import CreateModels


class Migration(migrations.Migration):

    replaces = [('org', '0001_initial'), ('org', '0002_certificateapplication'), ('org', '0003_values_as_sent'), ('org', '0004_values_as_sent_reviewers')]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels([
            migrations.CreateModel(
                name='Region',
                fields=[
                    ('code', models.CharField(max_length=12, primary_key=True, serialize=False, verbose_name='区划代码')),
                    ('name', models.CharField(max_length=50, verbose_name='名称')),
                    ('level', models.CharField(choices=[('province', '省级'), ('city', '市级'), ('district', '区县级')], max_length=10, verbose_name='级别')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='上级')),
                ],
                options={
                    'verbose_name': '行政区划 (region)',
                    'verbose_name_plural': '行政区划 (region)',
                    'ordering': ['code'],
                },
            ),
            migrations.CreateModel(
                name='Exam',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, verbose_name='名称')),
                    ('held_on', models.DateField(verbose_name='考试日期')),
                    ('pass_score', models.PositiveSmallIntegerField(default=60, verbose_name='合格分数')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '执法资格考试 (exam)',
                    'verbose_name_plural': '执法资格考试 (exam)',
                    'ordering': ['-held_on'],
                },
            ),
            migrations.CreateModel(
                name='Unit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=100, verbose_name='名称')),
                    ('short_name', models.CharField(blank=True, max_length=40, verbose_name='简称')),
                    ('uscc', models.CharField(max_length=18, unique=True, verbose_name='统一社会信用代码')),
                    ('kind', models.CharField(choices=[('department', '区级部门'), ('street', '街道'), ('vertical', '垂直管理'), ('entrusted', '受委托组织')], max_length=12, verbose_name='类型')),
                    ('domain', models.CharField(blank=True, max_length=30, verbose_name='执法领域')),
                    ('is_enforcement_body', models.BooleanField(default=True, verbose_name='具有执法主体资格')),
                    ('active_from', models.DateField(verbose_name='设立日期')),
                    ('active_to', models.DateField(blank=True, null=True, verbose_name='撤销日期')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='org.unit', verbose_name='上级单位')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='units', to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '执法单位 (unit)',
                    'verbose_name_plural': '执法单位 (unit)',
                    'ordering': ['region_id', 'id'],
                    'constraints': [models.UniqueConstraint(fields=('region', 'name'), name='unit_unique_name_in_region')],
                },
            ),
            migrations.CreateModel(
                name='Person',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=50, verbose_name='姓名')),
                    ('id_number', models.CharField(max_length=18, unique=True, verbose_name='身份证号码')),
                    ('birth_date', models.DateField(verbose_name='出生日期')),
                    ('phone', models.CharField(blank=True, max_length=20, verbose_name='手机号码')),
                    ('staffing_type', models.CharField(choices=[('admin', '行政编制'), ('cs_like', '参公事业编制'), ('institution', '事业编制'), ('worker', '工勤人员'), ('dispatched', '劳务派遣'), ('auxiliary', '协管员/辅助人员')], max_length=12, verbose_name='编制类型')),
                    ('status', models.CharField(choices=[('active', '在岗'), ('retired', '退休'), ('transferred', '调离')], default='active', max_length=12, verbose_name='状态')),
                    ('status_changed_on', models.DateField(blank=True, null=True, verbose_name='状态变更日期')),
                    ('has_legal_qualification', models.BooleanField(blank=True, default=False, null=True, verbose_name='具有法律职业资格')),
                    ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='person', to=settings.AUTH_USER_MODEL, verbose_name='系统账号')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people', to='org.unit', verbose_name='所在单位')),
                ],
                options={
                    'verbose_name': '人员 (person)',
                    'verbose_name_plural': '人员 (person)',
                    'ordering': ['unit_id', 'id'],
                },
            ),
            migrations.CreateModel(
                name='ExamResult',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('score', models.PositiveSmallIntegerField(verbose_name='成绩')),
                    ('exam', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='org.exam', verbose_name='考试')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exam_results', to='org.person', verbose_name='人员')),
                ],
                options={
                    'verbose_name': '考试成绩 (exam result)',
                    'verbose_name_plural': '考试成绩 (exam result)',
                    'constraints': [models.UniqueConstraint(fields=('exam', 'person'), name='exam_result_once')],
                },
            ),
            migrations.CreateModel(
                name='TrainingSession',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=200, verbose_name='名称')),
                    ('kind', models.CharField(blank=True, choices=[('general', '通用法律知识培训'), ('specialized', '专业法律知识培训'), ('delegated', '授权事项专题培训'), ('legal_review', '法制审核人员培训'), ('theory', '习近平法治思想专题培训')], max_length=16, verbose_name='类型')),
                    ('held_on', models.DateField(db_index=True, verbose_name='日期')),
                    ('hours', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='学时')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('organizer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='trainings', to='org.unit', verbose_name='组织单位')),
                ],
                options={
                    'verbose_name': '培训 (training session)',
                    'verbose_name_plural': '培训 (training session)',
                    'ordering': ['-held_on'],
                },
            ),
            migrations.CreateModel(
                name='TrainingAttendance',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('hours', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='学时')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='trainings', to='org.person', verbose_name='人员')),
                    ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='org.trainingsession', verbose_name='培训')),
                ],
                options={
                    'verbose_name': '培训出勤 (attendance)',
                    'verbose_name_plural': '培训出勤 (attendance)',
                    'constraints': [models.UniqueConstraint(fields=('session', 'person'), name='attendance_once')],
                },
            ),
            migrations.CreateModel(
                name='LegalReviewerDesignation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('designated_on', models.DateField(verbose_name='确定日期')),
                    ('ended_on', models.DateField(blank=True, null=True, verbose_name='终止日期')),
                    ('first_time', models.BooleanField(blank=True, default=True, null=True, verbose_name='初次从事法制审核')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviewer_terms', to='org.person', verbose_name='人员')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.unit', verbose_name='单位')),
                ],
                options={
                    'verbose_name': '法制审核人员 (legal reviewer)',
                    'verbose_name_plural': '法制审核人员 (legal reviewer)',
                    'ordering': ['-designated_on'],
                },
            ),
            migrations.CreateModel(
                name='Certificate',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(max_length=30, unique=True, verbose_name='证件编号')),
                    ('issuing_authority', models.CharField(max_length=100, verbose_name='发证机关')),
                    ('issued_on', models.DateField(db_index=True, verbose_name='发证日期')),
                    ('valid_until', models.DateField(blank=True, null=True, verbose_name='有效期至')),
                    ('status', models.CharField(choices=[('active', '有效'), ('suspended', '暂扣'), ('revoked', '注销'), ('expired', '过期')], default='active', max_length=10, verbose_name='状态')),
                    ('suspended_on', models.DateField(blank=True, null=True, verbose_name='暂扣日期')),
                    ('revoked_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='注销日期')),
                    ('revocation_reason', models.CharField(blank=True, choices=[('retired', '退休'), ('transferred', '调离执法岗位'), ('discipline', '违纪违法'), ('expired', '有效期届满未换证'), ('renewed', '换发新证'), ('other', '其他')], max_length=12, verbose_name='注销原因')),
                    ('exam_result', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='org.examresult', verbose_name='取证考试')),
                    ('holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='org.person', verbose_name='持证人')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='org.unit', verbose_name='发证时单位')),
                ],
                options={
                    'verbose_name': '执法证件 (certificate)',
                    'verbose_name_plural': '执法证件 (certificate)',
                    'ordering': ['-issued_on', 'id'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['active', 'suspended'])), fields=('holder',), name='certificate_one_active_per_person')],
                },
            ),
            migrations.CreateModel(
                name='CertificateApplication',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('applied_on', models.DateField(verbose_name='申请日期')),
                    ('staffing_type', models.CharField(choices=[('admin', '行政编制'), ('cs_like', '参公事业编制'), ('institution', '事业编制'), ('worker', '工勤人员'), ('dispatched', '劳务派遣'), ('auxiliary', '协管员/辅助人员')], max_length=12, verbose_name='申请时编制类型')),
                    ('status', models.CharField(choices=[('applied', '待审核'), ('returned', '已退回'), ('approved', '已审核待考试'), ('issued', '考试合格已发证'), ('failed', '考试不合格')], default='applied', max_length=10, verbose_name='状态')),
                    ('decided_on', models.DateField(blank=True, null=True, verbose_name='审核日期')),
                    ('decision_note', models.TextField(blank=True, verbose_name='审核意见/退回理由')),
                    ('certificate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.certificate', verbose_name='所发证件')),
                    ('exam_result', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.examresult', verbose_name='考试成绩')),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificate_applications', to='org.person', verbose_name='申领人')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='申请单位')),
                ],
                options={
                    'verbose_name': '证件申领 (certificate application)',
                    'verbose_name_plural': '证件申领 (certificate application)',
                    'ordering': ['-applied_on', '-id'],
                },
            ),
        ]),
    ]
