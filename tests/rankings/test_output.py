"""The stable ranking output of rankings/output.py, as DOMAIN.md gives it for the `rankings`
command: one row per area in rank order; numbers with 2 decimals, rounded half-up; blank in
CSV and null in JSON when missing; flags sorted and joined by ';'. On real assessments."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from districts.services import platform_create
from evaluations import services
from rankings import output
from rankings.assessment import assess
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = (
    "rank,main_urban_rank,code,name,safety_index,satisfaction,grievance_resolution_rate,"
    "key_dispute_resolution_rate,composite,flags"
)


def survey(street, safe, fairly, not_very, unsafe):
    counts = {"safe": safe, "fairly_safe": fairly, "not_very_safe": not_very, "unsafe": unsafe}
    services.survey_save(street_id=street.pk, year=2009, user=None, counts=counts)


def districts():
    return output.rows(assess(2009, "district"), "district")


def csv_rows(data):
    return {row["code"]: row for row in csv.DictReader(io.StringIO(output.to_csv(data)))}


def json_rows(data):
    return {row["code"]: row for row in json.loads(output.to_json(data), parse_float=Decimal)}


@pytest.fixture
def two_districts(city):
    """DB (not main urban) first at 90, DA (main urban) second at 87.5; surveys only."""
    survey(city.street_b1, 9, 0, 1, 0)
    survey(city.street_a1, 7, 0, 1, 0)


# ---- CSV ----------------------------------------------------------------------------------


def test_the_csv_starts_with_domains_columns_in_order():
    assert output.to_csv([]) == HEADER + "\n"


def test_areas_are_written_one_line_each_in_rank_order(two_districts):
    lines = output.to_csv(districts()).splitlines()
    assert [line.split(",")[:3] for line in lines[1:]] == [["1", "", "DB"], ["2", "1", "DA"]]


def test_the_main_urban_rank_is_written_for_main_urban_districts_only(two_districts):
    rows = csv_rows(districts())
    assert (rows["DA"]["main_urban_rank"], rows["DB"]["main_urban_rank"]) == ("1", "")


def test_streets_have_no_main_urban_rank(city, two_districts):
    streets = output.rows(assess(2009, "street", city.district_a), "street")
    assert [row["main_urban_rank"] for row in streets] == [None, None]


def test_numbers_have_two_decimals(two_districts):
    rows = csv_rows(districts())
    assert (rows["DA"]["safety_index"], rows["DB"]["composite"]) == ("87.50", "90.00")


def test_numbers_are_rounded_half_up(city):
    survey(city.street_a1, 689, 0, 111, 0)  # 86.125 exactly
    row = csv_rows(districts())["DA"]
    assert (row["safety_index"], row["composite"]) == ("86.13", "86.13")


def test_a_missing_figure_is_blank(two_districts):
    row = csv_rows(districts())["DA"]
    assert (row["satisfaction"], row["grievance_resolution_rate"]) == ("", "")


def test_an_area_without_any_figure_is_written_without_rank_or_composite(city):
    survey(city.street_a1, 7, 0, 1, 0)
    row = csv_rows(districts())["DB"]
    assert (row["rank"], row["safety_index"], row["composite"]) == ("", "", "")


def test_flags_are_sorted_and_joined_by_semicolons(city):
    third = factories.DistrictFactory(code="DC", main_urban=True)
    survey(factories.StreetFactory(district=third, code="DC-1"), 9, 0, 1, 0)
    survey(city.street_b1, 95, 0, 5, 0)
    survey(city.street_a1, 7, 0, 3, 0)  # 70: below the city minimum, last of all
    assert csv_rows(districts())["DA"]["flags"] == (
        "below_safety_threshold;incomplete_data;last_among_main_urban;last_place"
    )


def test_an_area_without_flags_has_an_empty_flags_field(city):
    community = city.a1[0]
    platform_create(communities=[community])
    survey(city.street_a1, 9, 0, 1, 0)
    official = factories.PostingFactory(community=community).official
    services.meeting_save(
        community=community,
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 1),
        present=6,
        tallies=[services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    )
    for key in (False, True):
        factories.GrievanceFactory(
            community=community,
            kind="dispute",
            key_dispute=key,
            disposition="afterwards",
            resolved_on=datetime.date(2009, 3, 9),
        )
    row = csv_rows(districts())["DA"]
    assert (row["rank"], row["composite"], row["flags"]) == (
        "1",
        "96.00",
        "",
    )  # 0.4 x 90 + 0.3 x 100 + 0.15 x 100 x 2


def test_a_name_with_a_comma_or_quotes_is_quoted_and_reads_back(city, two_districts):
    city.district_a.name = '甲区,"新"'
    city.district_a.save()
    text = output.to_csv(districts())
    assert '2,1,DA,"甲区,""新""",87.50,' in text
    assert csv_rows(districts())["DA"]["name"] == '甲区,"新"'


# ---- JSON ---------------------------------------------------------------------------------


def test_the_json_is_a_list_of_objects_with_the_columns_in_order(two_districts):
    objects = json.loads(output.to_json(districts()), object_pairs_hook=list)
    assert [[key for key, _ in obj] for obj in objects] == [HEADER.split(",")] * 2


def test_json_numbers_are_numbers_with_two_decimals_and_ranks_are_integers(two_districts):
    text = output.to_json(districts())
    assert '"rank": 2, "main_urban_rank": 1' in text
    assert '"safety_index": 87.50' in text
    assert json_rows(districts())["DA"]["composite"] == Decimal("87.50")


def test_a_missing_figure_is_null_in_json(two_districts):
    rows = json_rows(districts())
    assert (rows["DA"]["satisfaction"], rows["DB"]["main_urban_rank"]) == (None, None)


def test_json_keeps_chinese_as_it_is_and_escapes_quotes(city, two_districts):
    city.district_a.name = '甲区"新"'
    city.district_a.save()
    assert '"name": "甲区\\"新\\""' in output.to_json(districts())
    assert json_rows(districts())["DA"]["name"] == '甲区"新"'


def test_an_empty_ranking_is_an_empty_json_list():
    assert output.to_json([]) == "[]\n"


# ---- XLSX ---------------------------------------------------------------------------------


def xlsx(title="Districts 2009"):
    data = output.to_xlsx(assess(2009, "district"), "district", title)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_xlsx_data_sheet_holds_the_stable_columns_with_two_decimals(two_districts):
    sheet = xlsx()["data"]
    header, _, second = sheet.iter_rows()
    assert [cell.value for cell in header] == HEADER.split(",")
    assert [cell.value for cell in second][:6] == [2, 1, "DA", "甲区", 87.5, None]
    assert second[4].number_format == "0.00"


def test_the_xlsx_first_sheet_has_human_headers_in_the_active_language(two_districts):
    with translation.override("zh-hans"):
        sheet = xlsx().worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows())]
    assert sheet.title == "Districts 2009"
    assert header[:4] == ["名次", "主城区名次", "区县", "代码"]
    assert "safety_index" not in header


def test_the_xlsx_first_sheet_spells_out_the_flags(two_districts):
    sheet = xlsx().worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    flags = {row[3]: row[18] for row in rows[1:]}
    assert "Incomplete data" in flags["DA"]


def test_the_xlsx_sheet_title_is_cut_to_excels_31_characters(two_districts):
    assert xlsx("x" * 40).worksheets[0].title == "x" * 31
