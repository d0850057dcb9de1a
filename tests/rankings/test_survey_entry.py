"""Surveys rank streets: they are recorded at city level only (city officials, city
administrators, superusers), never by the district whose streets they rank."""

import pytest
from django.urls import reverse

from core import interchange
from evaluations.models import Survey

pytestmark = pytest.mark.django_db

COUNTS = {"safe": 60, "fairly_safe": 20, "not_very_safe": 15, "unsafe": 5}


def post_survey(client, street, **counts):
    return client.post(
        reverse("rankings:survey_new"), {"street": street.pk, "year": 2009, **COUNTS, **counts}
    )


def test_a_district_administrator_cannot_open_the_survey_entry_page(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("rankings:survey_new")).status_code == 403


def test_a_district_administrators_survey_is_refused_and_nothing_is_saved(client, admin_a, city):
    client.force_login(admin_a)
    assert post_survey(client, city.street_a1).status_code == 403
    assert not Survey.objects.exists()


def test_the_survey_list_offers_a_district_administrator_no_entry(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("rankings:survey_list")).context["can_add"] is False


@pytest.mark.parametrize("user_fixture", ["city_official", "admin_city", "superuser"])
def test_city_level_roles_record_a_survey_kept_in_the_history_with_who(
    client, request, city, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    assert post_survey(client, city.street_b1).status_code == 302
    survey = Survey.objects.get(street=city.street_b1, year=2009)
    assert survey.history.first().history_user == user


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
