import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import ExamFactory, ExamResultFactory, PersonFactory, PowerFactory, UnitFactory
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.models import AuditLog
from zhifa.core.policy import SYSTEM
from zhifa.org import selectors, services
from zhifa.org.choices import CertificateStatus, PersonStatus, StaffingType
from zhifa.org.models import Certificate, Person

pytestmark = pytest.mark.django_db
D = dt.date


def issue(person, *, on=D(2023, 4, 1), number=None, result=None):
    result = result or ExamResultFactory(person=person, exam__held_on=on - dt.timedelta(days=30))
    return services.certificate_issue(
        actor=SYSTEM,
        person=person,
        exam_result=result,
        number=number or f"TJ{person.pk:08d}",
        issued_on=on,
        issuing_authority="天津市人民政府",
    )


def audit_rows(action):
    return AuditLog.objects.filter(action=action)


def test_register_person_validates_id_and_audits():
    unit = UnitFactory()
    before = AuditLog.objects.count()
    p = services.person_register(
        actor=SYSTEM, unit=unit, name="李娜", id_number="11010519491231002X", staffing_type=StaffingType.ADMIN
    )
    assert p.birth_date == D(1949, 12, 31)
    assert AuditLog.objects.count() == before + 1
    row = audit_rows("person.register").get()
    assert row.before is None and row.after["id_number"] == "11010519491231002X"
    with pytest.raises(InvalidInput) as exc:
        services.person_register(
            actor=SYSTEM, unit=unit, name="王五", id_number="110105194912310021", staffing_type="admin"
        )
    assert exc.value.field == "id_number" and "校验码" in exc.value.message


def test_issue_certificate_needs_passed_exam():
    person = PersonFactory()
    failed = ExamResultFactory(person=person, score=40)
    with pytest.raises(DomainError) as exc:
        issue(person, result=failed)
    assert exc.value.code == "certificate.exam_failed"
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    "staffing, allowed",
    [
        (StaffingType.ADMIN, True),
        (StaffingType.CIVIL_SERVICE_LIKE, True),
        (StaffingType.WORKER, False),
        (StaffingType.DISPATCHED, False),
        (StaffingType.AUXILIARY, False),
        (StaffingType.INSTITUTION, False),
    ],
)
def test_only_eligible_staffing_types_can_be_certified(staffing, allowed):
    person = PersonFactory(staffing_type=staffing)
    if allowed:
        assert issue(person).status == CertificateStatus.ACTIVE
    else:
        with pytest.raises(DomainError) as exc:
            issue(person)
        assert exc.value.code == "certificate.staffing_ineligible"
        assert exc.value.field == "staffing_type"
        assert "编制" in exc.value.message and "天津市持证执法管理办法" in exc.value.citation
        assert not Certificate.objects.filter(holder=person).exists()


def test_second_active_certificate_is_refused_with_the_rule():
    person = PersonFactory()
    issue(person, number="TJ-A")
    n_audit = AuditLog.objects.count()
    with pytest.raises(DomainError) as exc:
        issue(person, number="TJ-B")
    assert exc.value.code == "certificate.already_active"
    assert "每人只能持有一个有效证件" in exc.value.message
    assert Certificate.objects.filter(holder=person).count() == 1
    assert AuditLog.objects.count() == n_audit  # the refused call wrote nothing


def test_retirement_revokes_certificate_and_counts_in_the_year():
    person = PersonFactory()
    cert = issue(person, on=D(2020, 5, 1))
    services.person_retire(actor=SYSTEM, person=person, on=D(2023, 6, 30))
    cert.refresh_from_db()
    person.refresh_from_db()
    assert person.status == PersonStatus.RETIRED
    assert cert.status == CertificateStatus.REVOKED and cert.revocation_reason == "retired"
    assert cert.revoked_on == D(2023, 6, 30)
    region = person.region_id
    assert selectors.certificates_revoked(region, D(2023, 1, 1), D(2023, 12, 31)).count() == 1
    assert selectors.certificate_holders_on(region, D(2023, 1, 1)) == 1
    assert selectors.certificate_holders_on(region, D(2023, 12, 31)) == 0
    row = AuditLog.objects.get(action="person.retire")
    assert row.before["certificate"]["status"] == "active" and row.after["certificate"]["status"] == "revoked"


def test_transfer_revokes_with_reason_transferred_and_moves_person():
    person = PersonFactory()
    issue(person)
    other = UnitFactory()
    services.person_transfer(actor=SYSTEM, person=person, on=D(2023, 9, 1), to_unit=other)
    person.refresh_from_db()
    assert person.unit == other
    assert Certificate.objects.get(holder=person).revocation_reason == "transferred"


def test_point_in_time_counts_derive_start_of_year():
    """Start-of-year holders = end-of-year holders − issued by exam in the year + revoked in the year."""
    unit = UnitFactory()
    people = PersonFactory.create_batch(6, unit=unit)
    for p in people[:4]:
        issue(p, on=D(2021, 3, 1))
    for p in people[4:]:
        issue(p, on=D(2023, 5, 10), result=ExamResultFactory(person=p, exam__held_on=D(2023, 4, 20)))
    services.person_retire(actor=SYSTEM, person=people[0], on=D(2023, 7, 1))
    region = unit.region_id
    start, end = (
        selectors.certificate_holders_on(region, D(2023, 1, 1)),
        selectors.certificate_holders_on(region, D(2023, 12, 31)),
    )
    issued = selectors.certificates_issued_by_exam(region, D(2023, 1, 1), D(2023, 12, 31)).count()
    revoked = selectors.certificates_revoked(region, D(2023, 1, 1), D(2023, 12, 31)).count()
    assert (start, end, issued, revoked) == (4, 5, 2, 1)
    assert start == end - issued + revoked


def test_first_time_reviewer_needs_legal_qualification():
    person = PersonFactory(has_legal_qualification=False)
    with pytest.raises(DomainError) as exc:
        services.legal_reviewer_designate(actor=SYSTEM, person=person, on=D(2023, 1, 5), first_time=True)
    assert "第五十八条" in exc.value.citation
    qualified = PersonFactory(has_legal_qualification=True, unit=person.unit)
    services.legal_reviewer_designate(actor=SYSTEM, person=qualified, on=D(2023, 1, 5), first_time=True)
    assert selectors.legal_reviewers_on(person.region_id, D(2023, 12, 31)).count() == 1


def test_enforcement_units_need_a_power():
    u1, u2 = UnitFactory(), UnitFactory()
    PowerFactory(owner=u1)
    assert list(selectors.enforcement_units_on(u1.region_id, D(2023, 12, 31))) == [u1]
    assert u2 not in selectors.units_active_on(u1.region_id, D(2014, 1, 1))


# Every service call leaves exactly one audit row, with before/after.
SERVICE_CALLS = [
    (
        "unit.create",
        lambda ctx: services.unit_create(
            actor=SYSTEM,
            region=ctx["unit"].region,
            name="新单位",
            uscc="91110000600037341L",
            kind="department",
            active_from=D(2020, 1, 1),
        ),
    ),
    ("unit.deactivate", lambda ctx: services.unit_deactivate(actor=SYSTEM, unit=ctx["unit"], on=D(2024, 1, 1))),
    (
        "person.register",
        lambda ctx: services.person_register(
            actor=SYSTEM, unit=ctx["unit"], name="赵六", id_number="120110198001010019", staffing_type="admin"
        ),
    ),
    (
        "exam.result",
        lambda ctx: services.exam_record_result(actor=SYSTEM, exam=ExamFactory(), person=ctx["p2"], score=90),
    ),
    ("certificate.issue", lambda ctx: issue(ctx["p2"])),
    (
        "certificate.revoke",
        lambda ctx: services.certificate_revoke(
            actor=SYSTEM, certificate=ctx["cert"], on=D(2023, 8, 1), reason="discipline"
        ),
    ),
    (
        "certificate.suspend",
        lambda ctx: services.certificate_suspend(actor=SYSTEM, certificate=ctx["cert"], on=D(2023, 8, 1)),
    ),
    (
        "certificate.renew",
        lambda ctx: services.certificate_renew(
            actor=SYSTEM, certificate=ctx["cert"], on=D(2023, 8, 1), new_number="TJ-NEW"
        ),
    ),
    ("person.retire", lambda ctx: services.person_retire(actor=SYSTEM, person=ctx["p1"], on=D(2023, 8, 1))),
    ("person.transfer", lambda ctx: services.person_transfer(actor=SYSTEM, person=ctx["p1"], on=D(2023, 8, 1))),
    (
        "reviewer.designate",
        lambda ctx: services.legal_reviewer_designate(actor=SYSTEM, person=ctx["p1"], on=D(2023, 8, 1), first_time=False),
    ),
    (
        "training.record",
        lambda ctx: services.training_record(
            actor=SYSTEM,
            organizer=ctx["unit"],
            title="培训",
            kind="general",
            held_on=D(2023, 5, 1),
            hours=Decimal("8"),
            attendees=[ctx["p1"], ctx["p2"]],
        ),
    ),
]


@pytest.mark.parametrize("action, call", SERVICE_CALLS, ids=[a for a, _ in SERVICE_CALLS])
def test_each_service_call_leaves_exactly_one_audit_row(action, call):
    unit = UnitFactory()
    p1, p2 = PersonFactory(unit=unit), PersonFactory(unit=unit)
    cert = Certificate.objects.create(
        region=unit.region,
        unit=unit,
        holder=p1,
        number="TJ-OLD",
        issuing_authority="天津市人民政府",
        exam_result=ExamResultFactory(person=p1),
        issued_on=D(2021, 1, 1),
        valid_until=D(2025, 12, 31),
    )
    ctx = {"unit": unit, "p1": p1, "p2": p2, "cert": cert, "result": ExamResultFactory(person=p2)}
    n = AuditLog.objects.count()
    call(ctx)
    assert AuditLog.objects.count() == n + 1
    row = AuditLog.objects.latest("id")
    assert row.action == action
    assert row.after is not None
    if action not in (
        "unit.create",
        "person.register",
        "exam.result",
        "certificate.issue",
        "reviewer.designate",
        "training.record",
    ):
        assert row.before is not None


def test_failed_service_writes_nothing():
    person = PersonFactory(staffing_type=StaffingType.WORKER)
    n_audit, n_person = AuditLog.objects.count(), Person.objects.count()
    with pytest.raises(DomainError):
        issue(person)
    assert (AuditLog.objects.count(), Person.objects.count()) == (n_audit, n_person)
