"""Walk every portal page reachable from /portal/ and find no full ID number, phone or natural-person name."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from zhifa.core.masking import ID_RE, PHONE_RE
from zhifa.enforcement.models import Disclosure, Party
from zhifa.org.models import Person, Unit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def crawl(client, seeds=("/portal/",), limit=5000):
    seen, queue, pages = set(), list(seeds), {}
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        assert r.status_code == 200, url
        body = r.content.decode()
        pages[url] = body
        parser = Links()
        parser.feed(body)
        for href in parser.hrefs:
            full = urljoin(url, href)
            parts = urlsplit(full)
            if parts.path.startswith("/portal/") and not parts.netloc:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


DECISION_LINK = re.compile(r"/portal/decisions/(\d+)/")


def assert_no_personal_data(pages):
    """No full ID number or phone anywhere; no natural-person party's name on a page that shows their decision.

    Names are checked where their decision appears (its page, or a list row linking to it): a short name
    like 杨柳 is also part of a place name (杨柳青镇) in a unit's 权责清单, which is not personal data.
    """
    people = Party.objects.filter(kind="person")
    staff = Person.objects.all()
    ids = [p.id_number for p in people] + [p.id_number for p in staff]
    phones = [p.phone for p in people if p.phone] + [p.phone for p in staff if p.phone]
    party_of = {}
    for party in ("case__party", "measure__party", "licence__applicant", "execution__party"):
        party_of |= dict(Disclosure.objects.filter(**{f"{party}__kind": "person"}).values_list("pk", f"{party}__name"))
    assert ids and party_of
    checked_names = 0
    for url, body in pages.items():
        text = re.sub(r"<[^>]+>", " ", body)
        assert not ID_RE.search(text), (url, ID_RE.search(text).group(0))
        assert not PHONE_RE.search(text), (url, PHONE_RE.search(text).group(0))
        for value in ids + phones:
            assert value not in body, (url, value)
        for pk in {int(m) for m in DECISION_LINK.findall(url + " " + body)}:
            name = party_of.get(pk)
            if name:
                assert name not in body, (url, name)
                checked_names += 1
    assert checked_names >= len(party_of)


def seeds():
    return ["/portal/", "/portal/clue/", *(f"/portal/?unit={pk}" for pk in Unit.objects.values_list("pk", flat=True))]


def publish_other_acts(sample):
    """A 行政许可, a 行政强制措施 and a 行政强制执行 decision about natural persons (names also in the free text),
    each published: the walk must find them listed and masked like the penalty decisions."""
    import datetime as dt
    import io

    from django.utils import timezone

    from tests.factories import PowerFactory
    from zhifa.core.policy import SYSTEM
    from zhifa.core.validators import make_id_number
    from zhifa.enforcement import disclosure as DS
    from zhifa.enforcement import services_coercion as SC
    from zhifa.enforcement import services_licensing as SL
    from zhifa.enforcement.services import party_register

    unit = sample.units["scj"]
    officers = [sample.people["scj_officer1"], sample.people["scj_officer2"]]
    start = dt.date(2020, 1, 1)
    licence_power = PowerFactory(owner=unit, code="XZXK-SCJ-101", name="食品经营许可", category="license", effective_from=start)
    coercion = PowerFactory(owner=unit, code="XZQZ-SCJ-101", name="查封扣押", category="coercion", effective_from=start)

    def person(name, seq, phone):
        return party_register(
            actor=SYSTEM, region=unit.region, kind="person", name=name, phone=phone,
            id_number=make_id_number(unit.region_id, dt.date(1985, 3, 2), seq),
        )

    a, b, c = person("欧阳春华", 811, "13812345671"), person("司马秋菊", 812, "13812345672"), person("上官冬梅", 813, "13812345673")
    x = SL.licence_accept(
        actor=SYSTEM, unit=unit, power=licence_power, applicant=a, application_no="东市监许受〔2024〕7号",
        subject="欧阳春华申请食品经营许可", accepted_on=dt.date(2024, 4, 1), officers=officers,
    )
    x, _ = SL.licence_decide(
        actor=SYSTEM, licence=x, decided_on=dt.date(2024, 4, 10), result="grant", decision_no="东市监许〔2024〕7号"
    )
    video = SC.RecordingUpload(
        stream=io.BytesIO(b"\x00video"), original_name="seal.mp4", device_name="执法记录仪",
        recorded_at=timezone.make_aware(dt.datetime(2024, 4, 8, 10)), officer=officers[0],
    )
    m = SC.coercive_measure_decide(
        actor=SYSTEM, unit=unit, power=coercion, party=b, kind="seal", decided_on=dt.date(2024, 4, 8), term_days=30,
        officers=officers, decision_no="东市监封〔2024〕7号", approved_by="冯正清", reason="司马秋菊涉嫌经营过期食品",
        items="过期奶粉 12 箱", onsite_record=True, recordings=[video],
    )
    e = SC.enforcement_execution_demand(
        actor=SYSTEM, unit=unit, power=coercion, party=c, method="surcharge", obligation="上官冬梅缴纳罚款",
        demand_on=dt.date(2024, 4, 1), demand_due=dt.date(2024, 4, 11), officers=officers,
    )
    e = SC.enforcement_execution_decide(actor=SYSTEM, execution=e, decided_on=dt.date(2024, 4, 15), decision_no="东市监强〔2024〕7号")
    for d in Disclosure.objects.filter(case__isnull=True, status="due"):
        DS.disclosure_publish(actor=SYSTEM, disclosure=d, on=dt.date(2024, 4, 16))
    return {x.decision_no, m.decision_no, e.decision_no}


@pytest.mark.django_db
def test_walk_portal_of_the_sample_finds_no_personal_data(client, sample):
    numbers = publish_other_acts(sample)
    pages = crawl(client, seeds())
    decisions = [u for u in pages if u.startswith("/portal/decisions/")]
    assert len(decisions) == Disclosure.objects.filter(status="published").count() == 24 + 3
    listed = pages["/portal/"]
    assert all(n in listed for n in numbers) and "行政许可决定" in listed and "行政强制执行决定" in listed
    licence_page = next(b for u, b in pages.items() if u in decisions and "东市监许〔2024〕7号" in b)
    assert "<dt>申请人</dt>" in licence_page and "<dt>许可事项</dt>" in licence_page
    assert any("/powers/" in u for u in pages)
    assert_no_personal_data(pages)


@pytest.mark.slow
@pytest.mark.django_db
def test_walk_portal_of_the_demo_finds_no_personal_data(client):
    """The reports engineer's demo generator on its small scenario (西青区 2024): every published decision."""
    from zhifa.demo.generator import generate
    from zhifa.demo.scenario import load_scenario

    generate(load_scenario("xiqing-2024"))
    published = Disclosure.objects.filter(status="published").count()
    assert published > 100
    assert Party.objects.filter(kind="person", cases__disclosure__status="published").exists()
    pages = crawl(client, seeds())
    decisions = [u for u in pages if u.startswith("/portal/decisions/")]
    assert len(decisions) == published
    assert_no_personal_data(pages)
