"""A small sample district for the staff workspace and portal tests and for ``bench/portal.py`` (test data:
it lives under tests/, and its accounts share one fixed password).

Everything goes through the product's own write paths: units, people, certificates (after an exam result
made with the factories of tests/factories.py), powers and reviewer designations through the org/powers
services; parties and inspections through the enforcement services; the closed penalty cases with their
法制审核 and 公示 as exchange records (``exchange_load_records``, every step's rules on its own date); the
open case through the workflow's ``case_open``; alerts from the supervision scan. Every natural-person
party has a full ID number and phone, so that the portal's masking can be checked.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import transaction

from tests.factories import ExamFactory, ExamResultFactory, RegionFactory
from zhifa.core.access import Roles
from zhifa.core.calendar import add_working_days
from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_id_number, make_uscc
from zhifa.enforcement import services as enforcement
from zhifa.enforcement.choices import (
    InspectionKind,
    InspectionMode,
    PartyKind,
    PartyType,
)
from zhifa.enforcement.models import Party, PenaltyCase
from zhifa.enforcement.rules import DISCLOSURE_WORKING_DAYS
from zhifa.enforcement.workflow import case_open
from zhifa.exchange.services import exchange_load_records
from zhifa.org.choices import RegionLevel, StaffingType, UnitKind
from zhifa.org.models import Certificate, Person, Region, Unit
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power
from zhifa.supervision.models import Alert
from zhifa.supervision.rules import DisclosureLate
from zhifa.supervision.services import alerts_scan, rectification_request

SAMPLE_PASSWORD = "Zhifa#2023pass"
TZ = ZoneInfo("Asia/Shanghai")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "海燕", "文博", "丽华", "明亮", "晓东", "春梅", "国庆", "雪松", "立新"]
# Decisions (by index) published after the 7 working days of 国办发〔2018〕118号, two on the 市场监管局 and one
# on the 城管委: real breaks of the supervision rule ``disclosure_late``, which the sample's scan reports.
LATE_DISCLOSURES = {0: 6, 1: 4, 2: 2}  # index -> working days past the due date


@dataclass
class Sample:
    region: Region
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    powers: dict[str, Power] = field(default_factory=dict)
    parties: list[Party] = field(default_factory=list)
    cases: dict[str, PenaltyCase] = field(default_factory=dict)
    alerts: list = field(default_factory=list)
    natural_names: list[str] = field(default_factory=list)
    id_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


_HASHES: dict[str, str] = {}


def _user(username: str, roles: list[str], *, password: str) -> User:
    # One argon2 hash per password and process: a salted hash is valid for every account that shares it.
    if password not in _HASHES:
        _HASHES[password] = make_password(password)
    user = User.objects.create(username=username, password=_HASHES[password])
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


@transaction.atomic
def build_sample(
    *,
    region_code: str = "120110",
    year: int = 2023,
    decisions: int = 24,
    inspections: int = 40,
    password: str = SAMPLE_PASSWORD,
    seed: int = 7,
    open_case_month: int = 11,
) -> Sample:
    """Build the sample district. ``decisions`` published decisions are spread over both units (the first
    three published late, see ``LATE_DISCLOSURES``). The open case is filed in ``open_case_month`` (a case filed
    in November has its 90-day deadline in the next year, whose holidays must then be known)."""
    from zhifa.org import services as org
    from zhifa.powers import services as powers

    rnd = random.Random(seed)
    city = RegionFactory(code="120000", name="天津市", level=RegionLevel.CITY)
    region = RegionFactory(code=region_code, name="东丽区", level=RegionLevel.DISTRICT, parent=city)
    s = Sample(region=region)
    start = dt.date(year - 3, 1, 1)
    prefix = "11" + region_code
    for i, (key, name, kind, domain) in enumerate(
        [
            ("sfj", "东丽区司法局", UnitKind.DEPARTMENT, "司法行政"),
            ("scj", "东丽区市场监督管理局", UnitKind.DEPARTMENT, "市场监管"),
            ("cgw", "东丽区城市管理委员会", UnitKind.DEPARTMENT, "城市管理"),
        ]
    ):
        s.units[key] = org.unit_create(
            actor=SYSTEM,
            region=region,
            name=name,
            uscc=make_uscc(prefix, 900 + i),
            kind=kind,
            active_from=start,
            domain=domain,
        )

    seq = 100
    # 行政执法资格考试 before the certificates are issued (certificate_issue checks the passed result).
    exam = ExamFactory(region=region, held_on=start - dt.timedelta(days=60))
    people_spec = [
        ("sup", "sfj", [Roles.SUPERVISOR], "孙明远"),
        ("scj_admin", "scj", [Roles.UNIT_ADMIN], "钱立群"),
        ("scj_officer1", "scj", [Roles.OFFICER], "周海涛"),
        ("scj_officer2", "scj", [Roles.OFFICER], "吴静怡"),
        ("scj_reviewer", "scj", [Roles.LEGAL_REVIEWER], "郑法明"),
        ("scj_leader", "scj", [Roles.LEADER], "冯正清"),
        ("cgw_admin", "cgw", [Roles.UNIT_ADMIN], "陈志刚"),
        ("cgw_officer1", "cgw", [Roles.OFFICER], "褚卫东"),
        ("cgw_officer2", "cgw", [Roles.OFFICER], "卫晓兰"),
        ("cgw_reviewer", "cgw", [Roles.LEGAL_REVIEWER], "蒋明法"),
    ]
    for username, unit_key, roles, name in people_spec:
        seq += 1
        person = org.person_register(
            actor=SYSTEM,
            unit=s.units[unit_key],
            name=name,
            id_number=make_id_number(region_code, dt.date(1980 + seq % 15, 1 + seq % 12, 1 + seq % 27), seq),
            staffing_type=StaffingType.ADMIN,
            phone=f"139{seq:08d}",
            has_legal_qualification=Roles.LEGAL_REVIEWER in roles,
        )
        person.user = _user(username, roles, password=password)
        person.save(update_fields=["user"])
        s.people[username] = person
        s.users[username] = person.user
        if Roles.OFFICER in roles or Roles.LEGAL_REVIEWER in roles or Roles.LEADER in roles:
            org.certificate_issue(
                actor=SYSTEM,
                person=person,
                exam_result=ExamResultFactory(exam=exam, person=person, score=85),
                number=f"津{region_code}{seq:06d}",
                issued_on=start,
                issuing_authority="天津市人民政府",
            )
    for reviewer in ("scj_reviewer", "cgw_reviewer"):
        org.legal_reviewer_designate(actor=SYSTEM, person=s.people[reviewer], on=start, first_time=True)
    admin = _user("root", [], password=password)
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    s.users["root"] = admin

    power_spec = [
        ("scj", "XZCF-SCJ-001", "对销售不符合食品安全标准的食品的行政处罚", PowerCategory.PENALTY, True),
        ("scj", "XZCF-SCJ-002", "对药品零售企业不凭处方销售处方药的行政处罚", PowerCategory.PENALTY, False),
        ("scj", "XZJC-SCJ-001", "对食品经营者的监督检查", PowerCategory.INSPECTION, False),
        ("cgw", "XZCF-CGW-001", "对随意倾倒建筑垃圾的行政处罚", PowerCategory.PENALTY, True),
        ("cgw", "XZJC-CGW-001", "对燃气经营使用单位的监督检查", PowerCategory.INSPECTION, False),
    ]
    for unit_key, code, name, category, review in power_spec:
        s.powers[code] = powers.power_add(
            actor=SYSTEM,
            owner=s.units[unit_key],
            code=code,
            document_no="东丽政发〔2021〕1号",
            effective_on=start,
            name=name,
            category=category,
            legal_basis="《中华人民共和国食品安全法》第一百二十四条"
            if unit_key == "scj"
            else "《天津市市容和环境卫生管理条例》",
            domain="市场监管" if unit_key == "scj" else "城市管理",
            requires_legal_review=review,
            hearing_threshold_person=Decimal("10000"),
            hearing_threshold_org=Decimal("100000"),
        )

    for i in range(12):
        if i % 3 == 2:
            party = enforcement.party_register(
                actor=SYSTEM,
                region=region,
                kind=PartyKind.ORG,
                party_type=PartyType.BUSINESS,
                name=f"东丽区{GIVEN[i]}商贸有限公司",
                uscc=make_uscc("91" + region_code, 5000 + i),
                address=f"东丽区津塘路{i + 10}号",
            )
        else:
            party = enforcement.party_register(
                actor=SYSTEM,
                region=region,
                kind=PartyKind.PERSON,
                party_type=PartyType.INDIVIDUAL,
                name=SURNAMES[i] + GIVEN[(i * 5) % len(GIVEN)],
                id_number=make_id_number(region_code, dt.date(1970 + i, 1 + i % 12, 3 + i), 300 + i),
                phone=f"1380022{i:04d}",
                address=f"东丽区先锋路{i + 1}号",
            )
            s.natural_names.append(party.name)
            s.id_numbers.append(party.id_number)
            s.phones.append(party.phone)
        s.parties.append(party)

    units = [("scj", "XZJC-SCJ-001", "XZCF-SCJ-001"), ("cgw", "XZJC-CGW-001", "XZCF-CGW-001")]
    for i in range(inspections):
        unit_key, insp_code, _ = units[i % 2]
        enforcement.inspection_record(
            actor=SYSTEM,
            unit=s.units[unit_key],
            power=s.powers[insp_code],
            party=rnd.choice(s.parties),
            started_at=dt.datetime(year, 1 + i % 12, 1 + i % 27, 9, 30, tzinfo=TZ),
            officers=[s.people[f"{unit_key}_officer1"], s.people[f"{unit_key}_officer2"]],
            mode=InspectionMode.ON_SITE,
            kind=InspectionKind.ROUTINE,
            findings="现场检查，未发现明显问题。",
        )

    def certificate(person) -> str:
        return Certificate.objects.filter(holder=person).values_list("number", flat=True).get()

    records = []
    for i in range(decisions):
        unit_key, _, pen_code = units[i % 2]
        party = s.parties[i % len(s.parties)]
        decided = dt.date(year, 1 + i % 12, 5 + i % 20)
        due = add_working_days(decided, DISCLOSURE_WORKING_DAYS)
        record = {
            "实施机构统一社会信用代码": s.units[unit_key].uscc,
            "案件编号": f"东{unit_key}罚〔{year}〕{i + 1}号",
            "事项编码": pen_code,
            "程序": "普通程序",
            "当事人名称": party.name,
            "相对人性质": "自然人" if party.kind == PartyKind.PERSON else "法人或其他组织",
            "相对人证件号码": party.id_number or party.uscc,
            "违法行为类型": "销售不符合食品安全标准的食品" if unit_key == "scj" else "随意倾倒建筑垃圾",
            "违法行为发生日期": decided - dt.timedelta(days=40),
            "发现时间": dt.datetime.combine(decided - dt.timedelta(days=35), dt.time(10), tzinfo=TZ),
            "立案日期": decided - dt.timedelta(days=30),
            # 告知 15 days before: the 5 working days to ask for a hearing (第六十四条) have run even across 国庆.
            "告知日期": decided - dt.timedelta(days=15),
            "决定日期": decided,
            "处罚决定书文号": f"东{unit_key}罚决字〔{year}〕第{i + 1:03d}号",
            "处理结果": "给予处罚",
            "处罚种类": ["警告", "罚款"],
            "罚款金额": Decimal(500 + 250 * i),
            "执法证号": [certificate(s.people[f"{unit_key}_officer1"]), certificate(s.people[f"{unit_key}_officer2"])],
            "送达日期": decided,
            "当事人不在场": False,
            "缴款日期": decided + dt.timedelta(days=7),
            "实缴金额": Decimal(500 + 250 * i),
            "结案日期": decided + dt.timedelta(days=20),
            "公示日期": add_working_days(due, LATE_DISCLOSURES[i])
            if i in LATE_DISCLOSURES
            else decided + dt.timedelta(days=3),
        }
        if s.powers[pen_code].requires_legal_review:  # 行政处罚法第五十八条: reviewed before the decision
            record.update(
                {
                    "法制审核人身份证号码": s.people[f"{unit_key}_reviewer"].id_number,
                    "法制审核日期": decided - dt.timedelta(days=2),
                    "审核结论": "同意",
                    "审核意见": "事实清楚，证据确凿，适用依据正确，程序合法，同意拟处罚意见。",
                }
            )
        records.append(record)
    loaded = exchange_load_records(
        actor=SYSTEM, record_type="行政处罚", records=records, batch=f"sample-{region_code}-{year}"
    )
    assert not loaded.rejections and not loaded.breaches, (loaded.rejections[:3], loaded.breaches[:3])
    for case in PenaltyCase.objects.filter(region=region).order_by("id"):
        s.cases[case.case_no] = case

    # An open case for the workflow pages: its power is on the unit's 法制审核事项清单 (行政处罚法第五十八条).
    person_party = next(p for p in s.parties if p.kind == PartyKind.PERSON)
    open_case = case_open(
        actor=SYSTEM,
        unit=s.units["scj"],
        power=s.powers["XZCF-SCJ-001"],
        party=person_party,
        case_no=f"东scj罚〔{year}〕900号",
        violation="销售不符合食品安全标准的食品",
        act_date=dt.date(year, open_case_month, 1),
        discovered_at=dt.datetime(year, open_case_month, 2, 10, tzinfo=TZ),
        officers=[s.people["scj_officer1"], s.people["scj_officer2"]],
        file_on=dt.date(year, open_case_month, 3),
    )
    s.cases["open"] = open_case
    _supervision(s, year)
    return s


def _supervision(s: Sample, year: int) -> None:
    """The sample's alerts, as the supervision scan finds them on 1 December: every rule break in the
    sample (the decisions published late, see ``LATE_DISCLOSURES``, and whatever else the rules find),
    the 执法决定未按期公示 ones on the 市场监管局 first. The first has a rectification notice waiting for
    the unit's answer."""
    as_of = dt.date(year, 12, 1)
    alerts_scan(actor=SYSTEM, region_code=s.region.code, as_of=as_of)
    unit_order = {u.pk: n for n, u in enumerate(s.units[k] for k in ("scj", "cgw", "sfj"))}
    alerts = Alert.objects.filter(region=s.region).select_related("rule")
    s.alerts = sorted(
        alerts,
        key=lambda a: (
            a.rule_id != DisclosureLate.code,
            unit_order.get(a.unit_id, len(unit_order)),
            a.rule_id,
            a.object_type,
            int(a.object_id) if a.object_id.isdigit() else 0,
            a.fingerprint,
        ),
    )
    rectification_request(
        actor=s.users["sup"],
        unit=s.units["scj"],
        issued_on=dt.date(year, 12, 4),
        requirement="请于期限内补充公示并说明超期原因。",
        alerts=[s.alerts[0]],
    )
    s.alerts[0].refresh_from_db()
