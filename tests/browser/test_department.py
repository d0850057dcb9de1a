"""The grievance loop in the browser: street staff refer an item and print the resident's
receipt; the department, with its own login, accepts it, notes progress and proposes the
answer; staff send it back once, it comes back, staff confirm it; the resident gives an
unsatisfied verdict on the public page with the receipt's code, which reopens the item;
the figures and the meeting pack show each step."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.services import platform_create
from grievances import services
from tests.factories import PASSWORD

from .helpers import TIMEOUT_MS, login, submit_login
from .test_grievances import POLICE_STATION, open_step, submitted_meeting

pytestmark = pytest.mark.browser

COMPLAINT = "楼道堆放杂物，消防通道堵塞"
PROGRESS = "已联系物业，约定周五清理"
ANSWER = "物业已清理楼道，派出所将每周检查"
REASON = "请写明检查的时间"


def new_page(browser) -> Page:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def figure(page: Page, live_server, name: str):
    page.goto(f"{live_server.url}/grievances/figures/?street=DA-1")
    return page.locator(f'tfoot [data-figure="{name}"]')


def test_a_referred_item_goes_round_the_whole_loop_to_the_residents_verdict(
    page, browser, live_server, city, staff_a1, dept_a1
):
    """Past 80 lines because it is one user journey across three people (street staff, the
    department, the resident), each step depending on the one before it."""
    platform_create(streets=[city.street_a1], communities=city.a1)
    today = timezone.localdate()
    meeting = submitted_meeting(city.a1[0], staff_a1, today - datetime.timedelta(days=3))
    grievance = services.grievance_create(
        community=city.a1[0],
        meeting=meeting,
        kind="complaint",
        summary=COMPLAINT,
        received_on=meeting.held_on,
        user=staff_a1,
    )
    item_url = f"{live_server.url}/grievances/{grievance.reference}/"

    # street staff print the receipt and refer the item to the police station
    login(page, live_server, "staff_a1")
    page.goto(item_url)
    page.get_by_test_id("receipt-link").click()
    page.get_by_test_id("receipt-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("receipt-reference")).to_have_text(grievance.reference)
    expect(page.get_by_test_id("receipt").locator("svg")).to_be_visible()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert len(code) == 10

    page.goto(item_url)
    refer = open_step(page, "refer-form")
    refer.locator("select[name=department]").select_option(label=POLICE_STATION)
    deadline = refer.locator("input[name=deadline]")
    if deadline.count():  # a date; where the deadline is counted in working days, the default
        deadline.fill((today + datetime.timedelta(days=10)).isoformat())
    refer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("handling")).to_have_text("not yet accepted")
    expect(figure(page, live_server, "referred_open")).to_have_text("1")

    # the department, with its own login, lands on its work list
    dept = new_page(browser)
    submit_login(dept, live_server, "dept_a1", PASSWORD)
    expect(dept).to_have_url(f"{live_server.url}/grievances/work/")
    dept.get_by_role("link", name=grievance.reference, exact=True).click()
    expect(dept.get_by_test_id("grievance")).to_contain_text(COMPLAINT)
    expect(dept.get_by_test_id("steps")).to_have_count(0)  # the street's steps are not theirs
    dept.get_by_test_id("accept-form").locator("button[type=submit]").click()
    expect(dept.get_by_test_id("handling")).to_contain_text("accepted")
    progress = open_step(dept, "progress-form")
    progress.locator("textarea[name=text]").fill(PROGRESS)
    progress.locator("button[type=submit]").click()
    propose = open_step(dept, "propose-form")
    propose.locator("textarea[name=answer]").fill(ANSWER)
    propose.locator("button[type=submit]").click()
    expect(dept.get_by_test_id("handling")).to_contain_text(ANSWER)
    # nothing else of the street is theirs
    response = dept.goto(f"{live_server.url}/grievances/pack/{city.a1[0].code}/")
    assert response is not None and response.status == 404

    # street staff, told in their inbox, send it back once with a reason
    page.goto(f"{live_server.url}/grievances/")
    expect(page.get_by_test_id("unread")).to_have_text("1")
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("waiting-proposed").click()
    page.get_by_role("link", name=grievance.reference, exact=True).click()
    send_back = page.get_by_test_id("send-back-form")
    send_back.locator("textarea[name=reason]").fill(REASON)
    send_back.locator("button[type=submit]").click()
    # the department sees it sent back, with why, and starts again from its answer
    dept.goto(f"{live_server.url}/grievances/work/")
    expect(dept.get_by_test_id("section-sent_back")).to_contain_text(REASON)
    dept.get_by_test_id("section-sent_back").get_by_role(
        "link", name=grievance.reference, exact=True
    ).click()
    expect(dept.get_by_test_id("handed-back")).to_contain_text(REASON)
    propose = dept.get_by_test_id("propose-form")
    expect(propose.locator("textarea[name=answer]")).to_have_value(ANSWER)
    propose.locator("button[type=submit]").click()

    # street staff confirm the proposal: resolved and answered
    page.goto(item_url)
    page.get_by_test_id("confirm-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("answer")).to_contain_text(ANSWER)
    expect(page.locator("h1")).to_contain_text("resolved")
    expect(figure(page, live_server, "referred_resolved")).to_have_text("1")

    # the resident, with no account, opens the receipt's link and is unsatisfied
    resident = new_page(browser)
    resident.goto(f"{live_server.url}/v/?r={grievance.reference}&c={code}")
    resident.get_by_test_id("verdict-form").locator("button[type=submit]").click()
    expect(resident.get_by_test_id("verdict-answer")).to_have_text(ANSWER)
    expect(resident.locator("main")).not_to_contain_text(COMPLAINT)
    resident.get_by_label("unsatisfied").check()
    resident.get_by_test_id("verdict-form").locator("button[type=submit]").click()
    expect(resident.get_by_test_id("verdict-thanks")).to_be_visible()
    # the code is used up: the same refusal as a wrong one
    resident.goto(f"{live_server.url}/v/?r={grievance.reference}&c={code}")
    resident.get_by_test_id("verdict-form").locator("button[type=submit]").click()
    expect(resident.get_by_test_id("verdict-refused")).to_be_visible()

    # the unsatisfied verdict reopened the item, on its timeline
    page.goto(item_url)
    expect(page.locator("h1")).to_contain_text("open")
    expect(page.get_by_test_id("verdict")).to_contain_text("unsatisfied")
    timeline = page.get_by_test_id("timeline")
    for step in (
        "receipt printed",
        "referred",
        "accepted by the department",
        "progress: " + PROGRESS,
        "answer proposed",
        "answer confirmed",
        "sent back to the department: " + REASON,
        "the resident (public page) · resident's verdict: unsatisfied",
        "the resident (public page) · reopened",
    ):
        expect(timeline).to_contain_text(step)
    expect(page.get_by_test_id("handed-back")).to_contain_text("Reopened by the resident")
    expect(figure(page, live_server, "referred_open")).to_have_text("1")
    expect(figure(page, live_server, "answer_satisfaction")).to_have_text("0.00%")

    # the department has it back to take up again
    dept.goto(f"{live_server.url}/grievances/work/")
    expect(dept.get_by_test_id("section-reopened")).to_contain_text(grievance.reference)
    expect(dept.get_by_test_id("section-reopened")).to_contain_text("reopened by the resident")

    # the meeting pack reports back on the item raised at the last meeting
    page.goto(f"{live_server.url}/grievances/pack/{city.a1[0].code}/")
    raised = page.get_by_test_id("pack-raised-last")
    expect(raised).to_contain_text(grievance.reference)
    expect(raised).to_contain_text("referred")
    expect(raised.get_by_test_id("pack-verdict")).to_contain_text("unsatisfied")


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_the_work_list_the_receipt_and_the_public_page_fit_the_screen(
    browser, live_server, city, staff_a1, dept_a1, police_a1, width
):
    grievance = services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary=COMPLAINT,
        received_on=timezone.localdate(),
        user=staff_a1,
    )
    services.grievance_refer(
        grievance=grievance,
        department=police_a1,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        user=staff_a1,
    )

    def fits(page: Page) -> None:
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), page.url

    def at(username: str | None) -> Page:
        page = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": 900}
        ).new_page()
        if username:
            submit_login(page, live_server, username, PASSWORD)
        return page

    dept = at("dept_a1")
    dept.goto(f"{live_server.url}/grievances/work/")
    expect(dept.locator("main")).to_contain_text(grievance.reference)
    fits(dept)
    staff = at("staff_a1")
    staff.goto(f"{live_server.url}/grievances/{grievance.reference}/receipt/")
    staff.get_by_test_id("receipt-form").locator("button[type=submit]").click()
    expect(staff.get_by_test_id("receipt-code")).to_be_visible()
    fits(staff)
    resident = at(None)
    resident.goto(f"{live_server.url}/v/")
    expect(resident.get_by_test_id("verdict-form")).to_be_visible()
    fits(resident)
