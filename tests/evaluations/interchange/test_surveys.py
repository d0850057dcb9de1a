"""The surveys kind (evaluations/interchange/surveys.py): a round trip on the demo city, a
bad file, and who may import them (city level only)."""

import io

import pytest
from django.core.management import call_command

from core import interchange
from evaluations.models import Survey

pytestmark = pytest.mark.django_db


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


def test_a_district_administrators_surveys_import_is_refused_row_by_row(admin_a, city):
    data = (
        b"street_code,year,safe,fairly_safe,not_very_safe,unsafe\n"
        b"DA-1,2009,60,20,15,5\n"
        b"DA-2,2009,70,20,5,5\n"
    )
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.run_import("surveys", data, user=admin_a)
    assert [(e.row, e.column) for e in failed.value.errors] == [
        (2, "street_code"),
        (3, "street_code"),
    ]
    assert "city" in failed.value.errors[0].message
    assert not Survey.objects.exists()


def test_a_city_administrators_surveys_import_is_kept_with_who(admin_city, city):
    data = "street_code,year,safe,fairly_safe,not_very_safe,unsafe\nDB-1,2009,60,20,15,5\n"
    interchange.run_import("surveys", data.encode(), user=admin_city)
    survey = Survey.objects.get(street=city.street_b1)
    assert survey.history.first().history_user == admin_city
