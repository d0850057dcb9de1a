"""Downloads people open in a spreadsheet cannot attack them; the interchange stays exact.

Every writer for people (list CSV/XLSX, ranking CSV/XLSX, the admin's CSV) is fed the same
hostile texts; ``export_csv`` must still write them byte for byte and import them back.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from core.export_safety import neutralise, xlsx_bytes
from districts.services import platform_create
from evaluations import services
from grievances.models import Grievance
from rankings import output as ranking_output
from rankings.assessment import AreaResult
from tests.factories import GrievanceFactory, OfficialFactory, PostingFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
# the CSV import strips surrounding blanks, so tab and CR do not travel through a file
IMPORTABLE = HOSTILE[:4]


def csv_rows(content: bytes | str) -> list[list[str]]:
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    return list(csv.reader(io.StringIO(text, newline="")))


def column(rows: list[list], name: str) -> list:
    index = list(rows[0]).index(name)
    return [row[index] for row in rows[1:]]


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def xlsx_column(sheet, name: str) -> list:
    header = [cell.value for cell in sheet[1]]
    index = header.index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def assert_safe_text_cells(cells, texts):
    """Each cell holds its text, as a string a spreadsheet does not evaluate. (XML reads
    a carriage return back as a line feed: the same line break in a cell.)"""
    assert sorted(cell.value for cell in cells) == sorted(t.replace("\r", "\n") for t in texts)
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
        assert cell.quotePrefix, cell.coordinate


# -- the rule ------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_start_a_formula_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["夜间噪音", "a=b", "'=already", "", "2009-03-01", " =x"])
def test_other_text_is_left_as_it_is(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value",
    [
        Decimal("-2.50"),
        -3,
        -1.5,
        True,
        None,
        datetime.date(2009, 3, 1),
        datetime.datetime(2009, 3, 1, 8, 30, tzinfo=datetime.UTC),
    ],
)
def test_numbers_dates_and_empty_cells_keep_their_type(value):
    assert neutralise(value) is value


def test_an_object_is_written_as_its_text_neutralised(city):
    city.a1[0].name = "=cmd|' /C calc'!A0"
    assert neutralise(city.a1[0]) == "'=cmd|' /C calc'!A0 (DA-1-0)"


def test_an_xlsx_never_stores_text_as_a_formula_and_keeps_numbers_numbers():
    sheet = workbook(
        xlsx_bytes(
            title="t",
            header=["text", "number"],
            rows=[[text, Decimal("-2.50")] for text in HOSTILE],
        )
    )
    assert_safe_text_cells(xlsx_column(sheet, "text"), HOSTILE)
    for cell in xlsx_column(sheet, "number"):
        assert (cell.data_type, cell.value, cell.number_format) == ("n", -2.5, "0.00")


def test_an_xlsx_cell_with_a_control_character_is_written_not_refused():
    sheet = workbook(xlsx_bytes(title="t", header=["text"], rows=[["bell\x07 here"]]))
    assert sheet["A2"].value == "bell\N{REPLACEMENT CHARACTER} here"


def test_an_xlsx_writes_an_aware_datetime_in_local_time():
    moment = datetime.datetime(2009, 3, 1, 0, 30, tzinfo=datetime.UTC)
    sheet = workbook(xlsx_bytes(title="t", header=["at"], rows=[[moment]]))
    assert sheet["A2"].value == datetime.datetime(2009, 3, 1, 8, 30)  # Asia/Shanghai


# -- the list pages --------------------------------------------------------------------


@pytest.fixture
def hostile_grievances(city):
    return [
        GrievanceFactory(community=city.a1[0], reference=f"A1-2009-{i:04d}", summary=text)
        for i, text in enumerate(HOSTILE)
    ]


def test_the_grievance_list_csv_neutralises_hostile_summaries(client, staff_a1, hostile_grievances):
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:list"), {"_export": "csv"})
    assert sorted(column(csv_rows(response.content), "Summary")) == sorted(
        "'" + text for text in HOSTILE
    )


def test_the_grievance_list_xlsx_stores_hostile_summaries_as_text(
    client, staff_a1, hostile_grievances
):
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:list"), {"_export": "xlsx"})
    assert_safe_text_cells(xlsx_column(workbook(response.content), "Summary"), HOSTILE)


@pytest.mark.parametrize("fmt", ["tsv", "ods", "xls", "json", "yaml", "latex"])
def test_a_list_asked_for_another_format_shows_the_page(client, staff_a1, hostile_grievances, fmt):
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:list"), {"_export": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.fixture
def hostile_reviews(city):
    """Two unsatisfied quarters (a recommendation) in a community whose name is a formula."""
    community = city.a1[0]
    community.name = HOSTILE[0]
    community.save()
    official = PostingFactory(community=community, official=OfficialFactory(code="P1")).official
    for quarter in (2, 3):
        services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=datetime.date(2009, quarter * 3, 1),
            present=5,
            tallies=[services.Tally(official.pk, 0, 0, 0, 5)],
            submit=True,
        )


REVIEW_LISTS = [
    ("evaluations:meeting_list", 2),
    ("evaluations:rating_list", 2),
    ("evaluations:recommendation_list", 1),
]


@pytest.mark.parametrize(("url", "rows"), REVIEW_LISTS)
def test_the_review_lists_csv_neutralises_a_hostile_community_name(
    client, staff_a1, hostile_reviews, url, rows
):
    client.force_login(staff_a1)
    response = client.get(reverse(url), {"_export": "csv"})
    assert column(csv_rows(response.content), "Community") == ["'" + HOSTILE[0]] * rows


@pytest.mark.parametrize(("url", "rows"), REVIEW_LISTS)
def test_the_review_lists_xlsx_stores_a_hostile_community_name_as_text(
    client, staff_a1, hostile_reviews, url, rows
):
    client.force_login(staff_a1)
    response = client.get(reverse(url), {"_export": "xlsx"})
    cells = xlsx_column(workbook(response.content), "Community")
    assert_safe_text_cells(cells, [HOSTILE[0]] * rows)


def test_the_review_list_xlsx_keeps_counts_as_numbers(client, staff_a1, hostile_reviews):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:meeting_list"), {"_export": "xlsx"})
    cells = xlsx_column(workbook(response.content), "Present")
    assert [(cell.data_type, cell.value) for cell in cells] == [("n", 5), ("n", 5)]


# -- the ranking pages -----------------------------------------------------------------


@pytest.fixture
def hostile_district(city):
    city.district_a.name = HOSTILE[0]
    city.district_a.save()
    city.district_b.name = "@SUM(A1)"
    city.district_b.save()
    return city


def test_the_ranking_csv_neutralises_hostile_area_names(client, city_official, hostile_district):
    client.force_login(city_official)
    response = client.get(reverse("rankings:city"), {"year": 2009, "_export": "csv"})
    assert sorted(column(csv_rows(response.content), "District")) == sorted(
        ["'" + HOSTILE[0], "'@SUM(A1)"]
    )


def test_the_ranking_xlsx_stores_hostile_area_names_as_text(
    client, city_official, hostile_district
):
    client.force_login(city_official)
    response = client.get(reverse("rankings:city"), {"year": 2009, "_export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert_safe_text_cells(xlsx_column(book["data"], "name"), [HOSTILE[0], "@SUM(A1)"])
    assert_safe_text_cells(xlsx_column(book.worksheets[0], "District"), [HOSTILE[0], "@SUM(A1)"])


def test_the_ranking_csv_of_the_command_keeps_hostile_names_exact(hostile_district):
    out = io.StringIO()
    call_command("rankings", "2009", "--level", "district", stdout=out)
    assert sorted(column(csv_rows(out.getvalue()), "name")) == sorted([HOSTILE[0], "@SUM(A1)"])


def test_the_ranking_csv_keeps_figures_as_numbers_and_neutralises_text():
    result = AreaResult(
        **dict.fromkeys(("pk", "respondents", "meetings", "ratings", "grievances"), 0),
        key_disputes=0,
        code="-1",
        name="x",
        level="district",
        district_code="",
        district_name="",
        main_urban=False,
        threshold=Decimal(80),
        safety_index=Decimal("-2.5"),
        satisfaction=None,
        grievance_resolution_rate=None,
        key_dispute_resolution_rate=None,
        composite=Decimal("-0.13"),
        rank=1,
        main_urban_rank=None,
    )
    [written] = csv_rows(ranking_output.to_csv_for_people([result], "district"))[1:]
    assert written[:5] == ["1", "", "x", "'-1", "-2.50"]
    assert written[15] == "-0.13"


# -- the admin's CSV and the interchange -------------------------------------------------


def test_the_admin_csv_export_neutralises_hostile_summaries(client, admin_city, hostile_grievances):
    client.force_login(admin_city)
    response = client.get(reverse("admin_export_csv", args=["grievances"]))
    body = b"".join(response.streaming_content)
    assert sorted(column(csv_rows(body), "summary")) == sorted("'" + text for text in HOSTILE)


def test_the_admin_csv_export_keeps_numbers_as_they_are(client, admin_city, city):
    client.force_login(admin_city)
    response = client.get(reverse("admin_export_csv", args=["areas"]))
    rows = csv_rows(b"".join(response.streaming_content))
    assert column(rows, "representatives")[:3] == ["10", "11", "12"]


def test_the_admin_csv_export_keeps_a_row_whole_around_a_bare_carriage_return(
    client, admin_city, city
):
    GrievanceFactory(community=city.a1[0], summary='noise\r=HYPERLINK("http://x")')
    client.force_login(admin_city)
    response = client.get(reverse("admin_export_csv", args=["grievances"]))
    rows = csv_rows(b"".join(response.streaming_content))
    assert column(rows, "summary") == ['noise\r=HYPERLINK("http://x")']


def export_grievances() -> str:
    out = io.StringIO()
    call_command("export_csv", "grievances", stdout=out)
    return out.getvalue()


def test_export_csv_writes_hostile_summaries_exactly(hostile_grievances):
    written = [
        '"=HYPERLINK(""http://x"",""y"")"',  # quoted for its quotes and comma, as always
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ]
    lines = export_grievances().split("\n")  # a bare CR is left as it is, unquoted
    for i, text in enumerate(written):
        assert f"A1-2009-{i:04d},DA-1-0,2009-03-01,complaint,no,{text},,,,," in lines


def test_export_csv_of_hostile_summaries_imports_back_unchanged(city, tmp_path):
    platform_create(streets=[city.street_a1], communities=city.a1)
    for i, text in enumerate(IMPORTABLE):
        GrievanceFactory(community=city.a1[0], reference=f"A1-2009-{i:04d}", summary=text)
    first = export_grievances()
    path = tmp_path / "grievances.csv"
    path.write_text(first, encoding="utf-8")
    Grievance.objects.all().delete()

    call_command("import_csv", "grievances", str(path), stdout=io.StringIO())

    assert sorted(Grievance.objects.values_list("summary", flat=True)) == sorted(IMPORTABLE)
    assert export_grievances() == first
