"""A recommendation's states are defined once, on its queryset
(evaluations/models/recommendations.py)."""

import datetime

import pytest

from evaluations import services
from evaluations.models import Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_streaks(review, staff_a1):
    """One recommendation open, one closed with an outcome, one withdrawn by a correction."""
    review(2009, 1, u=5)
    review(2009, 2, u=5)  # opens the first
    review(2009, 3, vs=5)
    review(2009, 4, u=5)
    review(2010, 1, u=5)  # opens the second
    review(2010, 2, vs=5)
    review(2010, 3, u=5)
    review(2010, 4, u=5)  # opens the third...
    review(2010, 4, vs=5)  # ...which a correction withdraws
    first, second, third = Recommendation.objects.order_by("opened_by__meeting__year", "pk")
    services.recommendation_send(
        recommendation=first, sent_on=datetime.date(2009, 7, 1), addressed_to="x", user=staff_a1
    )
    services.recommendation_close(
        recommendation=first,
        outcome="replaced",
        outcome_on=datetime.date(2009, 8, 1),
        reason="",
        user=staff_a1,
    )
    return first, second, third


def test_open_closed_and_withdrawn_split_the_recommendations(three_streaks):
    closed, still_open, withdrawn = three_streaks
    assert list(Recommendation.objects.open()) == [still_open]
    assert list(Recommendation.objects.closed()) == [closed]
    assert list(Recommendation.objects.withdrawn()) == [withdrawn]


def test_standing_recommendations_are_the_open_and_the_closed(three_streaks):
    closed, still_open, _ = three_streaks
    assert set(Recommendation.objects.standing()) == {closed, still_open}


def test_a_recommendation_says_it_is_open_exactly_when_the_queryset_does(three_streaks):
    assert {r for r in three_streaks if r.is_open} == set(Recommendation.objects.open())
