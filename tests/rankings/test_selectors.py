"""rankings/selectors.py: the year the ranking pages and dashboards open on."""

import datetime

import pytest
from django.utils import timezone

from evaluations.models import Meeting
from evaluations.services.policy import policy_for_year_saved
from rankings.selectors import latest_year

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
