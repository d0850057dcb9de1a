"""evaluations/apps.py: meetings, ratings, surveys, policies and recommendations
registered with the data versions (core/dataversion.py) by their own app."""

import pytest

from core import dataversion
from evaluations.models import Meeting, Policy, Rating, Recommendation, Survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "topic"), [(Meeting, "reviews"), (Survey, "surveys"), (Policy, "policy")]
)
def test_a_yearly_row_changes_its_year_and_the_year_it_was_loaded_with(model, topic):
    row = model(year=2013)
    assert dataversion.topics_of(row) == (f"{topic}:2013",)
    row.year = 2014
    assert dataversion.topics_of(row) == (f"{topic}:2013", f"{topic}:2014")


def test_a_rating_changes_the_year_of_its_meeting_when_the_meeting_is_at_hand():
    assert dataversion.topics_of(Rating(meeting=Meeting(year=2013))) == ("reviews:2013",)
    assert dataversion.topics_of(Rating(meeting_id=1)) == ()  # a query otherwise: everything


def test_a_recommendation_changes_the_recommendations_only():
    assert dataversion.topics_of(Recommendation()) == ("recommendations",)


def test_a_survey_moved_to_another_year_changes_both_years(cached, city):
    survey = Survey.objects.create(
        street=city.street_a1, year=2009, safe=50, fairly_safe=20, not_very_safe=10, unsafe=5
    )
    survey = Survey.objects.get(pk=survey.pk)
    before = [dataversion.current([f"surveys:{y}"]) for y in (2009, 2010)]
    survey.year = 2010
    survey.save()
    after = [dataversion.current([f"surveys:{y}"]) for y in (2009, 2010)]
    assert (after[0] != before[0], after[1] != before[1]) == (True, True)
