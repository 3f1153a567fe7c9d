"""Writers of the registry record types: 执法主体, 执法人员, 执法证件, 法制审核人员, 培训记录, 权责事项,
专项行动, 联合行动, 检查计划, 电子监控设备.

A writer resolves the record's natural keys (raising ``Bad`` naming the field), checks what is
malformed, and writes the domain rows; the loader owns the savepoint, the key index and the audit row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import ProtectedError

from zhifa.core.errors import DomainError
from zhifa.core.validators import birth_date_from_id
from zhifa.enforcement.choices import CampaignKind, InspectionKind
from zhifa.enforcement.models import Campaign, CampaignMeeting, Device, InspectionPlan, JointAction
from zhifa.org.choices import CertificateStatus, PersonStatus, RevocationReason, StaffingType, TrainingKind, UnitKind
from zhifa.org.models import (
    Certificate,
    Exam,
    ExamResult,
    LegalReviewerDesignation,
    Person,
    TrainingAttendance,
    TrainingSession,
    Unit,
)
from zhifa.powers import services as power_services
from zhifa.powers.choices import DelegationKind, FilingKind, PowerCategory
from zhifa.powers.models import Filing, Power, PowerDelegation

from .fields import BEIJING, Bad, F, parse_date, parse_uscc
from .models import ExchangeRecord


def by_label(choices, label: str, default=None):
    """The stored value of a Chinese label (exchange.md 原则 5: codes are the workspace's labels)."""
    if not label:
        return default
    for value, text in choices.choices:
        if str(text) == label:
            return value
    return default


class Writer:
    """Defaults: the record has no owning unit of its own and is written nowhere but the key index."""

    def check(self, v: dict) -> None:
        """Checks between the record's own fields (no database)."""

    def owner(self, ctx, v: dict) -> Unit | None:
        return None

    def region_code(self, ctx, v: dict) -> str:
        raise AssertionError("a record type without an owning unit must name its region")

    def locate(self, ctx, v: dict):
        """The existing domain row of a record received for the first time (entered in the workspace)."""
        return None

    def write(self, ctx, v: dict, obj, unit):
        return obj, []

    def delete(self, ctx, obj, v: dict) -> None:
        try:
            obj.delete()
        except ProtectedError:
            raise DomainError("该记录被其他记录引用，不能删除；请先删除引用它的记录", code="exchange.protected")


def _as_date(x):
    return x.astimezone(BEIJING).date() if isinstance(x, dt.datetime) else x


def order(v: dict, earlier: str, later: str, reason: str = "") -> None:
    a, b = _as_date(v.get(earlier)), _as_date(v.get(later))
    if a is not None and b is not None and b < a:
        raise Bad(later, b, reason or f"{later}不能早于{earlier}（{a}）")


class UnitWriter(Writer):
    def check(self, v):
        order(v, "设立日期", "撤销日期")

    def owner(self, ctx, v):
        return Unit.objects.filter(uscc=v["统一社会信用代码"]).first()

    def region_code(self, ctx, v):
        return v["行政区划代码"]

    def write(self, ctx, v, obj, unit):
        region = ctx.region(v["行政区划代码"])
        parent = (
            ctx.unit(v["上级单位统一社会信用代码"], "上级单位统一社会信用代码")
            if v["上级单位统一社会信用代码"]
            else None
        )
        clash = Unit.objects.filter(region=region, name=v["单位名称"]).exclude(uscc=v["统一社会信用代码"]).first()
        if clash is not None:
            raise Bad("单位名称", v["单位名称"], f"本行政区划已有同名单位（统一社会信用代码 {clash.uscc}）")
        obj = obj or Unit(uscc=v["统一社会信用代码"])
        obj.region = region
        obj.name = v["单位名称"]
        obj.short_name = v["简称"] or ""
        obj.kind = by_label(UnitKind, v["单位类型"])
        obj.parent = parent
        obj.domain = v["执法领域"] or ""
        obj.is_enforcement_body = v["具有执法主体资格"] is not False
        obj.active_from = v["设立日期"]
        obj.active_to = v["撤销日期"]
        obj.save()
        return obj, []


STAFFING = {"工勤": StaffingType.WORKER, "协管员": StaffingType.AUXILIARY}


class PersonWriter(Writer):
    def check(self, v):
        if v["人员状态"] in ("退休", "调离") and v["状态变更日期"] is None:
            raise Bad("状态变更日期", "", f"人员状态为“{v['人员状态']}”时必须填写状态变更日期")

    def owner(self, ctx, v):
        return ctx.unit(v["单位统一社会信用代码"], "单位统一社会信用代码")

    def locate(self, ctx, v):
        return Person.objects.filter(id_number=v["身份证号码"]).first()

    def write(self, ctx, v, obj, unit):
        obj = obj or Person(id_number=v["身份证号码"])
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.name = v["姓名"]
        obj.birth_date = birth_date_from_id(v["身份证号码"])
        obj.phone = v["手机号码"] or ""
        obj.staffing_type = STAFFING.get(v["编制类型"]) or by_label(StaffingType, v["编制类型"])
        obj.has_legal_qualification = v["法律职业资格"]  # not sent: NULL
        obj.status = by_label(PersonStatus, v["人员状态"], PersonStatus.ACTIVE)
        obj.status_changed_on = v["状态变更日期"]
        obj.save()
        return obj, []


REVOCATION = {"违纪": RevocationReason.DISCIPLINE, "调离执法岗位": RevocationReason.TRANSFERRED}


class CertificateWriter(Writer):
    def check(self, v):
        order(v, "发证日期", "有效期至")
        order(v, "发证日期", "注销日期")
        order(v, "考试日期", "发证日期", "发证日期不能早于考试日期")
        if v["证件状态"] == "注销" and (v["注销日期"] is None or not v["注销原因"]):
            raise Bad("注销日期", v["注销日期"], "证件状态为“注销”时必须填写注销日期和注销原因")
        if (v["考试日期"] is None) != (v["考试成绩"] is None):
            raise Bad("考试成绩", v["考试成绩"], "考试日期和考试成绩应同时填写")
        if v["考试成绩"] is not None and v["考试成绩"] > 100:
            raise Bad("考试成绩", v["考试成绩"], "成绩应在0–100之间")

    def owner(self, ctx, v):
        return ctx.person(v["持证人身份证号码"], "持证人身份证号码").unit

    def locate(self, ctx, v):
        return Certificate.objects.filter(number=v["执法证号"]).first()

    def write(self, ctx, v, obj, unit):
        holder = ctx.person(v["持证人身份证号码"], "持证人身份证号码")
        status = {"注销": CertificateStatus.REVOKED, "暂扣": CertificateStatus.SUSPENDED}.get(
            v["证件状态"], CertificateStatus.ACTIVE
        )
        if status != CertificateStatus.REVOKED:
            other = (
                Certificate.objects.filter(holder=holder, status__in=[CertificateStatus.ACTIVE, "suspended"])
                .exclude(number=v["执法证号"])
                .first()
            )
            if other is not None:
                raise Bad(
                    "证件状态",
                    v["证件状态"] or "有效",
                    f"持证人已有有效证件{other.number}，每人只能持有一个有效证件（请先报送该证件的注销）",
                )
        obj = obj or Certificate(number=v["执法证号"])
        obj.region_id = holder.region_id
        obj.unit = holder.unit if obj.pk is None else obj.unit
        obj.holder = holder
        obj.issuing_authority = v["发证机关"]
        obj.issued_on = v["发证日期"]
        # not sent: NULL, and the certificate does not show its holder in force (第四十二条 checks report it)
        obj.valid_until = v["有效期至"]
        obj.status = status
        obj.suspended_on = obj.suspended_on if status == CertificateStatus.SUSPENDED else None
        obj.revoked_on = v["注销日期"] if status == CertificateStatus.REVOKED else None
        obj.revocation_reason = (
            (REVOCATION.get(v["注销原因"]) or by_label(RevocationReason, v["注销原因"], RevocationReason.OTHER))
            if status == CertificateStatus.REVOKED
            else ""
        )
        if v["考试日期"] is not None:
            exam, _ = Exam.objects.get_or_create(
                region_id=holder.region_id, held_on=v["考试日期"], defaults={"name": "行政执法资格考试"}
            )
            result, _ = ExamResult.objects.update_or_create(exam=exam, person=holder, defaults={"score": v["考试成绩"]})
            obj.exam_result = result
        obj.save()
        return obj, []


class ReviewerWriter(Writer):
    def check(self, v):
        order(v, "起始日期", "终止日期")

    def owner(self, ctx, v):
        return ctx.unit(v["单位统一社会信用代码"], "单位统一社会信用代码")

    def locate(self, ctx, v):
        return LegalReviewerDesignation.objects.filter(person__id_number=v["身份证号码"]).order_by("-id").first()

    def write(self, ctx, v, obj, unit):
        person = ctx.person(v["身份证号码"], "身份证号码")
        if person.unit_id != unit.pk:
            raise Bad("单位统一社会信用代码", unit.uscc, f"{person.name}不是该单位的人员")
        obj = obj or LegalReviewerDesignation(person=person)
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.person = person
        obj.designated_on = v["起始日期"]
        obj.ended_on = v["终止日期"]
        obj.first_time = v["初次从事法制审核"]  # not sent: NULL (legal_review_done reports it with no qualification)
        obj.save()
        return obj, []


SESSION_TYPE = "培训场次"  # the key index of training sessions (培训编号 → TrainingSession), internal


class TrainingWriter(Writer):
    def owner(self, ctx, v):
        if v["组织单位统一社会信用代码"]:
            return ctx.unit(v["组织单位统一社会信用代码"], "组织单位统一社会信用代码")
        return ctx.person(v["身份证号码"], "身份证号码").unit

    def check(self, v):
        if not Decimal("0") < v["学时"] <= Decimal("200"):
            raise Bad("学时", v["学时"], "学时应大于0且不超过200")

    def write(self, ctx, v, obj, unit):
        person = ctx.person(v["身份证号码"], "身份证号码")
        rec = ExchangeRecord.objects.filter(record_type=SESSION_TYPE, key=v["培训编号"]).first()
        session = TrainingSession.objects.filter(pk=rec.object_id).first() if rec else None
        session = session or TrainingSession()
        organizer = (
            ctx.unit(v["组织单位统一社会信用代码"], "组织单位统一社会信用代码")
            if v["组织单位统一社会信用代码"]
            else None
        )
        fields = {
            "region_id": unit.region_id,
            "organizer_id": organizer.pk if organizer else None,
            "title": v["培训名称"],
            "kind": by_label(TrainingKind, v["培训类型"], ""),
            "held_on": v["培训日期"],
            "hours": v["学时"],
        }
        if session.pk is None or any(getattr(session, k) != x for k, x in fields.items()):  # one per many rows
            for k, x in fields.items():
                setattr(session, k, x)
            session.save()
        if rec is None:
            ExchangeRecord.objects.create(
                record_type=SESSION_TYPE,
                key=v["培训编号"],
                region_id=unit.region_id,
                unit=unit,
                object_id=session.pk,
                digest="-",
                batch=ctx.batch,
            )
        obj = obj or TrainingAttendance.objects.filter(session=session, person=person).first() or TrainingAttendance()
        obj.session = session
        obj.person = person
        obj.hours = v["学时"]
        obj.save()
        return obj, []


POWER_FIELDS = {
    "事项名称": "name",
    "实施依据": "legal_basis",
    "执法领域": "domain",
    "须法制审核": "requires_legal_review",
    "须全程音像记录": "requires_recording",
    "一人执法的法律依据": "single_officer_basis",
}


class PowerWriter(Writer):
    """Through powers.services (power_add / power_modify / power_remove / power_delegate): versioned and audited."""

    def check(self, v):
        order(v, "生效日期", "取消日期")
        self.delegations(v)

    @staticmethod
    def delegations(v) -> list[tuple[str, str, dt.date]]:
        """(承接单位, 承接方式, 承接起始日期) for each 承接单位; one 方式 or date stands for all of them."""
        units, kinds, days = v["承接单位统一社会信用代码"], v["承接方式"], v["承接起始日期"]
        if not units:
            return []
        if not (kinds and days):
            raise Bad("承接方式", "；".join(kinds), "填写承接单位时必须填写承接方式和承接起始日期")
        for fname, values in (("承接方式", kinds), ("承接起始日期", days)):
            if len(values) not in (1, len(units)):
                raise Bad(fname, "；".join(values), f"应为一个值，或与{len(units)}个承接单位逐一对应")
        out = []
        for i, uscc in enumerate(units):
            uscc = parse_uscc(DELEGATE_USCC, uscc)
            kind = kinds[i if len(kinds) > 1 else 0]
            if kind not in ("授权", "委托"):
                raise Bad("承接方式", kind, "应为：授权、委托")
            out.append((uscc, kind, parse_date(DELEGATED_ON, days[i if len(days) > 1 else 0])))
        return out

    def owner(self, ctx, v):
        return ctx.unit(v["实施主体统一社会信用代码"], "实施主体统一社会信用代码")

    def locate(self, ctx, v):
        return None  # located by (region, code) in write, once the owner's region is known

    def write(self, ctx, v, obj, unit):
        fields = {attr: v[name] if v[name] is not None else _power_default(attr) for name, attr in POWER_FIELDS.items()}
        fields["category"] = by_label(PowerCategory, v["职权类别"])
        doc = v["调整文号"] or ""
        obj = obj or Power.objects.filter(region_id=unit.region_id, code=v["事项编码"]).first()
        if obj is not None and obj.owner_id != unit.pk:
            raise Bad("实施主体统一社会信用代码", unit.uscc, f"事项编码{obj.code}属于{obj.owner.name}")
        if obj is None:
            obj = power_services.power_add(
                actor=ctx.service_actor,
                owner=unit,
                code=v["事项编码"],
                document_no=doc,
                effective_on=v["生效日期"],
                **fields,
            )
        else:
            changed = {k: val for k, val in fields.items() if getattr(obj, k) != val}
            if obj.effective_from != v["生效日期"]:
                obj.effective_from = v["生效日期"]
                obj.save(update_fields=["effective_from"])
            if changed and obj.effective_to is None:
                obj = power_services.power_modify(
                    actor=ctx.service_actor, power=obj, document_no=doc, effective_on=v["生效日期"], **changed
                )
        if v["取消日期"] is not None and obj.effective_to != v["取消日期"]:
            if obj.effective_to is None:
                obj = power_services.power_remove(
                    actor=ctx.service_actor, power=obj, document_no=doc, effective_on=v["取消日期"]
                )
            else:
                obj.effective_to = v["取消日期"]
                obj.save(update_fields=["effective_to"])
        for uscc, label, on in self.delegations(v):
            to_unit = ctx.unit(uscc, "承接单位统一社会信用代码")
            kind = by_label(DelegationKind, label)
            d = PowerDelegation.objects.filter(power=obj, to_unit=to_unit, effective_on=on).first()
            if d is None:
                power_services.power_delegate(
                    actor=ctx.service_actor,
                    power=obj,
                    to_unit=to_unit,
                    kind=kind,
                    document_no=doc,
                    effective_on=on,
                )
            elif d.kind != kind:
                d.kind = kind
                d.save(update_fields=["kind"])
        return obj, []


def _power_default(attr: str):
    return False if attr.startswith("requires_") else ""


MEETING_DATE = F("部署会议日期", "meeting_dates", "date")
DELEGATE_USCC = F("承接单位统一社会信用代码", "delegate_uscc", "uscc")
DELEGATED_ON = F("承接起始日期", "delegated_on", "date")


class CampaignWriter(Writer):
    def check(self, v):
        order(v, "开始日期", "结束日期")

    def owner(self, ctx, v):
        return ctx.unit(v["牵头单位统一社会信用代码"], "牵头单位统一社会信用代码")

    def locate(self, ctx, v):
        return Campaign.objects.filter(name=v["行动名称"]).order_by("id").first()

    def write(self, ctx, v, obj, unit):
        units = [ctx.unit(u, "参与单位统一社会信用代码") for u in v["参与单位统一社会信用代码"]]
        meetings = [parse_date(MEETING_DATE, s) for s in v["部署会议日期"]]
        start = v["开始日期"]
        obj = obj or Campaign()
        obj.region_id = unit.region_id
        obj.name = v["行动名称"]
        obj.kind = by_label(CampaignKind, v["类型"], "")
        obj.domain = v["执法领域"] or ""
        obj.lead_unit = unit
        obj.start_on = start
        obj.end_on = v["结束日期"]  # not sent: an open-ended campaign
        obj.save()
        obj.units.set([unit, *units])
        CampaignMeeting.objects.filter(campaign=obj).delete()
        CampaignMeeting.objects.bulk_create(
            [
                CampaignMeeting(region_id=obj.region_id, campaign=obj, held_on=d, title=f"{obj.name}部署会议")
                for d in meetings
            ]
        )
        return obj, []


def campaign_by_name(ctx, region_id: str, name: str, fname: str = "专项行动名称") -> Campaign:
    c = Campaign.objects.filter(region_id=region_id, name=name).order_by("id").first()
    if c is None:
        raise Bad(fname, name, "该专项行动不存在（请先报送专项行动）")
    return c


class JointActionWriter(Writer):
    def owner(self, ctx, v):
        return ctx.unit(v["参与单位统一社会信用代码"][0], "参与单位统一社会信用代码")

    def write(self, ctx, v, obj, unit):
        units = [ctx.unit(u, "参与单位统一社会信用代码") for u in v["参与单位统一社会信用代码"]]
        campaign = campaign_by_name(ctx, unit.region_id, v["专项行动名称"]) if v["专项行动名称"] else None
        obj = obj or JointAction()
        obj.region_id = unit.region_id
        obj.title = v["名称"] or ""
        obj.held_on = v["日期"]
        obj.lead_unit = unit
        obj.campaign = campaign
        obj.save()
        obj.units.set(units)
        return obj, []


PLAN_KIND = {
    "双随机": InspectionKind.RANDOM,
    "专项": InspectionKind.SPECIAL,
    "联合": InspectionKind.JOINT,
    "上级交办": InspectionKind.ROUTINE,
}


class PlanWriter(Writer):
    def owner(self, ctx, v):
        return ctx.unit(v["实施机构统一社会信用代码"], "实施机构统一社会信用代码")

    def check(self, v):
        if not 2000 <= v["年度"] <= 2100:
            raise Bad("年度", v["年度"], "年度应为四位年份")
        if bool(v["审批人身份证号码"]) != (v["审批时间"] is not None):
            missing = "审批时间" if v["审批人身份证号码"] else "审批人身份证号码"
            raise Bad(missing, "", "审批人身份证号码与审批时间应同时填写")
        order(v, "审批时间", "备案日期", "备案日期不能早于审批时间")
        order(v, "审批时间", "公布日期", "公布日期不能早于审批时间")
        if v["审批时间"] is None and (v["备案日期"] or v["公布日期"]):
            field = "备案日期" if v["备案日期"] else "公布日期"
            raise Bad(field, v[field], "未经批准的计划不能备案或公布（应先填写审批人和审批时间）")

    def write(self, ctx, v, obj, unit):
        approver = ctx.person(v["审批人身份证号码"], "审批人身份证号码") if v["审批人身份证号码"] else None
        obj = obj or InspectionPlan()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.year = v["年度"]
        obj.kind = PLAN_KIND.get(v["计划类型"] or "", "")
        obj.title = v["计划编号"]
        obj.tasks_planned = v["任务数"]
        obj.approved_by = approver
        obj.approved_at = v["审批时间"]
        obj.filed_on = v["备案日期"]
        obj.published_on = v["公布日期"]
        obj.superior_deployed = bool(v["上级部署"])
        obj.save()
        return obj, []


class FilingWriter(Writer):
    """制度备案 through powers.services.filing_record (audited); a record sent again updates its title and 文号."""

    def owner(self, ctx, v):
        return ctx.unit(v["实施机构统一社会信用代码"], "实施机构统一社会信用代码")

    def locate(self, ctx, v):
        unit = ctx.unit(v["实施机构统一社会信用代码"], "实施机构统一社会信用代码")
        kind = by_label(FilingKind, v["备案类型"])
        return Filing.objects.filter(unit=unit, kind=kind, filed_on=v["备案日期"]).order_by("pk").first()

    def write(self, ctx, v, obj, unit):
        if obj is None:
            obj = power_services.filing_record(
                actor=ctx.service_actor,
                unit=unit,
                kind=by_label(FilingKind, v["备案类型"]),
                title=v["文件名称"],
                filed_on=v["备案日期"],
                document_no=v["文号"] or "",
            )
            return obj, []
        obj.title = v["文件名称"]
        obj.document_no = v["文号"] or ""
        obj.save(update_fields=["title", "document_no"])
        return obj, []


class DeviceWriter(Writer):
    def check(self, v):
        order(v, "审核日期", "公布日期", "公布日期不能早于审核日期")

    def owner(self, ctx, v):
        return ctx.unit(v["实施机构统一社会信用代码"], "实施机构统一社会信用代码")

    def write(self, ctx, v, obj, unit):
        obj = obj or Device()
        obj.region_id = unit.region_id
        obj.unit = unit
        obj.name = v["设备编号"][:100]
        obj.location = v["设置地点"]
        obj.approved_on = v["审核日期"]
        obj.published_on = v["公布日期"]
        obj.save()
        return obj, []
