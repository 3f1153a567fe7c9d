"""Services other than the workflow: validation, rules, exactly one audit row per call."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from zhifa.core.errors import InvalidInput, RuleBlocked
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.enforcement import services as S
from zhifa.enforcement import workflow as W

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
pytestmark = pytest.mark.django_db


def one_audit(call):
    before = AuditLog.objects.count()
    result = call()
    assert AuditLog.objects.count() - before == 1
    return result


def test_each_service_writes_exactly_one_audit_row(world):
    w = world
    person = one_audit(
        lambda: S.party_register(
            actor=SYSTEM,
            region=w.region,
            kind="person",
            name="陈某",
            id_number=make_id_number("120110", D(1990, 1, 2), 5),
        )
    )
    assert person.birth_date == D(1990, 1, 2)
    org = one_audit(
        lambda: S.party_register(
            actor=SYSTEM,
            region=w.region,
            kind="org",
            name="某建材公司",
            uscc=make_uscc("91120110", 4242),
            party_type="source_enterprise",
        )
    )
    insp = one_audit(
        lambda: S.inspection_record(
            actor=SYSTEM,
            unit=w.unit,
            power=w.inspect,
            party=org,
            started_at=dt.datetime(2023, 4, 3, 21, tzinfo=TZ),
            officers=[w.a, w.c],
            kind="night",
        )
    )
    hz = one_audit(
        lambda: S.hazard_record(
            actor=SYSTEM,
            unit=w.unit,
            party=org,
            category="gas",
            severity="general",
            found_on=D(2023, 4, 3),
            deadline=D(2023, 4, 10),
            inspection=insp,
        )
    )
    one_audit(lambda: S.hazard_rectify(actor=SYSTEM, hazard=hz, on=D(2023, 4, 8)))
    one_audit(
        lambda: S.other_act_record(
            actor=SYSTEM,
            unit=w.unit,
            kind="patrol",
            occurred_at=dt.datetime(2023, 4, 4, 9, tzinfo=TZ),
            officers=[w.a, w.c],
        )
    )
    camp = one_audit(
        lambda: S.campaign_create(
            actor=SYSTEM,
            lead_unit=w.unit,
            name="重大事故隐患专项排查整治",
            kind="rectification",
            domain="安全生产",
            start_on=D(2023, 5, 1),
            end_on=D(2023, 12, 31),
            units=[w.street],
        )
    )
    one_audit(lambda: S.campaign_meeting_create(actor=SYSTEM, campaign=camp, held_on=D(2023, 5, 5), title="专题部署会"))
    ja = one_audit(
        lambda: S.joint_action_create(
            actor=SYSTEM,
            lead_unit=w.unit,
            title="路政专项集中整治",
            held_on=D(2023, 6, 1),
            units=[w.street],
            campaign=camp,
        )
    )
    dev = one_audit(lambda: S.device_register(actor=SYSTEM, unit=w.unit, name="治超卡口", location="津汉公路"))
    with pytest.raises(RuleBlocked):
        S.device_publish(actor=SYSTEM, device=dev, on=D(2023, 2, 1))  # 第四十一条: not approved yet
    one_audit(lambda: S.device_approve(actor=SYSTEM, device=dev, on=D(2023, 1, 20), approval_doc="法制和技术审核意见"))
    one_audit(lambda: S.device_publish(actor=SYSTEM, device=dev, on=D(2023, 2, 1)))
    ov = one_audit(
        lambda: S.overload_record(
            actor=SYSTEM,
            unit=w.unit,
            checked_at=dt.datetime(2023, 6, 1, 23, tzinfo=TZ),
            plate="津A12345",
            axles=6,
            gross_weight="101.35",
            limit_weight="49",
            unloaded_tonnage=Decimal("52.35"),
            source_enterprise=org,
            joint_action=ja,
            device=dev,
        )
    )
    assert ov.unloaded_tonnage == Decimal("52.35")
    case = W.case_open(
        actor=SYSTEM,
        unit=w.unit,
        power=w.penalty,
        party=org,
        case_no="移1",
        violation="涉嫌犯罪",
        act_date=D(2023, 6, 1),
        discovered_at=dt.datetime(2023, 6, 2, tzinfo=TZ),
        officers=[w.a, w.c],
        file_on=D(2023, 6, 3),
    )
    W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 6, 4))
    t = one_audit(
        lambda: S.criminal_transfer_record(
            actor=SYSTEM, case=case, transferred_on=D(2023, 6, 20), to_agency="公安东丽分局", reason="涉嫌非法经营罪"
        )
    )
    t.case.refresh_from_db()
    assert t.case.status == "transferred" and t.case.transitions.last().to_status == "transferred"
    one_audit(
        lambda: S.interference_record(
            actor=SYSTEM,
            unit=w.unit,
            interferer_name="某领导",
            interferer_role="leader",
            method="电话说情",
            occurred_on=D(2023, 6, 5),
            recorded_by=w.a,
            recorded_on=D(2023, 6, 5),
            case=case,
        )
    )


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"kind": "person", "name": "甲", "id_number": "120110199001020001"}, "id.checksum"),
        ({"kind": "org", "name": "乙公司", "uscc": "91120110000004242X"}, "uscc.checksum"),
        ({"kind": "alien", "name": "丙"}, "kind.choice"),
    ],
)
def test_party_register_validates_identity_numbers(world, kw, code):
    with pytest.raises(InvalidInput) as exc:
        S.party_register(actor=SYSTEM, region=world.region, **kw)
    assert exc.value.code == code


def test_party_find_or_register_finds_by_code_else_registers_once(world):
    uscc = make_uscc("91120110", 5151)
    first = one_audit(
        lambda: S.party_find_or_register(
            actor=SYSTEM, region=world.region, kind="org", code=uscc.lower(), name="某商贸公司", address="东丽区"
        )
    )
    before = AuditLog.objects.count()
    again = S.party_find_or_register(actor=SYSTEM, region=world.region, kind="org", code=f" {uscc} ", name="别名")
    assert again == first and again.name == "某商贸公司" and AuditLog.objects.count() == before
    with pytest.raises(InvalidInput) as exc:  # a new party goes through party_register's checks
        S.party_find_or_register(actor=SYSTEM, region=world.region, kind="person", code="120110199001020001", name="甲")
    assert exc.value.code == "id.checksum"


def test_inspection_needs_two_certified_officers_and_an_inspection_power(world):
    w = world
    with pytest.raises(RuleBlocked) as exc:
        S.inspection_record(
            actor=SYSTEM,
            unit=w.unit,
            power=w.inspect,
            party=w.org,
            started_at=dt.datetime(2023, 8, 1, tzinfo=TZ),
            officers=[w.a, w.b],
        )
    assert exc.value.citation == "《行政处罚法》第四十二条"  # b's certificate revoked 2023-07-01
    with pytest.raises(RuleBlocked) as exc:
        S.inspection_record(
            actor=SYSTEM,
            unit=w.street,
            power=w.inspect,
            party=w.org,
            started_at=dt.datetime(2023, 8, 1, tzinfo=TZ),
            officers=[w.a, w.c],
        )
    assert exc.value.code == "power.not_held"
    assert not AuditLog.objects.filter(action="inspection.record").exists()


def test_overload_rejects_float_tonnage(world):
    with pytest.raises(InvalidInput):
        S.overload_record(
            actor=SYSTEM,
            unit=world.unit,
            checked_at=dt.datetime(2023, 6, 1, tzinfo=TZ),
            plate="津A1",
            axles=6,
            gross_weight=101.35,
            limit_weight="49",
        )


def test_disclosure_publish_and_withdraw_within_3_working_days(world):
    from zhifa.enforcement.disclosure import disclosure_publish, disclosure_withdraw
    from zhifa.enforcement.models import Disclosure

    w = world
    case = W.case_open(
        actor=SYSTEM,
        unit=w.unit,
        power=w.penalty,
        party=w.adult,
        case_no="公1",
        violation="销售假冒商品，车辆津A12345，电话13812345678",
        act_date=D(2023, 8, 1),
        discovered_at=dt.datetime(2023, 8, 2, tzinfo=TZ),
        officers=[w.a, w.c],
        file_on=D(2023, 8, 3),
    )
    case = W.case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=D(2023, 8, 4))
    case = W.case_transition(
        actor=SYSTEM,
        case=case,
        to_status="notified",
        on_date=D(2023, 9, 1),
        penalty_kinds=["fine"],
        fine_amount=Decimal("300"),
    )
    case = W.case_transition(actor=SYSTEM, case=case, to_status="decided", on_date=D(2023, 9, 28), decision_no="东罚1")
    d = Disclosure.objects.get(case=case)
    assert d.due_on == D(2023, 10, 13)
    for secret in ("张三丰", "13812345678", "津A12345", case.party.id_number):
        assert secret not in d.public_text
    assert "区市场监督管理局" in d.public_text
    # the power's name is the 执法事项; 处罚依据 is a legal basis (the decision's own, else the power's)
    assert f"执法事项：{case.power.name}\n" in d.public_text
    assert f"处罚依据：{case.basis or case.power.legal_basis}\n" in d.public_text
    assert f"处罚依据：{case.power.name}" not in d.public_text
    d = one_audit(lambda: disclosure_publish(actor=SYSTEM, disclosure=d, on=D(2023, 10, 9)))
    d = one_audit(
        lambda: disclosure_withdraw(
            actor=SYSTEM, disclosure=d, changed_on=D(2023, 10, 6), on=D(2023, 10, 9), reason="复议决定撤销"
        )
    )
    assert d.withdraw_due_on == D(2023, 10, 9)  # 第四十八条: 3 working days: 10-07, 10-08 (调休), 10-09
