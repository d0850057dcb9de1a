"""Input the database cannot take is refused with a message or a 4xx, never a 500:
integers past the columns, page numbers past bigint, NUL bytes, garbage parameters."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.pagination import MAX_PER_PAGE
from districts.models import Community
from evaluations import services as review_services
from evaluations.models import Policy, Survey
from evaluations.rules import quarter_bounds
from grievances.models import Grievance
from tests import factories

pytestmark = pytest.mark.django_db

INT_MAX = 2_147_483_647


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


# -- integers past the database columns ---------------------------------------------------


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


def test_surveys_at_the_largest_counts_are_listed_and_ranked(client, city_official, city):
    for street in (city.street_a1, city.street_a2):
        review_services.survey_save(
            street_id=street.pk,
            year=2009,
            counts=dict.fromkeys(("safe", "fairly_safe", "not_very_safe", "unsafe"), INT_MAX),
            user=None,
        )
    client.force_login(city_official)
    for url in (reverse("rankings:survey_list"), reverse("rankings:city") + "?year=2009"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "50.00" in client.get(reverse("rankings:survey_list")).content.decode()


def test_a_meeting_with_the_largest_counts_is_scored_and_ranked(client, city_official, city):
    community = city.a1[0]
    Community.objects.filter(pk=community.pk).update(representatives=INT_MAX)
    community.refresh_from_db()
    official = factories.PostingFactory(community=community).official
    review_services.meeting_save(
        community=community,
        year=2009,
        quarter=1,
        held_on=quarter_bounds(2009, 1)[0] + datetime.timedelta(days=20),
        present=INT_MAX,
        tallies=[review_services.Tally(official.pk, INT_MAX, 0, 0, 0)],
        submit=True,
    )
    client.force_login(city_official)
    for url in (
        reverse("evaluations:rating_list"),
        reverse("rankings:league") + "?year=2009&quarter=1",
        reverse("rankings:city") + "?year=2009",
        reverse("evaluations:official", args=[official.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "100.00" in client.get(reverse("evaluations:rating_list")).content.decode()


AREAS_HEADER = (
    "district_code,district_name,main_urban,safety_threshold,street_code,street_name,"
    "street_kind,community_code,community_name,community_kind,representatives"
)


def test_representatives_past_the_integer_column_are_refused_by_the_import(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(
        f"{AREAS_HEADER}\nDC,丙区,no,,DC-1,丙一街道,street,DC-1-01,丙社区,community,99999999999\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "areas", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        "row 2, representatives: Ensure this value is less than or equal to 2147483647."
        in err.getvalue()
    )


def test_counts_past_the_integer_column_are_refused_by_the_meeting_form(client, staff_a1, city):
    official = factories.PostingFactory(community=city.a1[0]).official
    client.force_login(staff_a1)
    response = client.post(
        reverse("evaluations:meeting_edit", args=["DA-1-0", 2009, 1]),
        {
            "held_on": "2009-02-20",
            "present": 2**40,
            f"{official.pk}-very_satisfied": 2**40,
            f"{official.pk}-satisfied": 0,
            f"{official.pk}-basically_satisfied": 0,
            f"{official.pk}-unsatisfied": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "present" in errors
    assert f"{official.pk}-very_satisfied" in errors


def test_a_policy_year_past_the_column_is_not_found(client, city_official):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[10**12])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Policy.objects.filter(year__gt=3000).exists()


# -- page numbers ---------------------------------------------------------------------------

LISTS = [
    "grievances:list",
    "evaluations:meeting_list",
    "evaluations:rating_list",
    "evaluations:recommendation_list",
    "districts:district_list",
    "districts:street_list",
    "districts:community_list",
    "rankings:survey_list",
]


@pytest.mark.parametrize("page", [str(2**63), "9" * 30, "abc", "-1", "0", "１２３"])
@pytest.mark.parametrize("url_name", LISTS)
def test_any_page_number_shows_a_page(client, city_official, city, url_name, page):
    client.force_login(city_official)
    assert client.get(reverse(url_name), {"page": page}).status_code == 200


@pytest.mark.parametrize("per_page", [str(10**12), "-5", "0"])
def test_any_page_size_shows_a_bounded_page(client, city_official, city, per_page):
    factories.GrievanceFactory.create_batch(3, community=city.a1[0])
    client.force_login(city_official)
    response = client.get(reverse("grievances:list"), {"per_page": per_page, "page": 2})
    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= MAX_PER_PAGE


# -- NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/grievances/?q=%00",
        "/areas/communities/?q=a%00b",
        "/rankings/league/?street=DA%00",
        "/grievances/figures/?district=%00",
        "/areas/districts/DA%00/",
        "/grievances/DA-1-2009-0001%00/",
        "/reviews/officials/%00/",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(client, city_official, city, url):
    client.force_login(city_official)
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_form_field_is_a_400_and_saves_nothing(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "噪音\x00",
            "received_on": "2009-03-02",
        },
    )
    assert response.status_code == 400
    assert not Grievance.objects.exists()


def test_a_nul_byte_in_a_cookie_is_a_400(client, city_official):
    client.force_login(city_official)
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get(reverse("home")).status_code == 400


# -- garbage parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("evaluations:board", {"year": "abc", "quarter": "９"}),
        ("evaluations:board", {"year": str(10**12), "quarter": str(2**63)}),
        ("rankings:league", {"year": str(10**12), "quarter": "-1"}),
        ("rankings:city", {"year": "9" * 5000}),
        ("evaluations:meeting_list", {"year": str(2**63)}),
        ("evaluations:rating_list", {"year": "1e400"}),
        ("grievances:list", {"received_from": "9999-99-99", "received_to": "01/02/2010"}),
        ("grievances:list", {"received_from": "0001-01-01", "received_to": "9999-12-31"}),
        ("grievances:figures", {"from": "0001-01-01", "to": "9999-12-31"}),
        ("grievances:figures", {"items": "x"}),
    ],
)
def test_garbage_parameters_show_the_page(client, city_official, city, url_name, params):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


def test_the_meeting_intake_ignores_a_next_that_is_not_an_address(client, staff_a1, city):
    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    )
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "x", "next": "2147483647"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("evaluations:meeting", args=[meeting.pk]))


# -- the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/districts/district/abc/history/",
        "/admin/districts/street/1/history/abc/",
        "/admin/grievances/grievance/%27%20OR%201%3D1/history/",
    ],
)
def test_an_admin_history_page_with_an_id_that_is_not_a_number_is_not_found(client, superuser, url):
    client.force_login(superuser)
    assert client.get(url).status_code == 404


def test_a_departments_admin_history_opens(client, superuser, city):
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = city.street_a1.departments.first()
    client.force_login(superuser)
    url = reverse("admin:districts_department_history", args=[department.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("year", [str(2**31), str(2**63), "9999"])
def test_an_admin_date_hierarchy_year_out_of_range_is_a_bad_parameter(client, superuser, year):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:grievances_grievance_changelist"), {"received_on__year": year}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_admin_form_with_a_street_that_is_not_an_id_shows_its_error(client, superuser, city):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_community_change", args=[city.a1[0].pk]),
        {
            "code": "DA-1-0",
            "name": "社区",
            "kind": "community",
            "representatives": 10,
            "street": "2010-02-30",
        },
    )
    assert response.status_code == 200
    assert "street" in response.context["adminform"].form.errors


def test_an_empty_department_form_in_the_admin_shows_its_errors(client, superuser, city):
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = city.street_a1.departments.first()
    client.force_login(superuser)
    response = client.post(reverse("admin:districts_department_change", args=[department.pk]), {})
    assert response.status_code == 200
