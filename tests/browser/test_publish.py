"""Publishing a quarter on a phone, in Chinese: the form's default, the preview of what the
public will see with its warnings, the confirmation; then a correction marks it out of
date (issue 21, item 4)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login
from tests.publication.helpers import fill, review

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_district_official_previews_confirms_and_sees_a_correction_mark_the_quarter_out_of_date(
    phone, live_server, city, official_a
):
    area = fill(city.street_a1, "A")
    login(phone, live_server, "official_a")
    phone.goto(f"{live_server.url}/publication/")
    form = phone.get_by_test_id("publish-quarter")
    expect(form.locator("[name=year]")).to_have_value("2009")
    expect(form.locator("[name=quarter]")).to_have_value("2")
    form.locator("[name=quarter]").select_option("1")
    form.get_by_role("button").click()

    expect(phone.get_by_test_id("warnings")).to_contain_text("5 个社区中有 4 个")
    expect(phone.get_by_test_id("preview")).to_contain_text("公示警官A")
    assert fits(phone)
    phone.get_by_test_id("confirm").get_by_role("button").click()

    expect(phone.locator(".message.success")).to_be_visible()
    expect(phone.get_by_text("已过时")).to_have_count(0)
    assert fits(phone)

    review(area.community, area.official, 2009, 1, (0, 0, 0, 10))
    phone.reload()
    expect(phone.get_by_test_id("stale")).to_contain_text("已过时")
    phone.get_by_test_id("republish").get_by_role("button").click()
    expect(phone.get_by_test_id("confirm")).to_be_visible()
