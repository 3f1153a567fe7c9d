from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError, ImportRejected
from zhifa.core.policy import SystemActor


def importers():
    from zhifa.org.importers import CertificateImporter, PersonImporter, UnitImporter
    from zhifa.powers.importers import PowerImporter

    return {i.kind: i for i in (UnitImporter, PersonImporter, CertificateImporter, PowerImporter)}


class Command(BaseCommand):
    help = "导入登记数据：zhifa import units|people|certificates|powers FILE（.xlsx 或 .csv）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importers()))
        parser.add_argument("file")

    def handle(self, *args, kind, file, **opts):
        try:
            result = importers()[kind]().run(file, actor=SystemActor("cli:import"))
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(str(e))
            raise CommandError(f"{exc.message}：未写入任何数据")
        except DomainError as exc:
            raise CommandError(str(exc))
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}")
        self.stdout.write(f"共 {result.rows} 行：新增 {result.created}，未变 {result.unchanged}")
