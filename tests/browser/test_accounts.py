"""Signing in and out, lockout, language and scope, as a user sees them in the browser."""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

from .helpers import login, submit_login

pytestmark = pytest.mark.browser


def area_codes(page: Page) -> list[str]:
    """The codes in the first column of the home page's areas table, in page order."""
    cells = page.get_by_test_id("areas").locator("tbody tr td:first-child")
    return [text.strip() for text in cells.all_inner_texts()]


def has_session(page: Page) -> bool:
    return any(cookie["name"] == "sessionid" for cookie in page.context.cookies())


@dataclass(frozen=True)
class Expected:
    user: str
    scope: str
    areas: list[str]
    counts: dict[str, str] = field(default_factory=dict)
    absent_counts: tuple[str, ...] = ()


ROLES = [
    pytest.param(
        Expected(
            user="staff_a1",
            scope="甲一街道",
            areas=["DA-1-0", "DA-1-1", "DA-1-2"],
            counts={"count-communities": "3"},
            absent_counts=("count-streets", "count-districts"),
        ),
        id="street staff of DA-1 sees its three communities",
    ),
    pytest.param(
        Expected(
            user="official_a",
            scope="甲区",
            areas=["DA-1", "DA-2"],
            counts={"count-streets": "2", "count-communities": "5"},
            absent_counts=("count-districts",),
        ),
        id="district official of DA sees streets DA-1 and DA-2",
    ),
    pytest.param(
        Expected(
            user="city_official",
            scope="whole city",
            areas=["DA", "DB"],
            counts={"count-districts": "2", "count-streets": "3", "count-communities": "9"},
        ),
        id="city official sees both districts",
    ),
]


@pytest.mark.parametrize("expected", ROLES)
def test_each_role_logs_in_and_sees_exactly_its_own_areas(
    page, live_server, request, expected: Expected
):
    request.getfixturevalue(expected.user)

    login(page, live_server, expected.user)

    expect(page.get_by_test_id("scope")).to_have_text(expected.scope)
    assert area_codes(page) == expected.areas
    for testid, value in expected.counts.items():
        expect(page.get_by_test_id(testid)).to_have_text(value)
    for testid in expected.absent_counts:
        expect(page.get_by_test_id(testid)).to_have_count(0)


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page, live_server, staff_a1):
    submit_login(page, live_server, "staff_a1", "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_test_id("login-error")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("staff_a1")
    expect(page.get_by_test_id("who")).to_have_count(0)
    assert not has_session(page)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    page, live_server, settings, staff_a1
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        submit_login(page, live_server, "staff_a1", "not-the-password")

    submit_login(page, live_server, "staff_a1", PASSWORD)

    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page.get_by_test_id("who")).to_have_count(0)
    assert not has_session(page)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_language_switch_gives_simplified_chinese_that_survives_navigation_and_back(
    page, live_server, staff_a1
):
    login(page, live_server, "staff_a1")
    html = page.locator("html")
    nav = page.locator("nav.sidenav")
    logout = page.locator("header form[action$='/accounts/logout/'] button[type=submit]")
    expect(html).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.select_option("select#language-select", "zh-hans")

    expect(html).to_have_attribute("lang", "zh-hans")
    expect(nav).to_contain_text("首页")
    # "首页" alone would also come from Django admin's own catalog; "退出登录" only from ours.
    expect(logout).to_have_text("退出登录")

    page.goto(f"{live_server.url}/areas/communities/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(nav).to_contain_text("首页")

    with page.expect_navigation():
        page.select_option("select#language-select", "en")

    expect(html).to_have_attribute("lang", "en")
    expect(nav).to_contain_text("Home")
    expect(nav).not_to_contain_text("首页")
    expect(logout).to_have_text("Log out")


def test_street_staff_typing_another_streets_url_gets_404_not_its_data(page, live_server, staff_a1):
    login(page, live_server, "staff_a1")

    response = page.goto(f"{live_server.url}/areas/streets/DB-1/")

    assert response is not None
    assert response.status == 404
    body = page.locator("body")
    for leaked in ("乙一街道", "乙区", "DB-1-0"):
        expect(body).not_to_contain_text(leaked)


def test_logout_returns_to_login_and_home_then_redirects_to_login(page, live_server, staff_a1):
    login(page, live_server, "staff_a1")

    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("#id_username")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_test_id("who")).to_have_count(0)
