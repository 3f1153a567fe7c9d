"""The 司法局's own records in the exchange: 案卷评查, 执法监督检查 and 月度通报 (supervision.models).

They go in through the supervision services, as when entered in the workspace: a 评查 record is scored by
``review_score`` (total and 等次 are computed, never sent), a 监督检查 is recorded by
``supervision_inspection_record``, and a 月度通报 is issued again by ``bulletin_issue`` from the records
now in the database. Only the 司法局 writes them (exchange.actors.TYPE_ACTIONS). They come out of their
tables, so a district's export carries its supervision with its acts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from zhifa.core.errors import DomainError
from zhifa.enforcement.models import PenaltyCase
from zhifa.supervision import services as sv
from zhifa.supervision.choices import ReviewStatus
from zhifa.supervision.models import Bulletin, CaseFileReview, SupervisionInspection
from zhifa.supervision.policy import REVIEW_ITEMS

from .fields import Bad, today
from .writers_registry import Writer

REVIEW_UNIT = "案件办理机构统一社会信用代码"
INSPECTED_UNIT = "被检查单位统一社会信用代码"
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _domain_bad(exc: DomainError, fields: dict[str, str], v: dict) -> Bad:
    """A service's refusal as the field it names, in the record's own field names."""
    name = fields.get(exc.field or "", next(iter(fields.values())))
    return Bad(name, v.get(name, ""), exc.message)


class ReviewWriter(Writer):
    FIELDS = {"quarter": "季度", "reviewed_on": "评查日期", "scores": "立案得分", "vetoes": "否决项"}

    def check(self, v):
        if not 1 <= v["季度"] <= 4:
            raise Bad("季度", v["季度"], "季度应为1—4")
        if v["评查日期"].year < v["年度"]:
            raise Bad("评查日期", v["评查日期"], "评查日期不能早于所评年度")
        for item, full in REVIEW_ITEMS.items():
            score = v[f"{item}得分"]
            if not 0 <= score <= full:
                raise Bad(f"{item}得分", score, f"评查标准中“{item}”满分{full}分，得分应为0—{full}分")

    def owner(self, ctx, v):
        return ctx.unit(v[REVIEW_UNIT], REVIEW_UNIT)

    def _case(self, v, unit) -> PenaltyCase:
        case = PenaltyCase.objects.filter(unit=unit, case_no=v["案件编号"]).first()
        if case is None:
            raise Bad("案件编号", v["案件编号"], "该单位没有此案件编号的行政处罚案件（请先报送行政处罚）")
        return case

    def locate(self, ctx, v):
        unit = ctx.unit(v[REVIEW_UNIT], REVIEW_UNIT)
        case = PenaltyCase.objects.filter(unit=unit, case_no=v["案件编号"]).first()
        return CaseFileReview.objects.filter(case=case).order_by("-year", "pk").first() if case else None

    def write(self, ctx, v, obj, unit):
        case = self._case(v, unit)
        if obj is None:
            obj = CaseFileReview(region_id=unit.region_id, unit=unit, case=case, seed="数据交换")
        obj.year, obj.quarter = v["年度"], v["季度"]
        obj.save()
        scores = {item: v[f"{item}得分"] for item in REVIEW_ITEMS}
        try:
            review = sv.review_score(
                actor=ctx.service_actor,
                review=obj,
                scores=scores,
                reviewed_on=v["评查日期"],
                reviewer_name=v["评查人员"] or "",
                comments=v["评查意见"] or "",
                typical_bad=bool(v["典型差案"]),
                vetoes=v["否决项"],
            )
        except DomainError as exc:
            raise _domain_bad(exc, self.FIELDS, v) from exc
        return review, []


class SupervisionInspectionWriter(Writer):
    TEXTS = {
        "inspectors": "检查人员",
        "scope": "检查内容",
        "findings": "发现问题",
        "files_drawn": "抽查案卷案号",
        "equipment": "执法装备情况",
        "recording_management": "音像记录管理情况",
    }

    def owner(self, ctx, v):
        return ctx.unit(v[INSPECTED_UNIT], INSPECTED_UNIT)

    def locate(self, ctx, v):
        unit = ctx.unit(v[INSPECTED_UNIT], INSPECTED_UNIT)
        return SupervisionInspection.objects.filter(unit=unit, inspected_on=v["检查日期"]).order_by("pk").first()

    def write(self, ctx, v, obj, unit):
        texts = {attr: (v[name] or "").strip() for attr, name in self.TEXTS.items()}
        files = v["抽查案卷数"] or 0
        if obj is not None:  # the same inspection sent again with other contents: its row follows the record
            for attr, value in texts.items():
                setattr(obj, attr, value)
            obj.files_checked = files
            obj.save()
            return obj, []
        try:
            row = sv.supervision_inspection_record(
                actor=ctx.service_actor, unit=unit, inspected_on=v["检查日期"], files_checked=files, **texts
            )
        except DomainError as exc:
            raise _domain_bad(exc, {"inspectors": "检查人员", "files_checked": "抽查案卷数"}, v) from exc
        return row, []


class BulletinWriter(Writer):
    def check(self, v):
        m = MONTH.match(v["月份"])
        if m is None:
            raise Bad("月份", v["月份"], "应为YYYY-MM，如2023-05")
        if dt.date(int(m[1]), int(m[2]), 1) > today():
            raise Bad("月份", v["月份"], "不能是未来的月份")

    def region_code(self, ctx, v):
        return v["行政区划代码"]

    def locate(self, ctx, v):
        return Bulletin.objects.filter(region_id=v["行政区划代码"], month=_month(v["月份"])).first()

    def write(self, ctx, v, obj, unit):
        if obj is not None:  # issued already: the key is the whole record, nothing to change
            return obj, []
        code = v["行政区划代码"]
        out = settings.REPORT_ROOT / "bulletins" / code
        return sv.bulletin_issue(actor=ctx.service_actor, region_code=code, month=_month(v["月份"]), out_dir=out), []


def _month(text: str) -> dt.date:
    y, m = text.split("-")
    return dt.date(int(y), int(m), 1)


def _score(value) -> str:
    d = Decimal(str(value))
    return f"{d:.2f}"


def reviews_out(qs: QuerySet) -> Iterator[dict]:
    rows = qs.filter(status=ReviewStatus.SCORED).select_related("unit", "case").order_by("pk")
    for r in rows.iterator(chunk_size=2000):
        yield {
            REVIEW_UNIT: r.unit.uscc,
            "案件编号": r.case.case_no,
            "年度": str(r.year),
            "季度": str(r.quarter),
            "评查日期": r.reviewed_on.isoformat() if r.reviewed_on else "",
            "评查人员": r.reviewer_name,
            **{f"{item}得分": _score(r.scores[item]) for item in REVIEW_ITEMS if item in r.scores},
            "否决项": "；".join(r.vetoes or ()),
            # sent as recorded: a failed file is always a 典型差案, and the service sets that itself
            "典型差案": "是" if r.is_typical_bad else "",
            "评查意见": r.comments,
        }


def supervision_inspections_out(qs: QuerySet) -> Iterator[dict]:
    for s in qs.select_related("unit").order_by("pk").iterator(chunk_size=2000):
        yield {
            INSPECTED_UNIT: s.unit.uscc,
            "检查日期": s.inspected_on.isoformat(),
            "检查人员": s.inspectors,
            "检查内容": s.scope,
            "抽查案卷数": str(s.files_checked),
            "抽查案卷案号": s.files_drawn,
            "发现问题": s.findings,
            "执法装备情况": s.equipment,
            "音像记录管理情况": s.recording_management,
        }


def bulletins_out(qs: QuerySet) -> Iterator[dict]:
    for b in qs.order_by("month", "pk").iterator(chunk_size=2000):
        yield {"行政区划代码": b.region_id, "月份": f"{b.month:%Y-%m}"}
