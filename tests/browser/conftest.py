"""Playwright for Python driving Debian's chromium (never a downloaded browser build).

Without /usr/bin/chromium the tests skip with the reason, unless ZHIFA_REQUIRE_BROWSER=1 (set by .ci/run),
where they fail. On failure, the screenshots taken of each main page and of the final state are written to
$ZHIFA_ARTIFACT_DIR (default ./ci-artifacts/); ZHIFA_SCREENSHOTS=always writes them for passing tests too.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or REQUIRED:
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: apt-get install chromium fonts-wqy-microhei (set ZHIFA_REQUIRE_BROWSER=1 to fail instead)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"ZHIFA_REQUIRE_BROWSER=1 but {CHROMIUM} is missing: apt-get install chromium fonts-wqy-microhei")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()
    pw.stop()


class Shots:
    def __init__(self):
        self.taken: list[tuple[str, bytes]] = []

    def take(self, page, name: str) -> None:
        self.taken.append((name, page.screenshot(full_page=True)))


@pytest.fixture
def shots():
    return Shots()


@pytest.fixture
def page(browser, live_server, shots, request):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    failed = any(getattr(getattr(request.node, f"rep_{w}", None), "failed", False) for w in ("setup", "call"))
    if failed or os.environ.get("ZHIFA_SCREENSHOTS") == "always":
        out = Path(os.environ.get("ZHIFA_ARTIFACT_DIR", "ci-artifacts")) / re.sub(r"[^\w.-]+", "_", request.node.name)
        out.mkdir(parents=True, exist_ok=True)
        for i, (name, png) in enumerate(shots.taken):
            (out / f"{i:02d}-{name}.png").write_bytes(png)
        try:
            page.screenshot(path=str(out / "zz-final.png"), full_page=True)
        except Exception as exc:  # the page may be gone; the earlier shots are still written
            (out / "zz-final.txt").write_text(f"no final screenshot: {exc}")
    context.close()


@pytest.fixture
def sample(transactional_db, settings, tmp_path):
    from django.core.cache import cache

    from tests.support.sample import build_sample

    settings.REPORT_ROOT = tmp_path / "reports"
    cache.clear()  # the portal's page cache and the login-failure counters of an earlier test
    return build_sample()


@pytest.fixture
def login(page, sample):
    from tests.support.sample import SAMPLE_PASSWORD

    def _login(username: str):
        page.context.clear_cookies()
        page.goto("/staff/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", SAMPLE_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/staff/")
        return page

    return _login
