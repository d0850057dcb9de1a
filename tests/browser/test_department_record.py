"""The departments' record on a phone: street staff open their street's record at 390 px,
read each department as a card without scrolling sideways, and a number opens the items
it counts."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import DepartmentFactory
from tests.grievances.departments.helpers import referred_item

from .checks import scrolls_sideways
from .helpers import login

pytestmark = pytest.mark.browser


def test_street_staff_open_the_record_on_a_phone_and_a_number_opens_its_items(
    page, live_server, city, staff_a1, police_a1
):
    today = timezone.localdate()
    mediation = DepartmentFactory(street=None, community=city.a1[0], key="mediation")
    referred_item(police_a1, today, accepted_on=today, sent_back=3)
    referred_item(police_a1, today)
    referred_item(mediation, today)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "staff_a1")
    page.get_by_role("link", name="Department record").first.click()
    record = page.get_by_test_id("department-record")
    expect(record).to_be_visible()
    assert not scrolls_sideways(page)
    police = record.locator(f'tr[data-department="{police_a1.pk}"]')
    expect(police.locator('[data-figure="referred"]')).to_have_text("2")
    expect(police.locator('[data-figure="sent_back"]')).to_have_text("3")
    police.locator('[data-figure="referred"]').click()
    items = page.get_by_test_id("department-items")
    expect(items.locator("tbody tr")).to_have_count(2)
    assert not scrolls_sideways(page)
