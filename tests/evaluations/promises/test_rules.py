import datetime

import pytest

from evaluations.promises.rules import (
    default_due_on,
    due_errors,
    is_kept,
    latest_due_on,
    verdict_errors,
)


def test_the_default_due_date_is_the_last_day_of_the_next_quarter():
    assert default_due_on(2009, 3) == datetime.date(2009, 12, 31)


def test_the_default_due_date_of_a_fourth_quarter_meeting_is_in_march_of_the_next_year():
    assert default_due_on(2009, 4) == datetime.date(2010, 3, 31)


def test_the_latest_due_date_is_the_last_day_of_the_second_quarter_after():
    assert latest_due_on(2009, 4) == datetime.date(2010, 6, 30)


@pytest.mark.parametrize("due", [datetime.date(2009, 8, 10), datetime.date(2009, 8, 1)])
def test_a_due_date_on_or_before_the_meeting_is_refused(due):
    errors = due_errors(held_on=datetime.date(2009, 8, 10), year=2009, quarter=3, due_on=due)
    assert set(errors) == {"due_on"}


def test_a_due_date_past_the_second_quarter_after_is_refused():
    errors = due_errors(
        held_on=datetime.date(2009, 8, 10), year=2009, quarter=3, due_on=datetime.date(2010, 4, 1)
    )
    assert "2010-03-31" in errors["due_on"]


def test_the_last_allowed_due_date_is_accepted():
    assert not due_errors(
        held_on=datetime.date(2009, 8, 10), year=2009, quarter=3, due_on=datetime.date(2010, 3, 31)
    )


def test_a_verdict_at_the_same_quarter_is_refused():
    errors = verdict_errors(made=(2009, 3), judged=(2009, 3), present=8, kept=5, not_kept=1)
    assert set(errors) == {"judged_at"}


def test_votes_over_present_are_refused_on_not_kept():
    errors = verdict_errors(made=(2009, 3), judged=(2009, 4), present=8, kept=5, not_kept=4)
    assert set(errors) == {"not_kept_votes"}


def test_a_tie_is_not_kept():
    assert not is_kept(4, 4)


def test_more_kept_than_not_kept_is_kept():
    assert is_kept(5, 4)
