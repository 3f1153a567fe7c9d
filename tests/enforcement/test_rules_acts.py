"""Table-driven boundaries of the 行政强制 and 行政许可 rules, each row naming the article it checks."""

import datetime as dt

import pytest

from zhifa.core import calendar
from zhifa.enforcement import rules_coercion as C
from zhifa.enforcement import rules_licensing as L
from zhifa.enforcement.choices import DisclosureKind
from zhifa.enforcement.disclosure import disclosure_due_on
from zhifa.enforcement.reference import Reference

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def ref(db):
    return Reference("120110")


def codes(vs):
    return [v.code for v in vs]


def measure(**kw):
    base = dict(
        unit_id=1,
        power_id=1,
        kind="seal",
        decided_on=D(2023, 3, 1),
        term_days=30,
        officer_ids=(1, 2),
        approved_by="局长甲",
        onsite_record=True,
        recordings=1,
    )
    return C.MeasureFacts(**(base | kw))


@pytest.mark.parametrize(
    "kind,term,expected",
    [
        ("seal", 30, []),  # 第二十五条第一款: 不得超过三十日
        ("seal", 31, ["coercion.term_too_long"]),
        ("seize", 31, ["coercion.term_too_long"]),
        ("freeze", 30, []),  # 第三十二条第一款
        ("freeze", 31, ["coercion.term_too_long"]),
        ("seal", 0, ["coercion.term_missing"]),  # 第二十四条第二款第（二）项
    ],
)
def test_measure_term_at_most_30_days(ref, kind, term, expected):
    assert codes(C.measure_term(measure(kind=kind, term_days=term), ref)) == expected


@pytest.mark.parametrize(
    "extensions,days,approved_by,on,expected",
    [
        (1, 30, "局长甲", D(2023, 3, 20), []),  # 第二十五条: 延长期限不得超过三十日
        (1, 31, "局长甲", D(2023, 3, 20), ["coercion.extension_too_long"]),
        (1, 30, "", D(2023, 3, 20), ["coercion.extension_unapproved"]),  # 经行政机关负责人批准
        (2, 10, "局长甲", D(2023, 3, 20), ["coercion.extension_repeat"]),  # one extension only
        (1, 10, "局长甲", D(2023, 4, 3), ["coercion.extension_late"]),  # term ran out on 03-31
    ],
)
def test_measure_extension(ref, extensions, days, approved_by, on, expected):
    f = measure(extensions=extensions, extension_days=days, extension_approved_by=approved_by, extension_on=on)
    assert codes(C.measure_extension(f, ref)) == expected


@pytest.mark.parametrize(
    "decided,term,ext,testing,notified,on,overdue",
    [
        # 30 calendar days (第六十九条 makes only 十日以内 working days): 03-01 + 30 = 03-31 (a Friday).
        (D(2023, 3, 1), 30, 0, 0, None, D(2023, 3, 31), False),
        (D(2023, 3, 1), 30, 0, 0, None, D(2023, 4, 1), True),
        # approved extension of 30: 03-01 + 60 = 04-30 (Sunday, 劳动节 holiday run 04-29..05-03) -> 05-04
        (D(2023, 3, 1), 30, 30, 0, None, D(2023, 5, 4), False),
        (D(2023, 3, 1), 30, 30, 0, None, D(2023, 5, 5), True),
        # 民法典第二百零三条: a last day in the 国庆 holiday moves to the first working day (10-07 调休)
        (D(2023, 9, 1), 30, 0, 0, None, D(2023, 10, 7), False),
        (D(2023, 9, 1), 30, 0, 0, None, D(2023, 10, 8), True),
        # 第二十五条第三款: stated testing time is not counted; unstated, it is
        (D(2023, 3, 1), 30, 0, 5, D(2023, 3, 2), D(2023, 4, 5), False),
        (D(2023, 3, 1), 30, 0, 5, None, D(2023, 4, 5), True),
    ],
)
def test_measure_overdue_counts_calendar_days(ref, decided, term, ext, testing, notified, on, overdue):
    f = measure(
        decided_on=decided,
        term_days=term,
        extension_days=ext,
        extension_approved_by="局长甲" if ext else "",
        extensions=1 if ext else 0,
        testing_days=testing,
        testing_notified_on=notified,
        on_date=on,
    )
    vs = C.measure_overdue(f, ref)
    assert codes(vs) == (["coercion.overdue"] if overdue else [])
    assert all(v.severity == "warning" and "第二十八条" in v.citation for v in vs)


def test_measure_lifted_late_is_flagged_and_in_time_is_not(ref):
    assert C.measure_overdue(measure(lifted_on=D(2023, 3, 31)), ref) == []
    assert codes(C.measure_overdue(measure(lifted_on=D(2023, 4, 3)), ref)) == ["coercion.overdue"]


def test_measure_procedure_and_recording(ref):
    f = measure(approved_by="", officer_ids=(1,), onsite_record=False, recordings=0)
    got = codes(C.measure_procedure(f, ref)) + codes(C.measure_recording(f, ref))
    assert "coercion.not_approved" in got  # 第十八条第（一）项
    assert "officers.too_few" in got  # 第十八条第（二）项
    assert "coercion.no_record" in got  # 第十八条第（七）项
    assert "coercion.recording_missing" in got  # 国办发〔2018〕118号
    # 冻结 is a paper act at the bank: no 现场笔录 and no audio-video requirement
    frozen = measure(kind="freeze", onsite_record=False, recordings=0)
    assert C.measure_recording(frozen, ref) == []
    assert "coercion.no_record" not in codes(C.measure_procedure(frozen, ref))


@pytest.mark.parametrize(
    "demand_on,demand_due,decided_on,immediate,reason,expected",
    [
        (None, None, D(2023, 5, 10), False, "", ["execution.no_demand"]),  # 第三十五条: 催告 first
        (D(2023, 5, 1), D(2023, 5, 10), D(2023, 5, 10), False, "", ["execution.demand_period"]),  # 第三十七条
        (D(2023, 5, 4), D(2023, 5, 10), D(2023, 5, 11), False, "", []),
        (D(2023, 5, 4), D(2023, 5, 10), D(2023, 5, 8), True, "", ["execution.immediate_reason"]),  # 第三十七条第三款
        (D(2023, 5, 4), D(2023, 5, 10), D(2023, 5, 8), True, "发现当事人正在转移财物", []),
    ],
)
def test_execution_needs_demand_before_decision(ref, demand_on, demand_due, decided_on, immediate, reason, expected):
    f = C.ExecutionFacts(
        unit_id=1,
        power_id=1,
        method="restore",
        demand_on=demand_on,
        demand_due=demand_due,
        decided_on=decided_on,
        immediate=immediate,
        immediate_reason=reason,
    )
    assert codes(C.execution_decision(f, ref)) == expected


def test_execution_needs_recording_and_warns_on_holiday(ref):
    f = C.ExecutionFacts(
        unit_id=1,
        power_id=1,
        method="demolish",
        demand_on=D(2023, 5, 4),
        demand_due=D(2023, 5, 10),
        decided_on=D(2023, 5, 11),
        executed_on=D(2023, 5, 13),  # a Saturday
    )
    vs = C.execution_done(f, ref)
    assert codes(vs) == ["execution.recording_missing", "execution.holiday"]
    f.method = "transfer"  # 划拨存款: a paper act
    assert codes(C.execution_done(f, ref)) == ["execution.holiday"]


def licence(**kw):
    return L.LicenceFacts(**(dict(unit_id=1, power_id=1, accepted_on=D(2023, 3, 1)) | kw))


def test_licence_due_is_20_working_days(ref):
    # 第四十二条、第八十二条: 20 working days; 2023-03-01 -> 03-29
    assert L.licence_due(licence(), ref) == D(2023, 3, 29)
    assert calendar.count_working_days(D(2023, 3, 1), D(2023, 3, 29)) == 20
    # across the 2023 春节 (01-21..27 off, 01-28/29 调休 working): 01-16 -> 02-16
    assert L.licence_due(licence(accepted_on=D(2023, 1, 16)), ref) == D(2023, 2, 16)


@pytest.mark.parametrize(
    "decided,ext,alerted",
    [
        (D(2023, 3, 29), 0, False),  # the 20th working day
        (D(2023, 3, 30), 0, True),  # the 21st
        (D(2023, 4, 13), 10, False),  # 20 + 10 approved: the 30th working day (清明 04-05 off)
        (D(2023, 4, 14), 10, True),
    ],
)
def test_licence_decided_on_20th_allowed_21st_alerted(ref, decided, ext, alerted):
    f = licence(
        decided_on=decided,
        result="grant",
        extension_days=ext,
        extension_approved_by="局长乙" if ext else "",
        extensions=1 if ext else 0,
    )
    vs = L.licence_deadline(f, ref)
    assert codes(vs) == (["licence.late"] if alerted else [])
    assert all(v.severity == "warning" and "第四十二条" in v.citation for v in vs)


@pytest.mark.parametrize(
    "extensions,days,approved_by,expected",
    [
        (1, 10, "局长乙", []),  # 第四十二条: 可以延长十日
        (1, 11, "局长乙", ["licence.extension_too_long"]),
        (1, 10, "", ["licence.extension_unapproved"]),
        (2, 5, "局长乙", ["licence.extension_repeat"]),
    ],
)
def test_licence_extension_at_most_10(ref, extensions, days, approved_by, expected):
    f = licence(
        extensions=extensions, extension_days=days, extension_approved_by=approved_by, extension_on=D(2023, 3, 20)
    )
    assert codes(L.licence_extension(f, ref)) == expected


def test_licence_refusal_needs_reasons(ref):
    f = licence(decided_on=D(2023, 3, 10), result="refuse")
    assert codes(L.licence_decision_content(f, ref)) == ["licence.refusal_reason"]  # 第三十八条第二款


@pytest.mark.parametrize(
    "kind,due",
    [
        (DisclosureKind.PENALTY, D(2023, 3, 10)),  # 7 working days (国办发〔2018〕118号)
        (DisclosureKind.LICENCE, D(2023, 3, 10)),  # 7 working days
        (DisclosureKind.COERCION, D(2023, 3, 29)),  # 20 working days: other 执法决定
        (DisclosureKind.EXECUTION, D(2023, 3, 29)),
    ],
)
def test_disclosure_due_7_or_20_working_days_by_kind(db, kind, due):
    assert disclosure_due_on(kind, D(2023, 3, 1)) == due
