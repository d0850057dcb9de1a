"""The area pages of districts/views.py: out of scope is 404, never data; lists hold exactly
the user's areas; the number of queries does not grow with the city."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import Community
from tests import factories

pytestmark = pytest.mark.django_db


DETAIL_PAGES = [
    ("districts:district", "DB", "乙区"),
    ("districts:street", "DB-1", "乙一街道"),
    ("districts:community", "DB-1-0", None),  # its name, looked up below
]


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a", "admin_a"])
@pytest.mark.parametrize(("url_name", "code", "secret"), DETAIL_PAGES)
def test_another_areas_page_is_404_for_every_scoped_role(
    client, request, user_fixture, url_name, code, secret
):
    client.force_login(request.getfixturevalue(user_fixture))
    secret = secret or Community.objects.get(code=code).name
    response = client.get(reverse(url_name, args=[code]))
    assert response.status_code == 404
    assert secret not in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "code"),
    [("districts:street", "DA-1"), ("districts:community", "DA-1-0")],
)
def test_street_staff_open_their_own_areas(client, staff_a1, url_name, code):
    client.force_login(staff_a1)
    assert client.get(reverse(url_name, args=[code])).status_code == 200


def test_street_staff_cannot_open_their_own_district_page(client, staff_a1):
    client.force_login(staff_a1)
    assert client.get(reverse("districts:district", args=["DA"])).status_code == 404


def test_a_city_official_opens_any_district(client, city_official):
    client.force_login(city_official)
    assert client.get(reverse("districts:district", args=["DB"])).status_code == 200


@pytest.mark.parametrize(
    ("user_fixture", "url_name", "expected"),
    [
        ("staff_a1", "districts:community_list", ["DA-1-0", "DA-1-1", "DA-1-2"]),
        ("official_a", "districts:street_list", ["DA-1", "DA-2"]),
        ("official_b", "districts:street_list", ["DB-1"]),
        ("staff_a1", "districts:street_list", ["DA-1"]),
        ("official_a", "districts:district_list", ["DA"]),
        ("city_official", "districts:district_list", ["DA", "DB"]),
    ],
)
def test_lists_hold_exactly_the_users_areas(client, request, user_fixture, url_name, expected):
    client.force_login(request.getfixturevalue(user_fixture))
    table = client.get(reverse(url_name)).context["table"]
    assert sorted(row.record.code for row in table.rows) == expected


@pytest.mark.parametrize(
    "url",
    ["/", "/areas/districts/", "/areas/streets/", "/areas/communities/", "/areas/streets/DA-1/"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, city, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_area_pages_answer_post_with_method_not_allowed(client, staff_a1):
    client.force_login(staff_a1)
    assert client.post(reverse("districts:street", args=["DA-1"])).status_code == 405


# ---- constant query counts --------------------------------------------------------------


def grow(city, streets, communities_per_street):
    for s in range(streets):
        street = factories.StreetFactory(district=city.district_a, code=f"DA-X{s}")
        for c in range(communities_per_street):
            factories.CommunityFactory(street=street, code=f"DA-X{s}-{c}")


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# session read + user + the page's own queries + the sliding session's save
# (BEGIN, UPDATE, COMMIT); measured once, then held constant.
PAGES = [
    ("home", [], 25),  # + the grievance policy (due soon) and the escalated items
    ("districts:district_list", [], 7),
    ("districts:street_list", [], 9),
    ("districts:community_list", [], 9),
    ("districts:district", ["DA"], 8),
]


@pytest.mark.parametrize(("name", "args", "expected"), PAGES)
def test_a_page_makes_the_same_number_of_queries_for_a_small_and_a_large_city(
    client, city, city_official, name, args, expected
):
    client.force_login(city_official)
    url = reverse(name, args=args)
    small = queries(client, url)
    grow(city, streets=12, communities_per_street=6)
    large = queries(client, url)
    assert (small, large) == (expected, expected)
