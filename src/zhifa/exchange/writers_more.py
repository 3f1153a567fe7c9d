"""Writers of 行政强制 (查封/扣押/冻结) and 行政许可 onto the acts' own tables (enforcement.models_acts).

The deadlines (``due_on``) come from the rule modules' own functions over the calendar, never from the
record; breaches are what ``rules_coercion.DECIDE_RULES`` / ``rules_licensing`` find over the facts
builders of ``enforcement.facts_acts``. A 措施种类 of “其他” has no row to go to: it is validated and kept in
the exchange store (and exported from there). A licence sent without its 承办人 has its row, with no 承办人.
"""

from __future__ import annotations

from zhifa.enforcement import rules as R
from zhifa.enforcement import rules_coercion as C
from zhifa.enforcement import rules_licensing as L
from zhifa.enforcement.choices import CoerciveKind, LicenceResult, LiftReason
from zhifa.enforcement.facts_acts import licence_facts, measure_facts
from zhifa.enforcement.models import CoerciveMeasure, LicenceDecision

from .writers_acts import StoredAct, _errors, _party

MEASURE_KIND = {
    "查封场所设施或者财物": CoerciveKind.SEAL,
    "扣押财物": CoerciveKind.SEIZE,
    "冻结存款汇款": CoerciveKind.FREEZE,
}


class MeasureWriter(StoredAct):
    def __init__(self):
        super().__init__(officers=True, dates=(("决定日期", "延长批准日期"), ("决定日期", "解除日期")))

    def write(self, ctx, v, obj, unit):
        kind = MEASURE_KIND.get(v["措施种类"])
        if kind is None:
            return super().write(ctx, v, obj, unit)
        power = ctx.power(unit.region_id, v["事项编码"])
        party = _party(ctx, v, unit, name_field="当事人名称")
        officers = ctx.officers(v["执法证号"], "执法证号")
        case_id = None
        if v["关联案件编号"]:
            case_id = ctx.record_id("行政处罚", f"{unit.uscc}|{v['关联案件编号']}", "关联案件编号")
        obj = obj or CoerciveMeasure()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.power = power
        obj.party = party
        obj.case_id = case_id
        obj.kind = kind
        obj.decision_no = v["措施编号"]
        obj.officer_a_id = officers[0]
        obj.officer_b_id = officers[1] if len(officers) > 1 else None
        obj.decided_on = v["决定日期"]
        obj.term_days = v["期限天数"]  # not sent: NULL, and the 第二十四条 check reports the missing term
        obj.extension_days = v["延长天数"] or 0
        obj.extension_on = v["延长批准日期"]
        obj.extension_approved_by = f"批准于{v['延长批准日期']}" if v["延长批准日期"] else ""
        obj.lifted_on = v["解除日期"]
        obj.lift_reason = LIFT_REASON.get(v["解除原因"] or "", "")  # not sent: measure_lift reports it
        obj.lift_note = v["处理结果"] or ""
        ref = ctx.reference(unit.region_id)
        recordings = 1 if v["全程音像记录"] else 0
        facts = measure_facts(obj, recordings=recordings)
        obj.due_on = C.measure_due(facts, ref)
        obj.save()
        rules = C.DECIDE_RULES + (C.LIFT_RULES if obj.lifted_on else ())
        return obj, _errors(R.run(rules, measure_facts(obj, recordings=recordings), ref))


LIFT_REASON = {str(label): value for value, label in LiftReason.choices}
LICENCE_RESULT = {"准予": LicenceResult.GRANT, "不予": LicenceResult.REFUSE}


class LicenceWriter(StoredAct):
    def __init__(self):
        super().__init__(
            officers=False, dates=(("受理日期", "决定日期"), ("决定日期", "公示日期"), ("受理日期", "延期批准日期"))
        )

    def check(self, v):
        super().check(v)
        if v["决定日期"] is not None and not v["决定"]:
            from .fields import Bad

            raise Bad("决定", "", "填写决定日期时必须填写决定（准予/不予）")

    def write(self, ctx, v, obj, unit):
        power = ctx.power(unit.region_id, v["事项编码"])
        applicant = _party(ctx, v, unit, name_field="申请人名称")
        # 承办人 is not an exchange.md field: a decision sent without it is still a decision of the year
        officers = ctx.officers(v["承办人执法证号"], "承办人执法证号") if v["承办人执法证号"] else [None]
        obj = obj or LicenceDecision()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.power = power
        obj.applicant = applicant
        obj.application_no = v["许可决定书文号"]
        obj.subject = power.name[:200]
        obj.officer_a_id = officers[0]
        obj.officer_b_id = officers[1] if len(officers) > 1 else None
        obj.accepted_on = v["受理日期"]
        obj.extension_days = v["延期天数"] or 0
        obj.extension_on = v["延期批准日期"]
        obj.extension_approved_by = f"批准于{v['延期批准日期']}" if v["延期批准日期"] else ""
        obj.decided_on = v["决定日期"]
        obj.result = LICENCE_RESULT.get(v["决定"] or "", "")
        obj.decision_no = v["许可决定书文号"] if v["决定日期"] else ""
        ref = ctx.reference(unit.region_id)
        obj.due_on = L.licence_due(licence_facts(obj), ref)
        obj.save()
        rules = L.ACCEPT_RULES + (L.DECIDE_RULES if obj.decided_on else ())
        return obj, _errors(R.run(rules, licence_facts(obj), ref))
