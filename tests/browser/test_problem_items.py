"""A problem item in the browser (issue 25): an answer sent back a third time escalates
the item to its district; the district official, on a phone (390 px), finds the notice in
the inbox, the item on the home's list with its badge, and the badge on the item's page,
in Chinese, nothing wider than the screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grievances import services
from tests.factories import PASSWORD

from .helpers import TIMEOUT_MS, submit_login

pytestmark = pytest.mark.browser

DISPUTE = "楼上住户违规改建阳台纠纷"


def test_a_district_official_on_a_phone_sees_the_problem_items_notice_and_badge(
    browser, live_server, city, staff_a1, dept_a1, police_a1, official_a
):
    item = services.grievance_create(
        community=city.a1[0],
        kind="dispute",
        summary=DISPUTE,
        received_on=timezone.localdate(),
        user=staff_a1,
    )
    services.grievance_refer(
        grievance=item,
        department=police_a1,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        user=staff_a1,
    )
    services.grievance_accept(grievance=item, user=dept_a1)
    for n in range(3):
        services.grievance_propose(grievance=item, answer=f"第{n + 1}次答复", user=dept_a1)
        services.grievance_send_back(grievance=item, reason="请写明处理结果", user=staff_a1)

    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    submit_login(page, live_server, "official_a", PASSWORD)

    def fits() -> None:
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), page.url

    # the home: waiting for them, counted, listed with the badge
    expect(page.get_by_test_id("waiting-problem_open")).to_contain_text("1 · ")
    expect(page.get_by_test_id("problem-count")).to_have_text("1")
    problems = page.get_by_test_id("problem-items")
    expect(problems).to_contain_text(item.reference)
    expect(problems.get_by_test_id("problem-badge")).to_have_text("问题件")
    fits()

    # the notice in the inbox, in Chinese, opening the item
    page.goto(f"{live_server.url}/accounts/inbox/")
    notice = page.get_by_test_id("notifications").locator("li", has_text=item.reference)
    expect(notice).to_contain_text("作为问题件提级至区督办")
    fits()
    with page.expect_navigation():
        notice.locator("button[type=submit]").click()  # "open": read, then the item
    expect(page.locator("h1").get_by_test_id("problem-badge")).to_be_visible()
    expect(page.get_by_test_id("problem-escalated")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("作为问题件提级至区")
    fits()
    context.close()
