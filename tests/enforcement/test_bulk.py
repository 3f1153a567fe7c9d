"""The bulk path (BulkLoader): same rules as the services, all-or-nothing, one audit row per load."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from zhifa.core.models import AuditLog
from zhifa.enforcement.bulk import BulkLoader, BulkRejected
from zhifa.enforcement.models import CaseTransition, Disclosure, Inspection, PenaltyCase

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def insp(w, **kw):
    row = dict(
        unit_id=w.unit.id,
        power_id=w.inspect.id,
        party_id=w.org.id,
        started_at=dt.datetime(2023, 3, 1, 10, tzinfo=TZ),
        mode="on_site",
        kind="routine",
        officer_a_id=w.a.id,
        officer_b_id=w.c.id,
        findings="未发现问题",
    )
    row.update(kw)
    return row


def case_row(w, n, **kw):
    row = dict(
        unit_id=w.unit.id,
        power_id=w.penalty.id,
        party_id=w.adult.id,
        procedure="simple",
        status="closed",
        case_no=f"东市监简罚〔2023〕{n}号",
        violation="销售不合格商品",
        act_date=D(2023, 3, 1),
        discovered_at=dt.datetime(2023, 3, 1, 9, tzinfo=TZ),
        decided_on=D(2023, 3, 1),
        decision_no=f"J{n}",
        outcome="penalty",
        penalty_kinds=["fine"],
        fine_amount=Decimal("200"),
        officer_a_id=w.a.id,
        officer_b_id=w.c.id,
        delivered_on=D(2023, 3, 1),
        paid_on=D(2023, 3, 10),
        paid_amount=Decimal("200"),
        closed_on=D(2023, 3, 10),
    )
    row.update(kw)
    return row


@pytest.mark.django_db
def test_inspections_load_and_audit(world):
    w = world
    n = BulkLoader(region_code="120110", batch="t1").load_inspections(insp(w) for _ in range(5))
    assert n == 5
    assert Inspection.objects.filter(load_batch="t1").count() == 5
    logs = AuditLog.objects.filter(action="bulk.load")
    assert logs.count() == 1 and logs.get().after["rows"] == 5


@pytest.mark.django_db
def test_bad_rows_reject_whole_load_listing_every_error(world):
    w = world
    rows = [insp(w) for _ in range(3000)]  # spans two chunks: the first chunk is written, then rolled back
    rows[10]["officer_b_id"] = w.uncertified.id  # 第四十二条
    rows[2500]["power_id"] = w.penalty.id  # not an inspection power
    rows[2999]["started_at"] = dt.datetime(2023, 8, 1, 10, tzinfo=TZ)
    rows[2999]["officer_b_id"] = w.b.id  # b's certificate revoked 2023-07-01
    with pytest.raises(BulkRejected) as exc:
        BulkLoader(region_code="120110", batch="bad", chunk_size=2000).load_inspections(iter(rows))
    err_rows = sorted({e.row for e in exc.value.errors})
    assert err_rows == [11, 2501, 3000]
    assert any("第四十二条" in e.reason for e in exc.value.errors if e.row == 11)
    assert Inspection.objects.count() == 0
    assert not AuditLog.objects.filter(action="bulk.load").exists()


@pytest.mark.django_db
def test_penalty_cases_with_deadlines_and_disclosure(world):
    w = world
    rows = [case_row(w, i) for i in range(3)]
    rows.append(
        case_row(
            w,
            99,
            procedure="ordinary",
            case_no="东市监罚〔2023〕99号",
            party_id=w.org.id,
            fine_amount=Decimal("4000"),
            filed_on=D(2023, 7, 5),
            decided_on=D(2023, 9, 28),
            delivered_on=D(2023, 9, 28),
            paid_on=D(2023, 10, 20),
            paid_amount=Decimal("4000"),
            closed_on=D(2023, 10, 20),
            disclosed_on=D(2023, 10, 9),
            act_date=D(2023, 6, 1),
            discovered_at=dt.datetime(2023, 7, 1, tzinfo=TZ),
            officer_b_id=w.d.id,
        )
    )
    assert BulkLoader(region_code="120110", batch="c1").load_penalty_cases(rows) == 4
    c = PenaltyCase.objects.get(case_no="东市监罚〔2023〕99号")
    assert c.status == "closed" and c.load_batch == "c1"
    assert c.decision_due == D(2023, 10, 7)  # 07-05 + 90 = 10-03 (国庆假期) → 10-07, a 调休 working Saturday
    assert c.payment_due == D(2023, 10, 13)
    assert c.surcharge == Decimal("840.00")  # 7 days × 3 % × 4000
    disc = Disclosure.objects.get(case=c)
    assert disc.due_on == D(2023, 10, 13)  # 7 working days after 09-28: 10-07, 10-08 (调休), 10-09 … 10-13
    assert "天津某某大药房有限公司" in disc.public_text
    assert not CaseTransition.objects.exists()
