"""Two people editing the same meeting in two browsers: the second save is refused with
what changed, and what the second person typed is still in the inputs."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations import rules, services
from tests.factories import StreetStaffFactory

from .helpers import TIMEOUT_MS, login
from .test_reviews import count_input, fill_tally, post, this_quarter

pytestmark = pytest.mark.browser


@pytest.fixture
def second_page(browser):
    """A second, separate browser (its own cookies and session)."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_the_second_of_two_people_saving_the_same_meeting_sees_the_refusal_and_keeps_her_entry(
    page, second_page, live_server, city, staff_a1
):
    community = city.a1[0]
    StreetStaffFactory(username="li_na", first_name="娜", last_name="李", street=city.street_a1)
    yuan = post(community, "Y1", "袁海燕", "police")
    year, quarter = this_quarter()
    services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=min(timezone.localdate(), rules.quarter_bounds(year, quarter)[1]),
        present=8,
        tallies=[services.Tally(yuan.pk, 4, 2, 1, 1)],
        submit=True,
        user=staff_a1,
    )
    url = f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/"

    login(page, live_server, "staff_a1")
    login(second_page, live_server, "li_na")
    page.goto(url)
    second_page.goto(url)

    page.locator("input[name=present]").fill("9")
    fill_tally(page, yuan, (4, 1, 1, 3))
    page.locator("input[name=reason]").fill("recounted")
    page.locator("button[name=action][value=submit]").click()
    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))

    second_page.locator("input[name=present]").fill("10")
    fill_tally(second_page, yuan, (5, 3, 1, 0))
    second_page.locator("textarea[name=asked]").fill("李娜的记录")
    second_page.locator("button[name=action][value=submit]").click()

    conflict = second_page.get_by_test_id("conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Not saved: someone else changed this after you opened")
    expect(conflict).to_contain_text("(staff_a1) saved it at")
    changes = second_page.get_by_test_id("conflict-changes")
    expect(changes).to_contain_text("Representatives present: 8 → 9")
    expect(changes).to_contain_text("袁海燕: unsatisfied 1 → 3")
    expect(second_page.locator("input[name=present]")).to_have_value("10")
    for field, value in zip(rules.COUNT_FIELDS, (5, 3, 1, 0), strict=True):
        expect(count_input(second_page, yuan, field)).to_have_value(str(value))
    expect(second_page.locator("textarea[name=asked]")).to_have_value("李娜的记录")
    expect(second_page.locator(".tally-total")).to_have_text("9 / 10")

    # having read it, she saves again on purpose, saying why: now hers is kept
    second_page.locator("input[name=reason]").fill("李娜核对了选票")
    second_page.locator("button[name=action][value=submit]").click()
    expect(second_page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    second_page.goto(url)
    expect(second_page.locator("input[name=present]")).to_have_value("10")
    expect(count_input(second_page, yuan, "unsatisfied")).to_have_value("0")
