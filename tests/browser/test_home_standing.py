"""The officials' home while meetings are being entered: the standing says since when it
was computed, in the page's language, and fits a phone, a tablet, a desktop and paper."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from core import dataversion
from rankings.selectors import latest_year

from .helpers import TIMEOUT_MS, login

pytestmark = pytest.mark.browser

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def cached_figures(settings):
    settings.DATA_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_a_lagging_standing_says_since_when_in_chinese_and_fits_the_width(
    browser, live_server, official_a, cached_figures, width
):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    login(page, live_server, "official_a")  # the home computes the standing: exact
    expect(page.get_by_test_id("standing-as-of")).to_have_count(0)

    dataversion.bump(f"reviews:{latest_year()}")  # a street office's meeting saved since
    page.reload()

    note = page.get_by_test_id("standing-as-of")
    expect(note).to_be_visible()
    expect(note).to_contain_text("截至")
    assert "As of" not in note.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.emulate_media(media="print")
    expect(note).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0
    context.close()
