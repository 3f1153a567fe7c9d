"""``zhifa recordings verify [--region CODE]``: re-hash every stored 音像记录 and report altered or missing files."""

from django.core.management.base import BaseCommand, CommandError

from zhifa.enforcement.recordings import recordings_verify


class Command(BaseCommand):
    help = "音像记录完整性校验：逐个重新计算SHA-256，报告被篡改或缺失的文件（发现问题时以非零状态退出）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验音像记录文件")
        verify.add_argument("--region", default=None, help="行政区划代码，如 120110")

    def handle(self, *args, action: str, region: str | None = None, **options):
        checked = problems = 0
        from zhifa.enforcement.models import Recording

        qs = Recording.objects.all()
        if region:
            qs = qs.filter(region_id=region)
        checked = qs.count()
        for p in recordings_verify(region):
            problems += 1
            self.stderr.write(str(p))
        if problems:
            raise CommandError(f"校验{checked}个音像记录，发现{problems}个问题")
        self.stdout.write(f"校验{checked}个音像记录，全部完好")
