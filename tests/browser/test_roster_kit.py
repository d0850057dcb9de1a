"""Meeting day in the browser: the roster kept on a phone, who is present ticked on the
entry page at 390 px, and the printed meeting kit on A4 (in Chinese, for the README)."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from districts.models import Representative
from evaluations import rules
from evaluations.models import Meeting
from tests.factories import OfficialFactory, PostingFactory, RepresentativeFactory

from .helpers import login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def roster_of(community, names):
    return [
        RepresentativeFactory(
            community=community, name=name, group=f"{i + 1}栋", start_date=datetime.date(2020, 1, 1)
        )
        for i, name in enumerate(names)
    ]


def test_street_staff_keep_the_roster_on_a_phone(page: Page, live_server, city, staff_a1):
    page.set_viewport_size(PHONE)
    roster_of(city.a1[0], ["王芳"])
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/areas/communities/DA-1-0/")
    page.get_by_test_id("roster-link").click()
    expect(page.get_by_test_id("roster")).to_contain_text("王芳")
    assert no_sideways_scroll(page)
    page.get_by_test_id("roster-add").click()
    page.fill("#id_name", "李强")
    page.fill("#id_group", "5栋")
    page.fill("#id_phone", "138 0000 0001")
    assert no_sideways_scroll(page)
    box = page.locator("[data-testid=representative-form] button[type=submit]").bounding_box()
    assert box["height"] >= 44
    page.locator("[data-testid=representative-form] button[type=submit]").click()
    expect(page.get_by_test_id("roster")).to_contain_text("李强")
    expect(page.get_by_test_id("roster")).to_contain_text("138 0000 0001")
    assert Representative.objects.get(name="李强").history.get().history_user == staff_a1


def test_ticking_who_is_present_on_a_phone_sets_the_number_present_and_saves_it(
    page: Page, live_server, city, staff_a1
):
    community = city.a1[0]
    official = OfficialFactory(code="P1", name="Officer Pan")
    PostingFactory(official=official, community=community, start_date=datetime.date(2020, 1, 1))
    people = roster_of(community, ["王芳", "李强", "赵敏", "孙丽", "周杰", "吴霞"])
    year, quarter = rules.quarter_of(timezone.localdate())
    page.set_viewport_size(PHONE)
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/communities/DA-1-0/{year}/{quarter}/")
    presence = page.get_by_test_id("presence")
    expect(presence).to_be_visible()
    expect(page.get_by_test_id("presence-count")).to_have_text("0 / 6")
    for name in ("王芳", "李强", "赵敏", "孙丽"):
        label = presence.get_by_text(name)
        assert label.bounding_box()["height"] >= 44  # a finger's tap
        label.click()
    expect(page.get_by_test_id("presence-count")).to_have_text("4 / 6")
    expect(page.locator("input[name=present]")).to_have_value("4")
    set_box = presence.bounding_box()
    assert set_box["x"] >= 0 and set_box["x"] + set_box["width"] <= PHONE["width"]
    for field, value in zip(rules.COUNT_FIELDS, (2, 1, 1, 0), strict=True):
        page.locator(f"input[name='{official.pk}-{field}']").fill(str(value))
    page.locator("button[name=action][value=submit]").click()
    expect(page).to_have_url(re.compile(r"/reviews/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert (meeting.present, meeting.roll) == (4, 6)
    assert {p.name for p in meeting.attendees.all()} == {p.name for p in people[:4]}


def test_the_printed_kit_fits_a4_one_sheet_per_page_in_chinese(
    page: Page, live_server, city, staff_a1
):
    community = city.a1[0]
    for code, name, role in (("P1", "潘警官", "police"), ("D1", "杜主任", "director")):
        PostingFactory(
            official=OfficialFactory(code=code, name=name),
            community=community,
            role=role,
            start_date=datetime.date(2020, 1, 1),
        )
    roster_of(community, ["王芳", "李强", "赵敏", "孙丽", "周杰", "吴霞", "郑红", "冯伟"])
    year, quarter = rules.quarter_of(timezone.localdate())
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/kit/DA-1-0/{year}/{quarter}/")
    expect(page.get_by_test_id("kit-signin")).to_contain_text("签到表")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    assert no_sideways_scroll(page)
    for sheet in page.locator(".kit-sheet").all():
        box = sheet.bounding_box()
        assert box["x"] + box["width"] <= A4_WIDTH_PX
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1 + 2 + 1  # sign-in, two tally sheets, promises and grievances
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "meeting-kit-zh.png"), full_page=True)


def test_a_roll_of_43_signs_in_on_one_a4_page_under_a_persons_name_heading(
    page: Page, live_server, city, staff_a1
):
    """Issue 21, item 14: the sheet headed the names 名称 and spilled onto a second page."""
    community = city.a1[0]
    PostingFactory(
        official=OfficialFactory(code="P1", name="潘警官"),
        community=community,
        role="police",
        start_date=datetime.date(2020, 1, 1),
    )
    roster_of(community, [f"代表{n:02d}号" for n in range(43)])
    year, quarter = rules.quarter_of(timezone.localdate())
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    login(page, live_server, "staff_a1")
    page.goto(f"{live_server.url}/reviews/kit/DA-1-0/{year}/{quarter}/")
    signin = page.get_by_test_id("kit-signin")
    expect(signin.locator("thead th").nth(1)).to_have_text("姓名")
    expect(signin).to_contain_text("代表42号")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1 + 1 + 1  # sign-in, one tally sheet, promises and grievances
