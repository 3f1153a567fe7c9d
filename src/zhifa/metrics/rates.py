"""Stocks and rates of the one metrics layer: people, 履职率, 参与率, 人均执法量, 零执法, 公示, 超期, 培训.

A stock is taken on the period's last day; a rate carries its numerator and denominator. For a region
with sub-regions each is summed over the regions (numerators and denominators separately).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from zhifa.enforcement.choices import Procedure
from zhifa.enforcement.models import PenaltyCase
from zhifa.org.models import Certificate, LegalReviewerDesignation, Unit
from zhifa.org.selectors import certificates_issued_by_exam, certificates_revoked, enforcement_units_on

from . import base as B
from .catalog import FLOW, METRICS, RATIO, STOCK, Metric, Result, labelled, register
from .query import Query


def _units(q: Query):
    if len(q.regions) == 1:
        qs = enforcement_units_on(q.region, q.end)
    else:
        ids = [pk for code in q.regions for pk in enforcement_units_on(code, q.end).values_list("id", flat=True)]
        qs = Unit.objects.filter(pk__in=ids)
    return qs if q.unit_ids is None else qs.filter(pk__in=q.unit_ids)


def _certs(q: Query):
    return Certificate.objects.filter(q.region_q(), q.unit_q(), issued_on__lte=q.end).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=q.end)
    )


def _reviewers(q: Query):
    return LegalReviewerDesignation.objects.filter(q.region_q(), q.unit_q(), designated_on__lte=q.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=q.end)
    )


def _overdue(q: Query):
    return PenaltyCase.objects.filter(
        q.region_q(),
        q.unit_q(),
        procedure=Procedure.ORDINARY,
        status__in=B.OPEN_STATUSES,
        decision_due__lt=q.end,
        decided_on__isnull=True,
    )


def stock(name, definition, unit, count, columns, fields, qs_fn, params=("单位",)):
    register(
        Metric(
            name,
            definition,
            unit,
            STOCK,
            params,
            lambda q: Result(count(qs_fn(q)), unit, records=qs_fn(q).count()),
            columns,
            lambda q: labelled(qs_fn(q).order_by("id"), fields),
        )
    )


stock(
    "行政执法单位数",
    "期末有效、且享有行政处罚/行政检查/行政强制类职权（本单位或下放承接）的单位数",
    "个",
    lambda qs: qs.count(),
    ("单位ID", "名称", "类型", "领域", "统一社会信用代码"),
    ("id", "name", "kind", "domain", "uscc"),
    _units,
)
stock(
    "行政执法人员数",
    "期末持有有效行政执法证件的人数",
    "人",
    lambda qs: qs.values("holder_id").distinct().count(),
    ("证件ID", "证件编号", "持证人", "单位", "发证日期"),
    ("id", "number", "holder__name", "unit__name", "issued_on"),
    _certs,
)
stock(
    "法制审核人员数",
    "期末在任的法制审核人员数",
    "人",
    lambda qs: qs.values("person_id").distinct().count(),
    ("确定ID", "人员", "单位", "确定日期"),
    ("id", "person__name", "unit__name", "designated_on"),
    _reviewers,
)
stock(
    "办案超期数",
    B.DEFINITIONS["办案超期"],
    "件",
    lambda qs: qs.count(),
    ("案件ID", "单位", "案号", "立案日期", "决定期限"),
    ("id", "unit__name", "case_no", "filed_on", "decision_due"),
    _overdue,
)


def _flow_qs(name, definition, unit, qs_fn, columns, fields):
    register(
        Metric(
            name,
            definition,
            unit,
            FLOW,
            ("单位",),
            lambda q: Result(qs_fn(q).count(), unit, records=qs_fn(q).count()),
            columns,
            lambda q: labelled(qs_fn(q).order_by("id"), fields),
        )
    )


def _union(fn):
    def qs(q: Query):
        out = None
        for code in q.regions:
            part = fn(code, q.start, q.end)
            out = part if out is None else out | part
        return out.filter(q.unit_q())

    return qs


CERT_COLS = ("证件ID", "证件编号", "持证人", "单位", "发证日期", "注销日期", "注销原因")
CERT_FIELDS = ("id", "number", "holder__name", "unit__name", "issued_on", "revoked_on", "revocation_reason")
_flow_qs(
    "新增取证人数",
    "期间内经执法资格考试取得证件的人数",
    "人",
    _union(certificates_issued_by_exam),
    CERT_COLS,
    CERT_FIELDS,
)
_flow_qs(
    "注销证件数", "期间内因退休、调离执法岗位注销的证件数", "件", _union(certificates_revoked), CERT_COLS, CERT_FIELDS
)


def _supervision_qs(model_name, date_field):
    def qs(q: Query):
        from zhifa.supervision import models as S

        model = getattr(S, model_name)
        out = model.objects.filter(q.region_q(), **{f"{date_field}__range": (q.start, q.end)})
        return out.filter(q.unit_q()) if q.unit_ids is not None and model_name != "Bulletin" else out

    return qs


def _reviews(q: Query):
    from zhifa.supervision.choices import ReviewStatus
    from zhifa.supervision.models import CaseFileReview

    qs = CaseFileReview.objects.filter(q.region_q(), q.unit_q(), year__gte=q.start.year, year__lte=q.end.year)
    return qs.filter(status=ReviewStatus.SCORED)


_flow_qs(
    "案卷评查数",
    "统计年度内已评分的案卷评查记录数",
    "件",
    _reviews,
    ("评查ID", "单位", "案号", "季度", "总分", "等次", "评查日期"),
    ("id", "unit__name", "case__case_no", "quarter", "total", "grade", "reviewed_on"),
)
_flow_qs(
    "监督检查次数",
    "期间内司法行政部门对执法单位的监督检查次数",
    "次",
    _supervision_qs("SupervisionInspection", "inspected_on"),
    ("检查ID", "被检查单位", "检查日期", "抽查案卷数", "发现问题"),
    ("id", "unit__name", "inspected_on", "files_checked", "findings"),
)
_flow_qs(
    "月度通报数",
    "期间内已发出的月度通报数",
    "期",
    _supervision_qs("Bulletin", "month"),
    ("通报ID", "月份", "DOCX"),
    ("id", "month", "docx_path"),
)


# ---------------------------------------------------------------- rates (summed over the regions)
def _sum_rows(q: Query, fn):
    num = den = 0
    for code in q.regions:
        rows = B.unit_rows(code, q.start, q.end, q.unit_ids)
        n, d = fn(code, rows)
        num, den = num + n, den + d
    return num, den


def _rate(name, definition, fn, unit="%", places=None, columns=(), rows=None):
    def compute(q: Query) -> Result:
        n, d = _sum_rows(q, lambda code, r: fn(q, code, r))
        if unit == "%":
            value = B.ratio(n, d)
        else:
            value = (Decimal(n) / d).quantize(Decimal("0.1")) if d else None
        return Result(value, unit, num=n, den=d, records=d)

    register(Metric(name, definition, unit, RATIO, ("单位",), compute, columns, rows))


def _unit_table(fn_row, columns):
    def rows(q: Query):
        for code in q.regions:
            for r in B.unit_rows(code, q.start, q.end, q.unit_ids).values():
                yield fn_row(r)

    return columns, rows


cols, rows = _unit_table(
    lambda r: (r.unit_id, r.name, len(r.powers_held & r.powers_used), len(r.powers_held), B.pct(r.performance_rate)),
    ("单位ID", "单位", "已行使职权", "享有职权", "履职率"),
)
_rate("履职率", B.DEFINITIONS["履职率"], lambda q, code, r: B.performance_rate(r), columns=cols, rows=rows)
cols, rows = _unit_table(
    lambda r: (r.unit_id, r.name, r.officers_acting, r.officers, B.pct(r.participation_rate)),
    ("单位ID", "单位", "有执法行为的持证人员", "持证人员", "参与率"),
)
_rate(
    "人员参与率",
    B.DEFINITIONS["执法参与率"],
    lambda q, code, r: (
        (sum(x.officers_acting for x in r.values()), sum(x.officers for x in r.values()))
        if q.unit_ids is not None
        else B.participation(code, q.start, q.end)
    ),
    columns=cols,
    rows=rows,
)
cols, rows = _unit_table(lambda r: (r.unit_id, r.name, r.acts, r.officers), ("单位ID", "单位", "执法行为", "持证人员"))
_rate(
    "人均执法量",
    B.DEFINITIONS["人均执法量"],
    lambda q, code, r: (
        (sum(x.acts for x in r.values()), sum(x.officers for x in r.values()))
        if q.unit_ids is not None
        else (sum(x.acts for x in r.values()), len(B.holders_on(code, q.end)))
    ),
    unit="件/人",
    columns=cols,
    rows=rows,
)


def _reviewer_ratio(q: Query) -> Result:
    n = METRICS["法制审核人员数"].compute(q).value
    d = METRICS["行政执法人员数"].compute(q).value
    return Result(B.ratio(n, d), "%", num=n, den=d, records=n)


cols, rows = _unit_table(
    lambda r: (r.unit_id, r.name, r.reviewers, r.officers, B.pct(r.reviewer_ratio)),
    ("单位ID", "单位", "法制审核人员", "持证人员", "占比"),
)
register(
    Metric("法制审核人员占比", B.DEFINITIONS["法制审核人员占比"], "%", RATIO, ("单位",), _reviewer_ratio, cols, rows)
)


def _zero_units(q: Query) -> Result:
    zero = [r for code in q.regions for r in B.zero_enforcement_units(B.unit_rows(code, q.start, q.end, q.unit_ids))]
    return Result(len(zero), "个", records=len(zero))


register(
    Metric(
        "零执法单位数",
        B.DEFINITIONS["零执法单位"],
        "个",
        FLOW,
        ("单位",),
        _zero_units,
        ("单位ID", "名称"),
        lambda q: [
            (r.unit_id, r.name)
            for code in q.regions
            for r in B.zero_enforcement_units(B.unit_rows(code, q.start, q.end, q.unit_ids))
        ],
    )
)


def _disclosure(q: Query) -> Result:
    timely = due = 0
    for code in q.regions:
        t, d, _late, _missing = B.disclosure_timeliness(code, q.start, q.end)
        timely, due = timely + t, due + d
    return Result(B.ratio(timely, due), "%", num=timely, den=due, records=due)


def _disclosure_rows(q: Query):
    for code in q.regions:
        due = B.disclosure_due(code, q.start, q.end).order_by("id")
        yield from due.values_list(
            "id", "case_no", "unit__name", "decided_on", "disclosure__due_on", "disclosure__published_on"
        )


register(
    Metric(
        "公示及时率",
        B.DEFINITIONS["公示及时率"],
        "%",
        RATIO,
        (),
        _disclosure,
        ("案件ID", "案号", "单位", "决定日期", "公示期限", "公示日期"),
        _disclosure_rows,
    )
)


def _training(q: Query) -> Result:
    ok = total = 0
    for code in q.regions:
        hours = B.training_hours(code, q.start, q.end)
        need = B.training_min_hours(code)
        ok += sum(1 for h in hours.values() if h >= need)
        total += len(hours)
    return Result(B.ratio(ok, total), "%", num=ok, den=total, records=total)


def _training_rows(q: Query):
    for code in q.regions:
        need = B.training_min_hours(code)
        for pid, h in sorted(B.training_hours(code, q.start, q.end).items()):
            yield (pid, h, "达标" if h >= need else "不足")


register(
    Metric(
        "培训达标率",
        B.DEFINITIONS["培训达标率"],
        "%",
        RATIO,
        (),
        _training,
        ("人员ID", "学时", "是否达标"),
        _training_rows,
    )
)


def _plan(q: Query) -> Result:
    done = planned = 0
    for code in q.regions:
        d, p = B.plan_completion(code, q.end.year)
        done, planned = done + d, planned + p
    return Result(B.ratio(done, planned), "%", num=done, den=planned, records=planned)


def _plan_rows(q: Query):
    """One row per plan: its 任务数 (received, or its tasks drawn in the workspace) and the tasks done."""
    from django.db.models import Count, Q

    from zhifa.enforcement.models import Inspection, InspectionPlan

    plans = InspectionPlan.objects.filter(q.region_q(), year=q.end.year).order_by("id")
    named = dict(Inspection.objects.filter(plan__in=plans).values_list("plan_id").annotate(n=Count("id")).order_by())
    tasks = plans.annotate(n=Count("tasks"), d=Count("tasks", filter=Q(tasks__inspection__isnull=False)))
    for pk, title, planned, n, d in tasks.values_list("id", "title", "tasks_planned", "n", "d"):
        if planned is None or n:  # tasks drawn task by task (plan_completion counts those)
            yield (pk, title, n, d)
        else:
            yield (pk, title, planned, min(planned, named.get(pk, 0)))


register(
    Metric(
        "检查计划完成率",
        B.DEFINITIONS["检查计划完成率"],
        "%",
        RATIO,
        (),
        _plan,
        ("计划ID", "计划", "任务数", "已完成"),
        _plan_rows,
    )
)
