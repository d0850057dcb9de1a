"""The grievance loop in the browser: a deadline in working days, escalation seen by the
district official with a notice in the inbox, and the new pages at every width."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.workdays import add_working_days
from districts.models import Department
from districts.services import platform_create
from grievances import services
from tests.factories import GrievanceFactory

from .helpers import login

pytestmark = pytest.mark.browser


@pytest.fixture
def overdue(city, staff_a1, official_a, city_official):
    platform_create(streets=[city.street_a1])
    today = timezone.localdate()
    item = GrievanceFactory(
        community=city.a1[0],
        reference="DA-1-2026-0007",
        received_on=today - datetime.timedelta(days=40),
        disposition="referred",
        department=Department.objects.get(street=city.street_a1, key="police"),
        deadline=today - datetime.timedelta(days=2),
    )
    services.escalate(today=today)
    return item


def test_the_district_official_sees_the_escalated_item_and_opens_it_from_the_inbox(
    page: Page, live_server, overdue
):
    login(page, live_server, "official_a")
    expect(page.get_by_test_id("escalated-items")).to_contain_text(overdue.reference)
    expect(page.get_by_test_id("unread")).to_have_text("1")
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text(overdue.reference)
    page.get_by_test_id("notifications").get_by_role("button", name="Open").click()
    expect(page).to_have_url(f"{live_server.url}/grievances/{overdue.reference}/")
    expect(page.get_by_test_id("escalated")).to_have_text("escalated to the district")
    expect(page.get_by_test_id("timeline")).to_contain_text("escalated: to the district")
    expect(page.get_by_test_id("unread")).to_have_count(0)


def test_staff_refer_an_item_for_ten_working_days_and_see_the_deadline(
    page: Page, live_server, overdue, city
):
    item = GrievanceFactory(
        community=city.a1[0], reference="DA-1-2026-0008", received_on=timezone.localdate()
    )
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/grievances/{item.reference}/")
    form = page.get_by_test_id("refer-form")
    expect(form).to_contain_text(add_working_days(timezone.localdate(), 7).isoformat())
    form.locator("select[name=department]").select_option(label="甲一街道 · police station")
    form.locator("select[name=working_days]").select_option("10")
    form.locator("button[type=submit]").click()
    deadline = add_working_days(timezone.localdate(), 10).isoformat()
    expect(page.get_by_test_id("grievance")).to_contain_text(deadline)


def test_the_deadline_hint_follows_the_number_of_working_days_chosen_in_chinese(
    page: Page, live_server, overdue, city
):
    """Issue 21, item 7: the hint kept the default's date after choosing 5 days."""
    item = GrievanceFactory(
        community=city.a1[0], reference="DA-1-2026-0009", received_on=timezone.localdate()
    )
    login(page, live_server, "staff_a1")
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/grievances/{item.reference}/")
    form = page.get_by_test_id("refer-form")
    hint = form.locator("#id_refer_working_days_helptext")
    today = timezone.localdate()
    expect(hint).to_contain_text("7 个工作日")
    expect(hint).to_contain_text(add_working_days(today, 7).isoformat())
    form.locator("select[name=working_days]").select_option("5")
    expect(hint).to_contain_text(add_working_days(today, 5).isoformat())
    expect(hint).not_to_contain_text(add_working_days(today, 7).isoformat())


@pytest.mark.parametrize("width", [390, 768, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_new_pages_fit_every_width_in_both_languages(
    page: Page, live_server, overdue, width, language
):
    login(page, live_server, "city_official")
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    year = timezone.localdate().year
    for path in (
        "/",
        "/grievances/policy/",
        f"/grievances/policy/{year}/",
        "/accounts/inbox/",
        "/accounts/me/",
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} at {width}px ({language}) scrolls sideways by {overflow}px"
