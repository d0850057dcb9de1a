"""The strict Content-Security-Policy in a real browser: the main pages and the admin load
without a single violation, and what used to be inline script still works from static files.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.services import platform_create
from evaluations import rules, services
from tests.factories import GrievanceFactory, OfficialFactory, PostingFactory

from .helpers import login

pytestmark = pytest.mark.browser

# Reports of the page's own ``securitypolicyviolation`` events (Playwright's init script is
# not subject to the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Watch:
    """Every CSP violation, console error, uncaught script error and failed request of a
    page (the browser's own request for /favicon.ico aside: the site has none)."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.text.startswith("Failed to load resource"):
            return  # reported with its URL by _response
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"{response.status} {response.url}")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        assert response.headers.get("content-security-policy"), url
        self.check(url)

    def check(self, where: str) -> None:
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate("window.__cspViolations || []")
        assert not violations, (where, violations)
        assert not self.problems, (where, self.problems)


def this_quarter() -> tuple[int, int]:
    return rules.quarter_of(timezone.localdate())


@pytest.fixture
def street_data(city, staff_a1):
    """An official posted to DA-1-0, a draft meeting last quarter, a grievance, a survey."""
    platform_create(streets=[city.street_a1], communities=city.a1)
    community = city.a1[0]
    official = OfficialFactory(code="P1", name="Officer Pan")
    PostingFactory(
        official=official, community=community, role="police", start_date=datetime.date(2008, 1, 1)
    )
    year, quarter = this_quarter()
    last = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    draft = services.meeting_save(
        community=community,
        year=last[0],
        quarter=last[1],
        held_on=rules.quarter_bounds(*last)[0] + datetime.timedelta(days=10),
        present=8,
        tallies=[services.Tally(official.pk, 6, 2, 0, 0)],
        submit=False,
        user=staff_a1,
    ).meeting
    grievance = GrievanceFactory(community=community, reference="DA-1-2009-0001")
    for year_ in (2009, 2010):
        services.survey_save(
            street_id=city.street_a1.pk,
            year=year_,
            counts={"safe": 80, "fairly_safe": 10, "not_very_safe": 5, "unsafe": 5},
            user=None,
        )
    return {"draft": draft, "grievance": grievance, "official": official}


def test_street_staffs_main_pages_load_without_a_csp_violation(page, live_server, street_data):
    watch = Watch(page)
    watch.visit(f"{live_server.url}/accounts/login/")
    login(page, live_server, "staff_a1")
    watch.check("home")
    year, quarter = this_quarter()
    for path in (
        "/",
        "/reviews/",
        f"/reviews/communities/DA-1-0/{year}/{quarter}/",
        f"/reviews/meetings/{street_data['draft'].pk}/",
        "/grievances/",
        f"/grievances/{street_data['grievance'].reference}/",
        "/grievances/figures/",
    ):
        watch.visit(f"{live_server.url}{path}")


def test_the_ranking_pages_with_their_charts_and_the_admin_load_without_a_csp_violation(
    page, live_server, street_data, superuser
):
    watch = Watch(page)
    login(page, live_server, "root")
    for path in (
        "/rankings/?year=2010",
        "/rankings/districts/DA/?year=2010",
        "/rankings/league/?year=2010",
        "/admin/",
        "/admin/districts/street/",
        f"/admin/districts/street/{street_data['draft'].community.street.pk}/change/",
        "/admin/districts/user/add/",
        "/admin/import-csv/",
    ):
        watch.visit(f"{live_server.url}{path}")
        if path.startswith("/rankings/districts/"):
            expect(page.locator("svg.chart")).to_have_count(1)


def test_the_meeting_forms_live_totals_work_under_the_csp(page, live_server, street_data):
    watch = Watch(page)
    login(page, live_server, "staff_a1")
    year, quarter = this_quarter()
    watch.visit(f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/")
    official = street_data["official"]
    row = page.locator(".tally-row[data-official=P1]")

    page.locator("input[name=present]").fill("8")
    for field, value in zip(rules.COUNT_FIELDS, (6, 2, 0, 1), strict=True):
        page.locator(f"input[name='{official.pk}-{field}']").fill(str(value))

    expect(row.locator(".tally-total")).to_have_text("9 / 8")
    expect(row).to_have_class(re.compile(r"\bover\b"))
    page.locator(f"input[name='{official.pk}-unsatisfied']").fill("0")
    expect(row.locator(".tally-total")).to_have_text("8 / 8")
    expect(row).not_to_have_class(re.compile(r"\bover\b"))
    watch.check("after typing")


def test_discarding_a_draft_asks_first_and_no_keeps_it(page, live_server, street_data):
    watch = Watch(page)
    login(page, live_server, "staff_a1")
    url = f"{live_server.url}/reviews/meetings/{street_data['draft'].pk}/"
    watch.visit(url)
    asked: list[str] = []

    def refuse(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.get_by_role("button", name="Discard draft").click()

    expect(page).to_have_url(url)
    assert asked == ["Discard this draft?"]
    expect(page.get_by_role("button", name="Discard draft")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Discard draft").click()
    expect(page.locator(".messages")).to_contain_text("The draft is discarded.")
    watch.check("after discarding")
