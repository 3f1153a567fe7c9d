"""案卷评查 in the workspace: draw the quarter's sample (the seed shown), assign files, score sheets with
否决项 and itemised deductions, results per unit and quarter (DOCX/XLSX)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.access import visible
from zhifa.org.models import Region
from zhifa.supervision import reviews as R
from zhifa.supervision import services as sv
from zhifa.supervision.choices import ReviewGrade, ReviewStatus
from zhifa.supervision.models import CaseFileReview

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, badge, bound, handle, link, offered, page

GRADE_BADGE = {ReviewGrade.FAIL: "danger", ReviewGrade.PASS: "ok", ReviewGrade.EXCELLENT: "ok"}


def _period(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    return year, min(max(quarter, 1), 4)


@staff_view(actions=("review.sample", "review.assign"))
def reviews(request):
    year, quarter = _period(request)
    region = request.scope.region_code
    here = f"{reverse('web:reviews')}?year={year}&quarter={quarter}"
    forms = []
    if offered(request, "sample", "review.sample", region=region):
        f = bound(request, "sample", F.SampleForm, initial={"year": year, "quarter": quarter, "size": 10})
        done = handle(
            request,
            f,
            lambda d: sv.review_sample(
                actor=request.user,
                region_code=region,
                year=d["year"],
                quarter=int(d["quarter"]),
                size=d["size"],
                seed=d["seed"],
            ),
            success="已抽取评查案卷",
            next_url=lambda drawn: f"{reverse('web:reviews')}?year={drawn[0].year}&quarter={drawn[0].quarter}",
        )
        if done:
            return done
        forms.append(FormBox("sample", "抽取本季度评查案卷（分层随机，按单位比例）", f, "抽取"))
    qs = visible(CaseFileReview.objects.select_related("unit", "case", "assigned_to__person"), request.user).filter(
        year=year, quarter=quarter
    )
    unassigned = qs.filter(status=ReviewStatus.SAMPLED)
    if offered(request, "assign", "review.assign", region=region) and unassigned.exists():
        f = bound(request, "assign", F.AssignForm, reviews=unassigned, reviewers=R.reviewers_for(region))
        done = handle(
            request,
            f,
            lambda d: R.review_assign(
                actor=request.user, reviews=d["reviews"], reviewer=d["reviewer"], assigned_on=d["assigned_on"]
            ),
            success="已分配评查人员",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("assign", "分配评查人员", f, "分配"))
    seeds = sorted(set(qs.values_list("seed", flat=True)))
    rows = [
        [
            link(r.case.case_no, "web:review_detail", r.pk),
            r.unit.name,
            r.seed,
            r.reviewer_name or "未分配",
            r.get_status_display(),
            r.total if r.total is not None else "—",
            badge(r.get_grade_display(), GRADE_BADGE.get(r.grade, "")) if r.grade else "—",
            "、".join(r.vetoes) or "—",
            "是" if r.is_typical_bad else "",
        ]
        for r in qs.order_by("unit_id", "case_id")
    ]
    return page(
        request,
        title=f"{year}年第{quarter}季度案卷评查",
        facts=[("抽样种子", "、".join(seeds) or "尚未抽取"), ("抽取案卷", f"{len(rows)}件")],
        tables=[
            Table(
                "评查案卷",
                ["案号", "单位", "种子", "评查人", "状态", "得分", "等次", "否决项", "典型差案"],
                rows,
                id="reviews",
            )
        ],
        forms=forms,
        links=[
            ("上一季度", f"?year={year - (quarter == 1)}&quarter={(quarter - 2) % 4 + 1}"),
            ("下一季度", f"?year={year + (quarter == 4)}&quarter={quarter % 4 + 1}"),
            ("评查结果", f"{reverse('web:review_results')}?year={year}&quarter={quarter}"),
        ],
    )


@staff_view(actions=("review.score",))
def review_detail(request, pk: int):
    rv = get_object_or_404(visible(CaseFileReview.objects.select_related("unit", "case"), request.user), pk=pk)
    forms = []
    mine = rv.assigned_to_id in (None, request.user.pk)
    if offered(request, "score", "review.score", unit=rv.unit_id) and mine:
        initial = {}
        if rv.status == ReviewStatus.SCORED:
            initial = {
                "vetoes": rv.vetoes,
                "typical_bad": rv.is_typical_bad,
                "comments": rv.comments,
                "reviewed_on": rv.reviewed_on,
            }
        f = bound(request, "score", F.ScoreForm, initial=initial)
        done = handle(
            request,
            f,
            lambda d: sv.review_score(
                actor=request.user,
                review=rv,
                scores=f.sheet()[0],
                deductions=f.sheet()[1],
                vetoes=d["vetoes"],
                typical_bad=d["typical_bad"],
                comments=d["comments"],
                reviewed_on=d["reviewed_on"],
            ),
            success="评查结果已保存",
            next_url=lambda r: f"{reverse('web:reviews')}?year={r.year}&quarter={r.quarter}",
        )
        if done:
            return done
        forms.append(
            FormBox(
                "score", "评分表", f, "保存评查结果", note="先判否决项：任一项成立即为不合格；再逐项填写扣分及理由。"
            )
        )
    facts = [
        ("案号", rv.case.case_no),
        ("办案单位", rv.unit.name),
        ("季度", f"{rv.year}年第{rv.quarter}季度（种子 {rv.seed}）"),
        ("评查人", rv.reviewer_name or "未分配"),
    ]
    if rv.status == ReviewStatus.SCORED:
        facts += [
            ("得分", f"{rv.total}（{rv.get_grade_display()}）"),
            ("否决项", "、".join(rv.vetoes) or "无"),
            ("扣分", "；".join(f"{k}{v}" for k, v in rv.deductions.items()) or "无"),
        ]
    return page(
        request,
        title=f"案卷评查：{rv.case.case_no}",
        status=badge(rv.get_grade_display() or rv.get_status_display(), GRADE_BADGE.get(rv.grade, "warn")),
        facts=facts,
        forms=forms,
        links=[
            ("查看案卷", reverse("web:case_detail", args=[rv.case_id])),
            ("返回本季度", f"{reverse('web:reviews')}?year={rv.year}&quarter={rv.quarter}"),
        ],
    )


@staff_view
def review_results(request):
    year, quarter = _period(request)
    if request.GET.get("all"):
        quarter = None
    region = Region.objects.get(pk=request.scope.region_code)
    fmt = request.GET.get("format")
    if fmt in ("docx", "xlsx"):
        policy.authorize(request.user, "review.sample", region=region.code)  # results are the 司法局's papers
        data = R.results_docx(region, year, quarter) if fmt == "docx" else R.results_xlsx(region, year, quarter)
        mime = {
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[fmt]
        resp = HttpResponse(data, content_type=mime)
        resp["Content-Disposition"] = f'attachment; filename="review-{year}-{quarter or "year"}.{fmt}"'
        return resp
    visible_units = set(request.scope.filter(region.units.all(), unit_field="pk").values_list("pk", flat=True))
    rows = [
        [r["unit"], r["files"], r["average"], r["fail"], r["typical_bad"]]
        for r in sv.review_results(region.code, year, quarter)
        if r["unit_id"] in visible_units
    ]
    bad = [
        [
            link(f.case.case_no, "web:review_detail", f.pk),
            f.unit.name,
            f"第{f.quarter}季度",
            f.total,
            badge(f.get_grade_display(), "danger" if f.grade == ReviewGrade.FAIL else "warn"),
            "、".join(f.vetoes) or "—",
        ]
        for f in R.failed_files(region.code, year, quarter)
        if f.unit_id in visible_units
    ]
    q = f"year={year}&quarter={quarter or ''}{'&all=1' if quarter is None else ''}"
    return page(
        request,
        title=f"{year}年{'第' + str(quarter) + '季度' if quarter else '全年'}案卷评查结果",
        tables=[
            Table("按单位", ["单位", "评查案卷", "平均分", "不合格", "典型差案"], rows, id="results"),
            Table("不合格及典型差案", ["案号", "单位", "季度", "得分", "等次", "否决项"], bad, id="failed"),
        ],
        links=[
            ("下载DOCX", f"?{q}&format=docx"),
            ("下载XLSX", f"?{q}&format=xlsx"),
            ("全年", f"?year={year}&all=1"),
            ("返回评查", f"{reverse('web:reviews')}?year={year}&quarter={quarter or 1}"),
        ],
    )
