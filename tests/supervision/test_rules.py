"""One row per rule: a record that triggers it and one just inside the line (the citation is checked too)."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from tests.factories import CertificateFactory, PersonFactory, PowerFactory, UnitFactory
from tests.supervision.conftest import AS_OF, REGION, at, case, inspection
from zhifa.core.policy import SYSTEM
from zhifa.enforcement.models import Device, Disclosure, InterferenceRecord, LegalReview, Recording
from zhifa.org.models import LegalReviewerDesignation, TrainingAttendance, TrainingSession
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import DiscretionBenchmark
from zhifa.supervision.models import Alert, Clue, Rectification
from zhifa.supervision.rules import REGISTRY, binomial_upper_tail
from zhifa.supervision.services import alerts_scan

D = dt.date


def k(obj):
    return obj._meta.label_lower, str(obj.pk)


# ---- builders: each returns the (object_type, object_id) the alert would name ---------------------
def overdue_decided(w, late):  # 第六十条: due 2023-04-03, decided on it (inside) or a day later
    return k(case(w, filed_on=D(2023, 1, 2), decision_due=D(2023, 4, 3), decided_on=D(2023, 4, 4 if late else 3)))


def overdue_pending(w, late):  # still undecided on the as-of day: due the day before (late) or that day
    return k(case(w, status="investigating", decided_on=None, outcome="", decision_due=D(2023, 12, 30 if late else 31)))


def disclosure(w, late):  # 118号: due 2023-05-19 (7 working days after 05-10), published on it or after
    c = case(w)
    Disclosure.objects.create(
        region=w.region,
        unit=w.unit,
        case=c,
        status="published",
        due_on=D(2023, 5, 19),
        published_on=D(2023, 5, 22 if late else 19),
    )
    return k(c)


def disclosure_missing(w, late):  # no row at all: decided 2023-12-21 → due 12-28 (< as-of) ; 12-22 → due 12-29
    return k(case(w, decided_on=D(2023, 12, 20 if late else 22), decision_due=D(2024, 1, 31)))


def legal_review(w, late):  # 第五十八条: a power on the 审核事项清单 decided without (or with) a review
    c = case(w, power=w.reviewed)
    if not late:
        LegalReview.objects.create(
            case=c, region=w.region, reviewer=w.reviewer, reviewed_on=c.decided_on, result="approve", opinion="同意"
        )
    return k(c)


def recording_missing(w, late):  # 118号: 查封扣押 needs a recording
    c = case(w, power=w.recorded)
    if not late:
        Recording.objects.create(
            region=w.region,
            unit=w.unit,
            case=c,
            officer=w.a,
            device_name="执法记录仪",
            recorded_at=at(D(2023, 5, 9)),
            file_path="x",
            original_name="x.mp4",
            size=1,
            sha256="0" * 64,
        )
    return k(c)


def recording_hash(w, late):
    from django.conf import settings

    root = settings.RECORDING_ROOT
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.mp4").write_bytes(b"original footage")
    sha = hashlib.sha256(b"original footage" if not late else b"other footage").hexdigest()
    r = Recording.objects.create(
        region=w.region,
        unit=w.unit,
        officer=w.a,
        device_name="执法记录仪",
        recorded_at=at(D(2023, 5, 9)),
        file_path="a.mp4",
        original_name="a.mp4",
        size=16,
        sha256=sha,
    )
    return k(r)


def officer_revoked(w, late):  # 第四十二条: certificate revoked on 07-01: an act on 06-30 is inside, 07-01 not
    cert = w.b.certificates.get()
    cert.status, cert.revoked_on, cert.revocation_reason = "revoked", D(2023, 7, 1), "transferred"
    cert.save()
    return k(inspection(w, day=D(2023, 7, 1 if late else 30) if late else D(2023, 6, 30)))


def officer_uncertified(w, late):
    return k(inspection(w, officer_b=w.uncertified if late else w.b))


def officer_new_cert(w, late):  # certified on 2023-03-01: an act on 02-28 is before the certificate
    p = PersonFactory(unit=w.unit)
    CertificateFactory(holder=p, issued_on=D(2023, 3, 1), valid_until=D(2028, 2, 28))
    inspection(w, day=D(2022, 1, 5))  # an early act elsewhere, so the 02-28 act is not the earliest one
    return k(inspection(w, officer_b=p, day=D(2023, 2, 28) if late else D(2023, 3, 1)))


def single_officer(w, late):  # 第四十二条: one officer only where a law allows it (traffic)
    return k(
        case(
            w,
            power=w.penalty if late else w.traffic,
            officer_b=None,
            procedure="simple",
            filed_on=None,
            decision_due=None,
        )
    )


def onspot_person(w, late):  # 第五十一条: 200 yuan for a citizen
    return k(
        case(
            w,
            procedure="simple",
            filed_on=None,
            decision_due=None,
            fine_amount=Decimal("201" if late else "200"),
            penalty_kinds=["fine"],
        )
    )


def onspot_org(w, late):  # 第五十一条: 3000 yuan for an organisation
    return k(
        case(
            w,
            procedure="simple",
            party=w.org,
            filed_on=None,
            decision_due=None,
            fine_amount=Decimal("3000.01" if late else "3000"),
            penalty_kinds=["fine"],
        )
    )


def discretion(w, late):  # 第三十四条: tier 轻微 0–500
    DiscretionBenchmark.objects.create(region=w.region, power=w.penalty, tier="minor", fine_min=0, fine_max=500)
    return k(case(w, fine_amount=Decimal("500.01" if late else "500"), discretion_tier="minor", penalty_kinds=["fine"]))


def device(w, late):  # 第四十一条: approved and published 2023-03-01
    d = Device.objects.create(
        region=w.region,
        unit=w.unit,
        name="卡口1",
        location="津塘公路",
        approved_on=D(2023, 3, 1),
        published_on=D(2023, 3, 1),
    )
    return k(case(w, device=d, act_date=D(2023, 2, 28) if late else D(2023, 3, 1)))


def reviewers(w, late):  # 118号: 20 officers need 1 reviewer (5 %)
    u = UnitFactory(region=w.region, name="区城市管理委员会")
    people = [PersonFactory(unit=u) for _ in range(20)]
    for p in people:
        CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2029, 12, 31))
    if not late:
        LegalReviewerDesignation.objects.create(region=w.region, unit=u, person=people[0], designated_on=D(2022, 1, 1))
    return k(u)


def training(w, late):  # 60 学时 a year: at year end 59.5 is short, 60 is not
    s = TrainingSession.objects.create(
        region=w.region, organizer=w.unit, title="执法培训", kind="general", held_on=D(2023, 6, 1), hours=Decimal("60")
    )
    for p in w.officers:
        TrainingAttendance.objects.create(session=s, person=p, hours=Decimal("60"))
    TrainingAttendance.objects.filter(person=w.a).update(hours=Decimal("59.5" if late else "60"))
    return k(w.a)


def _acts_for_all_but(w, unit):
    for u in (w.unit, w.unit2, w.unit3, w.street):
        if u != unit:
            inspection(w, unit=u)


def zero_unit(w, late):
    _acts_for_all_but(w, w.unit3 if late else None)
    return k(w.unit3)


def zero_power(w, late):
    p = PowerFactory(owner=w.unit2, code="CF-900", category=PowerCategory.PENALTY)
    if not late:
        case(w, unit=w.unit2, power=p, officer_a=w.officers[2], officer_b=w.officers[3])
    return ("powers.power", f"{p.pk}@{w.unit2.pk}")


def participation(w, late):  # 80 %: 3 of 5 officers active is low, 4 of 5 is not
    u = UnitFactory(region=w.region, name="区生态环境局")
    people = [PersonFactory(unit=u) for _ in range(5)]
    for p in people:
        CertificateFactory(holder=p, issued_on=D(2020, 1, 1), valid_until=D(2029, 12, 31))
    power = PowerFactory(owner=u, code="JC-EE", category=PowerCategory.INSPECTION)
    pairs = [(0, 1), (2, 0)] if late else [(0, 1), (2, 3)]
    for x, y in pairs:
        inspection(w, unit=u, power=power, officer_a=people[x], officer_b=people[y])
    return k(u)


def multi_unit(w, late):  # 3 units within 30 days (day 0 and day 29) vs spread over 30 days
    last = D(2023, 5, 30) if late else D(2023, 5, 31)
    inspection(w, unit=w.unit, day=D(2023, 5, 1))
    inspection(w, unit=w.unit2, day=D(2023, 5, 10))
    inspection(w, unit=w.unit3, day=last)
    return k(w.org)


def repeated(w, late):
    last = D(2023, 5, 30) if late else D(2023, 5, 31)
    for day in (D(2023, 5, 1), D(2023, 5, 10), last):
        inspection(w, unit=w.unit2, day=day)
    return ("enforcement.party", f"{w.org.pk}@{w.unit2.pk}")


def gaming(w, late):  # org fines: 30 just under 3000 vs 3 in the band below (late) / 16 vs 14 (inside)
    upper, lower = (30, 3) if late else (16, 14)
    for i in range(upper):
        case(
            w,
            party=w.org,
            fine_amount=Decimal(2700 + (i % 29) * 10),
            penalty_kinds=["fine"],
            procedure="simple",
            filed_on=None,
            decision_due=None,
        )
    for i in range(lower):
        case(
            w,
            party=w.org,
            fine_amount=Decimal(2400 + (i % 29) * 10),
            penalty_kinds=["fine"],
            procedure="simple",
            filed_on=None,
            decision_due=None,
        )
    return k(w.unit)


def interference(w, late):  # recorded Mon 2023-05-08: five working days → 05-15
    r = InterferenceRecord.objects.create(
        region=w.region,
        unit=w.unit,
        interferer_name="某某",
        interferer_role="leader",
        method="打招呼",
        occurred_on=D(2023, 5, 6),
        recorded_by=w.a,
        recorded_on=D(2023, 5, 8),
        reported_on=D(2023, 5, 16 if late else 15),
    )
    return k(r)


def clue(w, late):
    c = Clue.objects.create(
        region=w.region,
        unit=w.unit,
        source="public",
        text="有商户销售过期食品",
        received_on=D(2023, 5, 8),
        assigned_on=D(2023, 5, 8),
        response_due=D(2023, 5, 29),
        status="responded",
        responded_on=D(2023, 5, 30 if late else 29),
        response="已查处",
    )
    return k(c)


def rectification(w, late):
    r = Rectification.objects.create(
        region=w.region,
        unit=w.unit,
        notice_no="东司法整改〔2023〕1号",
        issued_on=D(2023, 12, 1),
        requirement="整改",
        working_days=15,
        deadline=D(2023, 12, 30 if late else 31),
    )
    return k(r)


ROWS = [
    ("case_overdue", overdue_decided, "第六十条", AS_OF),
    ("case_overdue", overdue_pending, "第六十条", AS_OF),
    ("disclosure_late", disclosure, "国办发〔2018〕118号", AS_OF),
    ("disclosure_late", disclosure_missing, "国办发〔2018〕118号", AS_OF),
    ("legal_review_missing", legal_review, "第五十八条", AS_OF),
    ("recording_missing", recording_missing, "国办发〔2018〕118号", AS_OF),
    ("recording_hash_mismatch", recording_hash, "第四十七条", AS_OF),
    ("officer_uncertified", officer_revoked, "第四十二条", AS_OF),
    ("officer_uncertified", officer_uncertified, "第四十二条", AS_OF),
    ("officer_uncertified", officer_new_cert, "第四十二条", AS_OF),
    ("single_officer", single_officer, "第四十二条", AS_OF),
    ("onspot_over_limit", onspot_person, "第五十一条", AS_OF),
    ("onspot_over_limit", onspot_org, "第五十一条", AS_OF),
    ("discretion_outside", discretion, "第三十四条", AS_OF),
    ("device_unapproved", device, "第四十一条", AS_OF),
    ("reviewers_under_5pct", reviewers, "国办发〔2018〕118号", AS_OF),
    ("training_projected_low", training, "国办发〔2023〕27号", AS_OF),
    ("zero_enforcement_unit", zero_unit, "权责清单", AS_OF),
    ("zero_enforcement_power", zero_power, "权责清单", AS_OF),
    ("low_participation", participation, "执法参与率", AS_OF),
    ("multi_unit_inspection", multi_unit, "优化营商环境条例", AS_OF),
    ("repeated_inspection", repeated, "优化营商环境条例", AS_OF),
    ("threshold_gaming", gaming, "第五十一条", AS_OF),
    ("interference_unreported", interference, "干预", AS_OF),
    ("clue_overdue", clue, "第十八条", AS_OF),
    ("rectification_overdue", rectification, "整改", AS_OF),
]


@pytest.mark.django_db
@pytest.mark.parametrize("late", [True, False], ids=["triggers", "inside"])
@pytest.mark.parametrize("code,build,citation,as_of", ROWS, ids=[f"{r[0]}-{r[1].__name__}" for r in ROWS])
def test_rule(w, code, build, citation, as_of, late):
    otype, oid = build(w, late)
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=as_of, rules=[code])
    found = Alert.objects.filter(rule_id=code, object_type=otype, object_id=oid)
    assert found.exists() == late, list(Alert.objects.values_list("rule_id", "object_type", "object_id", "message"))
    if late:
        a = found.get()
        assert citation in a.citation and a.citation == REGISTRY[code].citation
        assert a.message


@pytest.mark.django_db
def test_calendar_year_unknown(w):
    from zhifa.core.calendar import PACKAGE_LAST_YEAR

    inside = dt.date(PACKAGE_LAST_YEAR, 6, 1)  # 90 days later is still in a known year
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=inside, rules=["calendar_year_unknown"])
    assert not Alert.objects.filter(rule_id="calendar_year_unknown").exists()
    alerts_scan(actor=SYSTEM, region_code=REGION, as_of=dt.date(PACKAGE_LAST_YEAR, 12, 1), rules=["calendar_year_unknown"])
    a = Alert.objects.get(rule_id="calendar_year_unknown")
    assert str(PACKAGE_LAST_YEAR + 1) in a.message and "第八十五条" in a.citation


def test_binomial_tail_matches_known_values():
    assert binomial_upper_tail(0, 10) == 1.0
    assert binomial_upper_tail(10, 10) == pytest.approx(1 / 1024)
    assert binomial_upper_tail(8, 10) == pytest.approx(56 / 1024)
    # normal approximation branch agrees with the exact sum near the switch
    assert binomial_upper_tail(1040, 2001) == pytest.approx(
        sum(__import__("math").comb(2001, i) for i in range(1040, 2002)) / 2**2001, rel=0.02
    )


# The scan's set-based queries and the workflow's pure rule functions (zhifa.enforcement.rules) must agree:
# the same trigger / inside records, judged by the function the workflow blocks with.
AGREEMENT = [
    (overdue_decided, "decision_deadline", "deadline.decision"),
    (legal_review, "legal_review_done", "review.missing"),
    (recording_missing, "recording_required", "recording.missing"),
    (onspot_person, "onspot_limits", "onspot.limit"),
    (onspot_org, "onspot_limits", "onspot.limit"),
    (discretion, "discretion_benchmark", "discretion.outside"),
    (device, "device_evidence", "device.not_approved"),
    (single_officer, "officers_certified", "officers.too_few"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("late", [True, False], ids=["triggers", "inside"])
@pytest.mark.parametrize("build,func,vcode", AGREEMENT, ids=[r[1] + "-" + r[0].__name__ for r in AGREEMENT])
def test_scan_agrees_with_enforcement_rule_functions(w, build, func, vcode, late):
    from zhifa.enforcement import rules as ER
    from zhifa.enforcement.models import PenaltyCase
    from zhifa.enforcement.reference import Reference
    from zhifa.enforcement.workflow import case_facts

    _, oid = build(w, late)
    c = PenaltyCase.objects.get(pk=oid)
    violations = getattr(ER, func)(case_facts(c, c.decided_on), Reference(REGION))
    assert any(v.code == vcode for v in violations) == late, violations
