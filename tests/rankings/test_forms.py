"""The survey form of rankings/forms.py: counts and year within their columns."""

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("field", ["safe", "fairly_safe", "not_very_safe", "unsafe"])
def test_a_survey_count_past_the_integer_column_is_refused_by_the_form(
    client, admin_city, city, field
):
    client.force_login(admin_city)
    counts = {"safe": 50, "fairly_safe": 30, "not_very_safe": 15, "unsafe": 5}
    response = client.post(
        reverse("rankings:survey_new"),
        {"street": city.street_a1.pk, "year": 2009, **counts, field: 2**40},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Ensure this value is less than or equal to 2147483647."
    ]
    assert not Survey.objects.exists()


def test_a_survey_year_of_ten_to_the_twelfth_is_refused_by_the_form(client, admin_city, city):
    client.force_login(admin_city)
    response = client.post(
        reverse("rankings:survey_new"),
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
