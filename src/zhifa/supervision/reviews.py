"""案卷评查 beyond drawing and scoring (``services.review_sample`` / ``review_score``): assigning files to
reviewers, and the results per unit and quarter written as DOCX and XLSX."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from zhifa.core.access import Roles, user_roles
from zhifa.core.audit import audit
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize

from . import policy
from .choices import ReviewGrade, ReviewStatus
from .models import CaseFileReview
from .services import review_results


@transaction.atomic
def review_assign(*, actor, reviews, reviewer, assigned_on: dt.date) -> list[CaseFileReview]:
    """分配 sampled files to a reviewer (a 监督人员 account of the region)."""
    reviews = list(CaseFileReview.objects.select_for_update().filter(pk__in=[r.pk for r in reviews]).order_by("pk"))
    if not reviews:
        raise InvalidInput("请选择要分配的案卷", field="reviews", code="review.assign_none")
    for r in reviews:
        authorize(actor, "review.assign", unit=r.unit_id)
    if reviewer is None or Roles.SUPERVISOR not in user_roles(reviewer):
        raise InvalidInput("评查人员应为监督人员账号", field="reviewer", code="review.reviewer_role")
    person = getattr(reviewer, "person", None)
    scored = [r for r in reviews if r.status == ReviewStatus.SCORED]
    if scored:
        raise DomainError(f"案卷#{scored[0].pk}已评查，不能再分配", field="reviews", code="review.assign_scored")
    for r in reviews:
        r.assigned_to, r.assigned_on = reviewer, assigned_on
        r.reviewer_name = person.name if person else reviewer.username
    CaseFileReview.objects.bulk_update(reviews, ["assigned_to", "assigned_on", "reviewer_name"])
    audit(
        actor=actor,
        action="review.assign",
        object_type="supervision.casefilereview",
        object_id=",".join(str(r.pk) for r in reviews)[:64],
        region_code=reviews[0].region_id,
        after={"reviewer": reviewer.pk, "reviews": [r.pk for r in reviews], "assigned_on": assigned_on.isoformat()},
    )
    return reviews


def reviewers_for(region_code: str):
    """Accounts that may be assigned files: the region's 监督人员."""
    return (
        get_user_model()
        .objects.filter(groups__name=Roles.SUPERVISOR, person__region_id=region_code, is_active=True)
        .select_related("person")
        .order_by("id")
    )


def failed_files(region_code: str, year: int, quarter: int | None = None):
    qs = CaseFileReview.objects.filter(region_id=region_code, year=year, status=ReviewStatus.SCORED).filter(
        Q(grade=ReviewGrade.FAIL) | Q(is_typical_bad=True)
    )
    if quarter:
        qs = qs.filter(quarter=quarter)
    return qs.select_related("unit", "case").order_by("quarter", "unit_id", "case_id")


HEADERS = ["单位", "评查案卷数", "平均分", "不合格", "典型差案"]


def _title(region, year: int, quarter: int | None) -> str:
    return f"{region.name}{year}年{'第' + str(quarter) + '季度' if quarter else '度'}行政执法案卷评查结果"


def results_xlsx(region, year: int, quarter: int | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "按单位"
    ws.append([_title(region, year, quarter)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    for r in review_results(region.code, year, quarter):
        ws.append([r["unit"], r["files"], float(r["average"]), r["fail"], r["typical_bad"]])
    ws.column_dimensions["A"].width = 30
    bad = wb.create_sheet("不合格及典型差案")
    bad.append(["季度", "单位", "案号", "总分", "等次", "否决项", "扣分说明", "评查人"])
    for f in failed_files(region.code, year, quarter):
        bad.append(
            [
                f.quarter,
                f.unit.name,
                f.case.case_no,
                float(f.total) if f.total is not None else None,
                f.get_grade_display(),
                "、".join(f.vetoes),
                "；".join(f"{k}：{v}" for k, v in (f.deductions or {}).items()),
                f.reviewer_name,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def results_docx(region, year: int, quarter: int | None = None) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(_title(region, year, quarter), level=1)
    rows = review_results(region.code, year, quarter)
    n = sum(r["files"] for r in rows)
    fails = sum(r["fail"] for r in rows)
    doc.add_paragraph(
        f"本次共评查{len(rows)}个单位的行政处罚案卷{n}件，其中不合格{fails}件。评查标准：否决项"
        f"（{'、'.join(policy.REVIEW_VETO_ITEMS)}）之一即为不合格；其余按评分表逐项扣分，"
        f"{policy.REVIEW_PASS}分以下为不合格，{policy.REVIEW_EXCELLENT}分以上为优秀。"
    )
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for i, h in enumerate(HEADERS):
        table.rows[0].cells[i].text = h
    for r in rows:
        cells = table.add_row().cells
        for i, v in enumerate([r["unit"], r["files"], r["average"], r["fail"], r["typical_bad"]]):
            cells[i].text = str(v)
    bad = list(failed_files(region.code, year, quarter))
    if bad:
        doc.add_heading("不合格及典型差案", level=2)
        for f in bad:
            why = "否决项：" + "、".join(f.vetoes) if f.vetoes else f"总分{f.total}"
            doc.add_paragraph(f"{f.unit.name} {f.case.case_no}（{f.get_grade_display()}，{why}）", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
