"""Meeting day on a phone (390 px) with promises: the verdict on an earlier promise and two
new promises (the second row added by the page's script) entered with the meeting, saved
together, and shown on the meeting's page."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.evaluations.promises.helpers import meeting, promise
from tests.factories import DepartmentFactory, OfficialFactory, PostingFactory

from .checks import open_every_details, serious_violations
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


@pytest.fixture
def earlier(city):
    """DA-1-0's officer, a 2009 Q2 meeting and its promise, due before the Q3 meeting."""
    official = OfficialFactory(code="P1", name="袁海燕")
    PostingFactory(official=official, community=city.a1[0], start_date=datetime.date(2008, 1, 1))
    DepartmentFactory(street=city.a1[0].street, key="police")
    at = meeting(city.a1[0], official, 2009, 2)
    return promise(at, official, due_on=datetime.date(2009, 8, 31), text="组织夜间巡逻")


def test_a_meeting_with_two_promises_and_a_verdict_is_entered_on_a_phone(
    phone, live_server, city, staff_a1, earlier
):
    login(phone, live_server, "staff_a1")
    phone.goto(f"{live_server.url}/reviews/communities/DA-1-0/2009/3/")
    phone.locator("input[name=present]").fill("8")
    phone.locator(f"input[name='{earlier.official_id}-satisfied']").fill("8")

    card = phone.locator(f".verdict-card[data-promise='{earlier.pk}']")
    expect(card).to_contain_text("组织夜间巡逻")
    card.get_by_label("Kept", exact=True).fill("6")
    card.get_by_label("Not kept", exact=True).fill("1")
    expect(card.locator(".tally-total")).to_have_text("7 / 8")

    rows = phone.get_by_test_id("promise-row")
    rows.nth(0).get_by_label("Who promised").select_option(
        label="袁海燕 · community police officer"
    )
    rows.nth(0).get_by_label("What will be done").fill("夜间巡逻每周三次")
    phone.get_by_role("button", name="Add another promise").tap()
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_label("Who promised").select_option(index=2)
    rows.nth(1).get_by_label("What will be done").fill("安装监控")
    rows.nth(1).get_by_label("Due on").fill("2010-03-31")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    open_every_details(phone)  # the renewal's fields too
    assert serious_violations(phone) == []

    phone.locator("button[name=action][value=submit]").tap()
    expect(phone).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    made = phone.get_by_test_id("promises-made")
    expect(made.locator("tbody tr")).to_have_count(2)
    expect(made).to_contain_text("夜间巡逻每周三次")
    expect(made).to_contain_text("2010-03-31")
    expect(phone.get_by_test_id("verdicts-given").get_by_test_id("verdict-kept")).to_be_visible()
    assert serious_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_kits_verdict_sheet_prints_on_one_a4_page_of_its_own_in_chinese(
    page: Page, live_server, city, staff_a1, earlier
):
    for n in range(3):
        promise(
            earlier.meeting, earlier.official, due_on=datetime.date(2009, 8, 31), text=f"承诺{n}"
        )
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/kit/DA-1-0/2009/3/")
    sheet = page.get_by_test_id("kit-verdicts")
    expect(sheet).to_contain_text("评议表")
    expect(sheet.get_by_test_id("kit-promise")).to_have_count(4)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px per inch
    box = sheet.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 794
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1 + 1 + 1 + 1  # sign-in, the tally sheet, the verdicts, the rest
