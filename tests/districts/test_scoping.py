"""The scoping matrix of districts/scoping.py: each role sees its own areas, never another
street's or district's."""

import pytest

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
