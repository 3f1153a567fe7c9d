"""The 司法局's desks and the units' answers: every page renders for the roles that use it, and the
policy rows for the new actions name the role that may act."""

import datetime as dt

import pytest

from zhifa.core import policy
from zhifa.core.access import Roles

pytestmark = pytest.mark.django_db

PAGES = [
    "/staff/certificates/applications/",
    "/staff/certificates/exams/",
    "/staff/certificates/annual/?year=2023",
    "/staff/certificates/annual/?year=2023&format=xlsx",
    "/staff/powers/changes/",
    "/staff/reviews/?year=2023&quarter=1",
    "/staff/reviews/results/?year=2023&quarter=1",
    "/staff/oversight/",
    "/staff/rectifications/",
    "/staff/interference/",
    "/staff/clues/",
    "/staff/filings/",
    "/staff/trainings/?year=2023",
]


@pytest.mark.parametrize("user", ["sup", "scj_admin"])
def test_desk_pages_render(login, sample, user):
    client = login(user)
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
    unit = sample.units["scj"]
    assert client.get(f"/staff/units/{unit.pk}/").status_code == 200
    power = sample.powers["XZCF-SCJ-001"]
    assert client.get(f"/staff/powers/{power.pk}/?on=2024-02-01").status_code == 200


@pytest.mark.parametrize(
    "action,role",
    [
        ("certificate.apply", Roles.UNIT_ADMIN),
        ("certificate.review", Roles.SUPERVISOR),
        ("exam.create", Roles.SUPERVISOR),
        ("power.propose", Roles.UNIT_ADMIN),
        ("power.review", Roles.SUPERVISOR),
        ("review.assign", Roles.SUPERVISOR),
        ("filing.acknowledge", Roles.SUPERVISOR),
        ("interference.read", Roles.SUPERVISOR),
        ("interference.follow_up", Roles.SUPERVISOR),
    ],
)
def test_new_actions_in_policy(action, role):
    assert policy.rule(action).roles() == {role}


def test_interference_hidden_from_the_unit_that_recorded_it(login, sample):
    from zhifa.supervision.interference import interference_records_visible_to

    client = login("scj_admin")
    r = client.post(
        "/staff/interference/",
        {
            "_form": "record",
            "record-interferer_name": "某领导",
            "record-interferer_role": "leader",
            "record-case_no": "",
            "record-method": "打电话要求从轻处罚",
            "record-occurred_on": "2023-11-01",
            "record-recorded_on": "2023-11-02",
        },
    )
    assert r.status_code == 302
    assert interference_records_visible_to(sample.users["scj_admin"]).count() == 0
    assert interference_records_visible_to(sample.users["sup"]).count() == 1
    page = client.get("/staff/interference/").content.decode()
    assert "某领导" not in page and "打电话" not in page
    assert "某领导" in login("sup").get("/staff/interference/").content.decode()


def test_clue_status_shows_no_personal_data(client, sample):
    from zhifa.supervision.clue_status import clue_reference
    from zhifa.supervision.services import clue_submit

    c = clue_submit(region_code="120110", text="某超市销售过期食品张三举报", contact="13912345678",
                    received_on=dt.date(2023, 11, 6))
    r = client.get(f"/portal/clue/status/?ref={clue_reference(c)}")
    body = r.content.decode()
    assert r.status_code == 200 and "已接收" in body
    assert "13912345678" not in body and "过期食品" not in body
    wrong = f"XS20230101{c.pk:06d}"
    assert client.get(f"/portal/clue/status/?ref={wrong}").status_code == 404


def test_clue_status_guessing_is_limited_per_address(client, sample):
    # unknown reference numbers are counted per address: the 21st miss in an hour is refused (429) before any
    # lookup, even for a real reference; another address, and a citizen's own correct lookups, are not limited
    from zhifa.portal.clues import STATUS_MISS_LIMIT
    from zhifa.supervision.clue_status import clue_reference
    from zhifa.supervision.services import clue_submit

    c = clue_submit(region_code="120110", text="某超市销售过期食品张三举报", contact="", received_on=dt.date(2023, 11, 6))
    ref = clue_reference(c)
    for _ in range(3):
        assert client.get(f"/portal/clue/status/?ref={ref}", REMOTE_ADDR="10.0.0.7").status_code == 200
    for n in range(STATUS_MISS_LIMIT):
        assert client.get(f"/portal/clue/status/?ref=XS2023X{n}", REMOTE_ADDR="10.0.0.7").status_code == 404
    r = client.get(f"/portal/clue/status/?ref={ref}", REMOTE_ADDR="10.0.0.7")
    assert r.status_code == 429 and "不存在的受理编号" in r.content.decode() and "已接收" not in r.content.decode()
    assert client.get(f"/portal/clue/status/?ref={ref}", REMOTE_ADDR="10.0.0.8").status_code == 200


def test_desk_forms_show_their_fields_and_the_score_sheet_is_one_table(login, sample):
    """The sample form shows its fields; the score sheet shows each item once, in the grid (item, full points,
    deduction, reason), not as a column of 16 separate rows."""
    from zhifa.supervision.models import CaseFileReview
    from zhifa.supervision.policy import REVIEW_ITEMS

    client = login("sup")
    body = client.get("/staff/reviews/?year=2023&quarter=1").content.decode()
    assert 'id="id_sample-size"' in body and 'id="id_sample-seed"' in body
    from zhifa.enforcement.models import PenaltyCase

    case = PenaltyCase.objects.filter(unit=sample.units["scj"]).first()
    rv = CaseFileReview.objects.create(region=sample.region, unit=case.unit, case=case, year=2023, quarter=1, seed="t")
    body = client.get(f"/staff/reviews/{rv.pk}/").content.decode()
    grid = body[body.index('id="grid-score"') :]
    for i, item in enumerate(REVIEW_ITEMS):
        assert f"<td>{item}</td>" in grid and f'id="id_score-d{i}"' in grid and f'id="id_score-r{i}"' in grid
        assert body.count(f'id="id_score-d{i}"') == 1
    assert 'id="id_score-reviewed_on"' in body


def test_power_history_shows_the_category_label(login, sample):
    from zhifa.powers.models import PowerChange

    change = PowerChange.objects.filter(power__owner=sample.units["scj"], after__category="penalty").first()
    body = login("sup").get(f"/staff/powers/{change.power_id}/").content.decode()
    assert "类别：行政处罚" in body and "类别：penalty" not in body


def test_an_assigned_clue_offers_to_move_it_with_its_unit_chosen(login, sample):
    from zhifa.supervision.services import clue_assign, clue_submit

    c = clue_submit(region_code="120110", text="某超市销售过期食品", contact="", received_on=dt.date(2023, 11, 6))
    clue_assign(actor=sample.users["sup"], clue=c, unit=sample.units["scj"], assigned_on=dt.date(2023, 11, 7))
    body = login("sup").get(f"/staff/clues/{c.pk}/").content.decode()
    assert "改交其他单位承办" in body
    assert f'<option value="{sample.units["scj"].pk}" selected>' in body
