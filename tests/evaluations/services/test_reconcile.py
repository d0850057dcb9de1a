"""evaluations/services/reconcile.py: the recommendations of many (official, community,
role) reconciled with their streaks as a set; the rule itself (open, withdraw, restore,
move, keep as sent) is held by test_recommendations.py through meeting_save."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import services
from evaluations.models import Recommendation
from evaluations.rules import quarter_bounds
from tests import factories

pytestmark = pytest.mark.django_db


def save(community, year, quarter, *tallies, present=10):
    return services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=quarter_bounds(year, quarter)[0] + datetime.timedelta(days=20),
        present=present,
        tallies=list(tallies),
        submit=True,
    )


def bad(official):
    return services.Tally(official.pk, 0, 0, 1, 9)


def good(official):
    return services.Tally(official.pk, 10, 0, 0, 0)


def test_a_withdrawn_recommendation_whose_streak_returns_earlier_is_restored_and_moved(
    review, officer
):
    review(2009, 2, u=5)
    review(2009, 3, u=5)  # opened by Q3 (after Q2)
    review(2009, 2, vs=5)  # withdrawn
    review(2009, 1, u=5)
    recommendation = Recommendation.objects.get()
    assert recommendation.withdrawn_at is not None
    version = recommendation.version
    changes = services.meeting_save(
        community=recommendation.community,
        year=2009,
        quarter=2,
        held_on=quarter_bounds(2009, 2)[0] + datetime.timedelta(days=20),
        present=5,
        tallies=[services.Tally(officer.pk, 0, 0, 0, 5)],
        submit=True,
    ).recommendation_changes
    assert [(c.kind, c.recommendation_id) for c in changes] == [
        ("restored", recommendation.pk),
        ("changed", recommendation.pk),
    ]
    recommendation.refresh_from_db()
    assert recommendation.withdrawn_at is None
    assert (recommendation.previous.meeting.quarter, recommendation.opened_by.meeting.quarter) == (
        1,
        2,
    )
    assert recommendation.version == version + 2
    assert [h.history_change_reason for h in recommendation.history.all()[:2]] == [
        "Now opened by 2009 Q1 and 2009 Q2 (was 2009 Q2 and 2009 Q3).",
        "Restored: unsatisfied again in 2009 Q1 and 2009 Q2.",
    ]


def test_a_sent_recommendation_whose_streak_goes_on_is_left_as_it_is(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    recommendation = services.recommendation_send(
        recommendation=Recommendation.objects.get(),
        sent_on=datetime.date(2009, 7, 1),
        addressed_to="甲一派出所",
        user=None,
    )
    history = recommendation.history.count()
    review(2009, 3, u=5)
    review(2009, 4, u=5)
    recommendation.refresh_from_db()
    assert Recommendation.objects.count() == 1
    assert (recommendation.version, recommendation.history.count()) == (2, history)
    assert (recommendation.sent_on, recommendation.withdrawn_at) == (
        datetime.date(2009, 7, 1),
        None,
    )


def test_one_save_opening_several_says_so_in_the_order_of_the_officials(community):
    officials = [
        factories.PostingFactory(community=community, role=role).official
        for role in ("specialist", "director", "police")
    ]
    save(community, 2009, 1, *(bad(o) for o in officials))
    changes = save(community, 2009, 2, *(bad(o) for o in officials)).recommendation_changes
    assert [(c.kind, c.official) for c in changes] == [
        ("opened", o.name) for o in sorted(officials, key=lambda o: o.pk)
    ]
    assert [c.detail for c in changes] == ["Opened: unsatisfied in 2009 Q1 and 2009 Q2."] * 3
    assert sorted(c.recommendation_id for c in changes) == sorted(
        Recommendation.objects.values_list("pk", flat=True)
    )


def test_each_opened_recommendation_notifies_its_own_street_and_district_only(
    city, staff_a1, staff_b1, official_a, official_b, city_official
):
    a = factories.PostingFactory(community=city.a1[0]).official
    b = factories.PostingFactory(community=city.b1[0]).official
    for quarter in (1, 2):
        save(city.a1[0], 2009, quarter, bad(a))
        save(city.b1[0], 2009, quarter, bad(b), present=30)
    Recommendation.objects.all().delete()
    for user in (staff_a1, staff_b1, official_a, official_b):
        user.notifications.all().delete()
    services.recommendations_reconcile(
        keys=[(a.pk, city.a1[0].pk, "police"), (b.pk, city.b1[0].pk, "police")]
    )
    opened = {r.community_id: r for r in Recommendation.objects.all()}
    assert {
        u.username: [n.subject for n in u.notifications.all()]
        for u in (staff_a1, staff_b1, official_a, official_b, city_official)
    } == {
        "staff_a1": [f"{a.name} · {city.a1[0].name} (#{opened[city.a1[0].pk].pk})"],
        "official_a": [f"{a.name} · {city.a1[0].name} (#{opened[city.a1[0].pk].pk})"],
        "staff_b1": [f"{b.name} · {city.b1[0].name} (#{opened[city.b1[0].pk].pk})"],
        "official_b": [f"{b.name} · {city.b1[0].name} (#{opened[city.b1[0].pk].pk})"],
        "city_official": [],
    }
    assert (opened[city.a1[0].pk].addressed_to, opened[city.b1[0].pk].addressed_to) == (
        "派出所",
        "派出所",
    )


def streaky(city, staff_a1, n):
    """``n`` officials unsatisfied in 2009 Q1 and Q2, spread over the communities of the
    city, their recommendations removed again: the keys to reconcile."""
    communities = city.a1 + city.a2 + city.b1
    keys = []
    for i in range(n):
        community = communities[i % len(communities)]
        official = factories.PostingFactory(community=community, role="director").official
        for quarter in (1, 2):
            save(community, 2009, quarter, bad(official), present=community.representatives)
        keys.append((official.pk, community.pk, "director"))
    Recommendation.objects.all().delete()
    return keys


def test_reconciling_takes_the_same_queries_for_one_official_on_a_streak_as_for_twelve(
    city, staff_a1, staff_b1, official_a
):
    """The cost of an import's reconcile does not grow with the officials on a streak."""
    counts = []
    for n in (1, 12):
        keys = streaky(city, staff_a1, n)
        keys.append((factories.OfficialFactory().pk, keys[0][1], "police"))  # no streak
        with CaptureQueriesContext(connection) as ctx:
            changes = services.recommendations_reconcile(keys=keys)
        assert [c.kind for c in changes] == ["opened"] * n
        counts.append(len(ctx.captured_queries))
        assert Recommendation.objects.count() == n
        Recommendation.objects.all().delete()
    assert counts[0] == counts[1]


def test_nothing_to_reconcile_takes_no_query():
    with CaptureQueriesContext(connection) as ctx:
        assert services.recommendations_reconcile(keys=[]) == []
    assert ctx.captured_queries == []
