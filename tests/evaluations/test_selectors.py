"""Quorum, scores and levels of the review selectors at DOMAIN.md's edges, computed by the
database."""

import datetime
from decimal import Decimal

import pytest

from evaluations import selectors
from evaluations.models import Meeting, Policy
from tests import factories

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


# ---- the surveys and the saved policies ---------------------------------------------------


def survey(street, **counts):
    from evaluations import services

    services.survey_save(street_id=street.pk, year=2009, counts=counts, user=None)


def test_the_surveys_are_the_users_with_their_safety_index_in_sql(city, official_a):
    survey(city.street_a1, safe=60, fairly_safe=20, not_very_safe=15, unsafe=5)
    survey(city.street_b1, safe=1, fairly_safe=0, not_very_safe=0, unsafe=1)
    rows = list(selectors.surveys(user=official_a))
    assert [(r.street.code, r.street.district.code) for r in rows] == [("DA-1", "DA")]
    assert (rows[0].safety_index, rows[0].respondents) == (Decimal(80), 100)


def test_the_saved_policies_are_those_of_the_years_asked_only():
    Policy.objects.create(year=2009)
    Policy.objects.create(year=2011)
    assert sorted(selectors.saved_policies(years=[2009, 2010])) == [2009]


def test_the_quarter_board_shows_the_roll_a_new_meeting_opens_with(city, staff_a1):
    """Issue 21, item 6: the roster's serving representatives on the quarter's last day,
    not the community's stored number."""
    for name, start in (("王芳", datetime.date(2008, 1, 1)), ("李强", datetime.date(2009, 7, 1))):
        factories.RepresentativeFactory(community=city.a1[0], name=name, start_date=start)
    board = selectors.quarter_board(user=staff_a1, year=2009, quarter=2)
    assert {c.code: c.roll for c in board} == {"DA-1-0": 1, "DA-1-1": 11, "DA-1-2": 12}
