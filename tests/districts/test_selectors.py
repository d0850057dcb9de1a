"""districts/selectors.py: areas as the user may see them, with their counts computed in
SQL; the accounts an administrator may not delete or must unlock; the roster of resident
representatives and the roll it gives a meeting.

The city is uneven (tests/fixtures/city.py): DA has streets DA-1 (rolls 10, 11, 12) and
DA-2 (20, 21), DB has DB-1 (30, 31, 32, 33), so a count that leaks across areas shows."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.http import Http404

from districts import selectors
from districts.models import Representative, User
from districts.services import representative_save
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def codes(rows):
    return [row.code for row in rows]


# ---- areas ----------------------------------------------------------------------------------


def test_a_city_official_sees_each_district_with_its_streets_communities_and_roll(
    city, city_official
):
    rows = selectors.district_list(user=city_official)
    assert [(d.code, d.street_count, d.community_count, d.representative_total) for d in rows] == [
        ("DA", 2, 5, 74),
        ("DB", 1, 4, 126),
    ]


def test_a_district_official_sees_their_district_only(city, official_a):
    assert codes(selectors.district_list(user=official_a)) == ["DA"]


def test_street_staff_see_no_district(city, staff_a1):
    assert codes(selectors.district_list(user=staff_a1)) == []


def test_a_district_officials_streets_come_with_their_communities_and_roll(city, official_a):
    rows = selectors.street_list(user=official_a)
    assert [(s.code, s.community_count, s.representative_total) for s in rows] == [
        ("DA-1", 3, 33),
        ("DA-2", 2, 41),
    ]


def test_the_streets_of_one_district_are_only_that_districts(city, city_official):
    assert codes(selectors.street_list(user=city_official, district=city.district_b)) == ["DB-1"]


def test_street_staff_see_the_communities_of_their_street_in_code_order(city, staff_a1):
    assert codes(selectors.community_list(user=staff_a1)) == ["DA-1-0", "DA-1-1", "DA-1-2"]


def test_the_communities_of_one_street_are_only_that_streets(city, official_a):
    assert codes(selectors.community_list(user=official_a, street=city.street_a2)) == [
        "DA-2-0",
        "DA-2-1",
    ]


def test_a_district_in_scope_is_found_by_code_with_its_counts(city, official_a):
    district = selectors.district_get(user=official_a, code="DA")
    assert (district.street_count, district.community_count) == (2, 5)


def test_a_district_out_of_scope_is_not_found(city, official_a):
    with pytest.raises(Http404):
        selectors.district_get(user=official_a, code="DB")


def test_a_street_out_of_scope_is_not_found(city, staff_a1):
    assert selectors.street_get(user=staff_a1, code="DA-1").community_count == 3
    with pytest.raises(Http404):
        selectors.street_get(user=staff_a1, code="DA-2")


def test_a_community_out_of_scope_is_not_found(city, staff_a1):
    assert selectors.community_get(user=staff_a1, code="DA-1-2").representatives == 12
    with pytest.raises(Http404):
        selectors.community_get(user=staff_a1, code="DB-1-0")


def test_the_departments_of_a_street_are_in_key_order_and_in_scope(city, staff_a1):
    for key in ("police", "judicial"):
        factories.DepartmentFactory(street=city.street_a1, key=key)
    factories.DepartmentFactory(street=city.street_b1, key="judicial")
    departments = selectors.department_list(user=staff_a1, street=city.street_a1)
    assert [d.key for d in departments] == ["judicial", "police"]
    assert not selectors.department_list(user=staff_a1, street=city.street_b1).exists()


def test_the_departments_of_a_community_are_only_that_communitys(city, staff_a1):
    factories.DepartmentFactory(street=city.street_a1, key="police")
    mine = factories.DepartmentFactory(street=None, community=city.a1[1], key="mediation")
    assert list(selectors.department_list(user=staff_a1, community=city.a1[1])) == [mine]


def test_the_headline_totals_count_the_users_areas_only(city, official_a):
    assert selectors.area_totals(user=official_a) == {
        "districts": 1,
        "streets": 2,
        "communities": 5,
        "representatives": 74,
    }


# ---- accounts -------------------------------------------------------------------------------


def test_an_account_that_wrote_a_record_has_history(city, staff_a1, official_a):
    representative_save(
        representative=Representative(community=city.a1[0], name="王芳", start_date=D(2008, 1, 1)),
        user=staff_a1,
    )
    found = selectors.users_with_history(User.objects.filter(pk__in=[staff_a1.pk, official_a.pk]))
    assert list(found) == [staff_a1]


def test_the_records_about_an_account_itself_do_not_count_as_its_history(city, staff_a1):
    staff_a1.first_name = "改"
    staff_a1._history_user = staff_a1  # it changed its own account
    staff_a1.save()
    assert not selectors.users_with_history(User.objects.filter(pk=staff_a1.pk)).exists()


def failed_logins(username, failures, *, ip="10.0.0.1"):
    AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )


def test_failed_logins_on_a_username_are_added_up_from_every_address(settings, city, staff_a1):
    failed_logins("staff_a1", 2, ip="10.0.0.1")
    failed_logins("staff_a1", 1, ip="10.0.0.2")
    user = selectors.users_with_lock_state(User.objects.filter(pk=staff_a1.pk)).get()
    assert (user.login_failures, user.locked) == (3, False)


def test_an_account_is_locked_when_its_failures_reach_the_limit(settings, city, staff_a1):
    failed_logins("staff_a1", settings.AXES_FAILURE_LIMIT)
    user = selectors.users_with_lock_state(User.objects.filter(pk=staff_a1.pk)).get()
    assert (user.login_failures, user.locked) == (settings.AXES_FAILURE_LIMIT, True)


def test_failures_older_than_the_cool_off_are_forgotten(city, staff_a1):
    failed_logins("staff_a1", 9)
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2009, 1, 1, tzinfo=datetime.UTC))
    user = selectors.users_with_lock_state(User.objects.filter(pk=staff_a1.pk)).get()
    assert (user.login_failures, user.locked) == (0, False)


# ---- the roster -----------------------------------------------------------------------------


@pytest.fixture
def roster(city):
    """DA-1-0's roster: two serving, one whose term ended on 2009-06-30."""
    community = city.a1[0]
    return {
        "serving": factories.RepresentativeFactory(
            community=community, name="王芳", group="1栋", start_date=D(2008, 1, 1)
        ),
        "ended": factories.RepresentativeFactory(
            community=community,
            name="李强",
            group="2栋",
            start_date=D(2008, 1, 1),
            end_date=D(2009, 6, 30),
        ),
        "new": factories.RepresentativeFactory(
            community=community, name="赵敏", group="2栋", start_date=D(2009, 7, 1)
        ),
    }


def test_the_roster_lists_the_serving_first_by_group_and_name_then_the_ended(
    city, staff_a1, roster
):
    rows = selectors.roster_list(user=staff_a1, community=city.a1[0])
    assert [r.name for r in rows] == ["王芳", "赵敏", "李强"]


def test_another_streets_staff_see_nothing_of_a_roster(city, staff_b1, roster):
    assert not selectors.roster_list(user=staff_b1, community=city.a1[0]).exists()


def test_a_representative_out_of_scope_is_not_found(city, staff_a1, staff_b1, roster):
    pk = roster["serving"].pk
    assert selectors.representative_get(user=staff_a1, pk=pk).name == "王芳"
    with pytest.raises(Http404):
        selectors.representative_get(user=staff_b1, pk=pk)


def test_a_community_with_any_representative_keeps_a_roster(city, roster):
    assert selectors.keeps_roster(city.a1[0]) is True
    assert selectors.keeps_roster(city.a1[1]) is False


def test_the_roll_of_a_day_counts_the_representatives_serving_that_day(city, roster):
    assert selectors.roster_roll(city.a1[0], D(2009, 6, 30)) == 2  # 王芳, 李强's last day
    assert selectors.roster_roll(city.a1[0], D(2009, 7, 1)) == 2  # 王芳, 赵敏
    assert selectors.roster_roll(city.a1[0], D(2007, 12, 31)) == 0  # before every term


def test_a_community_without_a_roster_has_no_roll_of_its_own(city, roster):
    assert selectors.roster_roll(city.a1[1], D(2009, 7, 1)) is None


def test_the_rolls_of_many_days_are_counted_in_one_query_leaving_out_communities_without_a_roster(
    city, roster, django_assert_num_queries
):
    asked = [
        (city.a1[0].pk, D(2009, 6, 30)),
        (city.a1[0].pk, D(2007, 12, 31)),
        (city.a1[1].pk, D(2009, 7, 1)),
    ]
    with django_assert_num_queries(2):  # which communities keep a roster; the counts
        rolls = selectors.roster_rolls(asked)
    assert rolls == {(city.a1[0].pk, D(2009, 6, 30)): 2, (city.a1[0].pk, D(2007, 12, 31)): 0}


def test_no_days_asked_give_no_rolls_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.roster_rolls([]) == {}


def test_a_representatives_history_is_newest_first_with_what_changed_in_words(city, staff_a1):
    representative = representative_save(
        representative=Representative(community=city.a1[0], name="王芳", start_date=D(2008, 1, 1)),
        user=staff_a1,
    )
    representative.phone = "13800000000"
    representative_save(representative=representative, user=staff_a1, version=1)
    entries = selectors.representative_history(representative)
    assert [(e["type"], e["who"]) for e in entries] == [("~", str(staff_a1)), ("+", str(staff_a1))]
    assert [str(c) for c in entries[0]["changes"]] == ["Phone: — → 13800000000"]
    assert "Name: — → 王芳" in [str(c) for c in entries[1]["changes"]]


# ---- the plain area and official lists the API reads ----------------------------------------


def test_a_district_official_gets_only_their_district_in_the_plain_list(city, official_a):
    assert codes(selectors.districts(user=official_a)) == ["DA"]


def test_street_staff_get_only_their_street_with_its_district_in_the_plain_list(city, staff_b1):
    rows = list(selectors.streets(user=staff_b1))
    assert [(s.code, s.district.code) for s in rows] == [("DB-1", "DB")]


def test_postings_outside_the_users_area_are_not_listed(city, official_a):
    here = factories.PostingFactory(community=city.a1[0])
    factories.PostingFactory(community=city.b1[0])
    assert [p.pk for p in selectors.postings(user=official_a)] == [here.pk]


def test_an_official_posted_in_two_districts_shows_only_the_postings_in_scope(city, official_b):
    official = factories.OfficialFactory(code="O-TWO")
    factories.PostingFactory(official=official, community=city.a1[0])
    there = factories.PostingFactory(official=official, community=city.b1[1], role="director")
    rows = [o for o in selectors.official_list(user=official_b) if o.code == "O-TWO"]
    assert [[p.pk for p in o.visible_postings] for o in rows] == [[there.pk]]


# ---- the roll every page shows (issue 21, item 6) -------------------------------------------


def test_a_community_keeping_a_roster_has_its_serving_representatives_on_the_roll(
    city, staff_a1, roster
):
    rolls = {c.code: c.roll for c in selectors.community_list(user=staff_a1)}
    assert rolls == {"DA-1-0": 2, "DA-1-1": 11, "DA-1-2": 12}  # 王芳 and 赵敏, not the 10 stored


def test_the_street_district_and_headline_totals_add_the_same_rolls(city, official_a, roster):
    streets = {s.code: s.representative_total for s in selectors.street_list(user=official_a)}
    assert streets == {"DA-1": 2 + 11 + 12, "DA-2": 20 + 21}
    assert selectors.district_get(user=official_a, code="DA").representative_total == 66
    assert selectors.area_totals(user=official_a)["representatives"] == 66


def test_the_roster_counts_buildings_as_people_do_2_before_10(city, staff_a1):
    """Issue 21, item 14: the roster sorted 10栋 before 1栋 (text order)."""
    for group in ("10栋", "2栋", "1栋", "B区1栋", "A区12栋", "A区3栋", ""):
        factories.RepresentativeFactory(
            community=city.a1[0], name=f"代表{group}", group=group, start_date=D(2008, 1, 1)
        )
    rows = selectors.roster_list(user=staff_a1, community=city.a1[0])
    assert [r.group for r in rows] == ["", "1栋", "2栋", "10栋", "A区3栋", "A区12栋", "B区1栋"]
