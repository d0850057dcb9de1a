"""Grievances in the browser: from a review meeting to the answer, and read-only officials."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.services import platform_create
from evaluations import rules
from evaluations import services as review_services
from grievances import services
from grievances.models import Grievance
from tests.factories import OfficialFactory, PostingFactory

from .helpers import login

pytestmark = pytest.mark.browser

POSTED_FROM = datetime.date(2020, 1, 1)
COMPLAINT = "两起翻墙入室盗窃"
ANSWER = "组织夜间巡逻队，夜12点到凌晨6点巡逻"
POLICE_STATION = "甲一街道 · police station"


def submitted_meeting(community, user, held_on: datetime.date):
    """A submitted meeting of ``held_on``'s quarter with one posted official's tally."""
    official = OfficialFactory(code="P1", name="Officer Pan")
    PostingFactory(official=official, community=community, role="police", start_date=POSTED_FROM)
    year, quarter = rules.quarter_of(held_on)
    return review_services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=held_on,
        present=8,
        tallies=[review_services.Tally(official.pk, 6, 2, 0, 0)],
        submit=True,
        user=user,
    ).meeting


def open_step(page: Page, form_testid: str):
    """The step's form, its ``<details>`` opened first if it is closed."""
    form = page.get_by_test_id(form_testid)
    details = page.locator("details", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(form).to_be_visible()
    return form


def listed(page: Page, live_server, status: str, reference: str):
    """Open a work list; return the link to ``reference`` in it (count 0 when absent)."""
    page.goto(f"{live_server.url}/grievances/?status={status}")
    table = page.get_by_test_id("grievances")
    expect(table).to_be_visible()
    return table.get_by_role("link", name=reference, exact=True)


def test_staff_record_a_grievance_at_a_meeting_refer_resolve_and_answer_it_until_it_leaves_the_to_do_list(  # noqa: E501
    page, live_server, city, staff_a1
):
    platform_create(streets=[city.street_a1], communities=city.a1)
    today = timezone.localdate()
    # some days ago: in this quarter, or the previous one early in a quarter
    held_on = today - datetime.timedelta(days=3)
    meeting = submitted_meeting(city.a1[0], staff_a1, held_on)
    reference = f"DA-1-{held_on.year}-0001"  # the street code, the year, the number
    item_url = f"{live_server.url}/grievances/{reference}/"

    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/meetings/{meeting.pk}/")
    intake = page.get_by_test_id("meeting-intake")
    intake.locator("select[name=kind]").select_option("complaint")
    expect(intake.locator("input[name=key_dispute]")).not_to_be_checked()
    intake.locator("textarea[name=summary]").fill(COMPLAINT)
    expect(intake.locator("input[name=handled_on_the_spot]")).not_to_be_checked()
    intake.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/reviews/meetings/{meeting.pk}/(#grievances)?$"))
    row = page.get_by_test_id("meeting-grievances").locator("tbody tr", has_text=COMPLAINT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("complaint")
    expect(row).to_contain_text("not yet disposed")
    row.get_by_role("link", name=reference, exact=True).click()

    expect(page).to_have_url(item_url)
    expect(page.get_by_test_id("grievance")).to_contain_text(COMPLAINT)
    expect(page.get_by_test_id("disposition")).to_have_text("not yet disposed")

    refer = open_step(page, "refer-form")
    refer.locator("select[name=department]").select_option(label=POLICE_STATION)
    refer.locator("select[name=working_days]").select_option("7")
    refer.locator("input[name=note]").fill("派出所牵头")
    refer.locator("button[type=submit]").click()

    expect(page).to_have_url(item_url)
    expect(page.get_by_test_id("disposition")).to_have_text("referred to a department")
    expect(page.get_by_test_id("department")).to_have_text(POLICE_STATION)
    expect(listed(page, live_server, "open", reference)).to_have_count(1)

    page.goto(item_url)
    resolve = open_step(page, "resolve-form")
    resolve.locator("input[name=resolved_on]").fill(today.isoformat())
    resolve.locator("textarea[name=note]").fill("抓获嫌疑人")
    resolve.locator("button[type=submit]").click()

    expect(page).to_have_url(item_url)
    expect(page.locator("h1")).to_contain_text("resolved")
    expect(page.locator("h1")).to_contain_text("waiting for an answer")
    expect(page.get_by_test_id("disposition")).to_have_text("referred to a department")
    expect(page.get_by_test_id("answer")).to_have_text("—")
    expect(listed(page, live_server, "unanswered", reference)).to_have_count(1)

    page.goto(item_url)
    answer = open_step(page, "answer-form")
    answer.locator("textarea[name=answer]").fill(ANSWER)
    answer.locator("input[name=answered_on]").fill(today.isoformat())
    answer.locator("button[type=submit]").click()

    expect(page).to_have_url(item_url)
    expect(page.get_by_test_id("answer")).to_contain_text(ANSWER)
    expect(page.locator("h1")).not_to_contain_text("waiting for an answer")
    expect(listed(page, live_server, "open", reference)).to_have_count(0)
    expect(listed(page, live_server, "unanswered", reference)).to_have_count(0)


def test_a_district_official_sees_the_grievance_but_cannot_edit_it(
    page, live_server, city, staff_a1, official_a
):
    today = timezone.localdate()
    grievance = services.grievance_create(
        community=city.a1[0],
        kind=Grievance.Kind.COMPLAINT,
        summary=COMPLAINT,
        received_on=today - datetime.timedelta(days=2),
        user=staff_a1,
    )
    item_url = f"{live_server.url}/grievances/{grievance.reference}/"

    login(page, live_server, "official_a")
    page.goto(item_url)
    expect(page.get_by_test_id("grievance")).to_contain_text(COMPLAINT)
    expect(page.get_by_test_id("disposition")).to_have_text("not yet disposed")
    expect(page.get_by_test_id("steps")).to_have_count(0)

    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{item_url}resolve/",
        form={"resolved_on": today.isoformat(), "note": "closed by the district"},
        headers={"X-CSRFToken": csrf, "Referer": item_url},
    )

    assert response.status == 403
    grievance.refresh_from_db()
    assert grievance.resolved_on is None
    assert grievance.disposition == Grievance.Disposition.NONE
