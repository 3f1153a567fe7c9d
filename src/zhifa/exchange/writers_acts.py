"""Writers of the act record types: 行政检查, 行政处罚, 其他执法行为, 隐患, 超限超载, 行政强制, 行政许可.

Malformed records (a key naming nothing, impossible dates) are refused with ``Bad``. Legal breaches are
not: the record is written and the workflow's own rule functions, over the workflow's batch facts builders
(``enforcement.facts.act_facts`` / ``case_facts``), report what it breaks; the supervision write hook
raises the alerts when the chunk commits (exchange.md 原则 4).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhifa.core.errors import Violation
from zhifa.enforcement import disclosure as disclosure_mod
from zhifa.enforcement import facts as F
from zhifa.enforcement import rules as R
from zhifa.enforcement import workflow as W
from zhifa.enforcement.choices import (
    CaseInspectionSource,
    CaseStatus,
    DisclosureStatus,
    HazardCategory,
    HazardSeverity,
    InspectionClass,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    OtherActKind,
    Outcome,
    PartyKind,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from zhifa.enforcement.models import (
    CollectiveDiscussion,
    Disclosure,
    Hazard,
    Hearing,
    Inspection,
    LegalReview,
    OtherAct,
    PenaltyCase,
    VehicleOverload,
)
from zhifa.powers.choices import DiscretionTier, PowerCategory

from .fields import BEIJING, Bad, _checked
from .writers_registry import Writer, campaign_by_name, order


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).date()
    return value


def _party(ctx, v: dict, unit, *, name_field: str, required: bool = True, category: str = "", key_supply=False):
    name = v.get(name_field)
    idno = v.get("相对人证件号码") or ""
    # Without 相对人性质 (隐患, 其他执法行为) the number tells: an ID number passes GB 11643, a USCC (all digits for
    # a 个体工商户, e.g. 92…) does not.
    nature = v.get("相对人性质") or ("自然人" if idno and not _checked("id", idno)[1] else "法人或其他组织")
    if not name:
        if required:
            raise Bad(name_field, "", "必填")
        return None
    if nature == "自然人" and idno and not idno[:17].isdigit():
        raise Bad("相对人证件号码", idno, "相对人性质为自然人时，证件号码应为身份证号码")
    return ctx.party(
        region_id=unit.region_id, name=name, nature=nature, id_number=idno, category=category, key_supply=key_supply
    )


def _officers(ctx, v: dict) -> tuple[int, int | None]:
    ids = ctx.officers(v["执法证号"], "执法证号")
    return ids[0], (ids[1] if len(ids) > 1 else None)


def _errors(violations: list[Violation]) -> list[Violation]:
    seen, out = set(), []
    for x in violations:
        if x.severity == "error" and (x.code, x.message) not in seen:
            seen.add((x.code, x.message))
            out.append(x)
    return out


class UnitAct(Writer):
    unit_field = "实施机构统一社会信用代码"

    def owner(self, ctx, v):
        return ctx.unit(v[self.unit_field], self.unit_field)


# ---- 行政检查 -------------------------------------------------------------------------------------------
INSPECTION_MODE = {str(label): value for value, label in InspectionMode.choices}


INSPECTION_CLASS = {str(label): value for value, label in InspectionClass.choices}
CASE_SOURCE = {str(label): value for value, label in CaseInspectionSource.choices}
INSPECTION_RESULT = {str(label): value for value, label in InspectionResult.choices}


def inspection_columns(v: dict) -> dict:
    """The record's own fields, stored as sent (blank/NULL when not sent; nothing inferred)."""
    return {
        "number": v["检查行为编号"],
        "inspection_class": INSPECTION_CLASS[v["检查类别"]],
        "case_source": CASE_SOURCE.get(v["个案来源"] or "", ""),
        "methods": list(v["检查方式"] or []),
        "approved_at": v["审批时间"],
        "urgent": v["紧急"],
        "result": INSPECTION_RESULT.get(v["检查结果"] or "", ""),
        "reported_at": v["报送时间"],
        "object_category": v["检查对象类别"] or "",  # as sent (exchange.md principle 5), grouped on as given
    }


def inspection_kind(v: dict) -> str:
    methods = v.get("检查方式") or []
    if v["检查类别"] == "专项检查":
        return InspectionKind.SPECIAL
    if "双随机" in methods:
        return InspectionKind.RANDOM
    if "联合" in methods:
        return InspectionKind.JOINT
    if "夜查" in methods:
        return InspectionKind.NIGHT
    return InspectionKind.ROUTINE


class InspectionWriter(UnitAct):
    def check(self, v):
        # An approval after the inspection without 紧急 is a breach of 国办发〔2024〕54号, not a format error:
        # the record loads and rules_inspection.approval_before raises its alert (exchange.md, principle 4).
        if v["检查类别"] == "个案检查" and not v["个案来源"]:
            raise Bad("个案来源", "", "检查类别为个案检查时必须填写个案来源")

    def write(self, ctx, v, obj, unit):
        power = ctx.power(unit.region_id, v["事项编码"])
        party = _party(
            ctx, v, unit, name_field="检查对象名称", category=v["检查对象类别"] or "", key_supply=bool(v["重点保供"])
        )
        a, b = _officers(ctx, v)
        approver = ctx.person(v["审批人身份证号码"], "审批人身份证号码") if v["审批人身份证号码"] else None
        obj = obj or Inspection()
        for name, value in inspection_columns(v).items():
            setattr(obj, name, value)
        obj.approver = approver
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.power = power
        obj.party = party
        obj.started_at = v["检查时间"]
        obj.mode = INSPECTION_MODE[v["检查形式"]]
        obj.kind = inspection_kind(v)
        obj.officer_a_id, obj.officer_b_id = a, b
        obj.plan_id = ctx.record_id("检查计划", v["计划编号"], "计划编号") if v["计划编号"] else None
        obj.campaign = campaign_by_name(ctx, unit.region_id, v["专项行动名称"]) if v["专项行动名称"] else None
        obj.joint_action_id = (
            ctx.record_id("联合行动", v["联合行动编号"], "联合行动编号") if v["联合行动编号"] else None
        )
        obj.findings = v["发现问题"] or ""
        obj.load_batch = ctx.batch[:40]
        obj.save()
        (facts,) = F.act_facts([obj], category=PowerCategory.INSPECTION)
        return obj, _errors(R.run(R.ACT_RULES, facts, ctx.reference(unit.region_id)))


# ---- 行政处罚 -------------------------------------------------------------------------------------------
PENALTY_KIND = {str(label): value for value, label in PenaltyKind.choices} | {"其他": PenaltyKind.OTHER}
TIER = {str(label): value for value, label in DiscretionTier.choices}
REVIEW_RESULT = {str(label): value for value, label in ReviewResult.choices}


def case_outcome(v: dict) -> str:
    o = v["处理结果"]
    if o == "给予处罚":
        return Outcome.PENALTY
    if o == "移送":
        return Outcome.TRANSFERRED
    if o == "不予处罚":
        if v["首次违法"] and v["危害后果轻微"] and v["及时改正"]:
            return Outcome.FIRST_OFFENCE
        return Outcome.NO_PENALTY_MINOR_HARM
    return ""  # 撤销立案, or not sent: nothing inferred (the rules read an empty outcome as a penalty decision)


def case_status(v: dict) -> str:
    S = CaseStatus
    if v["处理结果"] == "撤销立案":
        return S.WITHDRAWN
    if v["决定日期"] is not None:
        if v["处理结果"] == "移送":
            return S.TRANSFERRED
        if v["处理结果"] == "不予处罚":
            return S.CLOSED if v["结案日期"] else S.NO_PENALTY
        if v["结案日期"]:
            return S.CLOSED
        if v["缴款日期"]:
            return S.EXECUTED
        if v["送达日期"]:
            return S.DELIVERED
        return S.DECIDED
    for fname, status in (
        ("集体讨论日期", S.COLLECTIVE),
        ("法制审核日期", S.LEGAL_REVIEW),
        ("听证申请日期", S.HEARING),
        ("告知日期", S.NOTIFIED),
        ("立案日期", S.INVESTIGATING),
    ):
        if v[fname] is not None:
            return status
    return S.CLUE


def case_columns(v: dict, ref, power) -> dict:
    """The case's own columns from its record (links, party and officers excepted); deadlines from the calendar."""
    fine = v["罚款金额"] or Decimal("0")
    # as sent: an amount without 处罚种类 stays without one, and outcome_consistent reports it (第九条)
    kinds = [PENALTY_KIND[k] for k in v["处罚种类"]]
    filed, delivered = v["立案日期"], v["送达日期"]
    ext = v["延期天数"] or 0
    payment_due = ref.calendar_days(delivered, R.PAYMENT_DAYS) if delivered and fine > 0 else None
    return {
        "procedure": Procedure.ORDINARY if v["程序"] == "普通程序" else Procedure.SIMPLE,
        "status": case_status(v),  # the record carries the dates of every step it reached
        "case_no": v["案件编号"],
        "violation": v["违法行为类型"],
        "discovered_at": v["发现时间"],
        "act_date": v["违法行为发生日期"],  # not sent: NULL (limitation_period reports it at the decision)
        "filed_on": filed,
        "extension_days": ext,
        "extension_approved_by": f"批准于{v['延期批准日期']}" if v["延期批准日期"] else "",
        "decision_due": ref.calendar_days(filed, R.DECISION_DAYS + ext) if filed else None,
        "notified_on": v["告知日期"],
        "hearing_request_due": (
            ref.working_days(v["告知日期"], R.HEARING_REQUEST_WORKING_DAYS) if v["告知日期"] else None
        ),
        "decided_on": v["决定日期"],
        "decision_no": v["处罚决定书文号"] or "",
        "outcome": case_outcome(v),
        "penalty_kinds": kinds,
        "fine_amount": fine,
        "confiscation_amount": v["没收金额"] or Decimal("0"),
        "discretion_tier": TIER.get(v["裁量档次"] or "", ""),
        "discretion_reason": v["裁量说明"] or "",
        "first_offence": bool(v["首次违法"]),
        "harm_minor": bool(v["危害后果轻微"]),
        "corrected": bool(v["及时改正"]),
        "delivered_on": delivered,
        "source": v["案件来源"] or "",
        "facts": v["违法事实"] or "",
        "basis": v["处罚依据"] or "",
        "legal_representative": v["法定代表人"] or "",
        "transferred_to": v["移送机关"] or "",
        "transferred_on": v["移送日期"],
        "party_absent": v["当事人不在场"],  # not sent: NULL (the 第六十一条 check keeps to the 7-day bound)
        "payment_due": payment_due,
        "paid_on": v["缴款日期"],
        "paid_amount": v["实缴金额"] or Decimal("0"),
        "surcharge": R.late_surcharge(fine, payment_due, v["缴款日期"]),
        "closed_on": v["结案日期"],
        # 重大执法决定 (第五十七条第二款: 情节复杂或者重大违法行为, decided collectively) only as sent. It is not
        # inferred from the 法制审核 list: a 第五十八条 重大执法决定 reviewed before decision is another notion.
        "is_major": bool(v["重大执法决定"]),
    }


def case_steps(ctx, v: dict, case, unit, party, reviewer_id: int | None) -> list:
    """The step rows (unsaved) that a new case's dates stand for: 法制审核, 听证, 集体讨论, 公示."""
    out: list = []
    if reviewer_id is not None:
        out.append(
            LegalReview(
                case=case,
                region_id=case.region_id,
                reviewer_id=reviewer_id,
                reviewed_on=v["法制审核日期"],
                result=REVIEW_RESULT.get(v["审核结论"] or "", ""),  # not sent: blank, legal_review_done reports it
                opinion=v["审核意见"] or "",
            )
        )
    if v["听证申请日期"] is not None:
        out.append(Hearing(case=case, region_id=case.region_id, requested_on=v["听证申请日期"], held_on=v["听证日期"]))
    if v["集体讨论日期"] is not None:
        out.append(
            CollectiveDiscussion(
                case=case,
                region_id=case.region_id,
                held_on=v["集体讨论日期"],
                attendees=v["集体讨论参加人员"] or "",
                conclusion=v["集体讨论结论"] or "",
            )
        )
    if v["公示日期"] is not None:
        out.append(
            Disclosure(
                case=case,
                region_id=case.region_id,
                unit=unit,
                status=DisclosureStatus.PUBLISHED,
                due_on=ctx.reference(unit.region_id).working_days(case.decided_on, R.DISCLOSURE_WORKING_DAYS),
                published_on=v["公示日期"],
                public_text=disclosure_mod.public_text_from(
                    case=case,
                    party_kind=party.kind,
                    party_name=party.name,
                    party_id_number=party.id_number,
                    unit_name=unit.name,
                    power_name=case.power.name,
                ),
            )
        )
    return out


def case_breaches(case, ref, facts=None) -> list[Violation]:
    """Every step's rules on the road to the case's status, each on its own date (as the workflow runs them).
    ``facts``: the case's CaseFacts when built in a batch (``F.case_facts`` over many cases); moved to each
    step's date in turn."""
    path = W.path_to(case.procedure, case.status) or []
    found: list[Violation] = []
    for t in path:
        day = getattr(case, t.date_field, None) if t.date_field else None
        day = _day(day) or case.filed_on or case.decided_on or _day(case.discovered_at)
        if facts is None:
            (step_facts,) = F.case_facts([case], on_date=day)
        else:
            step_facts = facts
            step_facts.on_date = day
        found.extend(R.run(t.rules, step_facts, ref))
    return _errors(found)


class CaseWriter(UnitAct):
    def check(self, v):
        if v["程序"] == "普通程序" and v["立案日期"] is None:
            raise Bad("立案日期", "", "普通程序的案件必须填写立案日期")
        # Each pair is compared first and handed to order() (which raises) only when it is out of order: the
        # reasons quote dates, and writing them for every record was a tenth of preparing it.
        day = {}
        for name in (
            "违法行为发生日期",
            "发现时间",
            "立案日期",
            "决定日期",
            "告知日期",
            "听证申请日期",
            "听证日期",
            "法制审核日期",
            "集体讨论日期",
            "送达日期",
            "缴款日期",
            "结案日期",
            "公示日期",
        ):
            x = v.get(name)  # as order() reads it
            day[name] = x.astimezone(BEIJING).date() if isinstance(x, dt.datetime) else x

        def wrong(earlier: str, later: str) -> bool:
            a, b = day[earlier], day[later]
            return a is not None and b is not None and b < a

        if wrong("违法行为发生日期", "发现时间"):
            order(v, "违法行为发生日期", "发现时间", "发现时间不能早于违法行为发生日期")
        if wrong("发现时间", "立案日期"):
            order(v, "发现时间", "立案日期", "立案日期不能早于发现时间")
        for later in ("决定日期", "告知日期", "听证申请日期", "法制审核日期", "集体讨论日期"):
            if wrong("立案日期", later):
                order(v, "立案日期", later, f"{later}不能早于立案日期（{v['立案日期']}）")
        if wrong("发现时间", "决定日期"):
            order(v, "发现时间", "决定日期", "决定日期不能早于发现时间")
        if wrong("听证申请日期", "听证日期"):
            order(v, "听证申请日期", "听证日期", "听证日期不能早于听证申请日期")
        for later in ("送达日期", "缴款日期", "结案日期", "公示日期"):
            if v[later] is not None and v["决定日期"] is None:
                raise Bad(later, v[later], f"填写{later}时必须填写决定日期")
            if wrong("决定日期", later):
                order(v, "决定日期", later, f"{later}不能早于决定日期（{v['决定日期']}）")
        if v["处理结果"] not in (None, "撤销立案") and v["决定日期"] is None:
            raise Bad("决定日期", "", f"处理结果为“{v['处理结果']}”时必须填写决定日期")
        if v["法制审核日期"] is not None and not v["法制审核人身份证号码"]:
            raise Bad("法制审核人身份证号码", "", "填写法制审核日期时必须填写法制审核人身份证号码")
        if (v["罚款金额"] or 0) > 0 and v["处罚种类"] and "罚款" not in v["处罚种类"]:
            raise Bad("处罚种类", "；".join(v["处罚种类"]), "填写了罚款金额，处罚种类应包括“罚款”")

    def locate(self, ctx, v):
        unit = ctx.unit(v["实施机构统一社会信用代码"], "实施机构统一社会信用代码")
        return PenaltyCase.objects.filter(unit=unit, case_no=v["案件编号"]).first()

    def write(self, ctx, v, obj, unit):
        power = ctx.power(unit.region_id, v["事项编码"])
        clash = PenaltyCase.objects.filter(region_id=unit.region_id, case_no=v["案件编号"]).exclude(unit=unit)
        if clash.exists():
            raise Bad("案件编号", v["案件编号"], "本行政区划其他单位已使用该案件编号")
        party = _party(ctx, v, unit, name_field="当事人名称")
        a, b = _officers(ctx, v)
        reviewer = ctx.person(v["法制审核人身份证号码"], "法制审核人身份证号码") if v["法制审核人身份证号码"] else None
        ref = ctx.reference(unit.region_id)
        obj = obj or PenaltyCase()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.power = power
        obj.party = party
        for name, value in case_columns(v, ref, power).items():
            setattr(obj, name, value)
        obj.officer_a_id, obj.officer_b_id = a, b
        obj.inspection_id = (
            ctx.record_id("行政检查", v["关联检查行为编号"], "关联检查行为编号") if v["关联检查行为编号"] else None
        )
        obj.device_id = (
            ctx.record_id("电子监控设备", v["电子监控设备编号"], "电子监控设备编号") if v["电子监控设备编号"] else None
        )
        obj.campaign = campaign_by_name(ctx, unit.region_id, v["专项行动名称"]) if v["专项行动名称"] else None
        obj.load_batch = ctx.batch[:40]
        obj.save()
        self._steps(ctx, v, obj, unit, party, reviewer)
        return obj, self._breaches(obj, ref)

    def _steps(self, ctx, v, case, unit, party, reviewer) -> None:
        """The step records the case's dates stand for: 法制审核, 听证, 集体讨论, 公示 (replaced on update)."""
        LegalReview.objects.filter(case=case).delete()
        Hearing.objects.filter(case=case).delete()
        CollectiveDiscussion.objects.filter(case=case).delete()
        if reviewer is not None:
            LegalReview.objects.create(
                case=case,
                region_id=case.region_id,
                reviewer=reviewer,
                reviewed_on=v["法制审核日期"],
                result=REVIEW_RESULT.get(v["审核结论"] or "", ""),
                opinion=v["审核意见"] or "",
            )
        if v["听证申请日期"] is not None:
            Hearing.objects.create(
                case=case, region_id=case.region_id, requested_on=v["听证申请日期"], held_on=v["听证日期"]
            )
        if v["集体讨论日期"] is not None:
            CollectiveDiscussion.objects.create(
                case=case,
                region_id=case.region_id,
                held_on=v["集体讨论日期"],
                attendees=v["集体讨论参加人员"] or "",
                conclusion=v["集体讨论结论"] or "",
            )
        if v["公示日期"] is not None:
            text = disclosure_mod.public_text_from(
                case=case,
                party_kind=party.kind,
                party_name=party.name,
                party_id_number=party.id_number,
                unit_name=unit.name,
                power_name=case.power.name,
            )
            Disclosure.objects.update_or_create(
                case=case,
                defaults={
                    "region_id": case.region_id,
                    "unit": unit,
                    "status": DisclosureStatus.PUBLISHED,
                    "due_on": ctx.reference(unit.region_id).working_days(case.decided_on, R.DISCLOSURE_WORKING_DAYS),
                    "published_on": v["公示日期"],
                    "public_text": text,
                },
            )
        else:
            Disclosure.objects.filter(case=case).delete()

    def _breaches(self, case, ref) -> list[Violation]:
        return case_breaches(case, ref)


# ---- 其他执法行为 ---------------------------------------------------------------------------------------
OTHER_KIND = {str(label): value for value, label in OtherActKind.choices}


class OtherActWriter(UnitAct):
    def write(self, ctx, v, obj, unit):
        power = ctx.power(unit.region_id, v["事项编码"]) if v["事项编码"] else None
        party = _party(ctx, v, unit, name_field="对象名称", required=False) if v["对象名称"] else None
        a, b = _officers(ctx, v)
        obj = obj or OtherAct()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.power = power
        obj.party = party
        obj.kind = OTHER_KIND[v["类型"]]
        obj.number = v["行为编号"]
        obj.occurred_at = v["时间"]
        obj.officer_a_id, obj.officer_b_id = a, b
        obj.note = v["内容"] or ""
        obj.load_batch = ctx.batch[:40]
        obj.save()
        ref = ctx.reference(unit.region_id)
        (facts,) = F.act_facts([obj])
        found = R.officers_certified(facts, ref) + (R.power_held(facts, ref) if power else [])
        return obj, _errors(found)


# ---- 隐患 ----------------------------------------------------------------------------------------------
HAZARD_CATEGORY = {str(label): value for value, label in HazardCategory.choices}
HAZARD_SEVERITY = {"一般": HazardSeverity.GENERAL, "重大": HazardSeverity.MAJOR}  # the labels without “隐患”


class HazardWriter(UnitAct):
    def check(self, v):
        order(v, "发现日期", "整改期限", "整改期限不能早于发现日期")
        order(v, "发现日期", "整改完成日期", "整改完成日期不能早于发现日期")
        if not v["检查行为编号"] and not v["对象名称"]:
            raise Bad("对象名称", "", "没有检查行为编号时必须填写对象名称")

    def write(self, ctx, v, obj, unit):
        inspection = None
        if v["检查行为编号"]:
            inspection = Inspection.objects.get(pk=ctx.record_id("行政检查", v["检查行为编号"], "检查行为编号"))
        party = _party(ctx, v, unit, name_field="对象名称") if v["对象名称"] else inspection.party
        obj = obj or Hazard()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.inspection = inspection
        obj.party = party
        obj.category = HAZARD_CATEGORY.get(v["隐患类别"], HazardCategory.OTHER)  # free text: kept as sent in data
        obj.severity = HAZARD_SEVERITY.get(v["等级"] or "", "")
        obj.description = (v["隐患描述"] or v["隐患类别"])[:300]
        obj.found_on = v["发现日期"]
        obj.number = v["隐患编号"]
        obj.deadline = v["整改期限"]
        obj.rectified_on = v["整改完成日期"]
        obj.save()
        return obj, []


# ---- 超限超载 ------------------------------------------------------------------------------------------
class OverloadWriter(UnitAct):
    def check(self, v):
        if v["限值"] <= 0:
            raise Bad("限值", v["限值"], "限值应大于0")
        if v["卸载吨数"] is not None and v["卸载吨数"] > v["车货总重"]:
            raise Bad("卸载吨数", v["卸载吨数"], "卸载吨数不能超过车货总重")
        if v["轴数"] is not None and not 2 <= v["轴数"] <= 12:
            raise Bad("轴数", v["轴数"], "轴数应在2–12之间")

    def write(self, ctx, v, obj, unit):
        source = None
        if v["源头企业统一社会信用代码"]:
            from zhifa.enforcement.models import Party

            source = Party.objects.filter(
                region_id=unit.region_id, uscc=v["源头企业统一社会信用代码"], kind=PartyKind.ORG
            ).first()
            if source is None:
                raise Bad(
                    "源头企业统一社会信用代码", v["源头企业统一社会信用代码"], "源头企业不是本行政区划登记的当事人"
                )
        obj = obj or VehicleOverload()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.checked_at = v["检测时间"]
        obj.plate = v["车牌号"].upper()
        obj.number = v["检测编号"]
        obj.axles = v["轴数"]
        obj.gross_weight = v["车货总重"]
        obj.limit_weight = v["限值"]
        obj.unloaded_tonnage = v["卸载吨数"]
        obj.source_enterprise = source
        obj.case_id = (
            ctx.record_id("行政处罚", f"{unit.uscc}|{v['关联案件编号']}", "关联案件编号") if v["关联案件编号"] else None
        )
        obj.device_id = (
            ctx.record_id("电子监控设备", v["电子监控设备编号"], "电子监控设备编号") if v["电子监控设备编号"] else None
        )
        obj.save()
        return obj, []


# ---- 行政强制, 行政许可: validated and kept in the exchange store (no domain table yet) ----------------------
class StoredAct(UnitAct):
    def __init__(self, *, officers: bool, dates: tuple[tuple[str, str], ...]):
        self.needs_officers = officers
        self.dates = dates

    def check(self, v):
        for earlier, later in self.dates:
            order(v, earlier, later, f"{later}不能早于{earlier}")

    def write(self, ctx, v, obj, unit):
        ctx.power(unit.region_id, v["事项编码"])
        if self.needs_officers:
            ctx.officers(v["执法证号"], "执法证号")
        if v.get("关联案件编号"):
            ctx.record_id("行政处罚", f"{unit.uscc}|{v['关联案件编号']}", "关联案件编号")
        return None, []
