"""The area pages of districts/views.py: out of scope is 404, never data; lists hold exactly
the user's areas; the number of queries does not grow with the city."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import Community, Representative
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


@pytest.mark.parametrize(
    ("url_name", "code"), [("districts:street", "DA-1"), ("districts:community", "DA-1-0")]
)
def test_the_platforms_departments_are_named_in_chinese_never_by_their_keys(
    client, staff_a1, city, url_name, code
):
    """Issue 21, item 14: a column of raw keys (police, mediation ...) in English."""
    from districts.services import platform_create

    platform_create(streets=[city.street_a1], communities=[city.a1[0]])
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse(url_name, args=[code])).content.decode()
    table = page.split("<tbody>")[-1].split("</tbody>")[0]
    assert "综治办" in table
    for key in ("governance", "petitions", "police", "mediation", "militia"):
        assert f">{key}<" not in table


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
    # + the grievance policy (due soon), the escalated items, what waits for the user
    # (dashboard.waiting) and the count of every open recommendation (not the 50 shown)
    # (the city's home shows no promise alerts: the street's and district's do)
    ("home", [], 27),
    ("districts:district_list", [], 7),
    ("districts:street_list", [], 9),
    ("districts:community_list", [], 9),
    ("districts:district", ["DA"], 9),  # + its current publications (publication)
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


# ---- the roster of resident representatives (views: roster, add, edit, end) --------------

ROSTER_DAY = datetime.date(2009, 1, 1)


@pytest.fixture
def roster_a(city):
    return [
        factories.RepresentativeFactory(
            community=city.a1[0], name=f"甲代表{i}", phone=f"1380000000{i}", start_date=ROSTER_DAY
        )
        for i in range(3)
    ]


def test_street_staff_see_their_communitys_roster_with_names_and_phones(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    response = client.get(reverse("districts:roster", args=[roster_a[0].community.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert all(p.name in body and p.phone in body for p in roster_a)
    assert reverse("districts:representative_add", args=[roster_a[0].community.code]) in body


def test_a_district_official_reads_the_roster_without_edit_links(client, official_a, roster_a):
    client.force_login(official_a)
    response = client.get(reverse("districts:roster", args=[roster_a[0].community.code]))
    assert roster_a[0].name in response.content.decode()
    assert reverse("districts:representative_edit", args=[roster_a[0].pk]) not in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", ["staff_b1", "official_b", "staff_a2"])
def test_another_areas_roster_is_404_and_shows_no_name(client, request, city, roster_a, role):
    user = (
        factories.StreetStaffFactory(street=city.street_a2)
        if role == "staff_a2"
        else request.getfixturevalue(role)
    )
    client.force_login(user)
    for url in (
        reverse("districts:roster", args=[roster_a[0].community.code]),
        reverse("districts:representative_edit", args=[roster_a[0].pk]),
        reverse("districts:representative_end", args=[roster_a[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert roster_a[0].name not in response.content.decode()


def test_the_roster_page_takes_the_same_queries_for_3_or_30_names(client, staff_a1, city):
    client.force_login(staff_a1)
    url = reverse("districts:roster", args=[city.a1[0].code])
    counts = []
    for size in (3, 30):
        factories.RepresentativeFactory.create_batch(size, community=city.a1[0])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_street_staff_add_a_representative(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("districts:representative_add", args=[city.a1[0].code]),
        {
            "name": "王芳",
            "group": "3栋",
            "phone": "138 0000 0001",
            "start_date": "2009-02-01",
            "end_date": "",
            "version": 0,
        },
    )
    assert response.status_code == 302
    person = Representative.objects.get(community=city.a1[0])
    assert (person.name, person.group, person.phone, person.end_date) == (
        "王芳",
        "3栋",
        "138 0000 0001",
        None,
    )
    assert person.history.get().history_user == staff_a1


def test_a_district_official_cannot_add_to_the_roster(client, official_a, city):
    client.force_login(official_a)
    response = client.post(
        reverse("districts:representative_add", args=[city.a1[0].code]),
        {"name": "王芳", "start_date": "2009-02-01", "version": 0},
    )
    assert response.status_code == 403
    assert not Representative.objects.exists()


def test_a_bad_entry_names_the_field_and_keeps_what_was_typed(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("districts:representative_add", args=[city.a1[0].code]),
        {
            "name": "王芳",
            "phone": "abc",
            "start_date": "2009-02-01",
            "end_date": "2009-01-01",
            "version": 0,
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {"phone", "end_date"}
    assert 'value="王芳"' in response.content.decode()
    assert not Representative.objects.exists()


def test_adding_the_same_term_twice_is_refused_in_words(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    response = client.post(
        reverse("districts:representative_add", args=[roster_a[0].community.code]),
        {"name": roster_a[0].name, "start_date": "2009-01-01", "version": 0},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "already has a representative of this name" in body
    assert "representative_unique_term" not in body


def test_editing_a_representative_is_kept_in_its_history_in_words(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    person = roster_a[0]
    old_group = person.group
    url = reverse("districts:representative_edit", args=[person.pk])
    response = client.post(
        url,
        {
            "name": person.name,
            "group": "12栋",
            "phone": person.phone,
            "start_date": "2009-01-01",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.group, person.version) == ("12栋", 2)
    history = client.get(url).context["history"]
    assert [str(c) for c in history[0]["changes"]] == [f"Group or building: {old_group} → 12栋"]


def test_a_stale_edit_is_refused_and_keeps_the_other_save(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    person = roster_a[0]
    url = reverse("districts:representative_edit", args=[person.pk])
    data = {
        "name": person.name,
        "group": "1栋",
        "phone": "",
        "start_date": "2009-01-01",
        "version": person.version,
    }
    assert client.post(url, {**data, "group": "2栋"}).status_code == 302
    response = client.post(url, data)  # opened at the old version
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.group == "2栋"


def test_ending_a_term_sets_its_last_day(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    person = roster_a[1]
    response = client.post(
        reverse("districts:representative_end", args=[person.pk]),
        {"end_date": "2009-06-30", "version": person.version},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.end_date == datetime.date(2009, 6, 30)


def test_a_term_cannot_end_before_it_started(client, staff_a1, roster_a):
    client.force_login(staff_a1)
    person = roster_a[1]
    response = client.post(
        reverse("districts:representative_end", args=[person.pk]),
        {"end_date": "2008-06-30", "version": person.version},
    )
    assert "end_date" in response.context["form"].errors
    person.refresh_from_db()
    assert person.end_date is None
