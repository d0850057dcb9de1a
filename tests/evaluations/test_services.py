"""meeting_save (evaluations/services.py): DOMAIN.md's vote-count rules, replacement
recommendations (rule 5) and the history of corrections."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Meeting, Recommendation

pytestmark = pytest.mark.django_db


# ---- vote-count rules -------------------------------------------------------------------


def test_counts_above_the_number_present_are_refused_naming_the_field(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, vs=4, s=2, present=5)
    assert "unsatisfied" in excinfo.value.message_dict
    assert "add up to 6, more than the 5" in str(excinfo.value)
    assert not Meeting.objects.exists()


def test_present_above_the_roll_is_refused(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, vs=1, present=11)
    assert "present" in excinfo.value.message_dict


def test_nobody_present_is_refused(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, present=0)
    assert "present" in excinfo.value.message_dict


def test_an_official_not_posted_on_the_meeting_date_is_refused(review, community):
    from tests import factories

    later = factories.PostingFactory(community=community, start_date="2010-01-01").official
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 3, vs=5, official=later)
    assert "official" in excinfo.value.message_dict


# ---- replacement recommendations (rule 5) ------------------------------------------------


def open_recommendations():
    return sorted(
        Recommendation.objects.filter(withdrawn_at__isnull=True).values_list(
            "opened_by__meeting__year", "opened_by__meeting__quarter"
        )
    )


def test_two_unsatisfied_quarters_in_a_row_open_a_recommendation(review):
    review(2009, 1, u=5)
    assert open_recommendations() == []
    review(2009, 2, u=5)
    assert open_recommendations() == [(2009, 2)]
    recommendation = Recommendation.objects.get()
    assert (recommendation.role, recommendation.addressed_to) == ("police", "甲一派出所")


def test_q4_then_q1_of_the_next_year_is_a_streak(review):
    review(2009, 4, u=5)
    review(2010, 1, u=5)
    assert open_recommendations() == [(2010, 1)]


def test_a_third_unsatisfied_quarter_opens_no_second_recommendation(review):
    for quarter in (1, 2, 3):
        review(2009, quarter, u=5)
    assert open_recommendations() == [(2009, 2)]


def test_after_a_better_quarter_a_new_streak_opens_a_new_recommendation(review):
    for quarter, votes in ((1, {"u": 5}), (2, {"u": 5}), (3, {"vs": 5}), (4, {"u": 5})):
        review(2009, quarter, **votes)
    review(2010, 1, u=5)
    assert open_recommendations() == [(2009, 2), (2010, 1)]


def test_a_meeting_without_quorum_breaks_the_streak(review):
    review(2009, 1, u=5)
    review(2009, 2, u=4, present=4)  # below quorum of 5: left out
    review(2009, 3, u=5)
    assert open_recommendations() == []


def test_a_quarter_without_a_meeting_breaks_the_streak(review):
    review(2009, 1, u=5)
    review(2009, 3, u=5)
    assert open_recommendations() == []


def test_a_draft_second_quarter_opens_nothing_until_submitted(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5, submit=False)
    assert open_recommendations() == []
    review(2009, 2, u=5, submit=True)
    assert open_recommendations() == [(2009, 2)]


def test_a_correction_that_removes_the_streak_withdraws_the_recommendation(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    review(2009, 2, vs=5)  # corrected
    assert open_recommendations() == []
    assert Recommendation.objects.get().withdrawn_at is not None


def test_a_correction_that_restores_the_streak_restores_the_recommendation(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    review(2009, 2, vs=5)
    review(2009, 2, u=5)
    assert open_recommendations() == [(2009, 2)]
    assert Recommendation.objects.count() == 1


def test_a_correction_keeps_every_change_in_the_history_with_who_and_when(review, staff_a1):
    from evaluations import services

    meeting = review(2009, 1, vs=5)
    rating = meeting.ratings.get()
    services.meeting_save(
        community=meeting.community,
        year=2009,
        quarter=1,
        held_on=meeting.held_on,
        present=6,
        tallies=[services.Tally(rating.official_id, 4, 1, 0, 0)],
        submit=True,
        user=staff_a1,
    )
    history = list(rating.history.all())
    assert [(h.very_satisfied, h.satisfied) for h in history] == [(4, 1), (5, 0)]
    assert history[0].history_user == staff_a1
    assert meeting.history.first().present == 6
