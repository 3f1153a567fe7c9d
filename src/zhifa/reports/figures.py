"""The figures of the annual 行政执法工作报告, each a query over records (shared/domain.md §6).

``annual_figures(region, year)`` returns an ``AnnualFigures``: every ``Figure`` has its value, the text
the report prints, its definition (数据口径), the number of records behind it, and ``explain()`` giving
those records as rows for ``zhifa report explain``. Nothing here reads a scenario file or the seed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhifa.enforcement.choices import InspectionKind, Outcome, PartyType
from zhifa.enforcement.models import Device, Hazard, JointAction, PenaltyCase, VehicleOverload
from zhifa.metrics import base as M
from zhifa.metrics.catalog import OVERLOAD_COLS, OVERLOAD_FIELDS, labelled
from zhifa.org import selectors as org_sel
from zhifa.org.models import Region
from zhifa.powers.choices import FilingKind
from zhifa.powers.models import Filing
from zhifa.supervision.sql import plain

HEAVY_VEHICLE_T = Decimal("100")  # “百吨王”: 车货总重100吨及以上


@dataclass
class Figure:
    key: str
    label: str
    value: object
    text: str
    definition: str
    records: int
    columns: tuple[str, ...] = ()
    rows: Callable[[], Iterable[tuple]] | None = field(default=None, repr=False)
    metric: str = ""  # a rate: the metric of the metrics layer that gives its numerator, denominator and records

    def explain(self) -> tuple[tuple[str, ...], Iterable[tuple]]:
        return self.columns, (self.rows() if self.rows else [])


def _num(v) -> str:
    return str(v)


def join_units(names: list[str]) -> str:
    """区卫健委、应急管理局、生态环境局: after the first, a shared leading “区” is not repeated."""
    out = []
    for i, n in enumerate(names):
        out.append(n[1:] if i and n.startswith("区") and names[0].startswith("区") and len(n) > 2 else n)
    return "、".join(out)


def about(n: int, unit: str) -> str:
    """10余项 for 11–19 (the way reports round), else the exact count."""
    if n > 10 and n % 10:
        return f"{n // 10 * 10}余{unit}"
    return f"{n}{unit}"


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


INSPECTION_COLS = (
    "检查ID",
    "单位",
    "职权编码",
    "职权领域",
    "检查对象",
    "对象类别",
    "检查时间",
    "方式",
    "类型",
    "执法人员一",
    "执法人员二",
    "专项行动",
    "联合行动",
)
INSPECTION_FIELDS = (
    "id",
    "unit__name",
    "power__code",
    "power__domain",
    "party__name",
    "party__party_type",
    "started_at",
    "mode",
    "kind",
    "officer_a__name",
    "officer_b__name",
    "campaign__name",
    "joint_action__title",
)
CASE_COLS = (
    "案件ID",
    "单位",
    "案号",
    "程序",
    "状态",
    "违法行为",
    "当事人",
    "发现时间",
    "立案日期",
    "决定日期",
    "决定书文号",
    "处理结果",
    "罚款金额",
    "结案日期",
)
CASE_FIELDS = (
    "id",
    "unit__name",
    "case_no",
    "procedure",
    "status",
    "violation",
    "party__name",
    "discovered_at",
    "filed_on",
    "decided_on",
    "decision_no",
    "outcome",
    "fine_amount",
    "closed_on",
)


def _rows(qs, fields):
    return lambda: labelled(qs.order_by("id"), fields)


@dataclass
class AnnualFigures:
    region: Region
    year: int
    figures: dict[str, Figure]
    units: dict[int, M.UnitRow]
    gaps: list[dict]

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def zeros(self) -> dict[str, bool]:
        """Whether each figure is zero (nothing counted): a block whose figures are all zero is left out."""
        out = {}
        for k, f in self.figures.items():
            v = f.value[0] if isinstance(f.value, tuple) else f.value
            out[k] = not v
        return out

    def placeholders(self) -> dict[str, str]:
        out = {k: f.text for k, f in self.figures.items()}
        out.update({"region_name": self.region.name, "year": str(self.year)})
        return out


def annual_figures(region_code: str, year: int) -> AnnualFigures:
    region = Region.objects.get(code=region_code)
    start, end = M.year_bounds(year)
    F: dict[str, Figure] = {}

    def add(key, label, value, text, definition, records, columns=(), rows=None, metric=""):
        F[key] = Figure(key, label, value, text, definition, records, columns, rows, metric)

    # ---- 基本情况
    units_qs = org_sel.enforcement_units_on(region_code, end)
    n_units = units_qs.count()
    add(
        "units",
        "行政执法单位",
        n_units,
        _num(n_units),
        f"{end:%m月%d日}有效、且享有行政处罚/行政检查/行政强制类职权（本单位或下放承接）的单位",
        n_units,
        ("单位ID", "名称", "类型", "领域", "统一社会信用代码"),
        _rows(units_qs, ("id", "name", "kind", "domain", "uscc")),
    )
    certs = org_sel.certificates_active_on(region_code, end)
    n_off = certs.values("holder_id").distinct().count()
    add(
        "officers",
        "行政执法人员",
        n_off,
        _num(n_off),
        f"{end:%m月%d日}持有有效行政执法证件的人数",
        certs.count(),
        ("证件ID", "证件编号", "持证人", "单位", "发证日期"),
        _rows(certs, ("id", "number", "holder__name", "unit__name", "issued_on")),
    )
    revs = org_sel.legal_reviewers_on(region_code, end)
    n_rev = revs.values("person_id").distinct().count()
    add(
        "reviewers",
        "法制审核人员",
        n_rev,
        _num(n_rev),
        f"{end:%m月%d日}在任的法制审核人员数",
        revs.count(),
        ("确定ID", "人员", "单位", "确定日期"),
        _rows(revs, ("id", "person__name", "unit__name", "designated_on")),
    )
    r = M.ratio(n_rev, n_off)
    add(
        "reviewer_ratio",
        "法制审核人员占比",
        r,
        M.pct(r),
        M.DEFINITIONS["法制审核人员占比"],
        n_rev,
        metric="法制审核人员占比",
    )
    insp = M.inspections_in(region_code, start, end)
    n_insp = insp.count()
    add(
        "inspections",
        "行政检查",
        n_insp,
        _num(n_insp),
        "检查时间（北京时间）在本年度内的行政检查记录数",
        n_insp,
        INSPECTION_COLS,
        _rows(insp, INSPECTION_FIELDS),
    )
    pen = M.penalties_in(region_code, start, end)
    stats = M.decision_stats(region_code, start, end)
    n_pen = sum(n for _u, _p, outcome, _pr, n in stats if outcome == Outcome.PENALTY)
    add(
        "penalties",
        "行政处罚",
        n_pen,
        _num(n_pen),
        "决定日期在本年度内、处理结果为“给予处罚”的处罚决定数（简易程序与普通程序）",
        n_pen,
        CASE_COLS,
        _rows(pen, CASE_FIELDS),
    )

    # ---- 备案
    unit_ids = list(units_qs.values_list("id", flat=True))
    filed = (
        Filing.objects.filter(
            unit_id__in=unit_ids, filed_on__lte=end, kind__in=[FilingKind.LEGAL_REVIEW_LIST, FilingKind.RECORDING_RULES]
        )
        .values("unit_id")
        .annotate(k=Count("kind", distinct=True))
        .filter(k=2)
    )
    n_filed = filed.count()
    phrase = "各行政执法单位" if n_filed == n_units and n_units else f"{n_filed}个行政执法单位"
    fq = Filing.objects.filter(unit_id__in=unit_ids, filed_on__lte=end)
    add(
        "filings",
        "备案（法制审核事项清单和音像记录管理制度）",
        (n_filed, n_units),
        phrase if n_filed != n_units else f"{n_filed}/{n_units}",
        "执法单位中在年末前已向区司法局备案重大执法决定法制审核事项清单和音像记录管理制度两项的单位数 / 执法单位数",
        fq.count(),
        ("备案ID", "单位", "类型", "文件", "备案日期"),
        _rows(fq, ("id", "unit__name", "kind", "title", "filed_on")),
    )
    F["filing_phrase"] = Figure("filing_phrase", "", n_filed, phrase, "", 0, F["filings"].columns, F["filings"].rows)

    # ---- 隐患, 危化品 (domain- and campaign-specific figures are metric placeholders of the region-year's texts)
    gas = Hazard.objects.filter(region_id=region_code, category="gas", rectified_on__range=(start, end))
    n_gas = gas.count()
    add(
        "gas_hazards_rectified",
        "燃气隐患解决",
        n_gas,
        _num(n_gas),
        "类别为燃气、整改完成日期在本年度内的隐患数（含上年发现本年整改）",
        n_gas,
        ("隐患ID", "单位", "当事人", "发现日期", "整改期限", "整改完成"),
        _rows(gas, ("id", "unit__name", "party__name", "found_on", "deadline", "rectified_on")),
    )
    hz = insp.filter(kind=InspectionKind.JOINT, party__party_type=PartyType.HAZCHEM_MAJOR, joint_action__isnull=False)
    n_ent = hz.values("party_id").distinct().count()
    n_rounds = hz.values("joint_action_id").distinct().count()
    add(
        "hazchem_enterprises",
        "危化品重大危险源企业消地联合检查（企业）",
        n_ent,
        _num(n_ent),
        "本年度联合检查（关联联合执法行动）的危险化学品重大危险源企业数",
        hz.count(),
        INSPECTION_COLS,
        _rows(hz, INSPECTION_FIELDS),
    )
    add(
        "hazchem_rounds",
        "危化品重大危险源企业消地联合检查（轮次）",
        n_rounds,
        _num(n_rounds),
        "上述联合检查所属的联合执法行动数",
        n_rounds,
        ("行动ID", "名称", "日期", "牵头单位"),
        _rows(
            JointAction.objects.filter(pk__in=hz.values("joint_action_id")),
            ("id", "title", "held_on", "lead_unit__name"),
        ),
    )

    # ---- 路政
    src = insp.filter(party__party_type=PartyType.SOURCE_ENTERPRISE)
    n_src = src.values("party_id").distinct().count()
    add(
        "source_enterprises",
        "检查源头企业",
        n_src,
        _num(n_src),
        "本年度被检查的源头企业（不同当事人）数",
        src.count(),
        INSPECTION_COLS,
        _rows(src, INSPECTION_FIELDS),
    )
    ov = VehicleOverload.objects.filter(
        region_id=region_code,
        checked_at__gte=M.day_start(start),
        checked_at__lt=M.day_start(end + dt.timedelta(days=1)),
    )
    agg = ov.aggregate(
        n=Count("id"), t=Sum("unloaded_tonnage"), big=Count("id", filter=Q(gross_weight__gte=HEAVY_VEHICLE_T))
    )
    ov_cols, ov_fields = OVERLOAD_COLS, OVERLOAD_FIELDS  # the metrics layer's columns of an overload record
    add(
        "overloads",
        "查处超限超载车辆",
        agg["n"],
        _num(agg["n"]),
        "检测时间在本年度内的超限超载检测记录数（部）",
        agg["n"],
        ov_cols,
        _rows(ov, ov_fields),
    )
    add(
        "overloads_100t",
        "其中“百吨王”",
        agg["big"],
        _num(agg["big"]),
        "其中车货总重100吨及以上的记录数",
        agg["big"],
        ov_cols,
        _rows(ov.filter(gross_weight__gte=HEAVY_VEHICLE_T), ov_fields),
    )
    tons = (agg["t"] or Decimal("0")).quantize(Decimal("0.01"))
    add(
        "unloaded_tonnage",
        "卸载倒运货物（吨）",
        tons,
        f"{tons}",
        "上述记录卸载、倒运吨数之和（精确到0.01吨）",
        agg["n"],
        ov_cols,
        _rows(ov, ov_fields),
    )
    # the few cases with a device's evidence are found through the device (SQLite would otherwise walk the
    # region's closed cases by its (region, status) index: plain() keeps those terms off the index)
    devices = Device.objects.filter(approved_on__isnull=False, published_on__isnull=False).values("id")
    first = (
        plain(
            PenaltyCase.objects.filter(device_id__in=devices, closed_on__isnull=False),
            region_id=region_code,
            status="closed",
        )
        .select_related("power")
        .order_by("closed_on", "id")
        .first()
    )
    is_first = first is not None and start <= first.closed_on <= end
    text = (
        f"我区{first.power.domain or '非现场'}非现场执法领域的首例案件结案"
        if is_first
        else "本年度无非现场执法首例结案"
    )
    fq = PenaltyCase.objects.filter(pk=first.pk) if is_first else PenaltyCase.objects.none()
    add(
        "first_remote_case",
        "非现场执法首例结案",
        1 if is_first else 0,
        text,
        "以经审核并公布的电子技术监控设备记录为证据、已结案的案件中结案最早的一件，结案日期在本年度内计1",
        1 if is_first else 0,
        CASE_COLS,
        _rows(fq, CASE_FIELDS),
    )

    # ---- 证件
    new = org_sel.certificates_issued_by_exam(region_code, start, end)
    n_new = new.count()
    add(
        "new_certificates",
        "新增执法人员取证",
        n_new,
        _num(n_new),
        "本年度经本年度执法资格考试取得证件的人数",
        n_new,
        ("证件ID", "证件编号", "持证人", "单位", "发证日期"),
        _rows(new, ("id", "number", "holder__name", "unit__name", "issued_on")),
    )
    rev = org_sel.certificates_revoked(region_code, start, end)
    n_revk = rev.count()
    add(
        "revoked_certificates",
        "注销证件（退休、调离）",
        n_revk,
        _num(n_revk),
        "本年度因退休、调离执法岗位注销的证件数",
        n_revk,
        ("证件ID", "证件编号", "持证人", "单位", "注销日期", "注销原因"),
        _rows(rev, ("id", "number", "holder__name", "unit__name", "revoked_on", "revocation_reason")),
    )

    # ---- 监督 (records of the supervision app)
    from zhifa.supervision.choices import ReviewStatus
    from zhifa.supervision.models import Bulletin, CaseFileReview, SupervisionInspection

    reviews = CaseFileReview.objects.filter(region_id=region_code, year=year, status=ReviewStatus.SCORED)
    n_reviews = reviews.count()
    add(
        "case_file_reviews",
        "案卷评查",
        n_reviews,
        _num(n_reviews),
        "本年度已评分的案卷评查记录数",
        n_reviews,
        ("评查ID", "单位", "案号", "季度", "总分", "等次", "评查日期"),
        _rows(reviews, ("id", "unit__name", "case__case_no", "quarter", "total", "grade", "reviewed_on")),
    )
    sup = (
        SupervisionInspection.objects.filter(region_id=region_code, inspected_on__range=(start, end))
        .select_related("unit")
        .order_by("inspected_on", "id")
    )
    names = list(dict.fromkeys(s.unit.short_name or s.unit.name for s in sup))
    add(
        "supervision_inspections",
        "监督检查",
        len(names),
        join_units(names) or "（无）",
        "本年度区司法局监督检查的单位（按检查日期排列）",
        sup.count(),
        ("检查ID", "被检查单位", "检查日期", "抽查案卷数", "发现问题"),
        _rows(sup, ("id", "unit__name", "inspected_on", "files_checked", "findings")),
    )
    F["supervised_units"] = Figure(
        "supervised_units", "", names[:3], join_units(names[:3]), "", 0, F["supervision_inspections"].columns,
        F["supervision_inspections"].rows,
    )  # fmt: skip
    bulletins = Bulletin.objects.filter(region_id=region_code, month__range=(start, end))
    n_b = bulletins.values("month").distinct().count()
    add(
        "bulletins",
        "月度通报",
        n_b,
        _num(n_b),
        "本年度已发出的月度通报数（每月一期）",
        n_b,
        ("通报ID", "月份", "DOCX"),
        _rows(bulletins, ("id", "month", "docx_path")),
    )
    F["bulletin_phrase"] = Figure(
        "bulletin_phrase", "", n_b, "每月" if n_b == 12 else f"全年{n_b}次", "", 0, F["bulletins"].columns,
        F["bulletins"].rows,
    )  # fmt: skip

    # ---- 培训, 履职, 参与, 公示, 超期 (§5)
    acting_ids = M.acting_officers(region_code, start, end)
    rows = M.unit_rows(region_code, start, end, acting=acting_ids, stats=stats)
    hours = M.training_hours(region_code, start, end)
    need = M.training_min_hours(region_code)  # the region's own requirement (its LawSetting)
    ok = sum(1 for h in hours.values() if h >= need)
    min_sessions = min((r.training_sessions for r in rows.values()), default=0)
    units_ok = sum(1 for r in rows.values() if r.training_sessions >= M.TRAINING_MIN_SESSIONS)
    add(
        "training_sessions",
        "组织培训不少于2次的单位",
        units_ok,
        f"{units_ok}/{len(rows)}",
        f"执法单位中本年度自行组织培训不少于2次的单位数 / 执法单位数（最少的单位组织{min_sessions}次）",
        sum(r.training_sessions for r in rows.values()),
        ("单位ID", "单位", "组织培训次数", "不少于2次"),
        lambda: [
            (r.unit_id, r.name, r.training_sessions, "是" if r.training_sessions >= M.TRAINING_MIN_SESSIONS else "否")
            for r in rows.values()
        ],
    )
    add(
        "training_hours_ok",
        f"培训达标（≥{need}学时）",
        ok,
        f"{ok}/{len(hours)}",
        f"期末持证人员中全年参加培训累计不少于{need}学时的人数 ÷ 期末持证人数",
        len(hours),
        metric="培训达标率",
    )
    used, held = M.performance_rate(rows)
    add(
        "performance_rate",
        "履职率",
        M.ratio(used, held),
        f"{M.pct(M.ratio(used, held))}（{used}/{held}）",
        M.DEFINITIONS["履职率"],
        held,
        metric="履职率",
    )
    acting, holders = M.participation(region_code, start, end, acting=acting_ids)
    add(
        "participation_rate",
        "执法参与率",
        M.ratio(acting, holders),
        f"{M.pct(M.ratio(acting, holders))}（{acting}/{holders}）",
        M.DEFINITIONS["执法参与率"],
        holders,
        metric="人员参与率",
    )
    acts = sum(r.acts for r in rows.values())
    per = (Decimal(acts) / holders).quantize(Decimal("0.1")) if holders else None
    add(
        "acts_per_officer",
        "人均执法量",
        per,
        f"{per if per is not None else '—'}（{acts}/{holders}）",
        M.DEFINITIONS["人均执法量"],
        acts,
        metric="人均执法量",
    )
    zero = M.zero_enforcement_units(rows)
    add(
        "zero_units",
        "零执法单位",
        len(zero),
        _num(len(zero)),
        M.DEFINITIONS["零执法单位"],
        len(zero),
        ("单位ID", "名称"),
        lambda: [(z.unit_id, z.name) for z in zero],
    )
    timely, due, late, missing = M.disclosure_timeliness(region_code, start, end, stats=stats)
    add(
        "disclosure_rate",
        "公示及时率",
        M.ratio(timely, due),
        f"{M.pct(M.ratio(timely, due))}（{timely}/{due}）",
        M.DEFINITIONS["公示及时率"],
        due,
        metric="公示及时率",
    )
    lq = M.late_disclosures(region_code, start, end)
    add(
        "late_disclosures",
        "公示不及时",
        late + missing,
        _num(late + missing),
        "普通程序处罚决定中超过7个工作日公示或未公示的件数",
        late + missing,
        ("公示ID", "案号", "单位", "决定日期", "公示期限", "公示日期"),
        _rows(lq, ("id", "case__case_no", "unit__name", "case__decided_on", "due_on", "published_on")),
    )
    od = M.overdue_cases(region_code, end)
    n_od = od.count()
    add(
        "overdue_cases",
        "办案超期",
        n_od,
        _num(n_od),
        M.DEFINITIONS["办案超期"],
        n_od,
        CASE_COLS + ("决定期限",),
        _rows(od, CASE_FIELDS + ("decision_due",)),
    )
    done, planned = M.plan_completion(region_code, year)
    add(
        "plan_completion",
        "检查计划完成率",
        M.ratio(done, planned),
        f"{M.pct(M.ratio(done, planned))}（{done}/{planned}）",
        M.DEFINITIONS["检查计划完成率"],
        planned,
        metric="检查计划完成率",
    )
    # 国办发〔2024〕54号: the inspection-frequency figures of the 行政执法统计年报, from the one metrics layer
    from zhifa import metrics
    from zhifa.metrics.inspection_frequency import shared

    with shared():  # the three figures count inspections per party once
        frequency = [
            (key, name, metrics.compute(name, region_code, start, end))
            for key, name in (
                ("inspected_enterprises", "受检企业数"),
                ("max_inspections_per_enterprise", "企业受检次数最大值"),
                ("enterprises_over_cap", "超检查频次上限企业数"),
            )
        ]
    for key, name, r in frequency:
        m = metrics.metric(name)
        rows_of = lambda n=name: list(metrics.explain(n, region_code, start, end)[1])  # noqa: E731
        add(key, name, r.value, f"{r.value}{m.unit}", m.definition, r.records, m.columns, rows_of)
    below = M.units_below_reviewer_ratio(rows)
    add(
        "units_below_reviewers",
        "法制审核人员不足5%的单位",
        len(below),
        _num(len(below)),
        "执法单位中法制审核人员占本单位持证人数不足5%的单位数",
        len(below),
        ("单位ID", "名称", "持证人数", "法制审核人员", "占比"),
        lambda: [(b.unit_id, b.name, b.officers, b.reviewers, M.pct(b.reviewer_ratio)) for b in below],
    )
    short = {pid: h for pid, h in hours.items() if h < need}
    add(
        "training_short",
        f"培训不足{need}学时的人员",
        len(short),
        _num(len(short)),
        f"期末持证人员中全年培训不足{need}学时的人数",
        len(short),
        ("人员ID", "学时"),
        lambda: sorted(short.items()),
    )

    gaps = _gaps(F, rows, below, zero, short, holders, acting, need)
    return AnnualFigures(region=region, year=year, figures=F, units=rows, gaps=gaps)


def _hours(h: Decimal) -> str:
    """Class hours as written (50, 57.5): a sum reads back as 50.0 on PostgreSQL and 50 on SQLite."""
    return f"{h.normalize():f}"


def _names(items: list[str], k: int = 5) -> str:
    return "、".join(items[:k]) + ("等" if len(items) > k else "")


def _gaps(F, rows, below, zero, short, holders, acting, need) -> list[dict]:
    """The measured gaps behind 存在问题, each with its numbers (only those that exist)."""
    gaps = []
    if below:
        gaps.append(
            {
                "key": "reviewers",
                "topic": "法制审核力量不足",
                "text": f"法制审核力量不足。全区法制审核人员{F['reviewers'].value}人，占执法人员的{F['reviewer_ratio'].text}，但仍有{len(below)}个执法单位"
                f"法制审核人员不足本单位执法人员的5%（{_names([b.short for b in sorted(below, key=lambda b: -b.officers)])}）。",
                "table": [
                    (b.short, b.officers, b.reviewers, M.pct(b.reviewer_ratio))
                    for b in sorted(below, key=lambda b: (-b.officers, b.unit_id))
                ],
                "columns": ("单位", "持证人数", "法制审核人员", "占比"),
            }
        )
    if short:
        gaps.append(
            {
                "key": "training",
                "topic": "培训学时不达标",
                "text": f"部分执法人员培训学时不达标。{len(short)}名执法人员全年参加培训不足{need}学时（最少{_hours(min(short.values()))}学时），培训达标率{M.pct(M.ratio(holders - len(short), holders))}。",
            }
        )
    if holders and acting < holders:
        gaps.append(
            {
                "key": "participation",
                "topic": "执法参与不均衡",
                "text": f"执法参与不均衡。{holders - acting}名持证执法人员全年没有执法记录，执法参与率{F['participation_rate'].text}；履职率{F['performance_rate'].text}。",
            }
        )
    if zero:
        gaps.append(
            {
                "key": "zero",
                "topic": "零执法单位",
                "text": f"存在“零执法”单位。{len(zero)}个执法单位全年没有行政检查、行政处罚或巡查等执法记录（{_names([z.short for z in zero])}）。",
            }
        )
    if F["overdue_cases"].value:
        gaps.append(
            {
                "key": "overdue",
                "topic": "办案超期",
                "text": f"个别案件办理超期。{F['overdue_cases'].value}件普通程序案件超过立案之日起九十日仍未作出决定。",
            }
        )
    if F["late_disclosures"].value:
        gaps.append(
            {
                "key": "disclosure",
                "topic": "公示不及时",
                "text": f"执法公示不够及时。{F['late_disclosures'].value}件普通程序处罚决定未在7个工作日内公示，公示及时率{F['disclosure_rate'].text}。",
            }
        )
    return gaps
