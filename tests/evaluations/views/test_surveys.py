"""The survey pages of evaluations/views/surveys.py (and the form of evaluations/forms.py
they post): the list is scoped, only city-level roles record a survey, the counts and the
year stay within their columns, and the old addresses under /rankings/ lead here."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def tolerant_client():
    """A client that answers a server error as a 500 page instead of raising it."""
    return Client(raise_request_exception=False)


# ---- on the demo city -------------------------------------------------------------------


def test_the_survey_list_holds_only_the_users_area(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="baishiyi"))
    table = client.get(reverse("evaluations:survey_list")).context["table"]
    assert {row.record.street.code for row in table.rows} == {"JLP-BSY"}


def test_street_staff_cannot_record_surveys(demo, client):
    from districts.models import User

    client.force_login(User.objects.get(username="baishiyi"))
    assert client.get(reverse("evaluations:survey_new")).status_code == 403


# ---- who records a survey ---------------------------------------------------------------


COUNTS = {"safe": 60, "fairly_safe": 20, "not_very_safe": 15, "unsafe": 5}


def post_survey(client, street, **counts):
    return client.post(
        reverse("evaluations:survey_new"), {"street": street.pk, "year": 2009, **COUNTS, **counts}
    )


def test_a_district_administrator_cannot_open_the_survey_entry_page(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("evaluations:survey_new")).status_code == 403


def test_a_district_administrators_survey_is_refused_and_nothing_is_saved(client, admin_a, city):
    client.force_login(admin_a)
    assert post_survey(client, city.street_a1).status_code == 403
    assert not Survey.objects.exists()


def test_the_survey_list_offers_a_district_administrator_no_entry(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("evaluations:survey_list")).context["can_add"] is False


@pytest.mark.parametrize("user_fixture", ["city_official", "admin_city", "superuser"])
def test_city_level_roles_record_a_survey_kept_in_the_history_with_who(
    client, request, city, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    assert post_survey(client, city.street_b1).status_code == 302
    survey = Survey.objects.get(street=city.street_b1, year=2009)
    assert survey.history.first().history_user == user


# ---- the form's bounds ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["safe", "fairly_safe", "not_very_safe", "unsafe"])
def test_a_survey_count_past_the_integer_column_is_refused_by_the_form(
    tolerant_client, admin_city, city, field
):
    client = tolerant_client
    client.force_login(admin_city)
    counts = {"safe": 50, "fairly_safe": 30, "not_very_safe": 15, "unsafe": 5}
    response = client.post(
        reverse("evaluations:survey_new"),
        {"street": city.street_a1.pk, "year": 2009, **counts, field: 2**40},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Ensure this value is less than or equal to 2147483647."
    ]
    assert not Survey.objects.exists()


def test_a_survey_year_of_ten_to_the_twelfth_is_refused_by_the_form(
    tolerant_client, admin_city, city
):
    client = tolerant_client
    client.force_login(admin_city)
    response = client.post(
        reverse("evaluations:survey_new"),
        {
            "street": city.street_a1.pk,
            "year": 10**12,
            "safe": 1,
            "fairly_safe": 0,
            "not_very_safe": 0,
            "unsafe": 0,
        },
    )
    assert "year" in response.context["form"].errors
    assert not Survey.objects.exists()


# ---- the old addresses ------------------------------------------------------------------


def test_the_old_survey_addresses_lead_to_the_survey_pages(client, city_official):
    client.force_login(city_official)
    response = client.get("/rankings/surveys/", {"year": 2009})
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:survey_list") + "?year=2009"
    response = client.get("/rankings/surveys/new/")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:survey_new")
