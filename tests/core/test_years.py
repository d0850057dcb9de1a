"""core/years.py: one rule for every stored year, 2000 to 2100, as the pages, imports and
API have it: the models' validators (the admin, full_clean) and the database's CHECK."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from core.years import FIRST_YEAR, LAST_YEAR, year_validators
from evaluations.models import Survey

pytestmark = pytest.mark.django_db
PROJECT_APPS = {"core", "districts", "evaluations", "grievances", "rankings", "publication", "api"}


def stored_years():
    """Every ``year`` column of the project's own models (their history tables aside)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and any(f.name == "year" for f in model._meta.concrete_fields)
    ]


@pytest.mark.parametrize("model", stored_years(), ids=lambda m: m.__name__)
def test_every_stored_year_carries_the_rule_in_its_validators_and_a_database_check(model):
    field = model._meta.get_field("year")
    bounds = {(type(v).__name__, v.limit_value) for v in field.validators}
    assert {(type(v).__name__, v.limit_value) for v in year_validators()} <= bounds
    checks = [c for c in model._meta.constraints if c.name.endswith("year_2000_to_2100")]
    assert len(checks) == 1


@pytest.mark.parametrize("year", [0, 12, FIRST_YEAR - 1, LAST_YEAR + 1])
def test_the_database_refuses_a_survey_of_a_year_outside_the_rule(city, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.bulk_create(
            [
                Survey(
                    street=city.street_a1,
                    year=year,
                    safe=1,
                    fairly_safe=0,
                    not_very_safe=0,
                    unsafe=0,
                )
            ]
        )


@pytest.mark.parametrize("year", [0, 12, 2101])
def test_the_admin_refuses_a_survey_of_a_year_outside_the_rule_naming_the_field(
    city, admin_city, year
):
    client = Client()
    client.force_login(admin_city)
    data = {
        "street": city.street_a1.pk,
        "year": year,
        "safe": 90,
        "fairly_safe": 5,
        "not_very_safe": 3,
        "unsafe": 2,
        "_save": "Save",
    }
    response = client.post(reverse("admin:evaluations_survey_add"), data)
    assert response.status_code == 200
    assert "A year from 2000 to 2100." in response.context["adminform"].form.errors["year"]
    assert not Survey.objects.exists()


@pytest.mark.parametrize("year", [0, 12])
def test_the_admin_refuses_a_policy_of_a_year_outside_the_rule(superuser, year):
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:evaluations_policy_add")
    form = client.get(url).context["adminform"].form
    data = {n: form[n].value() for n in form.fields if form[n].value() is not None}
    response = client.post(url, {**data, "year": year, "_save": "Save"})
    assert response.status_code == 200
    assert "year" in response.context["adminform"].form.errors
