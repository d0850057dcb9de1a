"""Fixtures of the stale-save tests: two colleagues of street A1, 袁海燕 posted to DA-1-0,
a submitted meeting, a recommendation, a second city official (helpers.py opens a form
and posts it back)."""

import datetime

import pytest

from evaluations import services
from evaluations.models import Recommendation
from tests import factories


@pytest.fixture
def colleague(city):
    """A second member of street A1's staff, editing the same meetings as staff_a1."""
    return factories.StreetStaffFactory(
        username="li_na", first_name="娜", last_name="李", street=city.street_a1
    )


@pytest.fixture
def yuan(city):
    """袁海燕, the community police officer of DA-1-0 (roll 10)."""
    return factories.PostingFactory(
        community=city.a1[0], official=factories.OfficialFactory(code="Y1", name="袁海燕")
    ).official


@pytest.fixture
def meeting(city, yuan):
    """A submitted 2009 Q3 meeting: 8 present, 袁海燕 rated 4 / 2 / 1 / 1."""
    return services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 10),
        present=8,
        tallies=[services.Tally(yuan.pk, 4, 2, 1, 1)],
        submit=True,
    ).meeting


@pytest.fixture
def recommendation(city, yuan):
    for quarter in (1, 2):
        services.meeting_save(
            community=city.a1[0],
            year=2009,
            quarter=quarter,
            held_on=datetime.date(2009, 3 * quarter, 1),
            present=10,
            tallies=[services.Tally(yuan.pk, 0, 0, 1, 9)],
            submit=True,
        )
    return Recommendation.objects.get()


@pytest.fixture
def second_city_official(city):
    return factories.CityOfficialFactory(username="zhou", first_name="周", last_name="")
