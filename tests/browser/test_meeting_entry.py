"""Meeting day in the browser: entering a meeting with taps on a phone, a tablet and a
desktop; no street staff page scrolls sideways; what was typed survives a reload; a double
tap saves once. Also saves the Chinese phone screenshot of the README."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.models import Community
from evaluations import rules, services
from evaluations.models import Meeting, Recommendation
from grievances.models import Grievance
from tests.factories import GrievanceFactory, OfficialFactory, PostingFactory

from .helpers import TIMEOUT_MS, login

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 768, "height": 1024},
    "desktop": {"width": 1280, "height": 800},
}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "meeting-phone-zh.png"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def this_quarter() -> tuple[int, int]:
    return rules.quarter_of(timezone.localdate())


def quarters_back(n: int) -> tuple[int, int]:
    year, quarter = this_quarter()
    for _ in range(n):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return year, quarter


@pytest.fixture
def officials(city):
    """Three officials of DA-1-0 (roll 10), posted since 2008."""
    community = city.a1[0]
    found = []
    for code, name, role in (
        ("P1", "袁海燕", "police"),
        ("D1", "张建国", "director"),
        ("S1", "李秀英", "specialist"),
    ):
        official = OfficialFactory(code=code, name=name)
        PostingFactory(
            official=official, community=community, role=role, start_date=datetime.date(2008, 1, 1)
        )
        found.append(official)
    return found


@pytest.fixture
def history(city, officials, staff_a1):
    """Two unsatisfied quarters for 袁海燕 before this one (a recommendation), a grievance."""
    community = city.a1[0]
    for back in (2, 1):
        year, quarter = quarters_back(back)
        services.meeting_save(
            community=community,
            year=year,
            quarter=quarter,
            held_on=rules.quarter_bounds(year, quarter)[0] + datetime.timedelta(days=9),
            present=8,
            tallies=[
                services.Tally(officials[0].pk, 0, 1, 1, 6),
                services.Tally(officials[1].pk, 5, 2, 1, 0),
                services.Tally(officials[2].pk, 3, 3, 2, 0),
            ],
            submit=True,
            user=staff_a1,
        )
    GrievanceFactory(community=community, reference="DA-1-2009-0001")


def new_page(browser, device: str, locale: str = "en-US") -> Page:
    touch = device != "desktop"
    context = browser.new_context(
        locale=locale, viewport=VIEWPORTS[device], has_touch=touch, is_mobile=device == "phone"
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def press(page: Page, locator, device: str) -> None:
    """A tap on a touch screen, a click on a desktop: Playwright first checks that the
    element is visible, steady and the one that receives the event at that point."""
    if device == "desktop":
        locator.click()
    else:
        locator.tap()


def type_into(page: Page, locator, text: str, device: str) -> None:
    press(page, locator, device)
    locator.press("Control+a")
    locator.press_sequentially(text)


def overflow(page: Page) -> int:
    return page.evaluate(OVERFLOW)


def count_input(page: Page, official, field: str):
    return page.locator(
        f".tally-row[data-official='{official.code}'] input[name='{official.pk}-{field}']"
    )


def entry_url(live_server) -> str:
    year, quarter = this_quarter()
    return f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/"


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_staff_enter_and_submit_a_meeting_with_ordinary_taps(
    browser, live_server, city, staff_a1, officials, device
):
    page = new_page(browser, device)
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/")
    press(
        page, page.locator("tr[data-community='DA-1-0']").get_by_role("link", name="Enter"), device
    )
    expect(page).to_have_url(entry_url(live_server))
    assert overflow(page) <= 0

    type_into(page, page.locator("input[name=present]"), "8", device)
    expect(page.get_by_test_id("quorum-status")).to_have_text(
        "8 of 10 present, 5 needed for a quorum · quorum reached"
    )
    for official, counts in zip(officials, ((6, 2, 0, 0), (1, 2, 3, 2), (0, 0, 2, 6)), strict=True):
        for field, value in zip(rules.COUNT_FIELDS, counts, strict=True):
            field_input = count_input(page, official, field)
            box = field_input.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44
            assert field_input.get_attribute("inputmode") == "numeric"
            type_into(page, field_input, str(value), device)
        expect(
            page.locator(f".tally-row[data-official='{official.code}'] .tally-total")
        ).to_have_text(f"{sum(counts)} / 8")
    assert overflow(page) <= 0
    submit = page.locator("button[name=action][value=submit]")
    expect(submit).to_be_in_viewport()  # the sticky bar keeps it in reach
    press(page, submit, device)

    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert meeting.status == "submitted"
    assert sorted(r.very_satisfied for r in meeting.ratings.all()) == [0, 1, 6]
    assert overflow(page) <= 0
    page.context.close()


def staff_pages(page: Page, live_server) -> list[str]:
    """Every page street staff reach by following links from their home, three steps deep,
    one address per path (a sort or a filter is the same page): not exports, the admin,
    logout or another language."""
    origin = urlsplit(live_server.url)
    skip = re.compile(r"(export|\.csv|\.xlsx|/admin/|/accounts/logout|/i18n/|/static/)")
    found: dict[str, str] = {}
    frontier = [f"{live_server.url}/"]
    for _depth in range(3):
        following: dict[str, str] = {}
        for url in frontier:
            if urlsplit(url).path in found:
                continue
            found[urlsplit(url).path] = url
            page.goto(url)
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            for href in hrefs:
                absolute = href.split("#")[0]
                parts = urlsplit(absolute)
                if parts.netloc != origin.netloc or skip.search(absolute):
                    continue
                if parts.path not in found:
                    following.setdefault(parts.path, absolute)
        frontier = list(following.values())
    return list(found.values())


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_no_street_staff_page_scrolls_sideways(
    browser, live_server, city, staff_a1, officials, history, device
):
    page = new_page(browser, device)
    login(page, live_server, "staff_a1")
    pages = staff_pages(page, live_server)
    pages.append(f"{live_server.url}/reviews/meetings/")  # the list no menu links to
    paths = {urlsplit(u).path for u in pages}
    year, quarter = this_quarter()
    # the crawl reached the pages that matter most on meeting day
    for expected in (
        "/",
        "/reviews/",
        f"/reviews/communities/DA-1-0/{year}/{quarter}/",
        "/reviews/communities/DA-1-0/",
        "/grievances/",
    ):
        assert expected in paths, expected
    assert any(re.fullmatch(r"/reviews/meetings/\d+/", p) for p in paths)
    grievance = Grievance.objects.get()
    assert grievance.get_absolute_url() in paths
    too_wide = {}
    for url in pages:
        page.goto(url)
        if (excess := overflow(page)) > 0:
            too_wide[
                urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")
            ] = excess
    assert too_wide == {}, f"{len(pages)} pages visited"
    page.context.close()


def test_what_was_typed_is_offered_back_after_a_reload(
    browser, live_server, city, staff_a1, officials
):
    page = new_page(browser, "phone")
    login(page, live_server, "staff_a1")
    page.goto(entry_url(live_server))
    prompt = page.get_by_test_id("draft-prompt")
    expect(prompt).to_be_hidden()
    page.locator("input[name=present]").fill("9")
    for field, value in zip(rules.COUNT_FIELDS, (4, 3, 1, 1), strict=True):
        count_input(page, officials[0], field).fill(str(value))

    page.reload()
    expect(prompt).to_be_visible()
    expect(page.locator("input[name=present]")).to_have_value("")  # nothing saved yet
    prompt.get_by_role("button", name="Restore what you typed").tap()
    expect(prompt).to_be_hidden()
    expect(page.locator("input[name=present]")).to_have_value("9")
    for field, value in zip(rules.COUNT_FIELDS, (4, 3, 1, 1), strict=True):
        expect(count_input(page, officials[0], field)).to_have_value(str(value))
    expect(page.locator(".tally-row[data-official=P1] .tally-total")).to_have_text("9 / 9")
    assert not Meeting.objects.exists()
    page.context.close()


def test_what_was_typed_can_be_discarded_and_is_forgotten_once_saved(
    browser, live_server, city, staff_a1, officials
):
    page = new_page(browser, "phone")
    login(page, live_server, "staff_a1")
    page.goto(entry_url(live_server))
    page.locator("input[name=present]").fill("9")
    page.reload()
    prompt = page.get_by_test_id("draft-prompt")
    prompt.get_by_role("button", name="Discard it").tap()
    page.reload()
    expect(prompt).to_be_hidden()

    page.locator("input[name=present]").fill("9")
    page.locator("button[name=action][value=draft]").tap()
    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    page.goto(entry_url(live_server))
    expect(page.locator("input[name=present]")).to_have_value("9")
    expect(prompt).to_be_hidden()
    page.context.close()


def test_a_double_tap_on_submit_saves_once(browser, live_server, city, staff_a1, officials):
    page = new_page(browser, "desktop")
    login(page, live_server, "staff_a1")
    page.goto(entry_url(live_server))
    page.locator("input[name=present]").fill("8")
    for official in officials:
        count_input(page, official, "satisfied").fill("8")
    page.locator("button[name=action][value=submit]").dblclick()
    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    expect(page.locator(".message.success")).to_be_visible()
    meeting = Meeting.objects.get()
    assert (meeting.version, meeting.history.count()) == (1, 1)
    page.context.close()


def test_letters_in_a_count_ask_for_a_whole_number(browser, live_server, city, staff_a1, officials):
    page = new_page(browser, "phone")
    login(page, live_server, "staff_a1")
    page.goto(entry_url(live_server))
    page.locator("input[name=present]").fill("8")
    count_input(page, officials[0], "satisfied").fill("abc")
    page.locator("button[name=action][value=submit]").tap()
    error = page.locator(f".errorlist[data-field='{officials[0].pk}-satisfied']")
    expect(error).to_contain_text("Enter a whole number.")
    expect(count_input(page, officials[0], "satisfied")).to_have_value("abc")
    assert not Meeting.objects.exists()
    page.context.close()


def test_the_phone_entry_page_in_chinese_is_photographed_for_the_readme(
    browser, live_server, city, staff_a1, officials
):
    Community.objects.filter(pk=city.a1[0].pk).update(representatives=33)
    page = new_page(browser, "phone", locale="zh-CN")
    login(page, live_server, "staff_a1")
    with page.expect_navigation():  # the switch posts the form: let it land before going on
        page.select_option("select#language-select", "zh-hans")
    page.goto(entry_url(live_server))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator("input[name=present]").fill("17")
    for official, counts in zip(officials, ((9, 5, 2, 1), (6, 6, 3, 2), (3, 4, 4, 6)), strict=True):
        for field, value in zip(rules.COUNT_FIELDS, counts, strict=True):
            count_input(page, official, field).fill(str(value))
    expect(page.get_by_test_id("quorum-status")).to_have_text(
        "出席 17 人（名册 33 人），法定人数需 17 人 · 已达法定人数"
    )
    assert overflow(page) <= 0
    page.locator(".tally-row[data-official=D1]").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    page.context.close()


def test_a_correction_that_would_withdraw_a_sent_recommendation_asks_first_on_a_phone(
    browser, live_server, city, staff_a1, officials, history
):
    recommendation = Recommendation.objects.get()
    services.recommendation_send(
        recommendation=recommendation,
        sent_on=timezone.localdate(),
        addressed_to="甲一派出所",
        user=staff_a1,
    )
    year, quarter = quarters_back(1)
    page = new_page(browser, "phone")
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/")
    for field, value in zip(rules.COUNT_FIELDS, (6, 2, 0, 0), strict=True):
        type_into(page, count_input(page, officials[0], field), str(value), "phone")
    type_into(page, page.locator("input[name=reason]"), "recounted", "phone")
    page.locator("button[name=action][value=submit]").tap()

    consequences = page.get_by_test_id("consequences")
    expect(consequences).to_contain_text("Nothing is saved yet")
    expect(consequences).to_contain_text("袁海燕")
    expect(consequences).to_contain_text("(already sent)")
    assert overflow(page) <= 0
    recommendation.refresh_from_db()
    assert recommendation.withdrawn_at is None

    page.get_by_role("button", name="Confirm and save").tap()
    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    recommendation.refresh_from_db()
    assert recommendation.withdrawn_at is not None
    assert recommendation.sent_on == timezone.localdate()
    page.goto(f"{live_server.url}{recommendation.get_absolute_url()}")
    expect(page.get_by_test_id("state")).to_have_text("withdrawn by a correction")
    expect(page.locator(".history")).to_contain_text("that stays on record")
    page.context.close()
