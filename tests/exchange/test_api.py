"""The REST API: tokens per source system, batches applied once, reads scoped to the token's unit."""

import csv
import io
import json

import pytest
from django.test import Client

from tests.exchange import district as D
from zhifa.core.models import AuditLog
from zhifa.enforcement.models import Inspection
from zhifa.exchange import services
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.models import ApiToken
from zhifa.exchange.services import exchange_load_files
from zhifa.org.models import Region, Unit

pytestmark = pytest.mark.django_db

EN = {"检查行为编号": "number"}


def english(rtype_name: str, row: dict) -> dict:
    from zhifa.exchange.spec import BY_NAME

    t = BY_NAME[rtype_name]
    return {t.by_name[k].key: v for k, v in row.items()}


@pytest.fixture
def tokens(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    market, street = Unit.objects.get(uscc=D.MARKET), Unit.objects.get(uscc=D.STREET)
    _, a = services.token_create(actor=SYSTEM, name="市场监管业务系统", unit=market)
    _, b = services.token_create(actor=SYSTEM, name="街道综合执法系统", unit=street)
    _, r = services.token_create(actor=SYSTEM, name="区司法局", region=Region.objects.get(pk=D.REGION))
    return {"A": a, "B": b, "region": r}


def call(method, path, token=None, body=None, **headers):
    c = Client()
    kw = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kw.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    if body is not None:
        return getattr(c, method)(path, data=json.dumps(body), content_type="application/json", **kw)
    return getattr(c, method)(path, **kw)


def test_token_is_stored_hashed_and_revocable(tokens):
    stored = ApiToken.objects.get(name="市场监管业务系统")
    assert tokens["A"] not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64
    assert call("get", "/api/v1/inspections", tokens["A"]).status_code == 200
    services.token_revoke(actor=SYSTEM, token=stored)
    r = call("get", "/api/v1/inspections", tokens["A"])
    assert r.status_code == 401 and r.json()["code"] == "auth.token"


def test_a_retried_batch_is_applied_once(tokens):
    body = {
        "records": [english("行政检查", D.inspection(1)), english("行政检查", D.inspection(2, 执法证号="x-unknown"))]
    }
    r = call("post", "/api/v1/inspections/batches", tokens["A"], body, **{"Idempotency-Key": "SJ-2024-0001"})
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["counts"]["created"] == 1 and out["counts"]["rejected"] == 1 and not out["replayed"]
    rejected = [x for x in out["results"] if x["status"] == "rejected"]
    assert rejected[0]["row"] == 2 and rejected[0]["field"] == "执法证号" and "不存在" in rejected[0]["reason"]
    audits = AuditLog.objects.count()
    again = call("post", "/api/v1/inspections/batches", tokens["A"], body, **{"Idempotency-Key": "SJ-2024-0001"})
    assert again.status_code == 200 and again.json()["replayed"] and again.json()["counts"] == out["counts"]
    assert Inspection.objects.count() == 1 and AuditLog.objects.count() == audits
    got = call("get", "/api/v1/batches/SJ-2024-0001", tokens["A"])
    assert got.status_code == 200 and got.json()["counts"]["rejected"] == 1
    assert call("get", "/api/v1/batches/SJ-2024-0001", tokens["B"]).status_code == 404


def test_unit_a_token_can_neither_read_nor_write_unit_b_records(tokens):
    call(
        "post",
        "/api/v1/inspections/batches",
        tokens["A"],
        {"batch_no": "a1", "records": [english("行政检查", D.inspection(1))]},
    )
    key = D.inspection(1)["检查行为编号"]
    assert call("get", f"/api/v1/inspections/{key}", tokens["A"]).json()["number"] == key
    assert call("get", f"/api/v1/inspections/{key}", tokens["B"]).status_code == 404
    assert call("get", "/api/v1/inspections", tokens["B"]).json()["items"] == []
    assert len(call("get", "/api/v1/inspections", tokens["region"]).json()["items"]) == 1
    r = call(
        "post",
        "/api/v1/inspections/batches",
        tokens["B"],
        {"batch_no": "b1", "records": [english("行政检查", D.inspection(2))]},
    )
    assert r.status_code == 403 and r.json()["code"] == "auth.other_unit"
    assert Inspection.objects.count() == 1
    # A unit's token cannot add to the registry the 司法局 keeps.
    unit = english("执法主体", D.registry()["执法主体"][0])
    r = call("post", "/api/v1/units/batches", tokens["A"], {"batch_no": "u1", "records": [unit]})
    assert r.json()["counts"]["unchanged"] == 1  # the same record: nothing to write, nothing refused
    r = call("post", "/api/v1/units/batches", tokens["A"], {"batch_no": "u2", "records": [dict(unit, short_name="改")]})
    assert r.json()["results"][0]["status"] == "rejected" and "无权" in r.json()["results"][0]["reason"]


def test_bad_input_is_a_json_4xx(tokens):
    r = call("post", "/api/v1/inspections/batches", tokens["A"], {"records": "nope"})
    assert r.status_code == 422 and r.json()["code"] == "request.invalid"
    r = call("post", "/api/v1/inspections/batches", tokens["A"], {"records": []})
    assert r.status_code == 400 and r.json()["field"] == "批次号"
    r = call("get", "/api/v1/inspections?cursor=abc", tokens["A"])
    assert r.status_code == 400 and r.json()["field"] == "cursor"


@pytest.mark.parametrize("path", ["/api/v1/people/batches", "/api/v1/coercive-measures/batches"])
def test_unstorable_text_is_refused_with_its_field_not_a_500(tokens, path):
    # NUL cannot be stored (PostgreSQL refuses it even in jsonb; lone surrogates are refused when the JSON is read): an unknown field named
    # with one, and a known field holding one, are both refused per record, quoted with escapes, and the batch
    # report is stored.
    body = {"batch_no": "nul-1", "records": [{"bad\x00key": 1}, {"party_name": "甲\x00乙"}]}
    r = call("post", path, tokens["A"], body)
    assert r.status_code == 200, r.content
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected"]
    assert "\\x00" in results[0]["field"]
    assert "\x00" not in json.dumps(results, ensure_ascii=False).replace("\\x00", "")


def test_an_id_number_of_an_area_the_checker_knows_only_in_part_is_refused_not_a_500(tokens):
    # python-stdnum raised KeyError('county') for such an area code: the batch failed with a 500
    bad = english("行政检查", D.inspection(1, 相对人性质="自然人", 相对人证件号码="110967197501020024"))
    r = call("post", "/api/v1/inspections/batches", tokens["A"], {"batch_no": "area-1", "records": [bad]})
    assert r.status_code == 200, r.content
    (result,) = r.json()["results"]
    assert result["status"] == "rejected" and result["field"] == "相对人证件号码"
    assert "地区码" in result["reason"]


def test_cursor_pagination(tokens):
    rows = [english("行政检查", D.inspection(i)) for i in range(1, 6)]
    call("post", "/api/v1/inspections/batches", tokens["A"], {"batch_no": "p", "records": rows})
    seen, cursor = [], None
    while True:
        page = call("get", "/api/v1/inspections?limit=2" + (f"&cursor={cursor}" if cursor else ""), tokens["A"]).json()
        seen += [x["number"] for x in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [r["number"] for r in rows]


def test_shuanggongshi_feed_masks_natural_persons(tokens):
    cases = [
        english("行政处罚", D.case(1)),
        english("行政处罚", D.case(2, 当事人名称="张三", 相对人性质="自然人", 相对人证件号码=D.CITIZEN)),
    ]
    r = call("post", "/api/v1/penalty-cases/batches", tokens["A"], {"batch_no": "c", "records": cases})
    assert r.json()["counts"]["created"] == 2, r.content
    rows = call("get", "/api/v1/feeds/shuanggongshi", tokens["region"]).json()
    assert len(rows) == 2
    shop, person = sorted(rows, key=lambda x: x["行政相对人类别"])
    assert person["行政相对人类别"] == "自然人" and person["证件号码"] != D.CITIZEN and "*" in person["证件号码"]
    assert shop["统一社会信用代码"] == D.SHOP and shop["罚款金额(万元)"] == "0.300000"
    assert shop["公示截止期"] == "2027-03-20" and shop["处罚机关统一社会信用代码"] == D.MARKET
    text = call("get", "/api/v1/feeds/shuanggongshi.csv", tokens["B"]).content.decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(text))) == []


def test_records_made_in_the_workspace_are_read_from_the_tables_within_the_token_scope(tokens):
    """The read endpoints serve the tables, not the exchange's store: a person registered in the workspace is
    listed and read by its unit's token (and the region's), and stays invisible to another unit's."""
    import datetime as dt

    from zhifa.core.validators import make_id_number
    from zhifa.org import services as org

    idno = make_id_number(D.REGION, dt.date(1991, 2, 3), 77)
    org.person_register(
        actor=SYSTEM, unit=Unit.objects.get(uscc=D.MARKET), name="吴新", id_number=idno, staffing_type="admin"
    )
    got = call("get", f"/api/v1/people/{idno}", tokens["A"])
    assert got.status_code == 200
    assert got.json() == {
        "id_number": idno,
        "name": "吴新",
        "unit_uscc": D.MARKET,
        "staffing_type": "行政编制",
        "has_legal_qualification": "否",
        "status": "在岗",
    }
    listed = [r["id_number"] for r in call("get", "/api/v1/people?limit=2", tokens["A"]).json()["items"]]
    page = call("get", "/api/v1/people?limit=2", tokens["A"]).json()
    while page["next_cursor"]:
        page = call("get", f"/api/v1/people?limit=2&cursor={page['next_cursor']}", tokens["A"]).json()
        listed += [r["id_number"] for r in page["items"]]
    assert idno in listed and len(listed) == len(set(listed)) == 5  # 4 of the market's from the registry file
    assert call("get", f"/api/v1/people/{idno}", tokens["B"]).status_code == 404
    assert idno not in [r["id_number"] for r in call("get", "/api/v1/people", tokens["B"]).json()["items"]]
    assert call("get", f"/api/v1/people/{idno}", tokens["region"]).status_code == 200


def test_read_endpoints_select_a_period_on_the_record_own_date(tokens, tmp_path):
    rows = [D.inspection(1, 检查时间="2024-03-31 23:30"), D.inspection(2, 检查时间="2024-04-01 08:00")]
    exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "acts", "行政检查", rows)])
    got = call("get", "/api/v1/inspections?date_from=2024-04-01&date_to=2024-04-30", tokens["A"]).json()
    assert [r["number"] for r in got["items"]] == ["JC202400002"]  # 23:30 Beijing time is still March
    got = call("get", "/api/v1/inspections?date_to=2024-03-31", tokens["A"]).json()
    assert [r["number"] for r in got["items"]] == ["JC202400001"]
    r = call("get", "/api/v1/inspections?date_from=2024-13-01", tokens["A"])
    assert r.status_code == 400 and r.json()["field"] == "date_from"


def test_the_api_docs_page_needs_no_internet():
    """Government intranets reach no CDN: the docs page loads Swagger UI from the product's own static files."""
    import re

    from django.contrib.staticfiles import finders

    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and not [r for r in refs if r.startswith(("http://", "https://", "//"))], refs
    scripts = [r for r in refs if r.endswith(".js")]
    assert scripts and all(finders.find(r.removeprefix("/static/")) for r in scripts)
