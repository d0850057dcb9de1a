"""rankings/selectors.py: the year the ranking pages and dashboards open on, the quarter the
league opens on, and since when a district has data."""

import datetime

import pytest
from django.utils import timezone

from evaluations.models import Meeting
from evaluations.services import survey_save
from evaluations.services.policy import policy_for_year_saved
from rankings.selectors import first_year, latest_year, league_quarter
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_pages_open_on_the_latest_year_with_reviews(review):
    review(2009, 2, vs=5, present=5)
    assert latest_year() == 2009


def test_a_meeting_dated_in_a_future_year_does_not_move_the_pages_to_that_empty_year(
    review, community
):
    review(2009, 2, vs=5, present=5)
    next_year = timezone.localdate().year + 1
    # written around the service, as old data could be: the pages still ignore it
    Meeting.objects.create(
        community=community,
        policy=policy_for_year_saved(next_year),
        year=next_year,
        quarter=1,
        held_on=datetime.date(next_year, 1, 10),
        roll=10,
        present=5,
    )
    assert latest_year() == 2009


@pytest.fixture
def in_2010_q2(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2010, 5, 15))


def test_the_league_opens_on_the_latest_quarter_with_meetings(review, in_2010_q2):
    review(2009, 1, vs=5)
    review(2009, 3, vs=5)
    assert league_quarter(2009) == 3


def test_the_league_of_a_past_year_without_meetings_opens_on_its_fourth_quarter(in_2010_q2):
    assert league_quarter(2008) == 4


def test_the_league_of_this_year_without_meetings_opens_on_this_quarter(in_2010_q2):
    assert league_quarter(2010) == 2


def test_a_districts_first_year_is_its_earliest_survey_meeting_or_grievance(city, review):
    assert first_year(city.district_a) is None
    review(2009, 2, vs=5)  # in DA-1-0
    assert first_year(city.district_a) == 2009
    survey_save(
        street_id=city.street_a2.pk,
        year=2008,
        counts={"safe": 1, "fairly_safe": 0, "not_very_safe": 0, "unsafe": 0},
        user=None,
    )
    assert first_year(city.district_a) == 2008
    factories.GrievanceFactory(community=city.a2[0], received_on=datetime.date(2007, 12, 31))
    assert first_year(city.district_a) == 2007
    factories.GrievanceFactory(community=city.b1[0], received_on=datetime.date(2001, 1, 1))
    assert first_year(city.district_a) == 2007  # another district's data does not count
    assert first_year(city.district_b) == 2001


@pytest.fixture
def odd_years(city):
    """Surveys of year 0 and 12 in district DA, as a backup older than the year rule
    (core.years) may hold: the constraint is lifted for the test's transaction only."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE evaluations_survey DROP CONSTRAINT survey_year_2000_to_2100")
        for year in (0, 12):
            cursor.execute(
                "INSERT INTO evaluations_survey (street_id, year, safe, fairly_safe,"
                " not_very_safe, unsafe, created_at, updated_at)"
                " VALUES (%s, %s, 90, 5, 3, 2, now(), now())",
                [city.street_a1.pk, year],
            )
    survey_save(
        street_id=city.street_a1.pk,
        year=2009,
        counts={"safe": 80, "fairly_safe": 10, "not_very_safe": 5, "unsafe": 5},
        user=None,
    )


def test_a_districts_first_year_leaves_out_years_outside_2000_to_2100(city, odd_years):
    assert first_year(city.district_a) == 2009


def test_a_districts_ranking_opens_with_years_0_and_12_in_the_database(
    client, city, city_official, odd_years
):
    client.force_login(city_official)
    response = client.get("/rankings/districts/DA/?year=2010")
    assert response.status_code == 200
    assert [row.year for row in response.context["history"]] == [2009, 2010]
