"""The figures that rank an area (its surveys, its district's threshold and main-urban
flag) are set at city level only, and every change keeps who made it (DOMAIN.md, "The
people who use it"). District administrators still manage their areas' other fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from districts.models import District
from evaluations.models import Survey
from tests.districts.admin.helpers import loaded_state

pytestmark = pytest.mark.django_db


def district_form(district, **overrides):
    data = {
        "code": district.code,
        "name": district.name,
        "main_urban": "on" if district.main_urban else "",
        "safety_threshold": district.safety_threshold or "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.fixture
def survey(city):
    return Survey.objects.create(
        street=city.street_a1, year=2009, safe=60, fairly_safe=20, not_very_safe=15, unsafe=5
    )


def survey_form(survey, **overrides):
    data = {
        "street": survey.street_id,
        "year": survey.year,
        "safe": survey.safe,
        "fairly_safe": survey.fairly_safe,
        "not_very_safe": survey.not_very_safe,
        "unsafe": survey.unsafe,
    }
    data.update(overrides)
    return data


def test_a_district_administrator_is_not_offered_their_districts_ranking_inputs(
    client, admin_a, city
):
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_district_change", args=[city.district_a.pk]))
    fields = response.context["adminform"].form.fields
    assert "name" in fields
    assert not {"main_urban", "safety_threshold"} & set(fields)


def test_a_district_administrators_post_leaves_their_threshold_and_main_urban_alone(
    client, admin_a, city
):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_district_change", args=[city.district_a.pk]),
        {
            **district_form(city.district_a, name="甲区新名", main_urban="", safety_threshold="50"),
            **loaded_state(
                client, reverse("admin:districts_district_change", args=[city.district_a.pk])
            ),
        },
    )
    assert response.status_code == 302
    district = District.objects.get(pk=city.district_a.pk)
    assert (district.name, district.main_urban, district.safety_threshold) == (
        "甲区新名",
        True,
        None,
    )


def test_a_city_administrator_sets_a_threshold_kept_in_the_history_with_who(
    client, admin_city, city
):
    client.force_login(admin_city)
    client.post(
        reverse("admin:districts_district_change", args=[city.district_a.pk]),
        {
            **district_form(city.district_a, safety_threshold="85"),
            **loaded_state(
                client, reverse("admin:districts_district_change", args=[city.district_a.pk])
            ),
        },
    )
    latest = District.objects.get(pk=city.district_a.pk).history.first()
    assert (latest.safety_threshold, latest.history_user) == (Decimal("85.00"), admin_city)


def test_a_district_administrator_cannot_change_a_survey_in_the_admin(client, admin_a, survey):
    client.force_login(admin_a)
    client.post(
        reverse("admin:evaluations_survey_change", args=[survey.pk]),
        survey_form(survey, safe=99),
    )
    survey.refresh_from_db()
    assert survey.safe == 60


@pytest.mark.parametrize("page", ["add", "delete"])
def test_a_district_administrator_cannot_add_or_delete_surveys_in_the_admin(
    client, admin_a, survey, page
):
    client.force_login(admin_a)
    args = [] if page == "add" else [survey.pk]
    response = client.get(reverse(f"admin:evaluations_survey_{page}", args=args))
    assert response.status_code == 403


def test_a_district_administrator_still_sees_their_surveys_in_the_admin(client, admin_a, survey):
    client.force_login(admin_a)
    response = client.get(reverse("admin:evaluations_survey_changelist"))
    assert list(response.context["cl"].result_list) == [survey]


def test_a_city_administrator_corrects_a_survey_kept_in_the_history_with_who(
    client, admin_city, survey
):
    client.force_login(admin_city)
    client.post(
        reverse("admin:evaluations_survey_change", args=[survey.pk]),
        {
            **survey_form(survey, safe=61),
            **loaded_state(client, reverse("admin:evaluations_survey_change", args=[survey.pk])),
        },
    )
    latest = Survey.objects.get(pk=survey.pk).history.first()
    assert (latest.safe, latest.history_user) == (61, admin_city)


def test_a_departments_admin_history_opens(client, superuser, city):
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = city.street_a1.departments.first()
    client.force_login(superuser)
    url = reverse("admin:districts_department_history", args=[department.pk])
    assert client.get(url).status_code == 200


def test_an_empty_department_form_in_the_admin_shows_its_errors(client, superuser, city):
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = city.street_a1.departments.first()
    client.force_login(superuser)
    response = client.post(reverse("admin:districts_department_change", args=[department.pk]), {})
    assert response.status_code == 200


def department_autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "districts", "model_name": "user", "field_name": "department", "term": term},
    )
    assert response.status_code == 200
    return sorted(r["text"] for r in response.json()["results"])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_department_autocomplete_finds_departments_by_their_chinese_kind(
    client, superuser, city, language
):
    """Issue 21, item 14: 信访 and 派出所 found nothing (only codes, names and keys)."""
    from districts.services import platform_create

    platform_create(streets=[city.street_a1, city.street_b1])
    client.force_login(superuser)
    client.cookies["django_language"] = language
    police = department_autocomplete(client, "派出所")
    assert len(police) == 2
    assert all(text.endswith(("派出所", "police station")) for text in police)
    assert len(department_autocomplete(client, "信访")) == 2
    (mine,) = department_autocomplete(client, f"{city.street_a1.name} 派出所")
    assert mine.startswith(city.street_a1.name)
