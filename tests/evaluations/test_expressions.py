"""The expressions of evaluations/expressions.py, straight on rating, meeting and survey
querysets: the exact score, the level at its boundaries, the veto, quorum and what counts
(DOMAIN.md, "Quarterly review", rules 2 to 4), and the sense-of-security index."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from districts.models import Community
from evaluations import services
from evaluations import services as review_services
from evaluations.expressions import meeting_quorum, quorum_q, rating_expressions, safety_index
from evaluations.models import Meeting, Policy, Rating, Recommendation, Survey
from evaluations.rules import quarter_bounds
from tests import factories

INT_MAX = 2_147_483_647

pytestmark = pytest.mark.django_db


def rated(meeting):
    """The meeting's one rating, annotated by the expressions."""
    return Rating.objects.filter(meeting=meeting).annotate(**rating_expressions()).get()


# ---- votes and score (rule 3) -------------------------------------------------------------


def test_the_valid_votes_are_the_four_counts_added(review):
    assert rated(review(2009, 1, vs=1, s=2, bs=3, u=1, present=8)).votes == 7


def test_the_score_is_the_points_over_the_valid_votes(review):
    rating = rated(review(2009, 1, vs=1, s=1, bs=1, u=1, present=5))
    assert rating.score == Decimal(60)  # (100 + 80 + 60 + 0) / 4


def test_the_score_is_kept_exact_not_rounded(review):
    rating = rated(review(2009, 1, vs=2, s=1, present=5))  # 280 / 3
    assert rating.score == Decimal("93.3333333333333333")


def test_no_votes_give_no_score_and_no_level_instead_of_a_division_by_zero(review):
    rating = rated(review(2009, 1, present=5))
    assert (rating.votes, rating.score, rating.level, rating.counted_level) == (0, None, None, None)


# ---- level (rule 4) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "level"),
    [
        ({"vs": 1, "s": 1}, "very_satisfied"),  # exactly 90
        ({"vs": 4, "s": 5}, "satisfied"),  # 88.89
        ({"s": 3, "bs": 1}, "satisfied"),  # exactly 75
        ({"s": 2, "bs": 1}, "basically_satisfied"),  # 73.33
        ({"bs": 5}, "basically_satisfied"),  # exactly 60
        ({"bs": 9, "u": 1}, "unsatisfied"),  # 54, one vote in ten unsatisfied: no veto
    ],
    ids=["90", "88.89", "75", "73.33", "60", "54"],
)
def test_a_level_starts_exactly_at_its_threshold(review, counts, level):
    assert rated(review(2009, 1, **counts, present=10)).level == level


def test_unsatisfied_votes_of_exactly_one_third_do_not_veto(review):
    rating = rated(review(2009, 1, vs=2, u=1, present=5))  # U/N = 1/3, score 66.67
    assert rating.level == "basically_satisfied"


def test_unsatisfied_votes_above_one_third_veto_a_passing_score(review):
    rating = rated(review(2009, 1, vs=6, u=4, present=10))  # U/N = 4/10, score 60
    assert (rating.score, rating.level) == (Decimal(60), "unsatisfied")


def test_the_points_thresholds_and_veto_are_those_of_the_meetings_year(review):
    Policy.objects.create(year=2010, points_satisfied=90, veto_numerator=1, veto_denominator=2)
    assert rated(review(2010, 1, s=1, present=5)).level == "very_satisfied"  # 90 points
    assert rated(review(2010, 2, vs=6, u=4, present=10)).level == "basically_satisfied"
    assert rated(review(2009, 4, vs=6, u=4, present=10)).level == "unsatisfied"


# ---- quorum and what counts (rule 2) --------------------------------------------------------


@pytest.mark.parametrize(
    ("roll", "present", "quorum"),
    [(10, 5, True), (10, 4, False), (11, 6, True), (11, 5, False)],
)
def test_quorum_is_exactly_half_the_roll_rounded_up(community, review, roll, present, quorum):
    community.representatives = roll
    community.save()
    assert rated(review(2009, 1, vs=present, present=present)).quorum is quorum


def test_the_quorum_share_is_that_of_the_meetings_year(review):
    Policy.objects.create(year=2010, quorum_share=Decimal("0.60"))
    assert rated(review(2010, 1, vs=6, present=6)).quorum is True
    assert rated(review(2010, 2, vs=5, present=5)).quorum is False


def test_a_submitted_meeting_with_quorum_counts_with_its_level(review):
    rating = rated(review(2009, 1, u=5, present=5))
    assert (rating.counts, rating.level, rating.counted_level) == (
        True,
        "unsatisfied",
        "unsatisfied",
    )


def test_a_meeting_without_quorum_keeps_its_level_but_counts_nowhere(review):
    rating = rated(review(2009, 1, u=4, present=4))
    assert (rating.counts, rating.level, rating.counted_level) == (False, "unsatisfied", None)


def test_a_draft_counts_nowhere_even_with_quorum(review):
    rating = rated(review(2009, 1, u=5, present=5, submit=False))
    assert (rating.quorum, rating.counts, rating.counted_level) == (True, False, None)


def test_a_meeting_has_quorum_exactly_when_its_ratings_do(community, review):
    community.representatives = 11
    community.save()
    review(2009, 1, vs=6, present=6)
    review(2009, 2, vs=5, present=5)
    meetings = Meeting.objects.annotate(quorum=meeting_quorum()).order_by("quarter")
    ratings = Rating.objects.annotate(**rating_expressions()).order_by("meeting__quarter")
    assert [m.quorum for m in meetings] == [r.quorum for r in ratings] == [True, False]


def test_quorum_selects_the_meetings_at_or_above_half_the_roll_rounded_up(community, review):
    community.representatives = 11
    community.save()
    review(2009, 1, vs=6, present=6)
    review(2009, 2, vs=5, present=5)
    assert list(Meeting.objects.filter(quorum_q()).values_list("quarter", flat=True)) == [1]


def test_quorum_is_reached_from_a_rating_through_its_meeting(community, review):
    community.representatives = 11
    community.save()
    review(2009, 1, vs=6, present=6)
    review(2009, 2, vs=5, present=5)
    reached = Rating.objects.filter(quorum_q("meeting__"))
    assert list(reached.values_list("meeting__quarter", flat=True)) == [1]


# ---- from another model -------------------------------------------------------------------


def test_a_prefix_reads_the_rating_through_a_relation(review):
    review(2009, 1, u=5, present=5)
    review(2009, 2, s=1, u=4, present=5)
    recommendation = Recommendation.objects.annotate(**rating_expressions("opened_by__")).get()
    assert (recommendation.score, recommendation.counted_level) == (Decimal(16), "unsatisfied")


# ---- the public sense-of-security index ----------------------------------------------------


def survey(street, safe, fairly, not_very, unsafe):
    counts = {"safe": safe, "fairly_safe": fairly, "not_very_safe": not_very, "unsafe": unsafe}
    services.survey_save(street_id=street.pk, year=2009, user=None, counts=counts)


def test_the_index_is_those_who_feel_safe_over_all_respondents_exactly(city):
    survey(city.street_a1, 1, 1, 1, 0)
    index, respondents = safety_index()
    row = Survey.objects.values(index=index, sample=respondents).get()
    assert (row["index"], row["sample"]) == (Decimal("66.6666666666666667"), 3)


def test_a_pooled_index_sums_the_counts_of_the_streets_not_their_indices(city):
    survey(city.street_a1, 60, 20, 15, 5)  # 80 of 100
    survey(city.street_a2, 250, 20, 20, 10)  # 270 of 300
    index, respondents = safety_index(pooled=True)
    district = (
        Survey.objects.values("street__district").annotate(index=index, sample=respondents).get()
    )
    assert (district["index"], district["sample"]) == (Decimal("87.5"), 400)


def test_no_respondents_give_no_index(city):
    index, _ = safety_index(pooled=True)
    assert Survey.objects.aggregate(index=index)["index"] is None


def test_surveys_at_the_largest_counts_are_listed_and_ranked(client, city_official, city):
    for street in (city.street_a1, city.street_a2):
        review_services.survey_save(
            street_id=street.pk,
            year=2009,
            counts=dict.fromkeys(("safe", "fairly_safe", "not_very_safe", "unsafe"), INT_MAX),
            user=None,
        )
    client.force_login(city_official)
    for url in (reverse("evaluations:survey_list"), reverse("rankings:city") + "?year=2009"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "50.00" in client.get(reverse("evaluations:survey_list")).content.decode()


def test_a_meeting_with_the_largest_counts_is_scored_and_ranked(client, city_official, city):
    community = city.a1[0]
    Community.objects.filter(pk=community.pk).update(representatives=INT_MAX)
    community.refresh_from_db()
    official = factories.PostingFactory(community=community).official
    review_services.meeting_save(
        community=community,
        year=2009,
        quarter=1,
        held_on=quarter_bounds(2009, 1)[0] + datetime.timedelta(days=20),
        present=INT_MAX,
        tallies=[review_services.Tally(official.pk, INT_MAX, 0, 0, 0)],
        submit=True,
    )
    client.force_login(city_official)
    for url in (
        reverse("evaluations:rating_list"),
        reverse("rankings:league") + "?year=2009&quarter=1",
        reverse("rankings:city") + "?year=2009",
        reverse("evaluations:official", args=[official.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "100.00" in client.get(reverse("evaluations:rating_list")).content.decode()
