"""Detection on a generated year (issue 17): the sample district (tests/support/sample.py) for 2026, with lawful
records that exercise every 《行政执法监督条例》 rule without breaking it, finds nothing; the same year with one
planted breach per rule finds exactly the planted records, rule by rule.

The sample's own decisions and open case are part of the year; its inspections are replaced by 54号 ones
(classified, approved beforehand by the unit's head). The full 东丽 demo year is too heavy for the suite.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.supervision.demo_detection import RULES as DEMO_RULES
from tests.support.sample import build_sample
from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.enforcement import services as enforcement
from zhifa.enforcement.assistance import assistance_record
from zhifa.enforcement.choices import PartyKind, PartyType
from zhifa.enforcement.models import CoerciveMeasure, Party, PenaltyCase
from zhifa.enforcement.services_inspection import inspection_request
from zhifa.enforcement.workflow import case_open
from zhifa.org import services as org
from zhifa.org.choices import StaffingType
from zhifa.powers import services as powers
from zhifa.powers.choices import PowerCategory
from zhifa.supervision.models import Alert, ExemptionItem, InspectionCap, LawSetting
from zhifa.supervision.services import alerts_scan, clue_assign, clue_respond, clue_submit
from zhifa.supervision.services_law import clue_return, clue_verify

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2026
AS_OF = D(YEAR, 12, 31)
# the 条例 rules: one list, shared with the demo year's detection test
RULES = DEMO_RULES


class Year:
    """The sample district of 2026 and the writers the test plants with (each through the product's services,
    except the decided fines and the 查封 of the past, which are records as a unit's system sends them)."""

    def __init__(self):
        # decisions of January–October and an open case of September: later ones have deadlines in 2027, whose
        # holidays are not entered yet
        self.s = build_sample(year=YEAR, inspections=0, decisions=10, open_case_month=9)
        self.region = self.s.region
        self.scj, self.cgw = self.s.units["scj"], self.s.units["cgw"]
        self.seq = 0
        self.heads = {"scj": self.s.people["scj_leader"]}
        self.heads["cgw"] = org.person_register(
            actor=SYSTEM,
            unit=self.cgw,
            name="沈主任",
            id_number=make_id_number("120110", D(1975, 3, 3), 777),
            staffing_type=StaffingType.ADMIN,
        )
        self.inspect = {"scj": self.s.powers["XZJC-SCJ-001"], "cgw": self.s.powers["XZJC-CGW-001"]}
        self.fine_power = {"scj": self.s.powers["XZCF-SCJ-001"], "cgw": self.s.powers["XZCF-CGW-001"]}
        self.coerce = powers.power_add(
            actor=SYSTEM,
            owner=self.scj,
            code="XZQZ-SCJ-001",
            document_no="东丽政发〔2021〕1号",
            effective_on=D(2023, 1, 1),
            name="查封扣押不符合食品安全标准的食品",
            category=PowerCategory.COERCION,
            legal_basis="《中华人民共和国食品安全法》第一百一十条",
            domain="市场监管",
        )
        for key, value in (("case_after_inspection_days", 15), ("case_after_clue_days", 15)):
            LawSetting.objects.create(region=self.region, key=key, value=value, source_document="东丽区测试规定")
        InspectionCap.objects.create(
            region=self.region,
            year=YEAR,
            unit=self.scj,
            max_per_year=2,
            source_document="东丽区市场监管局2026年检查频次上限",
        )

    def party(self, name: str, *, prefix: str = "91120110") -> object:
        self.seq += 1
        return enforcement.party_register(
            actor=SYSTEM,
            region=self.region,
            kind=PartyKind.ORG,
            party_type=PartyType.BUSINESS,
            name=name,
            uscc=make_uscc(prefix, 8000 + self.seq),
        )

    def officers(self, key):
        return [self.s.people[f"{key}_officer1"], self.s.people[f"{key}_officer2"]]

    def inspection(self, key, party, day, *, result="", approved_minutes_before=60):
        start = dt.datetime.combine(day, dt.time(9, 30), tzinfo=TZ)
        return inspection_request(
            actor=SYSTEM,
            unit=self.s.units[key],
            power=self.inspect[key],
            party=party,
            started_at=start,
            officers=self.officers(key),
            inspection_class="routine",
            approver=self.heads[key],
            approved_at=start - dt.timedelta(minutes=approved_minutes_before),
            findings="现场检查",
            result=result,
        )

    def open_case(self, key, party, filed_on, *, inspection=None):
        self.seq += 1
        return case_open(
            actor=SYSTEM,
            unit=self.s.units[key],
            power=self.fine_power[key],
            party=party,
            case_no=f"东{key}罚〔{YEAR}〕{500 + self.seq}号",
            violation="销售不符合食品安全标准的食品" if key == "scj" else "随意倾倒建筑垃圾",
            act_date=filed_on - dt.timedelta(days=3),
            discovered_at=dt.datetime.combine(filed_on - dt.timedelta(days=2), dt.time(10), tzinfo=TZ),
            officers=self.officers(key),
            file_on=filed_on,
            inspection=inspection,
        )

    def fine(self, key, party, decided_on, amount=800, violation=None):
        self.seq += 1
        officers = self.officers(key)
        return PenaltyCase.objects.create(
            region=self.region,
            unit=self.s.units[key],
            power=self.fine_power[key],
            party=party,
            procedure="ordinary",
            status="closed",
            case_no=f"东{key}罚〔{YEAR}〕{700 + self.seq}号",
            violation=violation or ("销售不符合食品安全标准的食品" if key == "scj" else "随意倾倒建筑垃圾"),
            act_date=decided_on - dt.timedelta(days=40),
            discovered_at=dt.datetime.combine(decided_on - dt.timedelta(days=35), dt.time(10), tzinfo=TZ),
            filed_on=decided_on - dt.timedelta(days=30),
            decision_due=decided_on + dt.timedelta(days=60),
            decided_on=decided_on,
            decision_no=f"东{key}罚决字〔{YEAR}〕第{700 + self.seq}号",
            outcome="penalty",
            penalty_kinds=["fine"],
            fine_amount=Decimal(amount),
            officer_a=officers[0],
            officer_b=officers[1],
        )

    def clue(self, received_on, *, substantiated_on=None):
        c = clue_submit(region_code=self.region.code, text="某商户销售过期食品，请查处", received_on=received_on)
        c = clue_assign(actor=SYSTEM, clue=c, unit=self.scj, assigned_on=received_on)
        if substantiated_on:
            c = clue_verify(actor=SYSTEM, clue=c, outcome="substantiated", verified_on=substantiated_on)
        return c

    def measure(self, party, decided_on, *, lifted_on=None):
        self.seq += 1
        o = self.officers("scj")
        return CoerciveMeasure.objects.create(
            region=self.region, unit=self.scj, power=self.coerce, party=party, kind="seal",
            decision_no=f"东市监封〔{YEAR}〕{self.seq}号", approved_by="冯正清", reason="涉嫌销售不合格食品",
            items="食品一批", onsite_record=True, officer_a=o[0], officer_b=o[1], decided_on=decided_on, term_days=30,
            due_on=decided_on + dt.timedelta(days=30), lifted_on=lifted_on, lift_reason="decided" if lifted_on else "",
        )  # fmt: skip

    def assistance(self, party, requested_on, covers_until):
        self.seq += 1
        return assistance_record(
            actor=SYSTEM,
            unit=self.scj,
            party_uscc=party.uscc,
            assisting_authority="廊坊市市场监督管理局",
            assisting_region_code="131000",
            letter_no=f"东市监协〔{YEAR}〕{self.seq}号",
            matter="请求协助核查当事人经营场所",
            requested_on=requested_on,
            covers_until=covers_until,
        )


def lawful_year(y: Year) -> None:
    """One lawful record (or pattern) per rule, each just inside its line."""
    p1 = y.party("东丽区丰年食品商行")
    for day in (D(YEAR, 3, 2), D(YEAR, 6, 1)):  # the cap of 2 reached, not exceeded
        y.inspection("scj", p1, day)
    found = y.inspection("cgw", y.party("东丽区顺达建材有限公司"), D(YEAR, 4, 7), result="filed")
    y.open_case("cgw", found.party, D(YEAR, 4, 22), inspection=found)  # day N of 15
    c = y.clue(D(YEAR, 5, 6), substantiated_on=D(YEAR, 5, 11))
    pc = y.open_case("scj", y.party("东丽区好运超市"), D(YEAR, 5, 26))  # day N of 15
    clue_respond(actor=SYSTEM, clue=c, response=f"已立案，案号{pc.case_no}", responded_on=D(YEAR, 5, 26), case=pc)
    y.clue(D(YEAR, 7, 1))  # received and assigned, not yet checked
    returned = y.clue(D(YEAR, 7, 2))  # returned once, then taken by the unit it was assigned to next
    clue_return(actor=SYSTEM, clue=returned, reason="不属于本单位职责", returned_on=D(YEAR, 7, 3))
    clue_assign(actor=SYSTEM, clue=returned, unit=y.cgw, assigned_on=D(YEAR, 7, 6))
    repeat = y.party("东丽区老街小吃店")
    for m in (2, 5, 9):  # three fines in 12 months, a 责令改正 inspection between the first two
        y.fine("scj", repeat, D(YEAR, m, 10))
    y.inspection("scj", repeat, D(YEAR, 3, 20), result="correct")
    remote = y.party("廊坊市通达物流有限公司", prefix="91131000")
    y.assistance(remote, D(YEAR, 8, 1), D(YEAR, 8, 31))
    y.inspection("scj", remote, D(YEAR, 8, 12))
    y.measure(y.party("东丽区诚信粮油店"), D(YEAR, 10, 9), lifted_on=D(YEAR, 10, 20))


def plant(y: Year) -> dict[str, set[str]]:
    """One breach per rule; returns rule → the object ids its alerts must name."""
    planted: dict[str, set[str]] = {}
    p1 = Party.objects.get(region=y.region, name="东丽区丰年食品商行")
    over = y.inspection("scj", p1, D(YEAR, 9, 14))  # the third: over the cap of 2
    planted["inspection_disorder"] = {str(over.pk)}
    unfiled = y.inspection("cgw", y.party("东丽区宏达装饰有限公司"), D(YEAR, 6, 3), result="filed")
    planted["case_not_filed"] = {str(unfiled.pk)}
    c = y.clue(D(YEAR, 9, 1), substantiated_on=D(YEAR, 9, 8))
    planted["clue_case_not_filed"] = {str(c.pk)}
    again = y.party("东丽区夜市烧烤店")
    for m in (1, 4, 8):
        y.fine("scj", again, D(YEAR, m, 15))
    planted["fine_without_correction"] = {f"{again.pk}@{y.scj.pk}/{y.fine_power['scj'].pk}"}
    for i in range(20):  # 城管委: 20 more fines, 12 of them in December (the rest of the district: few)
        y.fine("cgw", y.party(f"东丽区第{i + 1}建筑工程有限公司"), D(YEAR, 12 if i < 12 else 1 + i % 11, 8))
    planted["profit_driven_december"] = {str(y.cgw.pk)}
    remote = y.party("廊坊市远达商贸有限公司", prefix="91131000")
    y.inspection("scj", remote, D(YEAR, 10, 13))
    planted["remote_enforcement"] = {f"{remote.pk}@{y.scj.pk}"}
    sealed = y.measure(y.party("东丽区福源食品批发部"), D(YEAR, 11, 2))
    planted["coercion_overdue"] = {str(sealed.pk)}
    planted["fined_despite_exemption"] = set(_exempted_fine(y))
    planted["clue_buck_passing"] = set(_bounced_clue(y))
    return planted


def _exempted_fine(y: Year) -> list[str]:
    from zhifa.supervision.exemptions import exemption_assess, exemption_list_load

    rows = "清单类型,违法行为,适用条件\n不予处罚,首次销售标签瑕疵食品,初次违法且危害后果轻微并及时改正\n"
    exemption_list_load(
        actor=SYSTEM, region_code=y.region.code, data=rows.encode(), filename="list.csv", source_document="测试免罚清单"
    )
    item = ExemptionItem.objects.get(region=y.region)
    lawful = y.fine("scj", y.party("东丽区福满超市"), D(YEAR, 7, 7), violation="首次销售标签瑕疵食品")
    exemption_assess(actor=SYSTEM, case=lawful, item=item, conditions_met=False)
    fined = y.fine("scj", y.party("东丽区福多超市"), D(YEAR, 7, 8), violation="首次销售标签瑕疵食品")
    exemption_assess(actor=SYSTEM, case=fined, item=item, conditions_met=True)
    return [str(fined.pk)]


def _bounced_clue(y: Year) -> list[str]:
    c = y.clue(D(YEAR, 10, 8))
    clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=D(YEAR, 10, 9))
    c = clue_assign(actor=SYSTEM, clue=c, unit=y.cgw, assigned_on=D(YEAR, 10, 10))
    clue_return(actor=SYSTEM, clue=c, reason="应由市场监管部门处理", returned_on=D(YEAR, 10, 12))
    return [str(c.pk)]


def _found() -> dict[str, set[str]]:
    alerts_scan(actor=SYSTEM, region_code="120110", as_of=AS_OF, rules=RULES)
    out: dict[str, set[str]] = {r: set() for r in RULES}
    for rule, obj in (
        Alert.objects.filter(rule_id__in=RULES).exclude(status="closed").values_list("rule_id", "object_id")
    ):
        out[rule].add(obj)
    return out


@pytest.mark.django_db
def test_detection_on_a_generated_year(settings, tmp_path):
    settings.RECORDING_ROOT = tmp_path / "recordings"
    settings.REPORT_ROOT = tmp_path / "reports"
    y = Year()
    lawful_year(y)
    assert _found() == {r: set() for r in RULES}, "a clean year raises no 条例 alert"
    planted = plant(y)
    assert set(planted) == set(RULES) and all(planted.values())
    assert _found() == planted
