"""File importers for units, people and certificates (``zhifa import units|people|certificates``)."""

from __future__ import annotations

from zhifa.core.importing import Column, Importer, choice_parser, parse_bool, parse_date
from zhifa.core.validators import validate_id_number, validate_uscc

from . import services
from .choices import StaffingType, UnitKind
from .models import Certificate, Exam, ExamResult, Person, Region, Unit


def _region(code: str) -> Region:
    try:
        return Region.objects.get(pk=code.strip())
    except Region.DoesNotExist:
        raise ValueError(f"行政区划代码“{code}”不存在")


def _unit_by_uscc(v: str) -> Unit:
    code = validate_uscc(v, field="unit")
    try:
        return Unit.objects.get(uscc=code)
    except Unit.DoesNotExist:
        raise ValueError(f"统一社会信用代码为“{code}”的单位不存在")


class UnitImporter(Importer):
    kind = "units"
    columns = [
        Column("统一社会信用代码", "uscc", parse=validate_uscc),
        Column("单位名称", "name"),
        Column("行政区划代码", "region", parse=_region),
        Column("单位类型", "kind", parse=choice_parser(UnitKind)),
        Column("设立日期", "active_from", parse=parse_date),
        Column("简称", "short_name", required=False),
        Column("执法领域", "domain", required=False),
        Column("具有执法主体资格", "is_enforcement_body", required=False, parse=parse_bool),
    ]

    def key(self, p):
        return p["uscc"]

    def existing(self, p):
        return Unit.objects.filter(uscc=p["uscc"]).first()

    def same(self, u, p):
        return (u.name, u.region_id, u.kind, u.active_from) == (p["name"], p["region"].pk, p["kind"], p["active_from"])

    def check(self, p):
        if Unit.objects.filter(region=p["region"], name=p["name"]).exists():
            raise ValueError(f"本区划已有名为“{p['name']}”的单位")

    def create(self, p, actor):
        return services.unit_create(
            actor=actor,
            region=p["region"],
            name=p["name"],
            uscc=p["uscc"],
            kind=p["kind"],
            active_from=p["active_from"],
            short_name=p["short_name"] or "",
            domain=p["domain"] or "",
            is_enforcement_body=True if p["is_enforcement_body"] is None else p["is_enforcement_body"],
        )


class PersonImporter(Importer):
    kind = "people"
    columns = [
        Column("身份证号码", "id_number", parse=validate_id_number),
        Column("姓名", "name"),
        Column("单位统一社会信用代码", "unit", parse=_unit_by_uscc),
        Column("编制类型", "staffing_type", parse=choice_parser(StaffingType)),
        Column("手机号码", "phone", required=False),
        Column("法律职业资格", "has_legal_qualification", required=False, parse=parse_bool),
    ]

    def key(self, p):
        return p["id_number"]

    def existing(self, p):
        return Person.objects.filter(id_number=p["id_number"]).first()

    def same(self, o, p):
        return (o.name, o.unit_id, o.staffing_type) == (p["name"], p["unit"].pk, p["staffing_type"])

    def create(self, p, actor):
        return services.person_register(
            actor=actor,
            unit=p["unit"],
            name=p["name"],
            id_number=p["id_number"],
            staffing_type=p["staffing_type"],
            phone=p["phone"] or "",
            has_legal_qualification=bool(p["has_legal_qualification"]),
        )


def _person(v: str) -> Person:
    n = validate_id_number(v, field="holder")
    try:
        return Person.objects.select_related("unit").get(id_number=n)
    except Person.DoesNotExist:
        raise ValueError(f"身份证号码为“{n}”的人员未登记")


def _score(v: str) -> int:
    s = int(v)
    if not 0 <= s <= 100:
        raise ValueError("成绩应在0–100之间")
    return s


class CertificateImporter(Importer):
    kind = "certificates"
    field_headers = {
        "staffing_type": "持证人身份证号码",
        "exam_result": "考试成绩",
        "unit": "持证人身份证号码",
    }
    columns = [
        Column("证件编号", "number"),
        Column("持证人身份证号码", "holder", parse=_person),
        Column("发证机关", "issuing_authority"),
        Column("发证日期", "issued_on", parse=parse_date),
        Column("考试名称", "exam_name"),
        Column("考试日期", "exam_on", parse=parse_date),
        Column("考试成绩", "score", parse=_score),
    ]

    def key(self, p):
        return p["number"]

    def existing(self, p):
        return Certificate.objects.filter(number=p["number"]).first()

    def same(self, c, p):
        return (c.holder_id, c.issued_on) == (p["holder"].pk, p["issued_on"])

    def check(self, p):
        person = p["holder"]
        exam = Exam(region_id=person.region_id, name=p["exam_name"], held_on=p["exam_on"])
        result = ExamResult(exam=exam, person=person, score=p["score"])
        active = Certificate.objects.filter(holder=person, status__in=["active", "suspended"]).exists()
        services.certificate_issue_check(
            person=person, exam_result=result, issued_on=p["issued_on"], existing_active=active
        )

    def create(self, p, actor):
        person = p["holder"]
        exam, _ = Exam.objects.get_or_create(region_id=person.region_id, name=p["exam_name"], held_on=p["exam_on"])
        result = ExamResult.objects.filter(exam=exam, person=person).first() or services.exam_record_result(
            actor=actor, exam=exam, person=person, score=p["score"]
        )
        return services.certificate_issue(
            actor=actor,
            person=person,
            exam_result=result,
            number=p["number"],
            issued_on=p["issued_on"],
            issuing_authority=p["issuing_authority"],
        )
