"""The departments' monthly bulletin in a real browser: a district's bulletin naming
thirty departments prints on one A4 sheet, in Chinese and in English, without the page's
tools; at 390 px it does not scroll sideways."""

import re

import pytest
from playwright.sync_api import Page

from districts.models import COMMUNITY_PLATFORM
from grievances.models import Bulletin, Verdict
from grievances.services import bulletins_generate
from publication.services import publish_bulletin_of
from tests import factories
from tests.fixtures.bulletins import satisfied_items
from tests.grievances.departments.helpers import D

from .checks import scrolls_sideways, serious_violations, squeezed_names, unreachable_scrollers
from .helpers import login

pytestmark = pytest.mark.browser


@pytest.fixture
def long_bulletin(city, official_a):
    """District A's April 2009 bulletin naming 30 departments (every one 0 of 1 satisfied)."""
    communities = [*city.a1, *city.a2]
    departments = [
        factories.DepartmentFactory(street=None, community=community, key=key)
        for community in communities
        for key in COMMUNITY_PLATFORM[:6]
    ]
    for department in departments:
        satisfied_items(department, [Verdict.UNSATISFIED])
    bulletins_generate(year=2009, month=4, as_of=D(2009, 5, 4))
    bulletin = Bulletin.objects.get(district=city.district_a)
    assert bulletin.entries.count() == 30
    return bulletin


def pages_printed(page: Page) -> int:
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_bulletin_of_thirty_departments_prints_on_one_a4_sheet(
    page: Page, live_server, long_bulletin, language
):
    login(page, live_server, "official_a")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/grievances/bulletins/{long_bulletin.pk}/")
    assert page.get_by_test_id("bulletin-entries").locator("tbody tr").count() == 30
    assert pages_printed(page) == 1
    assert not page.get_by_test_id("bulletin-xlsx").is_visible()


def page_problems(page: Page) -> list[str]:
    return [
        *serious_violations(page),
        *unreachable_scrollers(page),
        *squeezed_names(page),
        *(["scrolls sideways"] if scrolls_sideways(page) else []),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_bulletin_and_its_public_notice_read_well_on_a_phone_and_a_desktop(
    page: Page, live_server, bulletins, official_a, width
):
    publish_bulletin_of(bulletin=bulletins.a, user=official_a)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/grievances/bulletins/{bulletins.a.pk}/")
    assert page_problems(page) == []
    page.goto(f"{live_server.url}/notice/districts/DA/bulletins/2009/4/?lang=en")
    assert page.get_by_test_id("notice-bulletin").is_visible()
    assert page_problems(page) == []
