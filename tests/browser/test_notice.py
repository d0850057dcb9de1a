"""The public notice board in a phone's browser, in Chinese, checked with axe-core
(axe-playwright-python, which bundles axe-core: nothing is fetched): no serious or critical
accessibility violation, no sideways scroll, and the A4 print layout."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from evaluations import services as review_services
from publication import services
from tests.publication.helpers import fill

from .checks import contrast_ratios

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def published(city, official_a, city_official):
    area = fill(city.street_a1, "A")
    fill(city.street_b1, "B")
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    services.publication_publish_rankings(user=city_official, year=2009)
    return area


@pytest.fixture
def flagged(city, official_a, city_official):
    """As ``published``, with district B's street below the city's safety minimum: the
    rankings carry flags (below the threshold, last place)."""
    area = fill(city.street_a1, "A")
    fill(city.street_b1, "B")
    review_services.survey_save(
        street_id=city.street_b1.pk,
        year=2009,
        counts={"safe": 40, "fairly_safe": 30, "not_very_safe": 20, "unsafe": 10},
        user=None,
    )
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    services.publication_publish_rankings(user=city_official, year=2009)
    return area


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_resident_reads_the_notice_board_on_a_phone_in_chinese(phone, live_server, published):
    phone.goto(f"{live_server.url}/notice/")
    expect(phone.locator("h1")).to_contain_text("2009 年全市区县排名")
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert fits(phone)
    assert serious_violations(phone) == []

    phone.get_by_role("link", name="甲区").first.click()
    expect(phone.locator("h1")).to_have_text("甲区")
    assert fits(phone)
    assert serious_violations(phone) == []

    phone.get_by_role("link", name="2009 年第 1 季度").click()
    expect(phone.locator("h1")).to_contain_text("2009 年第 1 季度考评结果")
    expect(phone.get_by_text("公示警官A")).to_be_visible()
    expect(phone.get_by_text("非常满意").first).to_be_visible()
    assert "秘密意见" not in phone.content()
    assert fits(phone)
    assert serious_violations(phone) == []

    phone.get_by_role("link", name=published.community.name).click()
    expect(phone.locator("h1")).to_contain_text(published.community.name)
    assert fits(phone)
    assert serious_violations(phone) == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["/notice/", "/notice/rankings/2009/", "/notice/districts/DB/"])
def test_a_flag_on_the_notice_board_is_readable_at_every_width(
    browser, live_server, flagged, path, width
):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + path)
    badges = page.locator(".badge.danger")
    expect(badges.first).to_be_visible()
    ratios = contrast_ratios(page, ".badge.danger")
    box = badges.first.bounding_box()
    area = page.locator("tr:has(.badge.danger) td:nth-child(2)").first.bounding_box()
    context.close()
    assert min(ratios) >= 4.5, ratios  # was red on red, 1:1
    assert box and area and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    if width < 600:
        # on a phone, right under the area's name: the flags column sat off-screen, to the
        # right of a table that scrolled sideways, names one character a line (issue 21)
        assert box["y"] >= area["y"] + area["height"] - 1, (box, area)


def test_the_board_switches_to_english_and_back(phone, live_server, published):
    phone.goto(f"{live_server.url}/notice/districts/DA/2009/1/")
    phone.get_by_test_id("other-language").click()
    expect(phone.locator("h1")).to_contain_text("review results of 2009 Q1")
    assert serious_violations(phone) == []
    phone.get_by_test_id("other-language").click()
    expect(phone.locator("h1")).to_contain_text("考评结果")


def test_the_quarter_notice_prints_on_a4_portrait_without_the_page_tools(
    phone, live_server, published
):
    phone.goto(f"{live_server.url}/notice/districts/DA/2009/1/")
    phone.emulate_media(media="print")
    assert not phone.locator(".print-button").is_visible()
    assert not phone.locator(".crumbs").is_visible()
    pdf = phone.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_the_api_docs_page_renders_from_our_static_files_under_the_csp(page, live_server):
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert refused == []  # issue 21, item 14: the page's own <style> was refused
    expect(page.get_by_text("/api/v1/rankings/", exact=True)).to_be_visible()
    assert [u for u in outside if not u.startswith("data:")] == []
