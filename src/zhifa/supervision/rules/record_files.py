"""Record rules outside the case workflow: disclosure on time (国办发〔2018〕118号) and recording files intact."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db.models import F, Q

from zhifa.core import calendar
from zhifa.enforcement import rules as ER
from zhifa.enforcement.choices import DisclosureStatus, Outcome, Procedure
from zhifa.enforcement.models import Disclosure, PenaltyCase, Recording
from zhifa.metrics import base as metrics

from ..choices import Severity
from .base import CASE, RECORDING, Finding, Rule, _case_keys, _cutoff, _rows, key, register


@register
class DisclosureLate(Rule):
    code = "disclosure_late"
    title = "执法决定未按期公示"
    severity = Severity.MEDIUM
    citation = ER.GUOBAN118_DISCLOSE
    object_type = CASE
    description = (
        "普通程序行政处罚决定应自决定之日起7个工作日内公示：期限届满未公示、晚于期限公示，或决定后没有公示记录。"
    )
    watches = ("cases",)
    time_based = True

    def find(self, ctx):
        cutoff = _cutoff(ctx.as_of, ER.DISCLOSURE_WORKING_DAYS)
        prev_cutoff = (
            _cutoff(ctx.scope.prev_as_of, ER.DISCLOSURE_WORKING_DAYS) if ctx.scope and ctx.scope.prev_as_of else cutoff
        )
        prev = ctx.scope.prev_as_of if ctx.scope and ctx.scope.prev_as_of else ctx.as_of
        out = []
        d = Disclosure.objects.filter(region_id=ctx.region_code, case__isnull=False).exclude(
            status=DisclosureStatus.NOT_REQUIRED
        )  # 行政强制/许可 disclosures: rules.acts.ActDisclosureLate
        d = d.filter(
            Q(published_on__isnull=True, due_on__lt=ctx.as_of)
            | Q(published_on__gt=F("due_on"), published_on__lte=ctx.as_of)
        )
        d = ctx.narrow(
            d,
            "cases",
            pk="case__pk",
            # a moved date: the deadline fell since the last scan, or the late publication came since
            time_q=Q(due_on__gte=prev, due_on__lt=ctx.as_of) | Q(published_on__gt=prev, published_on__lte=ctx.as_of),
        )
        for cid, unit, no, due, pub in d.values_list("case_id", "unit_id", "case__case_no", "due_on", "published_on"):
            if pub:
                msg = f"案件{no}的处罚决定应于{due:%Y-%m-%d}前公示，实际{pub:%Y-%m-%d}公示"
            else:
                msg = f"案件{no}的处罚决定应于{due:%Y-%m-%d}前公示，至{ctx.as_of:%Y-%m-%d}未公示"
            out.append(Finding(CASE, str(cid), unit, msg, {"due_on": due.isoformat()}))
        missing = _rows(ctx, PenaltyCase, decided_on__lte=cutoff).filter(
            procedure=Procedure.ORDINARY,
            outcome=Outcome.PENALTY,
            disclosure__isnull=True,
        )
        missing = ctx.narrow(missing, "cases", time_q=Q(decided_on__gt=prev_cutoff, decided_on__lte=cutoff))
        for cid, unit, no, decided in missing.values_list("id", "unit_id", "case_no", "decided_on"):
            due = calendar.add_working_days(decided, ER.DISCLOSURE_WORKING_DAYS)
            out.append(
                Finding(
                    CASE,
                    str(cid),
                    unit,
                    f"案件{no}于{decided:%Y-%m-%d}作出处罚决定，没有公示记录（应于{due:%Y-%m-%d}前公示）",
                    {"due_on": due.isoformat()},
                )
            )
        return out

    def _covers(self, ctx):
        return _case_keys(ctx)


def recording_path(file_path: str) -> Path:
    p = Path(file_path)
    return p if p.is_absolute() else Path(settings.RECORDING_ROOT) / p


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@register
class RecordingHashMismatch(Rule):
    code = "recording_hash_mismatch"
    title = "音像记录文件缺失或被篡改"
    severity = Severity.HIGH
    citation = f"{ER.GUOBAN118_RECORD}；{ER.LAW}第四十七条"
    object_type = RECORDING
    description = "音像记录文件不存在，或其 SHA-256 与入库时记录的不一致。文件须读取后计算，无法在数据库内完成：全量扫描读全部文件，增量扫描只读新增或变更的记录。"
    watches = ("recordings",)

    def find(self, ctx):
        qs = ctx.narrow(
            Recording.objects.filter(region_id=ctx.region_code, recorded_at__lt=metrics.day_after(ctx.as_of)),
            "recordings",
        )
        out = []
        for pk, unit, path, sha in qs.values_list("id", "unit_id", "file_path", "sha256").iterator():
            p = recording_path(path)
            if not p.is_file():
                out.append(Finding(RECORDING, str(pk), unit, f"音像记录#{pk}的文件不存在（{path}）", {"expected": sha}))
                continue
            actual = file_sha256(p)
            if actual != sha:
                out.append(
                    Finding(
                        RECORDING,
                        str(pk),
                        unit,
                        f"音像记录#{pk}的文件 SHA-256 与入库值不一致，可能被篡改",
                        {"expected": sha, "actual": actual},
                    )
                )
        return out

    def _covers(self, ctx):
        return {key(RECORDING, i) for i in ctx.scope.recordings}
