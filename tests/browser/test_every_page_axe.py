"""Every page each role uses (tests/browser/role_pages.py), on the demo city — flags, thin
samples, a long community and official name — signed in as that role, at 390 px (a phone)
and 1280 px: each page opens (200) where it was asked for, has no serious or critical
axe-core violation and no colour contrast one, no text below 3:1 against its background, no
box that scrolls out of the keyboard's reach, no sideways scroll (with every folded section,
a <details>, opened), and no name squeezed in a table column narrower than about four
characters (a name one character a line).

Chinese at both widths (long Chinese names wrap differently), English at 390 px too (longer
words: the kit, the pack and the area pages scrolled sideways in English only). One browser,
one context per role, width and language, two tabs taking turns (tabs.py); every problem of
a role's pages is listed at once. axe-core takes about a second a page, so it runs once per
address (below); the other checks take milliseconds and run at every view.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from districts.demo import DEMO_PASSWORD

from .checks import (
    low_contrast,
    open_every_details,
    scrolls_sideways,
    serious_violations,
    squeezed_names,
    unreachable_scrollers,
)
from .helpers import TIMEOUT_MS, submit_login
from .role_pages import ROLES, pages_of
from .tabs import Tabs

pytestmark = pytest.mark.browser

VIEWS = [(390, "zh-hans"), (1280, "zh-hans"), (390, "en")]
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}


@pytest.fixture(scope="module")
def demo_server(_demo_city):
    """A live server over the committed demo city, for the whole module: pytest-django's
    ``live_server`` would flush the database after each test, and the demo with it."""
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


# axe-core runs once on each address, at the first view that opens it (it takes about a
# second a page; the markup is the same at every width and in either language but for the
# words, and for another role but for what that role may do); the page's own checks, which
# take milliseconds, run at every view.
AXED: set[str] = set()


def problems_on(page: Page, path: str, status: int | None) -> list[str]:
    if status != 200 or not page.url.endswith(path):
        return [f"{path}: status {status} at {page.url}"]
    found = []
    if path not in AXED:
        AXED.add(path)
        found += [f"{path}: {v}" for v in serious_violations(page)]
    open_every_details(page)  # a section opened must not widen the page either
    found += [f"{path}: text below 3:1: {t}" for t in low_contrast(page)]
    found += [
        f"{path}: scrolls out of the keyboard's reach: {b}" for b in unreachable_scrollers(page)
    ]
    if scrolls_sideways(page):
        width = page.evaluate("document.documentElement.scrollWidth")
        found.append(f"{path}: scrolls sideways ({width} px wide)")
    found += [f"{path}: a name squeezed in its column: {c}" for c in squeezed_names(page)]
    return found


@pytest.mark.parametrize("width, language", VIEWS, ids=[f"{w}-{lang}" for w, lang in VIEWS])
@pytest.mark.parametrize("username", ROLES, ids=[str(r or "public") for r in ROLES])
def test_every_page_a_role_uses_is_readable_and_fits_the_screen(
    browser: Browser, demo_server, demo, db, username, width, language
):
    paths = pages_of(username, language)
    context = browser.new_context(
        locale=LOCALES[language], viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
    tabs = Tabs(context)
    if username:
        submit_login(tabs.pages[0], demo_server, username, DEMO_PASSWORD)
    problems: list[str] = []
    for page, path, status in tabs.visit(demo_server.url, paths):
        problems += problems_on(page, path, status)
    context.close()
    assert problems == []
