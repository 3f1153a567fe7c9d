"""Table-driven tests of the legal rules, one table per rule, each naming its article.

Dates around 2023 National Day: holiday 09-29 … 10-06; 10-07 (Sat) and 10-08 (Sun) are 调休 working days.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from zhifa.core import calendar
from zhifa.enforcement import rules as R
from zhifa.enforcement.reference import Reference

D = dt.date
pytestmark = pytest.mark.django_db


def facts(w, **kw) -> R.CaseFacts:
    base = R.CaseFacts(
        unit_id=w.unit.id,
        power_id=w.penalty.id,
        procedure="ordinary",
        on_date=D(2023, 5, 10),
        officer_ids=(w.a.id, w.c.id),
        party_kind="person",
        party_birth_date=D(1985, 5, 5),
        act_date=D(2023, 3, 1),
        discovered_on=D(2023, 3, 2),
        outcome="penalty",
        penalty_kinds=("fine",),
        fine_amount=Decimal("100"),
        filed_on=D(2023, 3, 3),
        decided_on=D(2023, 5, 10),
    )
    return replace(base, **kw)


def codes(violations, severity="error"):
    return sorted(v.code for v in violations if v.severity == severity)


def check(rule, w, expected, **kw):
    found = rule(facts(w, **kw), Reference("120110"))
    assert codes(found) == sorted(expected), [str(v) for v in found]
    return found


# 《行政处罚法》第五十一条: on the spot ≤200 yuan (person) / ≤3000 yuan (organisation), or a warning.
@pytest.mark.parametrize(
    "party_kind, kinds, fine, expected",
    [
        ("person", ("fine",), "200", []),
        ("person", ("fine",), "201", ["onspot.limit"]),
        ("org", ("fine",), "3000", []),
        ("org", ("fine",), "3001", ["onspot.limit"]),
        ("person", ("warning",), "0", []),
        ("org", ("revoke_license",), "0", ["onspot.kind"]),
    ],
)
def test_art51_onspot_limits(world, party_kind, kinds, fine, expected):
    found = check(
        R.onspot_limits,
        world,
        expected,
        procedure="simple",
        party_kind=party_kind,
        penalty_kinds=kinds,
        fine_amount=Decimal(fine),
    )
    assert all(v.citation == "《行政处罚法》第五十一条" for v in found)


# 《行政处罚法》第四十二条: ≥2 officers with an active certificate on the day (law may provide otherwise).
@pytest.mark.parametrize(
    "officers, day, power, expected",
    [
        (("a", "c"), D(2023, 5, 10), "penalty", []),
        (("a",), D(2023, 5, 10), "penalty", ["officers.too_few"]),
        (("a", "a"), D(2023, 5, 10), "penalty", ["officers.too_few"]),
        (("a", "uncertified"), D(2023, 5, 10), "penalty", ["officers.no_certificate"]),
        (("a", "b"), D(2023, 6, 30), "penalty", []),  # b's certificate revoked 2023-07-01
        (("a", "b"), D(2023, 7, 1), "penalty", ["officers.no_certificate"]),
        (("a", "d"), D(2022, 12, 31), "penalty", ["officers.no_certificate"]),  # d certified from 2023-01-01
        (("a",), D(2023, 5, 10), "traffic", []),  # single_officer_basis: 道路交通安全法
    ],
)
def test_art42_officers(world, officers, day, power, expected):
    ids = tuple(getattr(world, o).id for o in officers)
    found = check(
        R.officers_certified, world, expected, officer_ids=ids, on_date=day, power_id=getattr(world, power).id
    )
    assert all(v.citation == "《行政处罚法》第四十二条" for v in found)


# 权责清单: the unit holds the power that day, as owner or by delegation (赋权 from 2022-06-01).
@pytest.mark.parametrize(
    "unit, power, day, expected",
    [
        ("unit", "penalty", D(2023, 5, 10), []),
        ("street", "street_power", D(2022, 6, 1), []),
        ("street", "street_power", D(2022, 5, 31), ["power.not_held"]),
        ("street", "penalty", D(2023, 5, 10), ["power.not_held"]),
        ("unit", "inspect", D(2023, 5, 10), ["power.category"]),
    ],
)
def test_power_held(world, unit, power, day, expected):
    check(
        R.power_held, world, expected, unit_id=getattr(world, unit).id, power_id=getattr(world, power).id, on_date=day
    )


# 《行政处罚法》第六十三条 (threshold per field: 10000 yuan for a person here), 第六十四条 (5 / 7 working days).
# Notified Tue 2023-09-26: the 5 working days are 09-27, 09-28, 10-07, 10-08 (调休), 10-09 → window closes 10-09.
N = D(2023, 9, 26)


@pytest.mark.parametrize(
    "fine, notified, requested, notice, held, decided, waived, expected",
    [
        ("9999", None, None, None, None, D(2023, 10, 9), False, []),  # below 较大数额: no hearing right
        ("10000", None, None, None, None, D(2023, 10, 9), False, ["hearing.not_notified"]),
        ("10000", N, None, None, None, D(2023, 10, 9), False, ["hearing.window_open"]),
        ("10000", N, None, None, None, D(2023, 10, 10), False, []),
        ("10000", N, None, None, None, D(2023, 10, 9), True, []),  # 放弃听证
        ("10000", N, D(2023, 10, 9), None, None, D(2023, 10, 20), False, ["hearing.not_held"]),
        ("10000", N, D(2023, 10, 10), None, None, D(2023, 10, 20), False, []),  # late request: no right left
        # notice 10-05 (holiday): 7 working days → 10-13 ≤ hearing 10-16
        ("10000", N, D(2023, 10, 9), D(2023, 10, 5), D(2023, 10, 16), D(2023, 10, 20), False, []),
        # notice 10-09: 7 working days → 10-18 > hearing 10-16
        ("10000", N, D(2023, 10, 9), D(2023, 10, 9), D(2023, 10, 16), D(2023, 10, 20), False, ["hearing.notice_late"]),
    ],
)
def test_art63_64_hearing(world, fine, notified, requested, notice, held, decided, waived, expected):
    check(
        R.hearing_rights,
        world,
        expected,
        fine_amount=Decimal(fine),
        notified_on=notified,
        hearing_requested_on=requested,
        hearing_notice_on=notice,
        hearing_held_on=held,
        decided_on=decided,
        hearing_waived=waived,
        filed_on=D(2023, 9, 1),
    )


@pytest.mark.parametrize("requested, expected", [(D(2023, 10, 9), []), (D(2023, 10, 10), ["hearing.request_late"])])
def test_art64_request_window_over_national_day(world, requested, expected):
    found = check(R.hearing_request_in_time, world, expected, notified_on=N, hearing_requested_on=requested)
    assert all("第六十四条" in v.citation for v in found)


# 《行政处罚法》第五十八条: required for the 审核事项清单 or 重大 decisions; by a designated reviewer.
@pytest.mark.parametrize(
    "power, major, review, expected",
    [
        ("penalty", False, None, []),
        ("reviewed", False, None, ["review.missing"]),
        ("penalty", True, None, ["review.missing"]),
        ("reviewed", False, ("reviewer", "approve"), []),
        ("reviewed", False, ("reviewer", "reject"), ["review.rejected"]),
        ("reviewed", False, ("reviewer_unqualified", "approve"), ["review.unqualified"]),
        ("reviewed", False, ("a", "approve"), ["review.not_designated"]),
        ("penalty", "heard", None, ["review.missing"]),  # 第五十八条第（二）项: 经过听证程序
    ],
)
def test_art58_legal_review(world, power, major, review, expected):
    reviews = ()
    if review:
        reviews = (R.ReviewFacts(getattr(world, review[0]).id, D(2023, 5, 8), review[1]),)
    heard = D(2023, 5, 5) if major == "heard" else None
    found = check(
        R.legal_review_done,
        world,
        expected,
        power_id=getattr(world, power).id,
        is_major=major is True,
        reviews=reviews,
        hearing_held_on=heard,
    )
    assert all(v.citation.startswith("《行政处罚法》第五十八条") for v in found)


# 《行政处罚法》第五十七条第二款: 重大 → 集体讨论.
@pytest.mark.parametrize(
    "major, discussions, expected", [(False, 0, []), (True, 0, ["collective.missing"]), (True, 1, [])]
)
def test_art57_collective(world, major, discussions, expected):
    check(R.collective_discussion_done, world, expected, is_major=major, discussions=discussions)


# 《行政处罚法》第三十四条: inside the tier (minor 0–500, general 500–5000) or a written reason.
@pytest.mark.parametrize(
    "tier, fine, reason, expected",
    [
        ("minor", "400", "", []),
        ("minor", "600", "", ["discretion.outside"]),
        ("minor", "600", "多次违法，从重", []),
        ("", "4000", "", []),
        ("", "6000", "", ["discretion.outside"]),
    ],
)
def test_art34_discretion(world, tier, fine, reason, expected):
    found = check(
        R.discretion_benchmark,
        world,
        expected,
        discretion_tier=tier,
        fine_amount=Decimal(fine),
        discretion_reason=reason,
    )
    assert all(v.citation == "《行政处罚法》第三十四条" for v in found)


# 《行政处罚法》第三十六条: 2 years; 5 years only for life/health/financial safety with harm.
@pytest.mark.parametrize(
    "discovered, harm, expected",
    [
        (D(2023, 3, 1), False, []),
        (D(2023, 3, 2), False, ["limitation.expired"]),
        (D(2026, 3, 1), True, []),
        (D(2026, 3, 2), True, ["limitation.expired"]),
    ],
)
def test_art36_limitation(world, discovered, harm, expected):
    check(
        R.limitation_period,
        world,
        expected,
        act_date=D(2021, 3, 1),
        discovered_on=discovered,
        harms_life_or_finance=harm,
    )


# 《行政处罚法》第二十九条: no second fine for the same act.
@pytest.mark.parametrize(
    "prev_fined, kinds, fine, expected",
    [(False, ("fine",), "100", []), (True, ("fine",), "100", ["double_fine"]), (True, ("warning",), "0", [])],
)
def test_art29_no_second_fine(world, prev_fined, kinds, fine, expected):
    check(
        R.no_second_fine,
        world,
        expected,
        previous_case_fined=prev_fined,
        penalty_kinds=kinds,
        fine_amount=Decimal(fine),
    )


# 《行政处罚法》第三十条: under 14 no penalty; 14–18 lighter (with the reason recorded). Birth 2010-10-01.
@pytest.mark.parametrize(
    "act, outcome, reason, expected",
    [
        (D(2024, 9, 30), "penalty", "", ["minor.under14"]),  # the day before the 14th birthday
        (D(2024, 9, 30), "no_penalty_minor", "", []),
        (D(2024, 10, 1), "no_penalty_minor", "", ["minor.not_minor"]),  # 已满十四周岁
        (D(2024, 10, 1), "penalty", "", ["minor.lighter"]),
        (D(2024, 10, 1), "penalty", "未成年人，依法从轻处罚", []),
        (D(2028, 10, 1), "penalty", "", []),  # 18
    ],
)
def test_art30_minors(world, act, outcome, reason, expected):
    check(
        R.minors,
        world,
        expected,
        party_birth_date=D(2010, 10, 1),
        act_date=act,
        outcome=outcome,
        discretion_reason=reason,
    )


# 《行政处罚法》第三十三条: 首违不罚 needs 初次违法 + 危害后果轻微 + 及时改正, and carries no penalty.
@pytest.mark.parametrize(
    "first, minor, corrected, expected",
    [
        (True, True, True, []),
        (False, True, True, ["first_offence.conditions"]),
        (True, True, False, ["first_offence.conditions"]),
    ],
)
def test_art33_first_offence(world, first, minor, corrected, expected):
    check(
        R.outcome_consistent,
        world,
        expected,
        outcome="first_offence",
        penalty_kinds=(),
        fine_amount=Decimal(0),
        first_offence=first,
        harm_minor=minor,
        corrected=corrected,
    )


# 《行政处罚法》第四十一条: device approved (2023-01-10) and published (2023-01-15) before the act.
@pytest.mark.parametrize(
    "device, act, expected",
    [
        ("good_device", D(2023, 3, 1), []),
        ("good_device", D(2023, 1, 12), ["device.not_published"]),
        ("raw_device", D(2023, 3, 1), ["device.not_approved", "device.not_published"]),
    ],
)
def test_art41_devices(world, device, act, expected):
    check(R.device_evidence, world, expected, device_id=getattr(world, device).id, act_date=act)


# 国办发〔2018〕118号: full audio-video recording for 查封扣押 etc.
@pytest.mark.parametrize(
    "power, recordings, expected", [("recorded", 0, ["recording.missing"]), ("recorded", 1, []), ("penalty", 0, [])]
)
def test_118_recording_required(world, power, recordings, expected):
    found = check(R.recording_required, world, expected, power_id=getattr(world, power).id, recordings=recordings)
    assert all("国办发〔2018〕118号" in v.citation for v in found)


# 《行政处罚法》第六十条: 90 calendar days from 立案 (民法典第二百零三条 roll-forward), plus recorded extensions.
@pytest.mark.parametrize(
    "filed, decided, ext, approver, expected",
    [
        # 07-05 + 90 = 10-03, inside the National Day holiday → 10-07, a 调休 Saturday that is a working day
        (D(2023, 7, 5), D(2023, 10, 7), 0, "", []),
        (D(2023, 7, 5), D(2023, 10, 8), 0, "", ["deadline.decision"]),
        # 03-05 + 90 = Sat 06-03 → Mon 06-05
        (D(2023, 3, 5), D(2023, 6, 5), 0, "", []),
        (D(2023, 3, 5), D(2023, 6, 6), 0, "", ["deadline.decision"]),
        # +120 = 07-03 (Mon) with an approved 30-day extension; an unrecorded approval does not extend
        (D(2023, 3, 5), D(2023, 7, 3), 30, "局长王某", []),
        (D(2023, 3, 5), D(2023, 7, 4), 30, "局长王某", ["deadline.decision"]),
        (D(2023, 3, 5), D(2023, 7, 3), 30, "", ["deadline.decision", "deadline.extension_unapproved"]),
    ],
)
def test_art60_decision_deadline(world, filed, decided, ext, approver, expected):
    check(
        R.decision_deadline,
        world,
        expected,
        filed_on=filed,
        decided_on=decided,
        extension_days=ext,
        extension_approved_by=approver,
    )


def test_art60_deadline_values():
    assert calendar.add_calendar_days(D(2023, 7, 5), R.DECISION_DAYS) == D(2023, 10, 7)
    assert calendar.add_calendar_days(D(2023, 3, 5), R.DECISION_DAYS) == D(2023, 6, 5)


# 《行政处罚法》第六十一条: handed over on the spot; party absent → within 7 working days (09-28 → 10-13).
@pytest.mark.parametrize(
    "absent, delivered, expected",
    [
        (False, D(2023, 9, 28), []),
        (False, D(2023, 9, 29), ["delivery.not_onspot"]),
        (True, D(2023, 10, 13), []),
        (True, D(2023, 10, 16), ["delivery.late"]),
    ],
)
def test_art61_delivery(world, absent, delivered, expected):
    check(R.delivery_deadline, world, expected, decided_on=D(2023, 9, 28), party_absent=absent, delivered_on=delivered)


# 《行政处罚法》第六十七条第三款 (15 calendar days) and 第七十二条 (3 %/day, capped at the fine).
@pytest.mark.parametrize(
    "paid_on, paid, errors, warnings",
    [
        (D(2023, 10, 13), "4000", [], []),
        (D(2023, 10, 20), "4000", [], ["payment.surcharge"]),
        (D(2023, 10, 20), "4840", [], []),
        (D(2023, 10, 13), "3999", ["payment.short"], []),
    ],
)
def test_art67_72_payment(world, paid_on, paid, errors, warnings):
    f = facts(
        world, fine_amount=Decimal("4000"), delivered_on=D(2023, 9, 28), paid_on=paid_on, paid_amount=Decimal(paid)
    )
    found = R.payment_made(f, Reference("120110"))
    assert codes(found) == errors
    assert codes(found, "warning") == warnings


@pytest.mark.parametrize(
    "fine, due, paid_on, surcharge",
    [
        ("4000", D(2023, 10, 13), D(2023, 10, 13), "0"),
        ("4000", D(2023, 10, 13), D(2023, 10, 14), "120.00"),
        ("4000", D(2023, 10, 13), D(2023, 10, 20), "840.00"),
        ("4000", D(2023, 10, 13), D(2023, 11, 15), "3960.00"),  # 33 days
        ("4000", D(2023, 10, 13), D(2023, 11, 16), "4000"),  # 34 days would be 4080: capped at the fine
    ],
)
def test_art72_surcharge_cap(fine, due, paid_on, surcharge):
    assert R.late_surcharge(Decimal(fine), due, paid_on) == Decimal(surcharge)


# 国办发〔2018〕118号 (7 working days to disclose) and 《行政处罚法》第四十八条第二款 (3 working days to withdraw).
@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2023, 9, 28), R.DISCLOSURE_WORKING_DAYS, D(2023, 10, 13)),
        (D(2023, 9, 28), R.WITHDRAW_WORKING_DAYS, D(2023, 10, 9)),
        (D(2023, 10, 6), R.WITHDRAW_WORKING_DAYS, D(2023, 10, 9)),  # 10-07, 10-08 are 调休 working days
    ],
)
def test_working_day_periods_over_national_day(start, n, expected):
    assert calendar.add_working_days(start, n) == expected
