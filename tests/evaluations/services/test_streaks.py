"""evaluations/services/streaks.py: the streaks of DOMAIN.md rule 5 found in SQL, with
window functions, for many (official, community, role) at once; and the same answers as
the pages' :func:`streaks` over loaded rows."""

import datetime
import random

import pytest

from evaluations import services
from evaluations.models import Rating
from evaluations.rules import quarter_bounds
from evaluations.selectors import ratings
from evaluations.services.streaks import quarter_index, unsatisfied_streaks
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(community, officer):
    return (officer.pk, community.pk, "police")


def found(keys):
    """The streaks as (year, quarter) lists, checking each names its own key's ratings."""
    result = {}
    for k, runs in unsatisfied_streaks(keys).items():
        for run in runs:
            stored = Rating.objects.filter(pk__in=[q.rating_id for q in run])
            assert {(r.official_id, r.meeting.community_id, r.role) for r in stored} == {k}
        result[k] = [[(q.year, q.quarter) for q in run] for run in runs]
    return result


def test_two_unsatisfied_quarters_running_are_a_streak(review, key):
    review(2009, 1, u=5)
    assert found([key]) == {}
    review(2009, 2, u=5)
    assert found([key]) == {key: [[(2009, 1), (2009, 2)]]}


def test_the_periods_are_named_by_year_and_quarter(review, key):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    assert [q.period for q in unsatisfied_streaks([key])[key][0]] == ["2009 Q1", "2009 Q2"]


def test_a_quarter_without_a_meeting_is_a_gap(review, key):
    review(2009, 1, u=5)
    review(2009, 3, u=5)
    review(2009, 4, vs=5)
    assert found([key]) == {}


def test_q4_then_q1_of_the_next_year_is_a_streak(review, key):
    review(2009, 3, vs=5)
    review(2009, 4, u=5)
    review(2010, 1, u=5)
    assert found([key]) == {key: [[(2009, 4), (2010, 1)]]}
    assert quarter_index(2010, 1) == quarter_index(2009, 4) + 1


def test_a_meeting_without_quorum_breaks_a_streak(review, key):
    review(2009, 1, u=5)
    review(2009, 2, u=4, present=4)  # 4 of a roll of 10: below the quorum of 5
    review(2009, 3, u=5)
    assert found([key]) == {}


def test_a_draft_meeting_breaks_a_streak_until_submitted(review, key):
    review(2009, 1, u=5)
    review(2009, 2, u=5, submit=False)
    review(2009, 3, u=5)
    assert found([key]) == {}
    review(2009, 2, u=5, submit=True)
    assert found([key]) == {key: [[(2009, 1), (2009, 2), (2009, 3)]]}


def test_a_better_quarter_between_makes_two_streaks(review, key):
    for quarter, votes in ((1, {"u": 5}), (2, {"u": 5}), (3, {"bs": 5}), (4, {"u": 5})):
        review(2009, quarter, **votes)
    review(2010, 1, u=5)
    assert found([key]) == {key: [[(2009, 1), (2009, 2)], [(2009, 4), (2010, 1)]]}


def test_a_run_of_three_is_one_streak(review, key):
    for quarter in (1, 2, 3):
        review(2009, quarter, u=5)
    assert found([key]) == {key: [[(2009, 1), (2009, 2), (2009, 3)]]}


def test_a_correction_in_the_middle_breaks_a_run_of_three(review, key):
    for quarter in (1, 2, 3):
        review(2009, quarter, u=5)
    review(2009, 2, vs=5)
    assert found([key]) == {}


def test_the_veto_makes_a_quarter_unsatisfied_whatever_the_score(review, key):
    review(2009, 1, vs=6, u=4)  # score 60, but 4 of 10 unsatisfied: more than a third
    review(2009, 2, vs=7, u=3)  # 3 of 10: not more than a third, satisfied
    review(2009, 3, vs=6, u=4)
    assert found([key]) == {}
    review(2009, 2, vs=6, u=4)
    assert found([key]) == {key: [[(2009, 1), (2009, 2), (2009, 3)]]}


def test_each_key_has_its_own_streaks_and_only_the_keys_asked_for_are_found(
    review, key, community, officer, city
):
    colleague = factories.PostingFactory(community=community, role="director").official
    elsewhere = city.a1[1]
    factories.PostingFactory(community=elsewhere, official=officer, role="police")
    for quarter in (1, 2):
        review(2009, quarter, u=5)
        review(2009, quarter, u=5, official=colleague)
        services.meeting_save(
            community=elsewhere,
            year=2009,
            quarter=quarter,
            held_on=quarter_bounds(2009, quarter)[0] + datetime.timedelta(days=20),
            present=8,
            tallies=[services.Tally(officer.pk, 0, 0, 0, 8)],
            submit=True,
        )
    theirs = (colleague.pk, community.pk, "director")
    there = (officer.pk, elsewhere.pk, "police")
    both = [[(2009, 1), (2009, 2)]]
    assert found([key, theirs, there]) == {key: both, theirs: both, there: both}
    assert found([key]) == {key: both}
    assert found([(officer.pk, community.pk, "director"), theirs]) == {theirs: both}
    assert unsatisfied_streaks([]) == {}


# ---- the same answers as the pages' streaks over loaded rows ------------------------------


def as_loaded(keys):
    """:func:`services.streaks` over each key's ratings loaded in quarter order."""
    result = {}
    for official_id, community_id, role in keys:
        rows = ratings().filter(
            official_id=official_id, meeting__community_id=community_id, role=role
        )
        runs = services.streaks(rows.order_by("meeting__year", "meeting__quarter"))
        if long := [
            [(r.meeting.year, r.meeting.quarter) for r in run] for run in runs if len(run) >= 2
        ]:
            result[(official_id, community_id, role)] = long
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_give_the_streaks_the_pages_show(community, officer, seed):
    """Three officials over twelve quarters; each quarter's meeting missing, a draft,
    without quorum or counting, each official rated well or badly at random."""
    rng = random.Random(seed)
    officials = [officer] + [
        factories.PostingFactory(community=community, role=role).official
        for role in ("director", "specialist")
    ]
    for year in (2009, 2010, 2011):
        for quarter in (1, 2, 3, 4):
            state = rng.choices(["missing", "draft", "no quorum", "counts"], (2, 1, 1, 6))[0]
            if state == "missing":
                continue
            present = 4 if state == "no quorum" else 10
            tallies = [
                services.Tally(o.pk, 0, 0, 1, present - 1)
                if rng.random() < 0.5
                else services.Tally(o.pk, present, 0, 0, 0)
                for o in officials
            ]
            services.meeting_save(
                community=community,
                year=year,
                quarter=quarter,
                held_on=quarter_bounds(year, quarter)[0] + datetime.timedelta(days=20),
                present=present,
                tallies=tallies,
                submit=state != "draft",
            )
    keys = {(r.official_id, community.pk, r.role) for r in Rating.objects.all()}
    expected = as_loaded(keys)
    assert expected, "the seed gives some streaks"
    assert found(keys) == expected
