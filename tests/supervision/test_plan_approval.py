"""检查计划 with its approval (审批人, 审批时间), 备案 and 公布 (issue 17, 国办发〔2024〕54号第六部分; 津司发〔2025〕8号):
through the workspace services, the exchange record 检查计划, and the 专项 inspection that needs it — approved in
the minute the inspection starts is in time, one minute later is not (refused in the workspace, 乱检查 in the scan)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.supervision.test_rules_law import inspection, scan
from zhifa.core.errors import InvalidInput, RuleBlocked
from zhifa.core.policy import SYSTEM
from zhifa.enforcement.models import InspectionPlan
from zhifa.enforcement.services_inspection import inspection_request
from zhifa.enforcement.services_plan import inspection_plan_approve, inspection_plan_file, inspection_plan_record
from zhifa.exchange.services import exchange_load_records

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 5, 12, 9, 30, tzinfo=TZ)


def plan_approved_at(w, at, *, filed=True):
    plan = inspection_plan_record(actor=SYSTEM, unit=w.unit, year=2026, title=f"专项{at:%H%M%S}")
    plan = inspection_plan_approve(actor=SYSTEM, plan=plan, at=at)
    if filed:
        plan = inspection_plan_file(actor=SYSTEM, plan=plan, filed_on=at.date(), published_on=at.date())
    return plan


def special(w, plan, start=START):
    return inspection_request(
        actor=SYSTEM,
        unit=w.unit,
        power=w.inspect[w.unit.pk],
        party=w.org,
        started_at=start,
        officers=[w.a, w.b],
        inspection_class="special",
        plan=plan,
        approver=w.officers[2],
        approved_at=start - dt.timedelta(hours=1),
    )


BOUNDARY = [
    ("plan approved in the minute the inspection starts", dt.timedelta(seconds=59), None),
    ("plan approved one minute after", dt.timedelta(minutes=1), "inspection.special_unplanned"),
    ("plan approved the day before", -dt.timedelta(days=1), None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,offset,refused", BOUNDARY, ids=[r[0] for r in BOUNDARY])
def test_workspace_special_needs_a_plan_approved_beforehand(w, label, offset, refused):
    plan = plan_approved_at(w, START + offset)
    if refused is None:
        assert special(w, plan).pk
        return
    with pytest.raises(RuleBlocked) as e:
        special(w, plan)
    assert [v.code for v in e.value.violations] == [refused]
    assert "审批时间2026-05-12 09:31晚于检查时间2026-05-12 09:30" in str(e.value.violations[0].message)


@pytest.mark.django_db
def test_unfiled_plan_is_a_warning_not_a_refusal(w):
    from zhifa.enforcement.services_inspection import inspection_violations

    insp = special(w, plan_approved_at(w, START - dt.timedelta(days=2), filed=False))
    assert [(v.code, v.severity) for v in inspection_violations(insp)] == [("inspection.special_not_filed", "warning")]


@pytest.mark.django_db
def test_plan_steps_refuse_out_of_order(w):
    plan = inspection_plan_record(actor=SYSTEM, unit=w.unit, year=2026, title="2026年食品安全专项检查")
    with pytest.raises(InvalidInput) as e:
        inspection_plan_file(actor=SYSTEM, plan=plan, filed_on=D(2026, 3, 2))
    assert e.value.field == "filed_on"
    plan = inspection_plan_approve(actor=SYSTEM, plan=plan, at=dt.datetime(2026, 3, 2, 15, 5, tzinfo=TZ))
    with pytest.raises(InvalidInput) as e:
        inspection_plan_file(actor=SYSTEM, plan=plan, filed_on=D(2026, 3, 1))
    assert e.value.field == "filed_on" and "早于计划批准日期2026-03-02" in e.value.message
    with pytest.raises(InvalidInput) as e:
        inspection_plan_approve(actor=SYSTEM, plan=plan)
    assert e.value.field == "approved_at"
    with pytest.raises(InvalidInput) as e:
        inspection_plan_record(actor=SYSTEM, unit=w.unit, year=2026, title="2026年食品安全专项检查")
    assert e.value.field == "title"


def plan_record(w, number, approved_at, **kw):
    rec = {
        "计划编号": number,
        "实施机构统一社会信用代码": w.unit.uscc,
        "年度": 2026,
        "计划类型": "专项",
        "任务数": 5,
        "审批人身份证号码": w.officers[2].id_number,
        "审批时间": approved_at,
        "备案日期": "2026-05-12",
        "公布日期": "2026-05-12",
    }
    rec.update(kw)
    return rec


@pytest.mark.django_db
def test_exchange_plan_carries_its_approval_and_the_scan_judges_the_minute(w):
    report = exchange_load_records(
        actor=SYSTEM,
        record_type="检查计划",
        records=[
            plan_record(w, "ZX-2026-1", "2026-05-12 09:30:40"),
            plan_record(w, "ZX-2026-2", "2026-05-12 09:31:00", 上级部署="是"),
        ],
    )
    assert report.created == 2 and not report.rejections
    same, late = InspectionPlan.objects.order_by("title")
    assert same.approved_by == w.officers[2] and f"{same.approved_at.astimezone(TZ):%H:%M:%S}" == "09:30:40"
    assert (same.filed_on, same.published_on, same.superior_deployed, late.superior_deployed) == (
        D(2026, 5, 12),
        D(2026, 5, 12),
        False,
        True,
    )
    in_time = inspection(w, START, inspection_class="special", plan=same)
    too_early = inspection(w, START + dt.timedelta(hours=1), inspection_class="special", plan=late)
    too_early.started_at = START
    too_early.save(update_fields=["started_at"])
    found = dict(scan("inspection_disorder", D(2026, 5, 31)).values_list("object_id", "message"))
    assert set(found) == {str(too_early.pk)} and str(in_time.pk) not in found
    assert "专项检查计划审批时间2026-05-12 09:31晚于检查时间2026-05-12 09:30" in found[str(too_early.pk)]


REFUSED = [
    ("审批时间 without 审批人", dict(审批人身份证号码=""), "审批人身份证号码"),
    ("审批人 without 审批时间", dict(审批时间=""), "审批时间"),
    ("备案 before approval", dict(备案日期="2026-05-11"), "备案日期"),
    ("公布 of an unapproved plan", dict(审批人身份证号码="", 审批时间="", 备案日期=""), "公布日期"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,change,field", REFUSED, ids=[r[0] for r in REFUSED])
def test_exchange_plan_refusals_name_the_field(w, label, change, field):
    report = exchange_load_records(
        actor=SYSTEM, record_type="检查计划", records=[plan_record(w, "ZX-2026-9", "2026-05-12 09:30:00", **change)]
    )
    assert report.created == 0
    assert [r.field for r in report.rejections] == [field]


@pytest.mark.django_db
def test_workspace_page_records_approves_and_files_a_plan(w, client):
    from tests.factories import make_account
    from zhifa.core.access import Roles

    head = make_account(Roles.LEADER, person=w.officers[2])
    client.force_login(head, backend="django.contrib.auth.backends.ModelBackend")
    url = "/staff/inspection-plans/"
    r = client.post(url, {"_form": "record", "record-year": 2026, "record-title": "2026年燃气安全专项检查",
                          "record-kind": "special", "record-tasks_planned": 12})  # fmt: skip
    assert r.status_code == 302
    plan = InspectionPlan.objects.get(title="2026年燃气安全专项检查")
    assert plan.approved_at is None and plan.tasks_planned == 12
    r = client.post(url, {"_form": "file", "file-plan": plan.pk, "file-filed_on": "2026-05-12"})
    assert r.status_code == 422  # only an approved plan is offered for 备案
    assert client.post(url, {"_form": "approve", "approve-plan": plan.pk}).status_code == 302
    plan.refresh_from_db()
    assert plan.approved_by == w.officers[2] and plan.approved_at is not None
    day = plan.approved_at.astimezone(TZ).date()
    r = client.post(url, {"_form": "file", "file-plan": plan.pk, "file-filed_on": f"{day:%Y-%m-%d}"})
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "2026年燃气安全专项检查" in page and f"{plan.approved_at.astimezone(TZ):%Y-%m-%d %H:%M}" in page
