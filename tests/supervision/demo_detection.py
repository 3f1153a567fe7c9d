"""Detection on the 东丽区 2023 demo year (issue 17): one planted record per 《行政执法监督条例》 rule, written into
the demo's own registry (its units, 权责清单 and certified officers), and what each rule must then find.

Which rules apply to 2023, and why (docs/legal-basis.md §13.8):
- 有案不立 (inspection and clue), 以罚代管, 违规异地执法, 趋利性执法, 乱查封, 推诿扯皮 and the 免罚清单 rule judge duties that
  bound a 2023 act when it was done (《行政处罚法》2021, 《行政强制法》2012 and the district's own settings); the 条例
  (in force 2026-02-01) is the supervisor's instrument for reviewing them, so they are planted in 2023.
- 乱检查 (``inspection_disorder``) judges an inspection by 国办发〔2024〕54号, published 2025-01-03: a 2023 inspection
  is not judged by it. The test plants an unapproved 2023 inspection and expects no alert.
- 乱收费 has no record in the platform (no fee data), 资格管理 is the certificate rules' (not planted here).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_uscc
from zhifa.enforcement import services as enforcement
from zhifa.enforcement.assistance import assistance_record
from zhifa.enforcement.choices import PartyKind, PartyType
from zhifa.enforcement.models import CoerciveMeasure, Party, PenaltyCase
from zhifa.enforcement.services_inspection import inspection_request
from zhifa.org.models import Certificate, Unit
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power
from zhifa.supervision.models import Alert, ExemptionItem, LawSetting
from zhifa.supervision.services import alerts_scan, clue_assign, clue_submit
from zhifa.supervision.services_law import clue_return, clue_verify

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
REGION = "120110"
YEAR = 2023
AS_OF = D(YEAR, 12, 31)
RULES = [
    "inspection_disorder",
    "case_not_filed",
    "clue_case_not_filed",
    "fine_without_correction",
    "profit_driven_december",
    "remote_enforcement",
    "coercion_overdue",
    "fined_despite_exemption",
    "clue_buck_passing",
]
# 54号 judges inspections from its publication (2025-01-03): none of the demo year's
NOT_IN_FORCE_2023 = {"inspection_disorder"}


def found(rules=RULES) -> dict[str, set[str]]:
    """Scan the demo year with the 条例's rules; the open alerts of each, by object."""
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=AS_OF, rules=list(rules))
    out: dict[str, set[str]] = {r: set() for r in rules}
    rows = Alert.objects.filter(rule_id__in=rules, region_id=REGION).exclude(status="closed")
    for rule, obj in rows.values_list("rule_id", "object_id"):
        out[rule].add(obj)
    return out


def district_settings() -> None:
    """The district's lines for 有案不立 (no figure in any text found: the test's own, with its source), set before
    the clean scan so that the rules look at the year at all."""
    for key in ("case_after_inspection_days", "case_after_clue_days"):
        LawSetting.objects.update_or_create(
            region_id=REGION, key=key, defaults={"value": 15, "source_document": "东丽区检测用期限（测试）"}
        )


class Plant:
    """Writers over the demo registry: services where the workspace has one, rows as a unit's system sends them
    for the decided fines and the 查封 of the past."""

    def __init__(self):
        self.seq = 0
        self.scj = Unit.objects.get(region_id=REGION, short_name="区市场监管局")
        self.cgw = Unit.objects.get(region_id=REGION, short_name="区城市管理委")
        # a unit with a 处罚 power and no fine in the demo year: its December stands out against the district
        self.quiet = Unit.objects.get(region_id=REGION, short_name="区退役军人局")

    def power(self, unit, category) -> Power:
        return Power.objects.filter(owner=unit, category=category).order_by("code").first()

    def officers(self, unit) -> list:
        """Two holders of a certificate in force all year (issued before it, neither revoked nor expired in it)."""
        end = AS_OF
        certs = (
            Certificate.objects.filter(unit=unit, issued_on__lt=D(YEAR, 1, 1), suspended_on__isnull=True)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
            .select_related("holder")
            .order_by("id")
        )
        holders = list(dict.fromkeys(c.holder for c in certs))[:2]
        assert len(holders) == 2, unit
        return holders

    def party(self, name: str, *, prefix: str = "91120110") -> Party:
        self.seq += 1
        serial = 987650000 + self.seq
        while Party.objects.filter(uscc=make_uscc(prefix, serial)).exists():
            serial += 1000
        return enforcement.party_register(
            actor=SYSTEM,
            region=self.scj.region,
            kind=PartyKind.ORG,
            party_type=PartyType.BUSINESS,
            name=name,
            uscc=make_uscc(prefix, serial),
        )

    def inspection(self, party, day, *, result="", approved=True):
        start = dt.datetime.combine(day, dt.time(9, 30), tzinfo=TZ)
        head = self.officers(self.scj)[0]
        return inspection_request(
            actor=SYSTEM,
            unit=self.scj,
            power=self.power(self.scj, PowerCategory.INSPECTION),
            party=party,
            started_at=start,
            officers=self.officers(self.scj),
            inspection_class="routine",
            approver=head if approved else None,
            approved_at=start - dt.timedelta(hours=1) if approved else None,
            findings="现场检查",
            result=result,
        )

    def fine(self, unit, party, decided_on, *, violation="违法行为（检测用）") -> PenaltyCase:
        self.seq += 1
        a, b = self.officers(unit)
        return PenaltyCase.objects.create(
            region_id=REGION,
            unit=unit,
            power=self.power(unit, PowerCategory.PENALTY),
            party=party,
            procedure="ordinary",
            status="closed",
            case_no=f"东检测罚〔{YEAR}〕{self.seq}号",
            violation=violation,
            act_date=decided_on - dt.timedelta(days=40),
            discovered_at=dt.datetime.combine(decided_on - dt.timedelta(days=35), dt.time(10), tzinfo=TZ),
            filed_on=decided_on - dt.timedelta(days=30),
            decision_due=decided_on + dt.timedelta(days=60),
            decided_on=decided_on,
            decision_no=f"东检测罚决字〔{YEAR}〕第{self.seq}号",
            outcome="penalty",
            penalty_kinds=["fine"],
            fine_amount=Decimal(800),
            officer_a=a,
            officer_b=b,
        )

    def clue(self, received_on, *, substantiated_on=None):
        c = clue_submit(region_code=REGION, text="某商户销售过期食品，请查处（检测用）", received_on=received_on)
        c = clue_assign(actor=SYSTEM, clue=c, unit=self.scj, assigned_on=received_on)
        if substantiated_on:
            c = clue_verify(actor=SYSTEM, clue=c, outcome="substantiated", verified_on=substantiated_on)
        return c

    def measure(self, party, decided_on) -> CoerciveMeasure:
        self.seq += 1
        a, b = self.officers(self.scj)
        return CoerciveMeasure.objects.create(
            region_id=REGION, unit=self.scj, power=self.power(self.scj, PowerCategory.COERCION), party=party,
            kind="seal", decision_no=f"东检测封〔{YEAR}〕{self.seq}号", approved_by="检测用负责人",
            reason="涉嫌销售不合格食品", items="食品一批", onsite_record=True, officer_a=a, officer_b=b,
            decided_on=decided_on, term_days=30, due_on=decided_on + dt.timedelta(days=30),
        )  # fmt: skip


def plant(p: Plant) -> dict[str, set[str]]:
    """One record per rule, each past its line; returns rule → the object ids its alerts must name."""
    planted: dict[str, set[str]] = {}
    # 乱检查: unapproved (no 审批人, no 审批时间), but of 2023 — 54号 does not reach it
    p.inspection(p.party("东丽区检测用甲商贸有限公司"), D(YEAR, 3, 14), approved=False)
    planted["inspection_disorder"] = set()
    unfiled = p.inspection(p.party("东丽区检测用乙装饰有限公司"), D(YEAR, 6, 5), result="filed")
    planted["case_not_filed"] = {str(unfiled.pk)}
    c = p.clue(D(YEAR, 9, 1), substantiated_on=D(YEAR, 9, 8))
    planted["clue_case_not_filed"] = {str(c.pk)}
    again = p.party("东丽区检测用丙餐饮管理有限公司")
    for m in (1, 4, 8):
        p.fine(p.scj, again, D(YEAR, m, 15))
    power = p.power(p.scj, PowerCategory.PENALTY)
    planted["fine_without_correction"] = {f"{again.pk}@{p.scj.pk}/{power.pk}"}
    for i in range(20):  # 20 fines, 12 of them in December, by a unit that fined nobody else that year
        p.fine(p.quiet, p.party(f"东丽区检测用第{i + 1}商贸有限公司"), D(YEAR, 12 if i < 12 else 1 + i % 11, 8))
    planted["profit_driven_december"] = {str(p.quiet.pk)}
    remote = p.party("廊坊市检测用远达商贸有限公司", prefix="91131000")
    p.inspection(remote, D(YEAR, 10, 13))
    assisted = p.party("廊坊市检测用通达物流有限公司", prefix="91131000")  # covered by a 协助 letter: lawful
    _assistance(p, assisted, D(YEAR, 8, 1), D(YEAR, 8, 31))
    p.inspection(assisted, D(YEAR, 8, 12))
    planted["remote_enforcement"] = {f"{remote.pk}@{p.scj.pk}"}
    sealed = p.measure(p.party("东丽区检测用福源食品批发部"), D(YEAR, 11, 2))
    planted["coercion_overdue"] = {str(sealed.pk)}
    planted["fined_despite_exemption"] = {_exempted_fine(p)}
    planted["clue_buck_passing"] = {_bounced_clue(p)}
    return planted


def _exempted_fine(p: Plant) -> str:
    from zhifa.supervision.exemptions import exemption_assess, exemption_list_load

    rows = "清单类型,违法行为,适用条件\n不予处罚,首次销售标签瑕疵食品（检测用）,初次违法且危害后果轻微并及时改正\n"
    exemption_list_load(
        actor=SYSTEM, region_code=REGION, data=rows.encode(), filename="list.csv", source_document="检测用免罚清单"
    )
    item = ExemptionItem.objects.get(region_id=REGION, violation="首次销售标签瑕疵食品（检测用）")
    lawful = p.fine(p.scj, p.party("东丽区检测用福满超市"), D(YEAR, 7, 7), violation=item.violation)
    exemption_assess(actor=SYSTEM, case=lawful, item=item, conditions_met=False)
    fined = p.fine(p.scj, p.party("东丽区检测用福多超市"), D(YEAR, 7, 8), violation=item.violation)
    exemption_assess(actor=SYSTEM, case=fined, item=item, conditions_met=True)
    return str(fined.pk)


def _bounced_clue(p: Plant) -> str:
    c = p.clue(D(YEAR, 10, 8))
    clue_return(actor=SYSTEM, clue=c, reason="不属于本单位职责", returned_on=D(YEAR, 10, 9))
    c = clue_assign(actor=SYSTEM, clue=c, unit=p.cgw, assigned_on=D(YEAR, 10, 10))
    clue_return(actor=SYSTEM, clue=c, reason="应由市场监管部门处理", returned_on=D(YEAR, 10, 12))
    return str(c.pk)


def _assistance(p: Plant, party, requested_on, covers_until):
    p.seq += 1
    return assistance_record(
        actor=SYSTEM,
        unit=p.scj,
        party_uscc=party.uscc,
        assisting_authority="廊坊市市场监督管理局",
        assisting_region_code="131000",
        letter_no=f"东检测协〔{YEAR}〕{p.seq}号",
        matter="请求协助核查当事人经营场所",
        requested_on=requested_on,
        covers_until=covers_until,
    )
