"""powers 0001-0002 as one migration for new databases: each model one CreateModel in its final form."""

import django.db.models.deletion
from django.db import migrations, models

from zhifa.core.migrations._operations import CreateModels


class Migration(migrations.Migration):

    replaces = [('powers', '0001_initial'), ('powers', '0002_filing_acknowledged_by_filing_acknowledged_on_and_more')]

    initial = True

    dependencies = [
        ('org', '0002_certificateapplication'),
    ]

    operations = [
        CreateModels([
            migrations.CreateModel(
                name='Filing',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('legal_review_list', '重大执法决定法制审核事项清单'), ('recording_rules', '音像记录管理制度'), ('discretion', '行政裁量基准')], max_length=20, verbose_name='备案类型')),
                    ('title', models.CharField(max_length=200, verbose_name='文件名称')),
                    ('document_no', models.CharField(blank=True, max_length=100, verbose_name='文号')),
                    ('filed_on', models.DateField(verbose_name='备案日期')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='filings', to='org.unit', verbose_name='单位')),
                    ('acknowledged_by', models.CharField(blank=True, max_length=150, verbose_name='签收人')),
                    ('acknowledged_on', models.DateField(blank=True, null=True, verbose_name='司法局签收日期')),
                    ('document', models.FileField(blank=True, upload_to='filings/%Y/', verbose_name='备案文件')),
                ],
                options={
                    'verbose_name': '备案 (filing)',
                    'verbose_name_plural': '备案 (filing)',
                    'ordering': ['-filed_on'],
                },
            ),
            migrations.CreateModel(
                name='Power',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=40, verbose_name='职权编码')),
                    ('name', models.CharField(max_length=300, verbose_name='职权名称')),
                    ('category', models.CharField(choices=[('penalty', '行政处罚'), ('license', '行政许可'), ('inspection', '行政检查'), ('coercion', '行政强制'), ('levy', '行政征收'), ('payment', '行政给付'), ('confirmation', '行政确认'), ('reward', '行政奖励'), ('adjudication', '行政裁决'), ('other', '其他')], max_length=16, verbose_name='职权类别')),
                    ('legal_basis', models.TextField(verbose_name='法律依据')),
                    ('domain', models.CharField(blank=True, max_length=30, verbose_name='领域')),
                    ('requires_legal_review', models.BooleanField(default=False, verbose_name='重大执法决定须法制审核')),
                    ('requires_recording', models.BooleanField(default=False, verbose_name='须全程音像记录')),
                    ('hearing_threshold_person', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='听证标准(个人,元)')),
                    ('hearing_threshold_org', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='听证标准(单位,元)')),
                    ('single_officer_basis', models.CharField(blank=True, max_length=200, verbose_name='一人执法的法律依据')),
                    ('effective_from', models.DateField(verbose_name='生效日期')),
                    ('effective_to', models.DateField(blank=True, null=True, verbose_name='取消日期')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                    ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='powers', to='org.unit', verbose_name='实施主体')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '职权 (power)',
                    'verbose_name_plural': '职权 (power)',
                    'ordering': ['owner_id', 'code'],
                    'constraints': [models.UniqueConstraint(fields=('region', 'code'), name='power_code_unique_in_region')],
                },
            ),
            migrations.CreateModel(
                name='DiscretionBenchmark',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('tier', models.CharField(choices=[('minor', '轻微'), ('general', '一般'), ('serious', '较重'), ('severe', '严重')], max_length=8, verbose_name='裁量阶次')),
                    ('circumstances', models.TextField(blank=True, verbose_name='适用情形')),
                    ('fine_min', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='罚款下限(元)')),
                    ('fine_max', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='罚款上限(元)')),
                    ('published_on', models.DateField(blank=True, null=True, verbose_name='公布日期')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('power', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='benchmarks', to='powers.power', verbose_name='职权')),
                ],
                options={
                    'verbose_name': '裁量基准 (discretion benchmark)',
                    'verbose_name_plural': '裁量基准 (discretion benchmark)',
                    'constraints': [models.UniqueConstraint(fields=('power', 'tier'), name='benchmark_tier_unique'), models.CheckConstraint(condition=models.Q(('fine_min__lte', models.F('fine_max'))), name='benchmark_range')],
                },
            ),
            migrations.CreateModel(
                name='PowerChange',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('add', '新增'), ('modify', '调整'), ('remove', '取消')], max_length=8, verbose_name='变更类型')),
                    ('document_no', models.CharField(max_length=100, verbose_name='文件文号')),
                    ('effective_on', models.DateField(verbose_name='生效日期')),
                    ('version', models.PositiveIntegerField(verbose_name='版本')),
                    ('before', models.JSONField(blank=True, null=True, verbose_name='变更前')),
                    ('after', models.JSONField(blank=True, null=True, verbose_name='变更后')),
                    ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                    ('power', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='powers.power', verbose_name='职权')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                ],
                options={
                    'verbose_name': '职权变更 (power change)',
                    'verbose_name_plural': '职权变更 (power change)',
                    'ordering': ['power_id', 'version'],
                    'constraints': [models.UniqueConstraint(fields=('power', 'version'), name='power_change_version_unique')],
                },
            ),
            migrations.CreateModel(
                name='PowerDelegation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('authorize', '授权'), ('entrust', '委托')], max_length=10, verbose_name='方式')),
                    ('document_no', models.CharField(max_length=100, verbose_name='文件文号')),
                    ('effective_on', models.DateField(verbose_name='生效日期')),
                    ('ended_on', models.DateField(blank=True, null=True, verbose_name='终止日期')),
                    ('power', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delegations', to='powers.power', verbose_name='职权')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('to_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='delegated_powers', to='org.unit', verbose_name='承接单位')),
                ],
                options={
                    'verbose_name': '职权下放 (delegation)',
                    'verbose_name_plural': '职权下放 (delegation)',
                    'constraints': [models.UniqueConstraint(fields=('power', 'to_unit', 'effective_on'), name='delegation_unique')],
                },
            ),
            migrations.CreateModel(
                name='PowerChangeRequest',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('add', '新增'), ('modify', '调整'), ('remove', '取消'), ('delegate', '下放街道（授权/委托）')], max_length=10, verbose_name='调整类型')),
                    ('code', models.CharField(blank=True, max_length=40, verbose_name='职权编码(新增)')),
                    ('fields', models.JSONField(blank=True, default=dict, verbose_name='调整内容')),
                    ('legal_basis', models.TextField(verbose_name='调整依据')),
                    ('document_no', models.CharField(max_length=100, verbose_name='文件文号')),
                    ('effective_on', models.DateField(verbose_name='生效日期')),
                    ('delegation_kind', models.CharField(blank=True, choices=[('authorize', '授权'), ('entrust', '委托')], max_length=10, verbose_name='下放方式')),
                    ('proposed_on', models.DateField(verbose_name='申请日期')),
                    ('status', models.CharField(choices=[('proposed', '待审核'), ('approved', '已批准'), ('returned', '已退回')], default='proposed', max_length=10, verbose_name='状态')),
                    ('decided_on', models.DateField(blank=True, null=True, verbose_name='审核日期')),
                    ('decision_note', models.TextField(blank=True, verbose_name='审核意见/退回理由')),
                    ('change', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='powers.powerchange', verbose_name='生成的版本')),
                    ('delegation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='powers.powerdelegation', verbose_name='生成的下放')),
                    ('power', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='powers.power', verbose_name='职权')),
                    ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='行政区划')),
                    ('to_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='承接街道')),
                    ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unit', verbose_name='申请单位')),
                ],
                options={
                    'verbose_name': '权责清单调整申请 (power change request)',
                    'verbose_name_plural': '权责清单调整申请 (power change request)',
                    'ordering': ['-proposed_on', '-id'],
                },
            ),
        ]),
    ]
