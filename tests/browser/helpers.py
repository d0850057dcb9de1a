"""Helpers of the browser tests: signing in, and how long a page may take."""

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

TIMEOUT_MS = 10_000


def submit_login(page: Page, live_server, username: str, password: str) -> None:
    """Open the login page and submit the form, waiting for the response page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def login(page: Page, live_server, username: str) -> None:
    """Sign in with the shared test password and land on the home page."""
    submit_login(page, live_server, username, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("who")).to_be_visible()
