import datetime
from decimal import Decimal

import pytest

from evaluations.models import Promise
from evaluations.promises import services
from evaluations.promises.figures import figure_items, figure_rows
from evaluations.selectors import rounded

from .helpers import meeting, promise

pytestmark = pytest.mark.django_db


def judge(made, at, kept, not_kept):
    services.promise_judge(
        promise=made, meeting=at, kept_votes=kept, not_kept_votes=not_kept, user=None
    )


def test_the_keeping_rate_is_kept_over_judged_exactly(community, official):
    q3 = meeting(community, official, 2009, 3)
    made = [promise(q3, official) for _ in range(3)]
    q4 = meeting(community, official, 2009, 4)
    judge(made[0], q4, 5, 1)
    judge(made[1], q4, 1, 5)
    judge(made[2], q4, 4, 1)
    (row,) = figure_rows(Promise.objects.all(), year=2009, as_of=datetime.date(2010, 1, 1))
    assert (row["made"], row["judged"], row["kept"], row["not_kept"]) == (3, 3, 2, 1)
    assert rounded(row["keeping_rate"]) == Decimal("66.67")


def test_nothing_judged_gives_no_keeping_rate(community, official):
    promise(meeting(community, official, 2009, 3), official)
    (row,) = figure_rows(Promise.objects.all(), year=2009, as_of=datetime.date(2009, 9, 1))
    assert row["keeping_rate"] is None


def test_overdue_counts_pending_promises_due_before_the_date(community, official):
    promise(meeting(community, official, 2009, 3), official, due_on=datetime.date(2009, 10, 31))
    (before,) = figure_rows(Promise.objects.all(), year=2009, as_of=datetime.date(2009, 10, 31))
    (after,) = figure_rows(Promise.objects.all(), year=2009, as_of=datetime.date(2009, 11, 1))
    assert (before["overdue"], after["overdue"]) == (0, 1)


def test_promises_of_a_draft_meeting_count_nowhere(community, official):
    promise(meeting(community, official, 2009, 3, submit=False), official)
    assert not figure_rows(Promise.objects.all(), year=2009, as_of=datetime.date(2010, 1, 1))


def test_the_promises_behind_a_number_are_the_ones_it_counts(community, official):
    q3 = meeting(community, official, 2009, 3)
    kept, not_kept = promise(q3, official), promise(q3, official)
    q4 = meeting(community, official, 2009, 4)
    judge(kept, q4, 5, 1)
    judge(not_kept, q4, 1, 5)
    items = figure_items(
        Promise.objects.all(),
        figure="kept",
        year=2009,
        by="community",
        code=community.code,
        as_of=datetime.date(2010, 1, 1),
    )
    assert list(items) == [kept]
