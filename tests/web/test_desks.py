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
