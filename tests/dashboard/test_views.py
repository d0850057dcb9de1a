"""The home of each role (dashboard/views.py): the counts of the user's areas, and the open
recommendations of their area."""

import datetime

import pytest

from tests.evaluations.helpers import edit_url, form_data

pytestmark = pytest.mark.django_db


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


def test_open_recommendations_show_on_every_dashboard_of_their_area(
    client, meetings, staff_a1, official_a, official_b, city_official
):
    def open_count(user):
        client.force_login(user)
        return len(client.get("/").context["open_recommendations"].rows)

    assert [open_count(u) for u in (staff_a1, official_a, official_b, city_official)] == [
        1,
        1,
        1,
        2,
    ]


def test_a_correction_that_removes_the_streak_takes_the_recommendation_off_the_dashboard(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    assert len(client.get("/").context["open_recommendations"].rows) == 1
    data = form_data(
        posted["a"],
        present=10,
        counts=(10, 0, 0, 0),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    assert len(client.get("/").context["open_recommendations"].rows) == 0


def test_a_home_without_open_recommendations_says_so_without_claiming_no_streak(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    # the fixture's streak opened one; this correction of 2009 Q2 closes it
    client.post(
        edit_url("DA-1-0", 2009, 2),
        form_data(
            posted["a"],
            present=10,
            counts=(10, 0, 0, 0),
            held_on="2009-06-01",
            version=meetings["a"].version,
        ),
    )
    page = client.get("/").content.decode()
    assert "No replacement recommendation is open in your area." in page
    assert "two quarters running" not in page


def test_the_quarters_progress_says_one_meeting_in_the_singular(client, staff_a1, review):
    today = datetime.date.today()
    review(today.year, (today.month - 1) // 3 + 1, vs=5)
    client.force_login(staff_a1)
    page = client.get("/").content.decode()
    assert "1 meeting submitted," in page
