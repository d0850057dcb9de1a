"""The scoping matrix: each role sees its own areas, never another street's or district's."""

import pytest
from django.urls import reverse

from districts import scoping
from districts.models import Community, Department, District, Street, User

pytestmark = pytest.mark.django_db


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_street_staff_see_only_the_communities_of_their_street(city, staff_a1):
    assert codes(scoping.visible(staff_a1, Community.objects.all())) == [
        "DA-1-0",
        "DA-1-1",
        "DA-1-2",
    ]


def test_street_staff_see_their_street_and_no_district(city, staff_a1):
    assert codes(scoping.visible(staff_a1, Street.objects.all())) == ["DA-1"]
    assert codes(scoping.visible(staff_a1, District.objects.all())) == []


def test_district_officials_see_every_street_of_their_district_only(city, official_a):
    assert codes(scoping.visible(official_a, Street.objects.all())) == ["DA-1", "DA-2"]
    assert scoping.visible(official_a, Community.objects.all()).count() == 5


def test_city_officials_see_the_whole_city(city, city_official):
    assert codes(scoping.visible(city_official, District.objects.all())) == ["DA", "DB"]
    assert scoping.visible(city_official, Community.objects.all()).count() == 9


def test_a_district_administrator_sees_their_district_only(city, admin_a):
    assert codes(scoping.visible(admin_a, Street.objects.all())) == ["DA-1", "DA-2"]


def test_anonymous_and_inactive_users_see_nothing(city, staff_a1):
    from django.contrib.auth.models import AnonymousUser

    assert scoping.visible(AnonymousUser(), Community.objects.all()).count() == 0
    staff_a1.is_active = False
    assert scoping.visible(staff_a1, Community.objects.all()).count() == 0


def test_departments_follow_the_scope_of_their_street_or_community(city, staff_a1):
    visible = scoping.visible(staff_a1, Department.objects.all())
    assert visible.count() == Department.objects.filter(street=city.street_a1).count() + (
        Department.objects.filter(community__street=city.street_a1).count()
    )
    assert not visible.filter(street=city.street_b1).exists()


def test_users_are_visible_within_the_scope_that_contains_theirs(
    city, staff_a1, staff_b1, official_a, city_official, admin_a
):
    names = sorted(scoping.visible(admin_a, User.objects.all()).values_list("username", flat=True))
    assert names == ["admin_a", "official_a", "staff_a1"]


def test_only_street_staff_change_day_to_day_data_and_only_in_their_street(
    city, staff_a1, official_a, city_official
):
    assert codes(scoping.changeable(staff_a1, Community.objects.all())) == [
        "DA-1-0",
        "DA-1-1",
        "DA-1-2",
    ]
    assert scoping.changeable(official_a, Community.objects.all()).count() == 0
    assert scoping.changeable(city_official, Community.objects.all()).count() == 0


# ---- views: out of scope is 404, never data -------------------------------------------

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


def test_the_street_filter_offers_only_visible_streets(client, official_a):
    client.force_login(official_a)
    form = client.get(reverse("districts:community_list")).context["filter"].form
    assert codes(form.fields["street"].queryset) == ["DA-1", "DA-2"]


def test_filtering_by_another_districts_street_is_refused_and_shows_nothing(
    client, official_a, city
):
    client.force_login(official_a)
    response = client.get(reverse("districts:community_list"), {"street": city.street_b1.code})
    assert response.context["filter"].form.errors["street"]
    assert "DB-1-0" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/areas/districts/", "/areas/streets/", "/areas/communities/", "/areas/streets/DA-1/"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, city, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_home_counts_are_those_of_the_users_district(client, official_a):
    client.force_login(official_a)
    totals = client.get("/").context["totals"]
    assert totals == {
        "districts": 1,
        "streets": 2,
        "communities": 5,
        "representatives": 10 + 11 + 12 + 20 + 21,
    }


def test_the_home_counts_of_a_street_staff_user_are_those_of_their_street(client, staff_a1):
    client.force_login(staff_a1)
    totals = client.get("/").context["totals"]
    assert (totals["communities"], totals["representatives"]) == (3, 33)


def test_area_pages_answer_post_with_method_not_allowed(client, staff_a1):
    client.force_login(staff_a1)
    assert client.post(reverse("districts:street", args=["DA-1"])).status_code == 405
