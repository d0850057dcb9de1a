"""Meeting day on a phone (390 px): a refused save opens on a focused summary of its errors
that leads to each field, the error of too many votes sits on the count that caused it, the
offer to restore what was typed is on screen, the quarter board shows each community as a
card with its actions on screen, and a save leads on to the next community to enter."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.models import Community
from evaluations import rules
from tests.factories import OfficialFactory, PostingFactory

from .helpers import TIMEOUT_MS, login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG_NAME = "鹞子丘北滨路滨江国际花园社区"


@pytest.fixture
def phone(browser) -> Page:
    context = browser.new_context(locale="en-US", viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def officials(city):
    """Two officials of DA-1-0 (roll 10), posted since 2008."""
    found = []
    for code, name, role in (("P1", "袁海燕", "police"), ("D1", "张建国", "director")):
        official = OfficialFactory(code=code, name=name)
        PostingFactory(
            official=official, community=city.a1[0], role=role, start_date=datetime.date(2008, 1, 1)
        )
        found.append(official)
    return found


def entry_url(live_server, code: str = "DA-1-0") -> str:
    year, quarter = rules.quarter_of(timezone.localdate())
    return f"{live_server.url}/reviews/communities/{code}/{year}/{quarter}/"


def count_input(page: Page, official, field: str):
    return page.locator(f"input[name='{official.pk}-{field}']")


def test_a_refused_save_opens_on_a_focused_summary_that_leads_to_each_field(
    phone, live_server, city, staff_a1, officials
):
    police, director = officials
    login(phone, live_server, "staff_a1")
    phone.goto(entry_url(live_server))
    phone.locator("input[name=present]").fill("8")
    count_input(phone, police, "very_satisfied").fill("9")  # 9 votes, 8 present
    count_input(phone, director, "satisfied").fill("abc")
    phone.locator("button[name=action][value=submit]").tap()

    summary = phone.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.first).to_have_attribute("href", f"#id_{police.pk}-very_satisfied")
    expect(links.first).to_contain_text("袁海燕 · Very satisfied: The four counts add up to 9")
    expect(links.nth(1)).to_have_attribute("href", f"#id_{director.pk}-satisfied")
    # the error of too many votes is on the count that caused it, not on "unsatisfied"
    expect(phone.locator(f".errorlist[data-field='{police.pk}-very_satisfied']")).to_be_visible()
    expect(phone.locator(f".errorlist[data-field='{police.pk}-unsatisfied']")).to_have_count(0)

    links.first.tap()
    expect(count_input(phone, police, "very_satisfied")).to_be_focused()
    expect(count_input(phone, police, "very_satisfied")).to_be_in_viewport()


def test_the_offer_to_restore_what_was_typed_is_on_screen_after_a_reload_far_down(
    phone, live_server, city, staff_a1, officials
):
    login(phone, live_server, "staff_a1")
    phone.goto(entry_url(live_server))
    phone.locator("input[name=present]").fill("9")
    count_input(phone, officials[1], "unsatisfied").fill("2")
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")

    phone.reload()
    prompt = phone.get_by_test_id("draft-prompt")
    expect(prompt).to_be_visible()
    expect(prompt).to_be_in_viewport()
    expect(prompt.get_by_role("button", name="Restore what you typed")).to_be_in_viewport()


def test_the_quarter_board_on_a_phone_shows_each_community_as_a_card_with_its_actions(
    phone, live_server, city, staff_a1, officials
):
    Community.objects.filter(pk=city.a1[1].pk).update(name=LONG_NAME)
    login(phone, live_server, "staff_a1")
    phone.goto(f"{live_server.url}/reviews/")
    row = phone.locator("tr[data-community='DA-1-1']")
    name = row.get_by_role("link", name=LONG_NAME)
    # the name on a line of its own, not three characters a line
    assert name.evaluate("a => a.getClientRects().length") == 1
    for action in (row.get_by_role("link", name="Enter"), row.get_by_test_id("kit-link")):
        # the card may start below the fold (a taller masthead): scrolled down to, not
        # across, its actions are whole on the screen
        action.scroll_into_view_if_needed()
        # whole but for a quarter pixel: with the machine's CJK fonts the board's last card
        # ends at a fractional offset the page cannot scroll to (0.25 of 44 px)
        expect(action).to_be_in_viewport(ratio=0.99)
        box = action.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_after_a_save_on_a_phone_the_next_community_to_enter_is_one_tap_away(
    phone, live_server, city, staff_a1, officials
):
    login(phone, live_server, "staff_a1")
    phone.goto(entry_url(live_server))
    phone.locator("input[name=present]").fill("8")
    for official in officials:
        count_input(phone, official, "satisfied").fill("8")
    phone.locator("button[name=action][value=submit]").tap()
    expect(phone).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))

    following = phone.get_by_test_id("next-community").get_by_role("link")
    expect(following).to_contain_text(city.a1[1].name)
    expect(following).to_be_in_viewport()
    following.tap()
    expect(phone).to_have_url(entry_url(live_server, "DA-1-1"))
