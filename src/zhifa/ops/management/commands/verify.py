"""``zhifa verify``: the audit chains and the recordings' SHA-256; names every problem, exits 1 if any."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.chain import chain_verify
from zhifa.enforcement.recordings import recordings_verify


class Command(BaseCommand):
    help = "完整性校验：审计日志哈希链（被修改、插入、删除的记录）与音像记录文件的SHA-256；发现问题时以非零状态退出"

    def add_arguments(self, parser):
        parser.add_argument("--no-recordings", action="store_true", help="只校验审计日志")

    def handle(self, *args, no_recordings, **options):
        from zhifa.enforcement.models import Recording

        t0 = time.perf_counter()
        report = chain_verify()
        problems = [str(p) for p in report.problems]
        n_rec = 0
        if not no_recordings:
            n_rec = Recording.objects.count()
            problems += [str(p) for p in recordings_verify()]
        seconds = time.perf_counter() - t0
        for p in problems:
            self.stderr.write(p)
        for code, (seq, digest) in sorted(report.heads.items()):
            self.stdout.write(f"审计链 {code or '（无区划）'}：{seq}条，链头哈希 {digest[:16]}…")
        summary = f"校验审计日志{report.rows}条（{report.chains}条链）、音像记录{n_rec}个，用时{seconds:.1f}秒"
        if problems:
            raise CommandError(f"{summary}，发现{len(problems)}个问题")
        self.stdout.write(f"{summary}，全部完好")
