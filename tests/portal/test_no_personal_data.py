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
    party_of = dict(Disclosure.objects.filter(case__party__kind="person").values_list("pk", "case__party__name"))
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


@pytest.mark.django_db
def test_walk_portal_of_the_sample_finds_no_personal_data(client, sample):
    pages = crawl(client, seeds())
    decisions = [u for u in pages if u.startswith("/portal/decisions/")]
    assert len(decisions) == Disclosure.objects.filter(status="published").count() == 24
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
