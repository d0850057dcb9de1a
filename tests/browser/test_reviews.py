"""Quarterly reviews in the browser: entering a meeting, recommendations, read-only roles."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from evaluations import rules, services
from tests.factories import OfficialFactory, PostingFactory

from .helpers import login

pytestmark = pytest.mark.browser

POSTED_FROM = datetime.date(2020, 1, 1)


def this_quarter() -> tuple[int, int]:
    return rules.quarter_of(timezone.localdate())


def previous_quarter() -> tuple[int, int]:
    year, quarter = this_quarter()
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def post(community, code: str, name: str, role: str):
    official = OfficialFactory(code=code, name=name)
    PostingFactory(official=official, community=community, role=role, start_date=POSTED_FROM)
    return official


def count_input(page: Page, official, field: str):
    return page.locator(
        f".tally-row[data-official='{official.code}'] input[name='{official.pk}-{field}']"
    )


def fill_tally(page: Page, official, counts: tuple[int, int, int, int]) -> None:
    for field, value in zip(rules.COUNT_FIELDS, counts, strict=True):
        count_input(page, official, field).fill(str(value))


def open_entry_form(page: Page, live_server, community_code: str) -> None:
    """From the quarter board, follow the community's Enter link to the meeting form."""
    page.goto(f"{live_server.url}/reviews/")
    year, quarter = this_quarter()
    row = page.locator(f"tr[data-community='{community_code}']")
    row.get_by_role("link", name="Enter", exact=True).click()
    expect(page).to_have_url(
        f"{live_server.url}/reviews/communities/{community_code}/{year}/{quarter}/"
    )
    expect(page.get_by_test_id("meeting-form")).to_be_visible()


def submit(page: Page) -> None:
    page.locator("button[name=action][value=submit]").click()


def level_cell(page: Page, official):
    return page.locator(f"table[data-testid=results] tr[data-official='{official.code}'] td.level")


def test_staff_enter_a_meeting_see_a_tally_error_fix_it_and_submit_to_see_the_levels(
    page, live_server, city, staff_a1
):
    community = city.a1[0]
    police = post(community, "P1", "Officer Pan", "police")
    director = post(community, "D1", "Director Du", "director")
    specialist = post(community, "S1", "Specialist Su", "specialist")

    login(page, live_server, "staff_a1")
    open_entry_form(page, live_server, "DA-1-0")
    expect(page.locator("input[name=held_on]")).to_have_value(timezone.localdate().isoformat())
    page.locator("input[name=present]").fill("8")
    fill_tally(page, police, (8, 0, 0, 0))
    fill_tally(page, director, (0, 6, 2, 1))  # 9 votes from 8 present
    fill_tally(page, specialist, (1, 1, 1, 5))

    director_row = page.locator(".tally-row[data-official=D1]")
    expect(director_row).to_have_class(re.compile(r"\bover\b"))
    expect(director_row.locator(".tally-total")).to_have_text("9 / 8")
    for fine in ("P1", "S1"):
        row = page.locator(f".tally-row[data-official={fine}]")
        expect(row).not_to_have_class(re.compile(r"\bover\b"))
        expect(row.locator(".tally-total")).to_have_text("8 / 8")

    submit(page)

    error = page.locator(f".errorlist[data-field='{director.pk}-unsatisfied']")
    expect(error).to_be_visible()
    expect(error).to_contain_text("add up to 9")
    expect(page.locator(".errorlist[data-field]")).to_have_count(1)
    expect(page.locator("input[name=present]")).to_have_value("8")
    for official, counts in (
        (police, (8, 0, 0, 0)),
        (director, (0, 6, 2, 1)),
        (specialist, (1, 1, 1, 5)),
    ):
        for field, value in zip(rules.COUNT_FIELDS, counts, strict=True):
            expect(count_input(page, official, field)).to_have_value(str(value))
    expect(director_row).to_have_class(re.compile(r"\bover\b"))

    count_input(page, director, "unsatisfied").fill("0")
    expect(director_row).not_to_have_class(re.compile(r"\bover\b"))
    expect(director_row.locator(".tally-total")).to_have_text("8 / 8")
    submit(page)

    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    expect(level_cell(page, police)).to_have_text("very satisfied")
    expect(level_cell(page, director)).to_have_text("satisfied")
    expect(level_cell(page, specialist)).to_have_text("unsatisfied")


def test_a_second_unsatisfied_quarter_puts_a_recommendation_on_the_dashboard(
    page, live_server, city, staff_a1, official_a
):
    community = city.a1[0]
    police = post(community, "P1", "Officer Pan", "police")
    year, quarter = previous_quarter()
    first_day, _last_day = rules.quarter_bounds(year, quarter)
    services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=first_day + datetime.timedelta(days=14),
        present=8,
        tallies=[services.Tally(police.pk, 0, 0, 1, 7)],
        submit=True,
        user=staff_a1,
    )

    login(page, live_server, "staff_a1")
    recommendations = page.get_by_test_id("open-recommendations")
    expect(recommendations).not_to_contain_text("Officer Pan")
    open_entry_form(page, live_server, "DA-1-0")
    page.locator("input[name=present]").fill("8")
    fill_tally(page, police, (0, 1, 1, 6))
    submit(page)

    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    expect(level_cell(page, police)).to_contain_text("unsatisfied")
    expect(level_cell(page, police)).to_contain_text("replacement recommended")

    page.goto(f"{live_server.url}/")
    expect(recommendations.locator("tbody tr")).to_have_count(1)
    expect(recommendations.locator("tbody tr")).to_contain_text("Officer Pan")

    page.context.clear_cookies()
    login(page, live_server, "official_a")
    expect(recommendations.locator("tbody tr")).to_have_count(1)
    expect(recommendations.locator("tbody tr")).to_contain_text("Officer Pan")


def test_a_district_official_sees_the_board_but_cannot_open_the_entry_form(
    page, live_server, city, official_a
):
    login(page, live_server, "official_a")

    page.goto(f"{live_server.url}/reviews/")
    rows = page.locator("table[data-testid=quarter-board] tbody tr[data-community]")
    expect(rows).to_have_count(5)
    expect(page.locator("tr[data-community='DA-1-0']")).to_be_visible()
    expect(page.locator("table[data-testid=quarter-board] a.button")).to_have_count(0)
    expect(page.get_by_role("link", name="Enter", exact=True)).to_have_count(0)

    year, quarter = this_quarter()
    response = page.goto(f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/")

    assert response is not None
    assert response.status == 403
    expect(page.get_by_test_id("meeting-form")).to_have_count(0)
