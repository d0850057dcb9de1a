"""Between meetings on a phone (390 px): street staff open a promise from their home,
report it done, and the page shows the report and its history."""

import pytest
from playwright.sync_api import Page, expect

from tests.evaluations.promises.between import posted, promised, reviewed

from .checks import (
    low_contrast,
    open_every_details,
    scrolls_sideways,
    serious_violations,
    unreachable_scrollers,
)
from .helpers import TIMEOUT_MS, login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser) -> Page:
    context = browser.new_context(locale="en-US", viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def test_street_staff_report_a_promise_done_on_a_phone(phone, live_server, city, staff_a1):
    official = posted(city.a1[0], "PA", "甲警官")
    promise = promised(reviewed(city.a1[0], official), official=official, text="组织夜间巡逻")
    login(phone, live_server, "staff_a1")
    phone.goto(f"{live_server.url}/")
    overdue = phone.get_by_test_id("home-promises-overdue")
    expect(overdue).to_contain_text("组织夜间巡逻")
    readable(phone)
    overdue.get_by_role("link", name=f"2025 Q3 #{promise.number}").click()
    expect(phone.get_by_test_id("state")).to_have_text("overdue")
    phone.get_by_text("Report it done").click()
    form = phone.get_by_test_id("done-form")
    form.get_by_label("Done on").fill("2025-09-20")
    form.get_by_label("What was done").fill("每晚两人巡逻")
    button = form.get_by_role("button", name="Report done")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390  # on screen, no side scroll
    button.click()
    expect(phone.get_by_test_id("done")).to_contain_text("2025-09-20")
    expect(phone.get_by_test_id("history")).to_contain_text("每晚两人巡逻")
    expect(phone.get_by_test_id("undone-form")).to_be_visible()
    readable(phone)
    phone.goto(f"{live_server.url}/reviews/promises/?due=overdue")
    readable(phone)


def readable(page: Page) -> None:
    """The sweep's checks (test_every_page_axe): the demo city has no promise yet."""
    open_every_details(page)
    assert serious_violations(page) == []
    assert low_contrast(page) == []
    assert unreachable_scrollers(page) == []
    assert not scrolls_sideways(page)
