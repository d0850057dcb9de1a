"""The scoping matrix of districts/scoping.py: each role sees its own areas, never another
street's or district's; and over every URL, another area's object is 404, never data."""

import datetime

import pytest
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from districts import scoping
from districts.models import Community, Department, District, Street, User
from grievances.models import Grievance
from tests import factories

from .scope_matrix import (
    DISTRICT_PAGES,
    NOT_OBJECT_URLS,
    OBJECT_URLS,
    ONLY,
    REFUSED_BY,
    build_area_objects,
    owner,
    snapshot,
    url_names,
)

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


# ---- the scope matrix over every URL ----------------------------------------------------
# A scoped user who guesses the address of another area's object gets 404 (or 405 for a
# method the page does not take), never data, and a refused POST changes nothing. A new
# URL pattern fails ``test_every_url_pattern_is_in_the_matrix`` until it is placed in the
# matrix (tests/districts/scope_matrix.py). Each refusal is checked for what gave it: the
# view of that address, refusing that kind of object (tests/fixtures/refusals.py); and the
# same addresses open for a user of the objects' own area, so the objects are real.


def refused(view_exceptions, response, url_name, method):
    """The view of ``url_name`` refused the object: its scoped look-up found no such
    object for the user (404), or the page does not take ``method`` at all (405)."""
    if ONLY.get(url_name, method) != method:
        view_exceptions.assert_method_refused(response, url_name, method)
    else:
        view_exceptions.assert_not_found_by(response, url_name, REFUSED_BY[url_name])


def opening_for_their_owners(client, view_exceptions, objects):
    """The addresses of ``objects`` that do not open for a user of their own area, with
    what they gave: a page that takes GET gives 200; a POST-only action finds its object
    (what the action then answers is its own tests' business). Each in a savepoint
    rolled back, so one action does not change the objects of the next."""
    not_opened = {}
    for url_name in sorted(OBJECT_URLS):
        url = reverse(url_name, args=OBJECT_URLS[url_name](objects))
        with transaction.atomic():
            client.force_login(owner(url_name, objects))
            if ONLY.get(url_name) == "post":
                response = client.post(url, {})
                if isinstance(view_exceptions.of(response), Http404):
                    not_opened[url_name] = response.status_code
            else:
                response = client.get(url)
                if response.status_code != 200:
                    not_opened[url_name] = response.status_code
            transaction.set_rollback(True)
    return not_opened


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    assert names - set(OBJECT_URLS) - NOT_OBJECT_URLS == set()
    assert set(OBJECT_URLS) | NOT_OBJECT_URLS <= names


@pytest.fixture
def foreign(city):
    """District B's objects: outside every role of district A."""
    return build_area_objects(city.street_b1, "B")


@pytest.fixture
def city_official_of_nothing(city):
    """A city official: sees the whole city but changes nothing, so no 404 is expected of
    them for reads; they stand in the matrix for the writes (403/404, never a change)."""
    return factories.CityOfficialFactory(username="city_reader")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ["staff_a1", "official_a", "admin_a", "dept_a1"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_another_areas_object_is_404_and_unchanged(
    client, request, view_exceptions, foreign, url_name, role, method
):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](foreign))
    response = getattr(client, method)(url, {"summary": "x", "sent_on": "2009-08-01"})
    assert response.status_code in (404, 405), (url, response.status_code)
    refused(view_exceptions, response, url_name, method)
    body = response.content.decode()
    assert all(secret not in body for secret in foreign["secrets"])
    assert snapshot() == before


WRITES = [
    "districts:representative_add",
    "districts:representative_edit",
    "districts:representative_end",
    "evaluations:meeting_discard",
    "evaluations:meeting_edit",
    "evaluations:recommendation_send",
    "evaluations:recommendation_outcome",
    "grievances:meeting_intake",
    "grievances:step",
    "grievances:receipt",
    "grievances:department_step",
]


@pytest.mark.parametrize("url_name", WRITES)
def test_a_city_official_reads_but_cannot_write_any_areas_object(
    client, foreign, city_official_of_nothing, url_name
):
    client.force_login(city_official_of_nothing)
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](foreign))
    response = client.post(url, {"summary": "x", "sent_on": "2009-08-01", "present": 3})
    assert response.status_code in (403, 404), (url, response.status_code)
    assert snapshot() == before


def test_another_districts_objects_open_for_their_own_users(client, view_exceptions, foreign):
    assert opening_for_their_owners(client, view_exceptions, foreign) == {}


@pytest.fixture
def next_door(city):
    """Street DA-2's objects: in staff_a1's district but not their street."""
    return build_area_objects(city.street_a2, "A2")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "url_name",
    sorted(set(OBJECT_URLS) - {"districts:district", "rankings:district", "rankings:why_district"}),
)
def test_the_next_streets_object_is_404_for_street_staff(
    client, staff_a1, view_exceptions, next_door, url_name, method
):
    client.force_login(staff_a1)
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](next_door))
    response = getattr(client, method)(url, {"summary": "x"})
    assert response.status_code in (404, 405), (url, response.status_code)
    refused(view_exceptions, response, url_name, method)
    assert snapshot() == before


def test_the_next_streets_objects_open_for_its_own_users(client, view_exceptions, next_door):
    assert opening_for_their_owners(client, view_exceptions, next_door) == {}


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_anonymous_visitors_are_sent_to_log_in_and_see_nothing(client, foreign, url_name):
    url = reverse(url_name, args=OBJECT_URLS[url_name](foreign))
    response = client.get(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["staff_b1", "official_b"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_the_same_addresses_open_for_the_areas_own_users(client, request, foreign, role, url_name):
    """The control: the addresses above are real, so their 404s above mean refused."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    if role == "staff_b1" and url_name in DISTRICT_PAGES:
        pytest.skip("street staff do not open district pages, their own included")
    response = client.get(reverse(url_name, args=OBJECT_URLS[url_name](foreign)))
    # 403: in the district official's view but read-only for them (entry forms)
    allowed = (200, 405) if role == "staff_b1" else (200, 403, 405)
    assert response.status_code in allowed, response.status_code


@pytest.fixture
def own_street(city):
    """Street DA-1's own objects (its police station among its departments), none of
    them referred to that department."""
    return build_area_objects(city.street_a1, "A1")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_a_department_sees_nothing_of_its_own_street_that_is_not_referred_to_it(
    client, dept_a1, view_exceptions, own_street, url_name, method
):
    client.force_login(dept_a1)
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](own_street))
    response = getattr(client, method)(url, {"summary": "x", "version": 1})
    assert response.status_code in (404, 405), (url, response.status_code)
    refused(view_exceptions, response, url_name, method)
    assert all(secret not in response.content.decode() for secret in own_street["secrets"])
    assert snapshot() == before


def test_the_departments_own_streets_objects_open_for_the_streets_staff(
    client, view_exceptions, own_street
):
    assert opening_for_their_owners(client, view_exceptions, own_street) == {}


def test_a_department_sees_the_items_referred_to_it_and_no_other(city, dept_a1, police_a1):
    community = city.a1[0]
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    mine = factories.GrievanceFactory(
        community=community,
        disposition="referred",
        department=police_a1,
        deadline=datetime.date(2009, 3, 20),
    )
    factories.GrievanceFactory(
        community=community,
        disposition="referred",
        department=judicial,
        deadline=datetime.date(2009, 3, 20),
    )
    factories.GrievanceFactory(community=community)
    assert list(scoping.visible(dept_a1, Grievance.objects.all())) == [mine]
    assert scoping.visible(dept_a1, Community.objects.all()).count() == 0
    assert scoping.visible(dept_a1, Street.objects.all()).count() == 0
    assert scoping.changeable(dept_a1, Grievance.objects.all()).count() == 0


def test_a_department_account_is_managed_by_its_districts_administrator(
    city, dept_a1, admin_a, official_b
):
    admin_b = factories.AdministratorFactory(username="admin_b", district=city.district_b)
    assert dept_a1 in scoping.visible(admin_a, User.objects.all())
    assert dept_a1 not in scoping.visible(admin_b, User.objects.all())
