"""Walk every portal page reachable from /portal/ and find no full ID number, phone or natural-person name."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from zhifa.core.masking import ID_RE, PHONE_RE
from zhifa.enforcement.models import Party


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def crawl(client, start="/portal/", limit=2000):
    seen, queue, pages = set(), [start], {}
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


@pytest.mark.django_db
def test_walk_portal_finds_no_personal_data(client, sample):
    pages = crawl(client)
    decisions = [u for u in pages if u.startswith("/portal/decisions/")]
    assert len(decisions) == 24  # every published decision was reached
    people = Party.objects.filter(kind="person")
    names = [p.name for p in people] + [p.name for p in sample.people.values()]
    ids = [p.id_number for p in people] + [p.id_number for p in sample.people.values()]
    phones = [p.phone for p in people if p.phone] + [p.phone for p in sample.people.values() if p.phone]
    assert names and ids and phones
    for url, body in pages.items():
        text = re.sub(r"<[^>]+>", " ", body)
        assert not ID_RE.search(text), (url, ID_RE.search(text).group(0))
        assert not PHONE_RE.search(text), (url, PHONE_RE.search(text).group(0))
        for value in names + ids + phones:
            assert value not in body, (url, value)
