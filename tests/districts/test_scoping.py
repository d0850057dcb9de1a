"""The scoping matrix of districts/scoping.py: each role sees its own areas, never another
street's or district's; and over every URL, another area's object is 404, never data."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken
from api.services import token_create
from districts import scoping
from districts.models import Community, Department, District, Representative, Street, User
from districts.services import platform_create
from evaluations import services as review_services
from evaluations.models import Meeting, Recommendation
from evaluations.rules import quarter_bounds
from grievances.models import FollowUp, Grievance, Receipt
from publication.models import Publication
from publication.services import publish_quarter_of
from tests import factories

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
# matrix below.

# Objects of another area, by URL name: how to build the address of one (see `foreign`).
OBJECT_URLS = {
    "dashboard:pack": lambda f: [f["community"]],
    "dashboard:kit": lambda f: [f["community"], 2009, 1],
    "districts:district": lambda f: [f["district"]],
    "districts:street": lambda f: [f["street"]],
    "districts:community": lambda f: [f["community"]],
    "districts:roster": lambda f: [f["community"]],
    "districts:representative_add": lambda f: [f["community"]],
    "districts:representative_edit": lambda f: [f["representative"]],
    "districts:representative_end": lambda f: [f["representative"]],
    "evaluations:meeting": lambda f: [f["meeting"]],
    "evaluations:meeting_discard": lambda f: [f["meeting"]],
    "evaluations:official": lambda f: [f["official"]],
    "evaluations:community": lambda f: [f["community"]],
    "evaluations:meeting_edit": lambda f: [f["community"], 2009, 1],
    "evaluations:recommendation": lambda f: [f["recommendation"]],
    "evaluations:recommendation_send": lambda f: [f["recommendation"]],
    "evaluations:recommendation_outcome": lambda f: [f["recommendation"]],
    "grievances:meeting_intake": lambda f: [f["meeting"]],
    "grievances:detail": lambda f: [f["grievance"]],
    "grievances:step": lambda f: [f["grievance"], "answer"],
    "grievances:receipt": lambda f: [f["grievance"]],
    "grievances:department_step": lambda f: [f["grievance"], "accept"],
    "rankings:district": lambda f: [f["district"]],
    "rankings:why_district": lambda f: [f["district"]],
    "rankings:why_street": lambda f: [f["street"]],
    "rankings:case_file": lambda f: [f["official"]],
    "publication:withdraw": lambda f: [f["publication"]],
    "api_tokens:revoke": lambda f: [f["token"]],
}
# Pages without an area object in their address: lists and forms whose rows and choices
# are scoped (each app's view and filter tests), city-wide pages,
# and the account pages. Listed so that a new URL must be placed somewhere.
NOT_OBJECT_URLS = {
    "home",
    "districts:district_list",
    "districts:street_list",
    "districts:community_list",
    "evaluations:board",
    "evaluations:meeting_list",
    "evaluations:rating_list",
    "evaluations:policy_list",
    "evaluations:policy_edit",
    "evaluations:recommendation_list",
    "grievances:list",
    "grievances:new",
    "grievances:figures",
    "grievances:work",
    "public_verdict",
    "grievances:policy_list",
    "grievances:policy_edit",
    "rankings:city",
    "rankings:league",
    "evaluations:survey_list",
    "evaluations:survey_new",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "account",
    "inbox",
    "inbox_read",
    "set_language",
    "admin_import_csv",
    "admin_export_csv",
    # an upload's page: its uploader's or a superuser's only, another administrator gets
    # 404 (tests/dashboard/test_admin_views.py); the admin turns away everyone else
    "admin_import_status",
    # publishing: the district is the user's own, never in the address
    "publication:manage",
    "publication:publish",
    "api_tokens:list",
    # public: only current publications' snapshots (tests/publication/test_notice.py)
    "notice:index",
    "notice:rankings",
    "notice:district",
    "notice:quarter",
    "notice:community",
    # the API: every list is scoped to the token's user (tests/api/test_scope.py)
    "api:schema",
    "api:docs",
    "api:districts",
    "api:streets",
    "api:communities",
    "api:officials",
    "api:meetings",
    "api:grievances",
    "api:surveys",
    "api:rankings",
    "api:figures",
    "api:publications",
    "api:publication",
}


def url_names(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":  # the admin has its own tests (test_admin.py)
                continue
            inner = p.namespace if not namespace else f"{namespace}:{p.namespace}"
            yield from url_names(p.url_patterns, (p.namespace and inner) or namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    assert names - set(OBJECT_URLS) - NOT_OBJECT_URLS == set()
    assert set(OBJECT_URLS) | NOT_OBJECT_URLS <= names


def build_area_objects(street, code):
    """A posted official, two unsatisfied submitted quarters (so a recommendation), a
    grievance raised at the first meeting: everything a street's pages show."""
    community = Community.objects.filter(street=street).order_by("code").first()
    platform_create(streets=[street], communities=[community])
    official = factories.PostingFactory(
        community=community,
        role="police",
        official=factories.OfficialFactory(code=f"OF-{code}", name=f"秘密警官{code}"),
    ).official
    for quarter in (1, 2):
        review_services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=quarter_bounds(2009, quarter)[0] + datetime.timedelta(days=20),
            present=community.representatives,
            tallies=[review_services.Tally(official.pk, 0, 0, 0, 5)],
            submit=True,
        )
    meeting = Meeting.objects.get(community=community, year=2009, quarter=1)
    representative = factories.RepresentativeFactory(
        community=community, name=f"秘密代表{code}", phone="13900000000"
    )
    grievance = factories.GrievanceFactory(
        community=community,
        meeting=meeting,
        reference=f"JB-{code}-2009-0001",
        summary=f"秘密意见{code}",
    )
    publisher = factories.DistrictOfficialFactory(
        username=f"publisher_{code}", district=street.district
    )
    publication = publish_quarter_of(district=street.district, year=2009, quarter=1, user=publisher)
    token, _text = token_create(user=publisher, name=f"token {code}")
    return {
        "publication": publication.pk,
        "token": token.pk,
        "district": street.district.code,
        "street": street.code,
        "community": community.code,
        "meeting": meeting.pk,
        "official": official.code,
        "recommendation": Recommendation.objects.get(community=community).pk,
        "grievance": grievance.reference,
        "representative": representative.pk,
        "secrets": [official.name, grievance.summary, representative.name],
    }


@pytest.fixture
def foreign(city):
    """District B's objects: outside every role of district A."""
    return build_area_objects(city.street_b1, "B")


@pytest.fixture
def city_official_of_nothing(city):
    """A city official: sees the whole city but changes nothing, so no 404 is expected of
    them for reads; they stand in the matrix for the writes (403/404, never a change)."""
    return factories.CityOfficialFactory(username="city_reader")


def snapshot():
    return (
        list(Meeting.objects.order_by("pk").values()),
        list(Recommendation.objects.order_by("pk").values()),
        list(Grievance.objects.order_by("pk").values()),
        list(FollowUp.objects.order_by("pk").values()),
        list(Receipt.objects.order_by("pk").values()),
        list(Publication.objects.order_by("pk").values()),
        list(ApiToken.objects.order_by("pk").values()),
        list(Representative.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ["staff_a1", "official_a", "admin_a", "dept_a1"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_another_areas_object_is_404_and_unchanged(
    client, request, foreign, url_name, role, method
):
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](foreign))
    response = getattr(client, method)(url, {"summary": "x", "sent_on": "2009-08-01"})
    assert response.status_code in (404, 405), (url, response.status_code)
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
    client, staff_a1, next_door, url_name, method
):
    client.force_login(staff_a1)
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](next_door))
    response = getattr(client, method)(url, {"summary": "x"})
    assert response.status_code in (404, 405), (url, response.status_code)
    assert snapshot() == before


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
    if role == "staff_b1" and url_name in {
        "districts:district",
        "rankings:district",
        "rankings:why_district",
    }:
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
    client, dept_a1, own_street, url_name, method
):
    client.force_login(dept_a1)
    before = snapshot()
    url = reverse(url_name, args=OBJECT_URLS[url_name](own_street))
    response = getattr(client, method)(url, {"summary": "x", "version": 1})
    assert response.status_code in (404, 405), (url, response.status_code)
    assert all(secret not in response.content.decode() for secret in own_street["secrets"])
    assert snapshot() == before


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
