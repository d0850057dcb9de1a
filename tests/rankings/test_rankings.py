"""The rankings command, pages and exports agree; surveys CSV; scoping of the drill-down."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Survey

pytestmark = pytest.mark.django_db

COLUMNS = (
    "rank,main_urban_rank,code,name,safety_index,satisfaction,grievance_resolution_rate,"
    "key_dispute_resolution_rate,composite,flags"
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo city, built once for this module."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as call

        call("flush", "--noinput", stdout=io.StringIO())


def command(*args):
    out = io.StringIO()
    call_command("rankings", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_domain_columns_in_rank_order(demo):
    lines = command("2010", "--level", "district").splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(lines))
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    ddk = next(r for r in rows if r["code"] == "DDK")
    assert ddk["flags"] == (
        "below_safety_threshold;consecutive_last_place;last_among_main_urban;last_place"
    )


def test_the_csv_and_json_of_the_command_hold_the_same_rows(demo):
    rows = list(csv.DictReader(command("2009", "--level", "district").splitlines()))
    data = json.loads(
        command("2009", "--level", "district", "--format", "json"), parse_float=Decimal
    )
    assert len(rows) == len(data)
    for row, obj in zip(rows, data, strict=True):
        for key, value in row.items():
            expected = obj[key]
            if expected is None:
                assert value == ""
            elif isinstance(expected, Decimal):
                assert value == f"{expected:.2f}"
            else:
                assert value == str(expected)


def test_the_json_numbers_have_two_decimals(demo):
    text = command("2009", "--level", "street", "--district", "JLP", "--format", "json")
    assert '"safety_index": 83.22' in text  # Baishiyi town
    assert '"main_urban_rank": null' in text


def test_the_page_export_is_the_commands_csv(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    exported = client.get(reverse("rankings:city"), {"year": 2010, "_export": "csv"})
    assert exported.content.decode() == command("2010", "--level", "district")


def test_the_page_shows_the_commands_numbers(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    results = client.get(reverse("rankings:city"), {"year": 2009}).context["results"]
    rows = list(csv.DictReader(command("2009", "--level", "district").splitlines()))
    assert [(r.code, str(r.rank), f"{r.composite:.2f}") for r in results] == [
        (row["code"], row["rank"], row["composite"]) for row in rows
    ]


def test_the_xlsx_export_holds_the_same_numbers(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="jiulongpo"))
    response = client.get(
        reverse("rankings:district", args=["JLP"]), {"year": 2009, "_export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = list(
        csv.DictReader(command("2009", "--level", "street", "--district", "JLP").splitlines())
    )
    assert [r[2] for r in rows[1:]] == [e["code"] for e in expected]
    assert [f"{r[8]:.2f}" for r in rows[1:]] == [e["composite"] for e in expected]


def test_street_level_without_a_district_lists_every_district_in_code_order(demo):
    rows = list(csv.DictReader(command("2009", "--level", "street").splitlines()))
    districts = [r["code"].split("-")[0] for r in rows]
    assert districts == sorted(districts)
    assert len(rows) == 16


def test_baishiyi_is_below_jiulongpos_threshold_in_2009(demo):
    rows = {
        r["code"]: r
        for r in csv.DictReader(
            command("2009", "--level", "street", "--district", "JLP").splitlines()
        )
    }
    assert "below_safety_threshold" in rows["JLP-BSY"]["flags"]
    assert float(rows["JLP-BSY"]["safety_index"]) >= 80


def test_a_district_official_sees_the_city_ranking_but_opens_only_their_district(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="jiulongpo"))
    response = client.get(reverse("rankings:city"), {"year": 2009})
    assert len(response.context["results"]) == 8
    assert response.context["can_open"] == {"JLP"}
    body = response.content.decode()
    assert 'data-testid="drill-JLP"' in body and 'data-testid="drill-JB"' not in body
    assert client.get(reverse("rankings:district", args=["JB"])).status_code == 404
    assert client.get(reverse("rankings:district", args=["JLP"])).status_code == 200


def test_street_staff_cannot_open_a_districts_street_ranking(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="wulidian"))
    assert client.get(reverse("rankings:district", args=["JB"])).status_code == 404


def test_the_survey_list_holds_only_the_users_area(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="baishiyi"))
    table = client.get(reverse("rankings:survey_list")).context["table"]
    assert {row.record.street.code for row in table.rows} == {"JLP-BSY"}


def test_street_staff_cannot_record_surveys(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="baishiyi"))
    assert client.get(reverse("rankings:survey_new")).status_code == 403


def test_the_ranking_pages_make_a_constant_number_of_queries(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="city"))
    counts = []
    for year in (2008, 2009):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rankings:city"), {"year": year})
        counts.append(len(ctx.captured_queries))
    assert counts == [17, 17]


def test_surveys_round_trip_through_csv(demo, tmp_path):
    out = io.StringIO()
    call_command("export_csv", "surveys", "--year", "2009", stdout=out)
    first = out.getvalue()
    assert first.splitlines()[0] == "street_code,year,safe,fairly_safe,not_very_safe,unsafe"
    path = tmp_path / "s.csv"
    path.write_text(first, encoding="utf-8")
    Survey.objects.filter(year=2009).delete()
    call_command("import_csv", "surveys", str(path), stdout=io.StringIO())
    again = io.StringIO()
    call_command("export_csv", "surveys", "--year", "2009", stdout=again)
    assert again.getvalue() == first


def test_a_bad_surveys_file_is_refused_with_row_numbers(demo, tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "bad.csv"
    path.write_text(
        "street_code,year,safe,fairly_safe,not_very_safe,unsafe\n"
        "JB-WLD,2011,0,0,0,0\nNOPE,2011,1,1,1,1\nJB-WLD,2011,-1,1,1,1\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "surveys", str(path), stdout=io.StringIO(), stderr=err)
    errors = err.getvalue()
    assert "row 2, unsafe: A survey needs at least one respondent." in errors
    assert "row 3, street_code: unknown street NOPE." in errors
    assert "row 4, safe: Ensure this value is greater than or equal to 0." in errors
    assert not Survey.objects.filter(year=2011).exists()
