"""The annual rankings in the browser: flags, drilling down to a meeting, the XLSX export, scope."""

import datetime
import re

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from evaluations import services
from tests.factories import OfficialFactory, PostingFactory

from .helpers import login

pytestmark = pytest.mark.browser

YEAR = 2009
EMPTY = "—"  # what a ranking cell shows for a missing figure


def survey(street, safe: int, fairly_safe: int, not_very_safe: int, unsafe: int) -> None:
    services.survey_save(
        street_id=street.pk,
        year=YEAR,
        counts={
            "safe": safe,
            "fairly_safe": fairly_safe,
            "not_very_safe": not_very_safe,
            "unsafe": unsafe,
        },
        user=None,
    )


def first_line(cell: Locator) -> str:
    """A figure cell's value, without the sample size printed under it."""
    return cell.inner_text().strip().splitlines()[0].strip()


HEADERS = {
    "Rank": "rank",
    "Main urban rank": "main_urban_rank",
    "S safety index": "safety_index",
    "R review satisfaction": "satisfaction",
    "G grievance resolution": "grievance_resolution_rate",
    "K key dispute resolution": "key_dispute_resolution_rate",
    "Composite": "composite",
}


def ranking_rows(page: Page) -> list[dict[str, object]]:
    """The city ranking table as the page shows it, in page order, each figure found by
    its column heading (the table is sortable, so headings may be links)."""
    table = page.get_by_test_id("ranking")
    headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    columns = {HEADERS[h]: i for i, h in enumerate(headings) if h in HEADERS}
    assert set(columns) == set(HEADERS.values()), headings
    rows = []
    for row in table.locator("tbody tr[data-code]").all():
        cells = row.locator(":scope > td, :scope > th")
        shown = {key: first_line(cells.nth(i)) for key, i in columns.items()}
        shown["code"] = row.get_attribute("data-code")
        shown["shown_code"] = row.locator("small.code").inner_text().strip()
        shown["flags"] = sorted(
            f.get_attribute("data-flag") for f in row.locator("span[data-flag]").all()
        )
        rows.append(shown)
    return rows


RANKS = ("rank", "main_urban_rank")
FIGURES = (
    "safety_index",
    "satisfaction",
    "grievance_resolution_rate",
    "key_dispute_resolution_rate",
    "composite",
)


def as_shown(value: object, column: str) -> str:
    """An XLSX value written the way the page writes it: 2 decimals, a dash when empty.

    openpyxl reads a whole float such as 96.0 back as the int 96, so figures are formatted
    from their number rather than from their Python type."""
    if value is None:
        return EMPTY
    if column in FIGURES:
        assert isinstance(value, int | float), (column, value)
        return f"{value:.2f}"
    return str(value)


def test_a_district_official_opens_the_ranking_sees_their_flags_drills_down_to_a_meeting_and_exports_xlsx(  # noqa: E501
    page, live_server, city, official_a, tmp_path
):
    """Past 80 lines because it is one user journey, page after page in one browser
    session: split, each part would have to rebuild the session and the pages before it."""
    # DA-1 alone is 75.00 and DA-2 alone 90.00: the mean of the two (82.50) would pass the
    # city minimum of 80, the pooled index of the district's 500 respondents (78.00) does not.
    survey(city.street_a1, 280, 20, 80, 20)  # 300 / 400 = 75.00
    survey(city.street_a2, 85, 5, 8, 2)  # 90 / 100 = 90.00
    survey(city.street_b1, 92, 4, 3, 1)  # 96 / 100 = 96.00
    community = city.a1[0]  # DA-1-0, roll 10
    police = OfficialFactory(code="P1", name="Officer Pan")
    PostingFactory(official=police, community=community, start_date=datetime.date(2008, 1, 1))
    meeting = services.meeting_save(
        community=community,
        year=YEAR,
        quarter=3,
        held_on=datetime.date(YEAR, 8, 15),
        present=8,
        tallies=[services.Tally(police.pk, 6, 2, 0, 0)],  # 760 / 8 = 95.00: very satisfied
        submit=True,
    ).meeting

    login(page, live_server, "official_a")
    page.goto(f"{live_server.url}/rankings/?year={YEAR}")
    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr[data-code]")).to_have_count(2)
    da = ranking.locator("tr[data-code=DA]")
    db = ranking.locator("tr[data-code=DB]")

    # DB: S 96.00 alone -> 96.00, first. DA: (0.4 * 78 + 0.3 * 95) / 0.7 = 85.2857 -> 85.29.
    rows = ranking_rows(page)
    assert [row["code"] for row in rows] == ["DB", "DA"]
    shown = {row["code"]: row for row in rows}
    assert shown["DB"]["rank"] == "1"
    assert shown["DB"]["main_urban_rank"] == EMPTY  # DB is not main urban
    assert shown["DB"]["safety_index"] == "96.00"
    assert shown["DB"]["satisfaction"] == EMPTY
    assert shown["DB"]["composite"] == "96.00"
    assert shown["DB"]["flags"] == ["incomplete_data"]
    assert shown["DA"]["rank"] == "2"
    assert shown["DA"]["main_urban_rank"] == "1"
    assert shown["DA"]["safety_index"] == "78.00"
    assert shown["DA"]["satisfaction"] == "95.00"
    assert shown["DA"]["grievance_resolution_rate"] == EMPTY
    assert shown["DA"]["key_dispute_resolution_rate"] == EMPTY
    assert shown["DA"]["composite"] == "85.29"
    assert shown["DA"]["flags"] == ["below_safety_threshold", "incomplete_data", "last_place"]
    expect(da.locator("span[data-flag=below_safety_threshold]")).to_be_visible()
    expect(db.locator("span[data-flag=below_safety_threshold]")).to_have_count(0)
    expect(da).to_have_class(re.compile(r"\bflagged\b"))

    # a district official drills only into their own district: DB's row has no link at all
    expect(db.locator("a")).to_have_count(0)
    expect(page.get_by_test_id("drill-DB")).to_have_count(0)
    expect(page.get_by_test_id("drill-DA")).to_be_visible()

    page.get_by_test_id("drill-DA").click()
    expect(page).to_have_url(f"{live_server.url}/rankings/districts/DA/?year={YEAR}")
    streets = page.get_by_test_id("ranking")
    expect(streets.locator("tbody tr[data-code]")).to_have_count(2)
    # DA-2: 90.00 alone; DA-1: (0.4 * 75 + 0.3 * 95) / 0.7 = 83.5714 -> 83.57
    expect(streets.locator("tr[data-code='DA-2'] td.composite")).to_have_text("90.00")
    expect(streets.locator("tr[data-code='DA-1'] td.composite")).to_have_text("83.57")
    expect(streets.locator("tbody tr[data-code]").first).to_have_attribute("data-code", "DA-2")
    a1_flags = streets.locator("tr[data-code='DA-1'] span[data-flag=below_safety_threshold]")
    expect(a1_flags).to_be_visible()
    a2_flags = streets.locator("tr[data-code='DA-2'] span[data-flag=below_safety_threshold]")
    expect(a2_flags).to_have_count(0)

    page.get_by_test_id("drill-DA-1").click()
    expect(page).to_have_url(f"{live_server.url}/rankings/league/?year={YEAR}&street=DA-1")
    league = page.get_by_test_id("league")
    expect(page.locator("h1")).to_contain_text(f"{YEAR} Q3")  # the year's latest quarter
    expect(league.locator("tbody tr[data-code]")).to_have_count(3)
    first = league.locator("tbody tr[data-code]").first
    expect(first).to_have_attribute("data-code", "DA-1-0")
    expect(first.locator("td").nth(0)).to_have_text("1")
    expect(first.locator("td").nth(3)).to_have_text("95.00")
    expect(first.locator("td").nth(4)).to_have_text("1")
    for unrated in ("DA-1-1", "DA-1-2"):  # no meeting, no score, no rank
        cells = league.locator(f"tr[data-code='{unrated}'] td")
        expect(cells.nth(0)).to_have_text(EMPTY)
        expect(cells.nth(3)).to_have_text(EMPTY)

    first.get_by_role("link", name=community.name, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/reviews/communities/DA-1-0/")
    quarters = page.get_by_test_id("community-quarters")
    quarters.get_by_role("link", name=f"{YEAR} Q3", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/reviews/meetings/{meeting.pk}/")
    level = page.locator("table[data-testid=results] tr[data-official=P1] td.level")
    expect(level).to_have_text("very satisfied")

    page.goto(f"{live_server.url}/rankings/?year={YEAR}")
    shown_rows = ranking_rows(page)
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"districts-{YEAR}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = openpyxl.load_workbook(path)["data"]  # the machine columns; people read sheet 1
    header, *data = [list(row) for row in sheet.iter_rows(values_only=True)]
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if header[cell.column - 1] in FIGURES and cell.value is not None:
                assert cell.number_format == "0.00", (cell.coordinate, cell.number_format)
    assert header == [
        "rank",
        "main_urban_rank",
        "code",
        "name",
        "safety_index",
        "satisfaction",
        "grievance_resolution_rate",
        "key_dispute_resolution_rate",
        "composite",
        "flags",
    ]
    exported = [dict(zip(header, row, strict=True)) for row in data]
    assert [row["code"] for row in exported] == [row["code"] for row in shown_rows]
    for xlsx, html in zip(exported, shown_rows, strict=True):
        assert xlsx["code"] == html["shown_code"]
        for column in (*RANKS, *FIGURES):
            assert as_shown(xlsx[column], column) == html[column], (xlsx["code"], column)
        assert sorted(filter(None, (xlsx["flags"] or "").split(";"))) == html["flags"]
    by_code = {row["code"]: row for row in exported}
    assert by_code["DA"]["composite"] == pytest.approx(85.29)
    assert by_code["DA"]["safety_index"] == pytest.approx(78.00)
    assert by_code["DB"]["composite"] == pytest.approx(96.00)


def test_a_district_official_cannot_open_another_districts_street_ranking(
    page, live_server, city, official_a
):
    login(page, live_server, "official_a")

    response = page.goto(f"{live_server.url}/rankings/districts/DB/?year={YEAR}")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_test_id("ranking")).to_have_count(0)

    # nor take its streets away as a file, nor list the communities of its street
    for path in (
        f"/rankings/districts/DB/?year={YEAR}&_export=xlsx",
        f"/rankings/league/?year={YEAR}&street=DB-1",
    ):
        assert page.request.get(f"{live_server.url}{path}").status == 404, path
