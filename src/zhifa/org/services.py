"""org services: every write is atomic and leaves exactly one audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize
from zhifa.core.validators import birth_date_from_id, validate_id_number, validate_uscc

from .choices import CERTIFIABLE_STAFFING, CertificateStatus, PersonStatus, RevocationReason, StaffingType
from .models import (
    Certificate,
    Exam,
    ExamResult,
    LegalReviewerDesignation,
    Person,
    Region,
    TrainingAttendance,
    TrainingSession,
    Unit,
)

CERTIFICATE_VALIDITY_YEARS = 5  # 天津市行政执法证件有效期 (see docs/legal-basis.md)
CITE_STAFFING = "《天津市持证执法管理办法》"
CITE_ART58 = "《行政处罚法》第五十八条"


def _require(cond: bool, message: str, *, field: str, code: str, citation: str = "") -> None:
    if not cond:
        raise DomainError(message, field=field, code=code, citation=citation)


@transaction.atomic
def unit_create(
    *,
    actor,
    region: Region,
    name: str,
    uscc: str,
    kind: str,
    active_from: dt.date,
    short_name: str = "",
    domain: str = "",
    parent: Unit | None = None,
    is_enforcement_body: bool = True,
) -> Unit:
    authorize(actor, "unit.create", region=region)
    uscc = validate_uscc(uscc)
    _require(bool(name.strip()), "单位名称不能为空", field="name", code="unit.name_required")
    if Unit.objects.filter(uscc=uscc).exists():
        raise InvalidInput(f"统一社会信用代码“{uscc}”已被其他单位使用", field="uscc", code="unit.uscc_taken")
    unit = Unit.objects.create(
        region=region,
        name=name.strip(),
        short_name=short_name,
        uscc=uscc,
        kind=kind,
        domain=domain,
        parent=parent,
        is_enforcement_body=is_enforcement_body,
        active_from=active_from,
    )
    audit(actor=actor, action="unit.create", obj=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_deactivate(*, actor, unit: Unit, on: dt.date) -> Unit:
    authorize(actor, "unit.deactivate", unit=unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    _require(on >= unit.active_from, "撤销日期不能早于设立日期", field="active_to", code="unit.active_to")
    unit.active_to = on
    unit.save(update_fields=["active_to"])
    audit(actor=actor, action="unit.deactivate", obj=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def person_register(
    *,
    actor,
    unit: Unit,
    name: str,
    id_number: str,
    staffing_type: str,
    phone: str = "",
    has_legal_qualification: bool = False,
) -> Person:
    authorize(actor, "person.register", unit=unit)
    id_number = validate_id_number(id_number)
    _require(bool(name.strip()), "姓名不能为空", field="name", code="person.name_required")
    _require(
        staffing_type in StaffingType.values,
        f"编制类型“{staffing_type}”无效",
        field="staffing_type",
        code="person.staffing_type",
    )
    if Person.objects.filter(id_number=id_number).exists():
        raise InvalidInput(f"身份证号码“{id_number}”已登记", field="id_number", code="person.duplicate")
    person = Person.objects.create(
        region_id=unit.region_id,
        unit=unit,
        name=name.strip(),
        id_number=id_number,
        birth_date=birth_date_from_id(id_number),
        phone=phone,
        staffing_type=staffing_type,
        has_legal_qualification=has_legal_qualification,
    )
    audit(actor=actor, action="person.register", obj=person, after=snapshot(person))
    return person


@transaction.atomic
def exam_record_result(*, actor, exam: Exam, person: Person, score: int) -> ExamResult:
    authorize(actor, "exam.record_result", region=exam.region_id)
    _require(0 <= score <= 100, "成绩应在0–100之间", field="score", code="exam.score")
    result = ExamResult.objects.create(exam=exam, person=person, score=score)
    audit(actor=actor, action="exam.result", obj=result, after=snapshot(result), region_code=person.region_id)
    return result


def certificate_issue_check(
    *, person: Person, exam_result: ExamResult | None, issued_on: dt.date, existing_active: bool
) -> None:
    """The conditions for issuing a 行政执法证件; raises DomainError naming the first that fails."""
    _require(
        exam_result is not None and exam_result.person_id == person.pk,
        f"{person.name}没有本人的执法资格考试成绩，不能发证",
        field="exam_result",
        code="certificate.exam_required",
        citation=CITE_STAFFING,
    )
    _require(
        exam_result.passed,
        f"{person.name}的执法资格考试成绩{exam_result.score}分未达合格线，不能发证",
        field="exam_result",
        code="certificate.exam_failed",
        citation=CITE_STAFFING,
    )
    _require(
        exam_result.exam.held_on <= issued_on,
        "发证日期不能早于考试日期",
        field="issued_on",
        code="certificate.before_exam",
    )
    _require(
        person.staffing_type in CERTIFIABLE_STAFFING,
        f"{person.name}的编制类型为“{person.get_staffing_type_display()}”，"
        "只有行政编制或参公事业编制人员可以申领行政执法证件",
        field="staffing_type",
        code="certificate.staffing_ineligible",
        citation=CITE_STAFFING,
    )
    _require(
        person.status == PersonStatus.ACTIVE,
        f"{person.name}状态为“{person.get_status_display()}”，不能发证",
        field="holder",
        code="certificate.person_inactive",
    )
    unit = person.unit
    _require(
        unit.is_enforcement_body and unit.active_on(issued_on),
        f"{unit.name}在{issued_on}不是有效的行政执法单位，不能为其人员发证",
        field="unit",
        code="certificate.unit_inactive",
    )
    _require(
        not existing_active,
        f"{person.name}已持有有效的行政执法证件，每人只能持有一个有效证件",
        field="holder",
        code="certificate.already_active",
        citation=CITE_STAFFING,
    )


@transaction.atomic
def certificate_issue(
    *,
    actor,
    person: Person,
    exam_result: ExamResult | None,
    number: str,
    issued_on: dt.date,
    issuing_authority: str,
    valid_years: int = CERTIFICATE_VALIDITY_YEARS,
) -> Certificate:
    authorize(actor, "certificate.issue", unit=person.unit_id)
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    existing = Certificate.objects.filter(holder=person, status__in=[CertificateStatus.ACTIVE, "suspended"]).exists()
    certificate_issue_check(person=person, exam_result=exam_result, issued_on=issued_on, existing_active=existing)
    _require(bool(number.strip()), "证件编号不能为空", field="number", code="certificate.number_required")
    if Certificate.objects.filter(number=number).exists():
        raise InvalidInput(f"证件编号“{number}”已存在", field="number", code="certificate.number_taken")
    cert = Certificate.objects.create(
        region_id=person.region_id,
        unit=person.unit,
        holder=person,
        number=number.strip(),
        issuing_authority=issuing_authority,
        exam_result=exam_result,
        issued_on=issued_on,
        valid_until=issued_on.replace(year=issued_on.year + valid_years) - dt.timedelta(days=1),
    )
    audit(actor=actor, action="certificate.issue", obj=cert, after=snapshot(cert))
    return cert


def _active_certificate(person: Person) -> Certificate | None:
    return (
        Certificate.objects.select_for_update()
        .filter(holder=person, status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED])
        .first()
    )


def _revoke(cert: Certificate, *, on: dt.date, reason: str) -> None:
    _require(on >= cert.issued_on, "注销日期不能早于发证日期", field="revoked_on", code="certificate.revoke_date")
    cert.status = CertificateStatus.REVOKED
    cert.revoked_on = on
    cert.revocation_reason = reason
    cert.save(update_fields=["status", "revoked_on", "revocation_reason"])


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, on: dt.date, reason: str) -> Certificate:
    authorize(actor, "certificate.revoke", unit=certificate.unit_id)
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _require(
        cert.status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED),
        f"证件{cert.number}状态为“{cert.get_status_display()}”，不能注销",
        field="status",
        code="certificate.not_active",
    )
    _require(
        reason in RevocationReason.values,
        f"注销原因“{reason}”无效",
        field="revocation_reason",
        code="certificate.reason",
    )
    before = snapshot(cert)
    _revoke(cert, on=on, reason=reason)
    audit(actor=actor, action="certificate.revoke", obj=cert, before=before, after=snapshot(cert))
    return cert


@transaction.atomic
def certificate_suspend(*, actor, certificate: Certificate, on: dt.date) -> Certificate:
    authorize(actor, "certificate.suspend", unit=certificate.unit_id)
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _require(
        cert.status == CertificateStatus.ACTIVE, "只有有效证件可以暂扣", field="status", code="certificate.not_active"
    )
    before = snapshot(cert)
    cert.status = CertificateStatus.SUSPENDED
    cert.suspended_on = on
    cert.save(update_fields=["status", "suspended_on"])
    audit(actor=actor, action="certificate.suspend", obj=cert, before=before, after=snapshot(cert))
    return cert


@transaction.atomic
def certificate_reinstate(*, actor, certificate: Certificate) -> Certificate:
    authorize(actor, "certificate.reinstate", unit=certificate.unit_id)
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _require(
        cert.status == CertificateStatus.SUSPENDED,
        "只有暂扣的证件可以恢复",
        field="status",
        code="certificate.not_suspended",
    )
    before = snapshot(cert)
    cert.status = CertificateStatus.ACTIVE
    cert.suspended_on = None
    cert.save(update_fields=["status", "suspended_on"])
    audit(actor=actor, action="certificate.reinstate", obj=cert, before=before, after=snapshot(cert))
    return cert


@transaction.atomic
def certificate_renew(*, actor, certificate: Certificate, on: dt.date, new_number: str) -> Certificate:
    """换证: the old certificate is revoked with reason 换发新证 and a new one issued on the same exam."""
    authorize(actor, "certificate.renew", unit=certificate.unit_id)
    old = Certificate.objects.select_for_update(of=("self",)).select_related("holder__unit").get(pk=certificate.pk)
    _require(
        old.status == CertificateStatus.ACTIVE, "只有有效证件可以换发", field="status", code="certificate.not_active"
    )
    before = snapshot(old)
    _revoke(old, on=on, reason=RevocationReason.RENEWED)
    person = old.holder
    certificate_issue_check(person=person, exam_result=old.exam_result, issued_on=on, existing_active=False)
    if Certificate.objects.filter(number=new_number).exists():
        raise InvalidInput(f"证件编号“{new_number}”已存在", field="number", code="certificate.number_taken")
    new = Certificate.objects.create(
        region_id=person.region_id,
        unit=person.unit,
        holder=person,
        number=new_number,
        issuing_authority=old.issuing_authority,
        exam_result=old.exam_result,
        issued_on=on,
        valid_until=on.replace(year=on.year + CERTIFICATE_VALIDITY_YEARS) - dt.timedelta(days=1),
    )
    audit(
        actor=actor,
        action="certificate.renew",
        obj=new,
        before={"old": before},
        after={"old": snapshot(old), "new": snapshot(new)},
    )
    return new


def _leave(
    *, actor, person: Person, on: dt.date, status: str, reason: str, action: str, to_unit: Unit | None = None
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require(person.status == PersonStatus.ACTIVE, f"{person.name}已不在岗", field="status", code="person.not_active")
    cert = _active_certificate(person)
    before = {"person": snapshot(person), "certificate": snapshot(cert)}
    if cert is not None:
        _revoke(cert, on=on, reason=reason)
    for term in LegalReviewerDesignation.objects.select_for_update().filter(person=person, ended_on__isnull=True):
        term.ended_on = on
        term.save(update_fields=["ended_on"])
    person.status = status
    person.status_changed_on = on
    fields = ["status", "status_changed_on"]
    if to_unit is not None:
        person.unit = to_unit
        person.region_id = to_unit.region_id
        fields += ["unit", "region"]
    person.save(update_fields=fields)
    audit(
        actor=actor,
        action=action,
        obj=person,
        before=before,
        after={"person": snapshot(person), "certificate": snapshot(cert)},
    )
    return person


@transaction.atomic
def person_retire(*, actor, person: Person, on: dt.date) -> Person:
    """退休: the person leaves; the active certificate is revoked (注销, reason 退休)."""
    authorize(actor, "person.retire", unit=person.unit_id)
    return _leave(
        actor=actor,
        person=person,
        on=on,
        status=PersonStatus.RETIRED,
        reason=RevocationReason.RETIRED,
        action="person.retire",
    )


@transaction.atomic
def person_transfer(*, actor, person: Person, on: dt.date, to_unit: Unit | None = None) -> Person:
    """调离执法岗位: the certificate is revoked (reason 调离执法岗位); with ``to_unit`` the person moves there."""
    authorize(actor, "person.transfer", unit=person.unit_id)
    return _leave(
        actor=actor,
        person=person,
        on=on,
        status=PersonStatus.TRANSFERRED,
        reason=RevocationReason.TRANSFERRED,
        action="person.transfer",
        to_unit=to_unit,
    )


@transaction.atomic
def legal_reviewer_designate(*, actor, person: Person, on: dt.date, first_time: bool) -> LegalReviewerDesignation:
    authorize(actor, "reviewer.designate", unit=person.unit_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require(
        person.status == PersonStatus.ACTIVE, f"{person.name}已不在岗", field="person", code="reviewer.person_inactive"
    )
    # 行政处罚法第五十八条第二款: 初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。
    _require(
        not first_time or person.has_legal_qualification,
        f"{person.name}初次从事法制审核，应当取得法律职业资格",
        field="has_legal_qualification",
        code="reviewer.qualification_required",
        citation=CITE_ART58,
    )
    _require(
        not LegalReviewerDesignation.objects.filter(person=person, ended_on__isnull=True).exists(),
        f"{person.name}已是法制审核人员",
        field="person",
        code="reviewer.already",
    )
    d = LegalReviewerDesignation.objects.create(
        region_id=person.region_id, unit_id=person.unit_id, person=person, designated_on=on, first_time=first_time
    )
    audit(actor=actor, action="reviewer.designate", obj=d, after=snapshot(d))
    return d


@transaction.atomic
def legal_reviewer_end(*, actor, designation: LegalReviewerDesignation, on: dt.date) -> LegalReviewerDesignation:
    authorize(actor, "reviewer.end", unit=designation.unit_id)
    d = LegalReviewerDesignation.objects.select_for_update().get(pk=designation.pk)
    _require(d.ended_on is None, "该法制审核人员已终止", field="ended_on", code="reviewer.ended")
    before = snapshot(d)
    d.ended_on = on
    d.save(update_fields=["ended_on"])
    audit(actor=actor, action="reviewer.end", obj=d, before=before, after=snapshot(d))
    return d


@transaction.atomic
def training_record(
    *,
    actor,
    organizer: Unit,
    title: str,
    kind: str,
    held_on: dt.date,
    hours: Decimal,
    attendees: list[Person],
    attendee_hours: dict[int, Decimal] | None = None,
) -> TrainingSession:
    """A session and its attendance; ``attendee_hours`` (person id → hours) for those who attended part of it."""
    authorize(actor, "training.record", unit=organizer)
    hours = Decimal(hours)
    _require(Decimal("0") < hours <= Decimal("200"), "学时应大于0且不超过200", field="hours", code="training.hours")
    _require(bool(attendees), "培训至少应有一名参训人员", field="attendees", code="training.no_attendees")
    session = TrainingSession.objects.create(
        region_id=organizer.region_id, organizer=organizer, title=title, kind=kind, held_on=held_on, hours=hours
    )
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=session, person=p, hours=(attendee_hours or {}).get(p.pk, hours)) for p in attendees]
    )
    audit(
        actor=actor,
        action="training.record",
        obj=session,
        after={
            **snapshot(session),
            "attendees": [p.pk for p in attendees],
            "attendee_hours": {str(k): str(v) for k, v in (attendee_hours or {}).items()},
        },
    )
    return session
