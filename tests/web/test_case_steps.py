"""The penalty-case steps of the workspace through HTTP: 立案 from a clue, 移送 only with its agency and reason,
首违不罚's three conditions, a minor's lighter penalty on the spot, the extension's approval, evidence streamed.
Each refusal comes back at its field with the article."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from zhifa.core.errors import InvalidInput, PermissionDenied
from zhifa.core.policy import SYSTEM
from zhifa.core.validators import make_id_number
from zhifa.enforcement.models import CriminalTransfer, Evidence, PenaltyCase
from zhifa.enforcement.services import evidence_record
from zhifa.enforcement.workflow import case_transition

pytestmark = pytest.mark.django_db


def _investigating(sample):
    case = sample.cases["open"]
    return case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=dt.date(2023, 11, 10))


def test_transfer_only_with_agency_and_reason(login, sample):
    case = _investigating(sample)
    with pytest.raises(InvalidInput) as exc:  # the workflow service alone cannot move a case to 移送
        case_transition(actor=SYSTEM, case=case, to_status="transferred", on_date=dt.date(2023, 11, 12))
    assert exc.value.field == "to_agency" and "第二十七条" in exc.value.citation
    client = login("scj_leader")
    url = f"/staff/cases/{case.pk}/transition/"
    r = client.post(url, {"to_status": "transferred", "on_date": "2023-11-12", "to_agency": "", "reason": ""})
    assert r.status_code == 422
    assert "应当载明接收机关和移送理由" in r.content.decode()
    assert PenaltyCase.objects.get(pk=case.pk).status == "investigating"
    r = client.post(
        url,
        {
            "to_status": "transferred",
            "on_date": "2023-11-12",
            "to_agency": "天津市公安局东丽分局",
            "reason": "涉嫌生产、销售不符合安全标准的食品罪",
        },
    )
    assert r.status_code == 302
    t = CriminalTransfer.objects.get(case=case)
    assert t.to_agency == "天津市公安局东丽分局" and t.case.status == "transferred"


def test_first_offence_needs_all_three_conditions(login, sample):
    case = _investigating(sample)
    client = login("scj_leader")
    data = {"to_status": "no_penalty", "on_date": "2023-11-12", "outcome": "first_offence", "first_offence": "1"}
    r = client.post(f"/staff/cases/{case.pk}/transition/", data)
    assert r.status_code == 422
    page = r.content.decode()
    assert "缺少：危害后果轻微、及时改正" in page and "第三十三条" in page
    assert 'class="errorlist field-error"' in page  # at the outcome field
    r = client.post(f"/staff/cases/{case.pk}/transition/", {**data, "harm_minor": "1", "corrected": "1"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "no_penalty" and case.outcome == "first_offence" and case.decided_on == dt.date(2023, 11, 12)


def test_a_refused_step_says_each_reason_once(login, sample):
    # the refusal of the POST replaces the step's pre-check at the same field, not repeated under it
    case = _investigating(sample)
    client = login("scj_officer1")
    r = client.post(f"/staff/cases/{case.pk}/transition/", {"to_status": "notified", "on_date": "2023-11-12"})
    assert r.status_code == 422
    page = r.content.decode()
    assert page.count("给予处罚应当载明处罚种类") == 1, page.count("给予处罚应当载明处罚种类")


def _onspot(party_code: str, **extra):
    return {
        "decision_no": "东scj当罚〔2023〕0007号",
        "party_kind": "person",
        "party_name": "张小明",
        "party_code": party_code,
        "power": "",
        "violation": "销售过期食品",
        "act_date": "2023-12-01",
        "decided_on": "2023-12-01",
        "penalty_kinds": ["fine"],
        "fine_amount": "100",
        **extra,
    }


def test_onspot_minor_gets_a_lighter_penalty_with_a_reason(login, sample):
    client = login("scj_officer1")
    minor = make_id_number("120110", dt.date(2008, 3, 1), 55)  # 15 on the day of the act
    data = _onspot(
        minor,
        power=str(sample.powers["XZCF-SCJ-002"].pk),
        officer_a=str(sample.people["scj_officer1"].pk),
        officer_b=str(sample.people["scj_officer2"].pk),
    )
    r = client.post("/staff/cases/onspot/", data)
    assert r.status_code == 422
    page = r.content.decode()
    row = page[page.index('id="row-discretion_reason"') :]
    assert "未满十八周岁（15岁）" in row[:1500] and "第三十条" in row[:1500]
    r = client.post("/staff/cases/onspot/", {**data, "discretion_reason": "当事人未成年，依法从轻处罚"})
    assert r.status_code == 302
    case = PenaltyCase.objects.get(decision_no="东scj当罚〔2023〕0007号")
    assert case.procedure == "simple" and case.fine_amount == Decimal("100")
    assert "违法时15周岁" in client.get(f"/staff/cases/{case.pk}/").content.decode()


def test_case_opened_from_a_clue_answers_the_clue(login, sample):
    from zhifa.supervision.services import clue_submit

    clue = clue_submit(
        region_code=sample.region.code,
        unit_id=sample.units["scj"].pk,
        text="某超市销售过期牛奶，请查处",
        received_on=dt.date(2023, 11, 20),
    )
    client = login("scj_officer1")
    assert f"/staff/cases/new/?clue={clue.pk}" in client.get(f"/staff/clues/{clue.pk}/").content.decode()
    assert f"?clue={clue.pk}" not in login("scj_reviewer").get(f"/staff/clues/{clue.pk}/").content.decode()
    client = login("scj_officer1")
    page = client.get(f"/staff/cases/new/?clue={clue.pk}").content.decode()
    assert "某超市销售过期牛奶" in page
    party = next(p for p in sample.parties if p.kind == "org")
    r = client.post(
        "/staff/cases/new/",
        {
            "case_no": "东scj罚〔2023〕960号",
            "power": sample.powers["XZCF-SCJ-001"].pk,
            "party_kind": "org",
            "party_name": party.name,
            "party_code": party.uscc,
            "violation": "销售超过保质期的食品",
            "act_date": "2023-11-18",
            "discovered_at": "2023-11-20T09:00",
            "file_on": "2023-11-21",
            "officer_a": sample.people["scj_officer1"].pk,
            "officer_b": sample.people["scj_officer2"].pk,
            "clue": clue.pk,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    case = PenaltyCase.objects.get(case_no="东scj罚〔2023〕960号")
    clue.refresh_from_db()
    assert case.status == "filed" and case.party == party
    assert clue.case == case and clue.status == "responded" and "东scj罚〔2023〕960号" in clue.response


def test_new_case_page_is_for_certified_officers(login, sample):
    assert login("scj_reviewer").get("/staff/cases/new/").status_code == 403
    client = login("scj_officer1")
    assert client.get("/staff/cases/new/").status_code == 200
    assert client.get("/staff/cases/new/?inspection=abc&clue=1%27").status_code == 200


def test_extension_needs_its_approval(login, sample):
    case = _investigating(sample)
    client = login("scj_leader")
    url = f"/staff/cases/{case.pk}/record/extend/"
    data = {"extend-extension_days": "30", "extend-extension_approved_by": "", "extend-extension_on": "2023-11-20"}
    r = client.post(url, data)
    assert r.status_code == 422
    page = r.content.decode()
    row = page[page.index('id="row-extend-extension_approved_by"') :][:800]
    assert "延期应当记录批准人" in row
    r = client.post(url, {**data, "extend-extension_approved_by": "冯正清"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.extension_days == 30 and case.decision_due == dt.date(2024, 3, 4)  # 90 + 30 days from 11-03
    # an officer may not grant it (the policy's leader row)
    r = login("scj_officer1").post(url, {**data, "extend-extension_approved_by": "周海涛"})
    assert r.status_code == 403


class OnlyChunks(io.BytesIO):
    """A stream that refuses to be read whole: the store must read it in chunks."""

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("read the whole file into memory")
        return super().read(size)


def test_evidence_is_hashed_while_streaming_and_only_by_the_unit(sample, settings, tmp_path):
    import hashlib

    settings.RECORDING_ROOT = tmp_path
    case = _investigating(sample)
    body = b"scan" * 600_000  # 2.4 MB, more than one chunk
    ev = evidence_record(
        actor=sample.users["scj_officer1"],
        case=case,
        kind="document",
        title="询问笔录",
        collected_on=dt.date(2023, 11, 10),
        collected_by=sample.people["scj_officer1"],
        stream=OnlyChunks(body),
        original_name="询问笔录.pdf",
    )
    assert ev.sha256 == hashlib.sha256(body).hexdigest() and ev.size == len(body)
    assert (tmp_path / ev.file_path).read_bytes() == body
    for user in ("scj_reviewer", "cgw_officer1"):
        with pytest.raises(PermissionDenied):
            evidence_record(
                actor=sample.users[user],
                case=case,
                kind="document",
                title="x",
                collected_on=dt.date(2023, 11, 10),
                collected_by=sample.people["scj_officer1"],
            )
    with pytest.raises(InvalidInput) as exc:
        evidence_record(
            actor=sample.users["scj_officer1"],
            case=case,
            kind="document",
            title="补充证据",
            collected_on=dt.date(2023, 11, 1),
            collected_by=sample.people["scj_officer1"],
        )
    assert exc.value.field == "collected_on"
    assert Evidence.objects.filter(case=case).count() == 1


def test_decision_outside_its_discretion_tier_needs_a_written_reason(login, sample):
    from zhifa.enforcement.workflow import case_open
    from zhifa.powers.services import benchmark_set

    power = sample.powers["XZCF-SCJ-002"]
    benchmark_set(
        actor=SYSTEM,
        power=power,
        tier="general",
        fine_min=Decimal("1000"),
        fine_max=Decimal("2000"),
        published_on=dt.date(2023, 1, 1),
    )
    party = next(p for p in sample.parties if p.kind == "person")
    case = case_open(
        actor=SYSTEM,
        unit=sample.units["scj"],
        power=power,
        party=party,
        case_no="东scj罚〔2023〕970号",
        violation="不凭处方销售处方药",
        act_date=dt.date(2023, 10, 30),
        discovered_at=dt.datetime(2023, 10, 31, 10, tzinfo=dt.UTC),
        officers=[sample.people["scj_officer1"], sample.people["scj_officer2"]],
        file_on=dt.date(2023, 11, 1),
    )
    case = case_transition(actor=SYSTEM, case=case, to_status="investigating", on_date=dt.date(2023, 11, 1))
    case = case_transition(
        actor=SYSTEM,
        case=case,
        to_status="notified",
        on_date=dt.date(2023, 11, 2),
        penalty_kinds=["fine"],
        fine_amount=Decimal("3000"),
    )
    client = login("scj_leader")
    page = client.get(f"/staff/cases/{case.pk}/?on=2023-11-10").content.decode()
    assert "一般 1000.00–2000.00元" in page  # the tiers offered are the power's published benchmarks
    data = {
        "to_status": "decided",
        "on_date": "2023-11-10",
        "decision_no": "东scj罚决字〔2023〕第970号",
        "penalty_kinds": ["fine"],
        "fine_amount": "3000",
        "discretion_tier": "general",
        "discretion_reason": "",
    }
    r = client.post(f"/staff/cases/{case.pk}/transition/", data)
    assert r.status_code == 422
    body = r.content.decode()
    at_field = body[body.index('id="decided-discretion_reason"') :][:1200]
    assert "不在裁量基准" in at_field and "第三十四条" in at_field
    r = client.post(
        f"/staff/cases/{case.pk}/transition/", {**data, "discretion_reason": "违法所得较大且拒不改正，从重处罚"}
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "decided" and case.discretion_tier == "general" and case.disclosure.status == "due"


def test_withdrawing_a_filing_is_the_leaders(login, sample):
    case = sample.cases["open"]
    data = {"to_status": "withdrawn", "on_date": "2023-11-08", "note": "经核查不属于本机关管辖"}
    assert login("scj_officer1").post(f"/staff/cases/{case.pk}/transition/", data).status_code == 403
    assert login("scj_leader").post(f"/staff/cases/{case.pk}/transition/", data).status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.transitions.last().note == "经核查不属于本机关管辖"
