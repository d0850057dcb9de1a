"""DOMAIN.md's review rules at their edges, computed by the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations import selectors
from evaluations.models import Meeting, Policy, Recommendation

pytestmark = pytest.mark.django_db


def result(meeting):
    return selectors.meeting_ratings(meeting).get()


# ---- quorum: present >= ceil(roll x 50%) ------------------------------------------------


def test_a_meeting_exactly_at_quorum_counts(review):
    rating = result(review(2009, 1, vs=5, present=5))  # roll 10, ceil(5) = 5
    assert (rating.quorum, rating.counts, rating.counted_level) == (True, True, "very_satisfied")


def test_a_meeting_one_short_of_quorum_is_kept_but_does_not_count(review):
    meeting = review(2009, 1, vs=4, present=4)
    rating = result(meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert (rating.quorum, rating.counts, rating.counted_level) == (False, False, None)
    assert rating.level == "very_satisfied"


def test_quorum_of_an_odd_roll_rounds_up(city, officer, community, review):
    community.representatives = 11
    community.save()
    assert result(review(2009, 1, vs=5, present=5)).quorum is False  # ceil(5.5) = 6
    assert result(review(2009, 2, vs=6, present=6)).quorum is True


def test_a_draft_meeting_counts_nowhere(review):
    rating = result(review(2009, 1, u=6, present=6, submit=False))
    assert (rating.counts, rating.counted_level) == (False, None)


# ---- score and level ------------------------------------------------------------------


def test_the_score_is_the_points_over_the_valid_votes_kept_exact(review):
    rating = result(review(2009, 1, vs=1, s=1, bs=1, present=6))  # 240 / 3
    assert rating.score == Decimal(80)
    rating = result(review(2009, 2, vs=2, s=1, present=6))  # 280 / 3 = 93.333...
    assert rating.score > Decimal("93.3333333333")
    assert selectors.rounded(rating.score) == Decimal("93.33")


def test_a_score_of_exactly_90_is_very_satisfied(review):
    rating = result(review(2009, 1, vs=1, s=1, present=5))  # (100 + 80) / 2 = 90
    assert (rating.score, rating.level) == (Decimal(90), "very_satisfied")


def test_a_score_just_under_90_is_satisfied(review):
    # (100*4 + 80*5) / 9 = 88.89 -> satisfied; and (100*1+80*2)/3 = 86.67
    rating = result(review(2009, 1, vs=4, s=5, present=9))
    assert rating.level == "satisfied"


def test_a_score_of_exactly_75_is_satisfied(review):
    rating = result(review(2009, 1, s=3, bs=1, present=5))  # (240 + 60) / 4 = 75
    assert (rating.score, rating.level) == (Decimal(75), "satisfied")


def test_a_score_of_exactly_60_is_basically_satisfied(review):
    rating = result(review(2009, 1, bs=5, present=5))
    assert (rating.score, rating.level) == (Decimal(60), "basically_satisfied")


def test_a_score_under_60_is_unsatisfied(review):
    rating = result(review(2009, 1, bs=2, u=1, vs=0, present=5))  # U/N = 1/3, score 40
    assert rating.level == "unsatisfied"


def test_unsatisfied_votes_of_exactly_one_third_do_not_veto(review):
    # 2 very satisfied, 1 unsatisfied: U/N = 1/3 exactly, score 66.67 -> basically satisfied
    rating = result(review(2009, 1, vs=2, u=1, present=5))
    assert rating.level == "basically_satisfied"


def test_unsatisfied_votes_just_above_one_third_veto_even_a_high_score(review):
    # 6 very satisfied, 0 others, 4 unsatisfied: 4/10 > 1/3; 3 of 9 would be exactly 1/3
    vetoed = result(review(2009, 1, vs=6, u=4, present=10))
    assert vetoed.level == "unsatisfied"
    not_vetoed = result(review(2009, 2, vs=6, u=3, present=10))
    assert not_vetoed.level == "basically_satisfied"  # 600/9 = 66.67


def test_no_votes_give_no_score_and_no_level(review):
    rating = result(review(2009, 1, present=5))
    assert (rating.score, rating.level, rating.counted_level) == (None, None, None)


def test_each_year_is_scored_with_its_own_policy(review):
    Policy.objects.create(year=2010, very_satisfied_min=Decimal("95"))
    assert result(review(2009, 4, vs=1, s=1, present=5)).level == "very_satisfied"
    assert result(review(2010, 1, vs=1, s=1, present=5)).level == "satisfied"


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


def test_the_database_refuses_votes_above_present_whatever_writes_them(review):
    from django.db import IntegrityError, transaction

    rating = review(2009, 1, vs=5, present=5).ratings.get()
    rating.unsatisfied = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        rating.save()
        connection_check()


def test_the_database_refuses_lowering_present_below_the_votes(review):
    from django.db import IntegrityError, transaction

    meeting = review(2009, 1, vs=5, present=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(present=4, roll=10)
        connection_check()


def test_the_model_validation_names_the_field_for_votes_above_present(review):
    rating = review(2009, 1, vs=5, present=5).ratings.get()
    rating.satisfied = 1
    with pytest.raises(ValidationError) as excinfo:
        rating.full_clean()
    assert "unsatisfied" in excinfo.value.message_dict


def connection_check():
    """Deferred constraint triggers fire at commit; make them fire now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
