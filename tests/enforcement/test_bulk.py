"""The bulk path (BulkLoader): same rules as the services, all-or-nothing, one audit row per load."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
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
    n = BulkLoader(region_code="120110", actor=SYSTEM, batch="t1").load_inspections(insp(w) for _ in range(5))
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
        BulkLoader(region_code="120110", actor=SYSTEM, batch="bad", chunk_size=2000).load_inspections(iter(rows))
    err_rows = sorted({e.row for e in exc.value.errors})
    assert err_rows == [11, 2501, 3000]
    row11 = [e for e in exc.value.errors if e.row == 11]
    assert row11[0].column == "officer_b_id" and row11[0].value == str(w.uncertified.id)
    assert "第四十二条" in row11[0].reason
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
    assert BulkLoader(region_code="120110", actor=SYSTEM, batch="c1").load_penalty_cases(rows) == 4
    c = PenaltyCase.objects.get(case_no="东市监罚〔2023〕99号")
    assert c.status == "closed" and c.load_batch == "c1"
    assert c.decision_due == D(2023, 10, 7)  # 07-05 + 90 = 10-03 (国庆假期) → 10-07, a 调休 working Saturday
    assert c.payment_due == D(2023, 10, 13)
    assert c.surcharge == Decimal("840.00")  # 7 days × 3 % × 4000
    disc = Disclosure.objects.get(case=c)
    assert disc.due_on == D(2023, 10, 13)  # 7 working days after 09-28: 10-07, 10-08 (调休), 10-09 … 10-13
    assert "天津某某大药房有限公司" in disc.public_text
    assert not CaseTransition.objects.exists()


@pytest.mark.django_db
def test_penalty_load_reports_every_bad_row_and_writes_nothing(world):
    w = world
    good = [case_row(w, i) for i in range(5)]
    bad = [
        case_row(w, 100, fine_amount=Decimal("201"), paid_amount=Decimal("201")),  # 第五十一条
        case_row(w, 0),  # duplicate case number of the first good row
        case_row(w, 102, colour="red"),  # unknown column
        case_row(w, 103, device_id=w.raw_device.id),  # 第四十一条
        case_row(
            w,
            104,
            procedure="ordinary",
            filed_on=D(2023, 3, 5),
            decided_on=D(2023, 6, 6),
            delivered_on=D(2023, 6, 6),
            paid_on=D(2023, 6, 7),
            closed_on=D(2023, 6, 7),
            act_date=D(2023, 3, 1),
        ),  # 第六十条: due 06-05 (Sat 06-03 rolled to Mon)
        case_row(w, 105, party_id=w.child.id),  # 第三十条: under 14 at the act
        case_row(w, 106, status="hearing"),  # not a status a historical 简易程序 case can be loaded at
    ]
    n_audit = AuditLog.objects.count()
    with pytest.raises(BulkRejected) as exc:
        BulkLoader(region_code="120110", actor=SYSTEM, batch="bad", chunk_size=4).load_penalty_cases(iter(good + bad))
    by_row = {}
    for e in exc.value.errors:
        by_row.setdefault(e.row, []).append(e)
    assert sorted(by_row) == [6, 7, 8, 9, 10, 11, 12]
    assert "第五十一条" in by_row[6][0].reason
    assert by_row[7][0].column == "case_no"
    assert by_row[8][0].column == "colour"
    assert "第四十一条" in by_row[9][0].reason
    assert "第六十条" in by_row[10][0].reason
    assert "第三十条" in by_row[11][0].reason
    assert by_row[12][0].column == "status"
    assert PenaltyCase.objects.count() == 0 and Disclosure.objects.count() == 0
    assert AuditLog.objects.count() == n_audit
    assert "未写入任何记录" in exc.value.message


@pytest.mark.django_db
def test_other_loads(world):
    from zhifa.enforcement.models import Hazard, OtherAct, VehicleOverload

    w = world
    loader = BulkLoader(region_code="120110", actor=SYSTEM, batch="o1")
    assert (
        loader.load_other_acts(
            [
                dict(
                    unit_id=w.unit.id,
                    kind="patrol",
                    occurred_at=dt.datetime(2023, 4, 1, 9, tzinfo=TZ),
                    officer_a_id=w.a.id,
                    officer_b_id=w.c.id,
                )
            ]
        )
        == 1
    )
    assert loader.load_inspections([insp(w)]) == 1
    i = Inspection.objects.get()
    assert (
        loader.load_hazards(
            [
                dict(
                    unit_id=w.unit.id,
                    inspection_id=i.id,
                    party_id=w.org.id,
                    category="gas",
                    severity="general",
                    found_on=D(2023, 3, 1),
                    deadline=D(2023, 3, 10),
                    rectified_on=D(2023, 3, 8),
                )
            ]
        )
        == 1
    )
    rows = [
        dict(
            unit_id=w.unit.id,
            checked_at=dt.datetime(2023, 5, 1, 23, tzinfo=TZ),
            plate="津A12345",
            axles=6,
            gross_weight="100.01",
            limit_weight="49",
            unloaded_tonnage="51.01",
            source_enterprise_id=w.org.id,
        ),
        dict(
            unit_id=w.unit.id,
            checked_at=dt.datetime(2023, 5, 2, 23, tzinfo=TZ),
            plate="津B54321",
            axles=5,
            gross_weight=Decimal("60.5"),
            limit_weight=Decimal("43"),
            unloaded_tonnage=Decimal("17.50"),
        ),
    ]
    assert loader.load_overloads(rows) == 2
    assert sum(v.unloaded_tonnage for v in VehicleOverload.objects.all()) == Decimal("68.51")
    with pytest.raises(BulkRejected) as exc:
        loader.load_overloads([{**rows[0], "gross_weight": "40", "source_enterprise_id": w.adult.id}])
    assert [e.column for e in exc.value.errors] == ["gross_weight"]
    assert (OtherAct.objects.count(), Hazard.objects.count(), VehicleOverload.objects.count()) == (1, 1, 2)
    assert AuditLog.objects.filter(action="bulk.load").count() == 4
