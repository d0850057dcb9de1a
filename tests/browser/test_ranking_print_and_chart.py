"""The ranking pages in a real browser: the chart over the years draws each point at its
value, every ranking prints on A4 landscape down to the last row's composite and flags,
the table fits 1280 px, an official's case file prints; the why page prints upright whole,
its table reached by the keyboard; every badge readable."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from evaluations import services
from tests.factories import GrievanceFactory, OfficialFactory, PostingFactory

from .checks import contrast_ratios
from .helpers import login

pytestmark = pytest.mark.browser

# A4 landscape at 96 px per inch, less the 10 mm margins of static/css/landscape.css
A4_LANDSCAPE = {"width": round((297 - 20) / 25.4 * 96), "height": round((210 - 20) / 25.4 * 96)}


def survey(street, year, safe, fairly_safe, not_very_safe, unsafe) -> None:
    services.survey_save(
        street_id=street.pk,
        year=year,
        counts={
            "safe": safe,
            "fairly_safe": fairly_safe,
            "not_very_safe": not_very_safe,
            "unsafe": unsafe,
        },
        user=None,
    )


def review(community, official, year, quarter, counts) -> None:
    services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=datetime.date(year, 3 * quarter - 1, 15),
        present=max(sum(counts), community.representatives // 2 + 1),
        tallies=[services.Tally(official.pk, *counts)],
        submit=True,
    )


def value_at(page: Page, circle) -> float:
    """The value a point is drawn at, read off the rendered axis: its pixel height between
    the chart's lowest and highest grid lines."""
    grid = page.locator("[data-testid=history-chart] line[data-grid]")
    values = [float(g.get_attribute("data-grid")) for g in grid.all()]
    low_line = grid.nth(values.index(min(values))).bounding_box()
    high_line = grid.nth(values.index(max(values))).bounding_box()
    box = circle.bounding_box()
    centre = box["y"] + box["height"] / 2
    share = (low_line["y"] - centre) / (low_line["y"] - high_line["y"])
    return min(values) + share * (max(values) - min(values))


@pytest.fixture
def three_years(city):
    """DA over 2008-2010: S 85.00, then no survey (2009: only reviews), then 45.87."""
    survey(city.street_a1, 2008, 85, 0, 15, 0)
    survey(city.street_b1, 2008, 90, 0, 10, 0)
    police = OfficialFactory(code="P1", name="Officer Pan")
    PostingFactory(official=police, community=city.a1[0], start_date=datetime.date(2008, 1, 1))
    review(city.a1[0], police, 2009, 2, (2, 3, 0, 0))  # (200 + 240) / 5 = 88.00
    survey(city.street_a1, 2010, 4587, 0, 5413, 0)  # 45.87
    survey(city.street_b1, 2010, 90, 0, 10, 0)
    return police


def test_the_chart_draws_every_year_at_its_value_including_one_with_a_missing_component(
    page, live_server, official_a, three_years
):
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/districts/DA/?year=2010")
    chart = page.get_by_test_id("history-chart")
    labels = [(t or "").strip() for t in chart.locator("svg > text").all_text_contents()]
    assert {"2008", "2009", "2010"} <= set(labels)

    safety = chart.locator("circle[data-series='1']")
    composite = chart.locator("circle[data-series='0']")
    # 2009 has no survey: a composite point (from R alone) but no safety-index point
    assert [c.get_attribute("data-label") for c in safety.all()] == ["2008", "2010"]
    assert [c.get_attribute("data-label") for c in composite.all()] == ["2008", "2009", "2010"]
    expected = {"2008": 85.00, "2010": 45.87}
    for point in safety.all():
        assert value_at(page, point) == pytest.approx(
            expected[point.get_attribute("data-label")], abs=0.6
        )
    expected_composite = {"2008": 85.00, "2009": 88.00, "2010": 45.87}
    for point in composite.all():
        label = point.get_attribute("data-label")
        assert value_at(page, point) == pytest.approx(expected_composite[label], abs=0.6)

    # the same numbers in a table under the chart
    table = page.get_by_test_id("history-table")
    expect(table.locator("tr[data-year='2009'] td").nth(1)).to_have_text("—")
    expect(table.locator("tr[data-year='2010'] td").nth(1)).to_have_text("45.87")
    expect(table.locator("tr[data-year='2009'] td").nth(0)).to_have_text("88.00")


def test_the_chart_of_an_earlier_year_stops_at_that_year(
    page, live_server, official_a, three_years
):
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/districts/DA/?year=2009")
    rows = page.get_by_test_id("history-table").locator("tbody tr")
    assert [r.get_attribute("data-year") for r in rows.all()] == ["2008", "2009"]


def assert_last_row_fits_on_paper(page: Page) -> None:
    """Printed (print media, an A4 landscape page width), the last row's composite and
    flags lie inside the sheet and nothing scrolls sideways."""
    page.set_viewport_size(A4_LANDSCAPE)
    page.emulate_media(media="print")
    last = page.get_by_test_id("ranking").locator("tbody tr[data-code]").last
    for cell in (last.locator("td.composite"), last.locator("td.flags")):
        box = cell.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= A4_LANDSCAPE["width"], box
    badges = last.locator("td.flags span[data-flag]")
    assert badges.count() >= 1
    for i in range(badges.count()):
        box = badges.nth(i).bounding_box()
        assert box["x"] + box["width"] <= A4_LANDSCAPE["width"], box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_LANDSCAPE["width"], width
    assert len(page.pdf(format="A4", landscape=True, print_background=True)) > 1000


@pytest.fixture
def full_ranking(city):
    """Every component for both districts, long figures in every cell: the widest table."""
    police = OfficialFactory(code="P1", name="Officer Pan")
    for community in (city.a1[0], city.b1[0]):
        PostingFactory(official=police, community=community, start_date=datetime.date(2008, 1, 1))
        review(community, police, 2009, 2, (2, 3, 0, 0))
        for i in range(12):
            GrievanceFactory(
                community=community,
                received_on=datetime.date(2009, 3, 1),
                key_dispute=i % 2 == 0,
                disposition="on_the_spot" if i % 3 else "",
                resolved_on=datetime.date(2009, 3, 1) if i % 3 else None,
            )
    survey(city.street_a1, 2009, 7000, 1000, 1500, 500)
    survey(city.street_a2, 2009, 60, 10, 20, 10)
    survey(city.street_b1, 2009, 9000, 500, 400, 100)


def test_the_city_ranking_prints_on_a4_landscape_with_the_last_rows_composite_and_flags(
    page, live_server, city_official, full_ranking
):
    login(page, live_server, "city_official")
    page.goto(f"{live_server.url}/rankings/?year=2009")
    expect(page.get_by_test_id("ranking").locator("tbody tr[data-code]").last).to_have_attribute(
        "data-code", "DA"
    )
    assert_last_row_fits_on_paper(page)


def test_a_district_ranking_prints_on_a4_landscape_with_the_last_rows_composite_and_flags(
    page, live_server, official_a, full_ranking
):
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/districts/DA/?year=2009")
    assert_last_row_fits_on_paper(page)


@pytest.mark.parametrize("width", [1280, 768, 390])
def test_the_ranking_has_no_sideways_scroll(page, live_server, city_official, full_ranking, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "city_official")
    page.goto(f"{live_server.url}/rankings/?year=2009")
    flags = page.get_by_test_id("ranking").locator("tbody tr[data-code]").last.locator("td.flags")
    page.screenshot(path=f"/tmp/ranking-{width}.png", full_page=True)
    if width == 1280:  # the whole table fits: the last column is on screen
        box = flags.bounding_box()
        assert box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_case_file_shows_the_quarters_streak_and_grievances_and_prints(
    page, live_server, city, official_a
):
    police = OfficialFactory(code="P9", name="Officer Li")
    community = city.a1[0]
    PostingFactory(official=police, community=community, start_date=datetime.date(2008, 1, 1))
    review(community, police, 2009, 1, (0, 0, 0, 5))
    review(community, police, 2009, 2, (0, 0, 0, 5))
    item = GrievanceFactory(community=community, received_on=datetime.date(2009, 3, 1))

    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/reviews/officials/P9/")
    page.get_by_test_id("case-file-link").click()
    expect(page).to_have_url(f"{live_server.url}/rankings/officials/P9/")
    case = page.get_by_test_id("case-file")
    expect(case.get_by_test_id("case-quarters").locator("tbody tr")).to_have_count(2)
    expect(case.get_by_test_id("case-streaks")).to_contain_text("2009 Q1, 2009 Q2")
    expect(case.get_by_test_id("case-recommendations").locator("tbody tr")).to_have_count(1)
    expect(case.get_by_test_id("case-grievances")).to_contain_text(item.reference)

    page.emulate_media(media="print")
    expect(page.locator(".sidenav")).to_be_hidden()
    assert len(page.pdf(format="A4", print_background=True)) > 1000


# A4 portrait at 96 px per inch, less 10 mm margins: the why page prints upright
A4_PORTRAIT_WIDTH = round((210 - 20) / 25.4 * 96)


def test_the_why_pages_comparison_table_prints_whole_on_a4_portrait(
    page, live_server, official_a, full_ranking
):
    page.set_viewport_size({"width": A4_PORTRAIT_WIDTH, "height": 1000})
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/districts/DA/why/?year=2009")
    page.emulate_media(media="print")
    table = page.get_by_test_id("why-components")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= A4_PORTRAIT_WIDTH, box
    scroller = table.locator("xpath=..")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing clipped


def test_the_why_pages_table_is_reached_by_the_keyboard_at_390_px(
    page, live_server, official_a, full_ranking
):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/districts/DA/why/?year=2009")
    region = page.get_by_role("region", name="Each component against its peers")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    expect(region).to_be_focused()


def test_the_ranking_pages_incomplete_badge_is_readable(
    page, live_server, city_official, full_ranking
):
    login(page, live_server, "city_official")
    page.goto(f"{live_server.url}/rankings/?year=2009")
    ratios = contrast_ratios(page, ".badge.warn")
    assert ratios and min(ratios) >= 4.5, ratios
