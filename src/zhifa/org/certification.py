"""申领行政执法证件 as a workflow: the unit applies, the 编制 check runs at once, the 区司法局 approves or
returns, an exam result is entered and a pass issues the certificate (through ``certificate_issue``).

Status machine (nothing else assigns ``CertificateApplication.status``):

    applied  --approve-->  approved  --result ≥ pass-->  issued
    applied  --return--->  returned  (the unit may apply again)
                           approved  --result < pass-->  failed

The staffing rule: 行政编制 and 参照公务员法管理事业编制 may hold a certificate; 工勤、劳务派遣、协管/辅助人员 may
not. 《天津市持证执法管理办法》第七条 requires the 资格审查 before a certificate is issued, but its
retrievable text does not list staffing types (docs/legal-basis.md §3): the list is the platform's setting
(``org.choices.CERTIFIABLE_STAFFING``) modelled on the 在编在岗 requirement of the other provinces' rules.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize

from . import services
from .choices import CERTIFIABLE_STAFFING, ApplicationStatus, CertificateStatus, PersonStatus
from .models import Certificate, CertificateApplication, Exam, Person, Region

CITE_STAFFING_CHECK = (
    "《天津市持证执法管理办法》第七条（资格审查）；可申领的编制类型为平台设置：行政编制、参公事业编制"
    "（见docs/legal-basis.md第3节）"
)
# Renewal (换证) is due before the certificate's 有效期 ends; the alert comes this many days before.
RENEWAL_ALERT_DAYS = 60


def staffing_refusal(person: Person) -> DomainError | None:
    """The 编制 check of an application (the same set ``certificate_issue_check`` asks at issue)."""
    if person.staffing_type in CERTIFIABLE_STAFFING:
        return None
    return DomainError(
        f"{person.name}的编制类型为“{person.get_staffing_type_display()}”，不能申领行政执法证件："
        "只有行政编制或参公事业编制人员可以申领",
        field="person",
        code="certificate.staffing_ineligible",
        citation=CITE_STAFFING_CHECK,
    )


@transaction.atomic
def certificate_apply(*, actor, person: Person, applied_on: dt.date) -> CertificateApplication:
    """The unit applies for its person. The 编制 check runs at once: an ineligible person is refused."""
    authorize(actor, "certificate.apply", unit=person.unit_id)
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    refusal = staffing_refusal(person)
    if refusal is not None:
        raise refusal
    if person.status != PersonStatus.ACTIVE:
        raise DomainError(f"{person.name}已不在岗，不能申领", field="person", code="certificate.person_inactive")
    if Certificate.objects.filter(holder=person, status__in=[CertificateStatus.ACTIVE, "suspended"]).exists():
        raise DomainError(f"{person.name}已持有有效的行政执法证件", field="person", code="certificate.already_active")
    if CertificateApplication.objects.filter(
        person=person, status__in=[ApplicationStatus.APPLIED, ApplicationStatus.APPROVED]
    ).exists():
        raise DomainError(f"{person.name}已有在办的申领", field="person", code="certificate.application_open")
    app = CertificateApplication.objects.create(
        region_id=person.region_id,
        unit_id=person.unit_id,
        person=person,
        applied_on=applied_on,
        staffing_type=person.staffing_type,
    )
    audit(actor=actor, action="certificate.apply", obj=app, after=snapshot(app))
    return app


@transaction.atomic
def certificate_application_decide(
    *, actor, application: CertificateApplication, approve: bool, decided_on: dt.date, note: str = ""
) -> CertificateApplication:
    """The 区司法局's 资格审查: approve (the person may sit the exam) or return with a reason."""
    authorize(actor, "certificate.review", unit=application.unit_id)
    app = CertificateApplication.objects.select_for_update(of=("self",)).select_related("person").get(pk=application.pk)
    if app.status != ApplicationStatus.APPLIED:
        raise DomainError(
            f"申领状态为“{app.get_status_display()}”，不能审核", field="status", code="certificate.review_state"
        )
    if not approve and not note.strip():
        raise InvalidInput("退回申领须写明理由", field="note", code="certificate.return_reason")
    if decided_on < app.applied_on:
        raise InvalidInput("审核日期不能早于申请日期", field="decided_on", code="certificate.review_date")
    if approve:
        refusal = staffing_refusal(app.person)  # the person's 编制 may have changed since the application
        if refusal is not None:
            raise refusal
    before = snapshot(app)
    app.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.RETURNED  # APPLIED -> …
    app.decided_on, app.decision_note = decided_on, note.strip()
    app.save(update_fields=["status", "decided_on", "decision_note"])
    audit(actor=actor, action="certificate.review", obj=app, before=before, after=snapshot(app), note=note)
    return app


@transaction.atomic
def exam_create(*, actor, region: Region, name: str, held_on: dt.date, pass_score: int = 60) -> Exam:
    """An exam session (执法资格考试)."""
    authorize(actor, "exam.create", region=region)
    if not name.strip():
        raise InvalidInput("考试名称不能为空", field="name", code="exam.name")
    if not 1 <= pass_score <= 100:
        raise InvalidInput("合格分数应在1–100之间", field="pass_score", code="exam.pass_score")
    exam = Exam.objects.create(region=region, name=name.strip(), held_on=held_on, pass_score=pass_score)
    audit(actor=actor, action="exam.create", obj=exam, after=snapshot(exam))
    return exam


def next_certificate_number(region_code: str, year: int) -> str:
    prefix = f"津执{region_code}{year}"
    n = Certificate.objects.filter(number__startswith=prefix).count()
    while True:
        n += 1
        number = f"{prefix}{n:05d}"
        if not Certificate.objects.filter(number=number).exists():
            return number


@transaction.atomic
def certificate_application_result(
    *,
    actor,
    application: CertificateApplication,
    exam: Exam,
    score: int,
    issued_on: dt.date | None = None,
    number: str = "",
    issuing_authority: str = "",
) -> CertificateApplication:
    """Enter the approved applicant's exam result; a pass issues the certificate (``certificate_issue``)."""
    authorize(actor, "exam.record_result", region=exam.region_id)
    app = CertificateApplication.objects.select_for_update(of=("self",)).select_related("person__unit").get(pk=application.pk)
    if app.status != ApplicationStatus.APPROVED:
        raise DomainError(
            f"申领状态为“{app.get_status_display()}”，只有审核通过的申领可以登记考试成绩",
            field="status",
            code="certificate.result_state",
        )
    if exam.held_on < app.decided_on:
        raise InvalidInput("考试日期不能早于资格审核日期", field="exam", code="certificate.exam_date")
    before = snapshot(app)
    result = services.exam_record_result(actor=actor, exam=exam, person=app.person, score=score)
    app.exam_result = result
    if result.passed:
        on = issued_on or exam.held_on
        region = Region.objects.select_related("parent").get(pk=app.region_id)
        authority = issuing_authority or f"{(region.parent or region).name}人民政府"
        cert = services.certificate_issue(
            actor=actor,
            person=app.person,
            exam_result=result,
            number=number or next_certificate_number(app.region_id, on.year),
            issued_on=on,
            issuing_authority=authority,
        )
        app.certificate, app.status = cert, ApplicationStatus.ISSUED  # APPROVED -> ISSUED
    else:
        app.status = ApplicationStatus.FAILED  # APPROVED -> FAILED
    app.save(update_fields=["exam_result", "certificate", "status"])
    audit(actor=actor, action="certificate.result", obj=app, before=before, after=snapshot(app))
    return app
