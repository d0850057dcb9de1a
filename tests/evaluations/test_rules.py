"""The quarter and date rules of evaluations/rules.py (DOMAIN.md "Quarterly review", rule 7),
as pure functions of a given today."""

import datetime

from evaluations import rules

TODAY = datetime.date(2026, 11, 30)  # in 2026 Q4


def errors(year, quarter, held_on, today=TODAY):
    return rules.period_errors(year=year, quarter=quarter, held_on=held_on, today=today)


def test_a_meeting_held_inside_its_quarter_and_not_later_than_today_is_accepted():
    assert errors(2026, 4, TODAY) == {}
    assert errors(2026, 3, datetime.date(2026, 7, 1)) == {}
    assert errors(2026, 3, datetime.date(2026, 9, 30)) == {}


def test_a_quarter_that_has_not_started_is_refused_naming_its_first_day():
    assert errors(2027, 1, None) == {
        "quarter": "2027 Q1 has not started yet: a meeting can be entered from 2027-01-01 on."
    }


def test_a_quarter_starting_today_has_started():
    assert rules.quarter_started(2027, 1, today=datetime.date(2027, 1, 1))
    assert not rules.quarter_started(2027, 1, today=datetime.date(2026, 12, 31))


def test_a_meeting_held_before_its_quarter_is_refused_with_the_quarters_dates():
    assert errors(2026, 3, datetime.date(2026, 6, 30)) == {
        "held_on": "A meeting of 2026 Q3 is held between 2026-07-01 and 2026-09-30; "
        "2026-06-30 is outside that quarter."
    }


def test_a_meeting_held_after_its_quarter_is_refused():
    assert set(errors(2026, 2, datetime.date(2026, 7, 1))) == {"held_on"}


def test_a_meeting_held_tomorrow_is_refused_as_in_the_future():
    assert errors(2026, 4, TODAY + datetime.timedelta(days=1)) == {
        "held_on": "The meeting cannot be held in the future (today is 2026-11-30)."
    }


def test_a_future_quarter_with_a_future_date_gives_both_errors():
    assert set(errors(2027, 1, datetime.date(2027, 1, 5))) == {"quarter", "held_on"}


def test_an_impossible_quarter_is_left_to_the_quarter_rule():
    assert errors(2026, 5, TODAY) == {}


def test_a_year_past_the_calendar_gives_no_quarter_error_and_no_crash():
    # Meeting.clean runs after the year's own range check failed, with the raw year
    assert errors(9223372036854775808, 1, TODAY) == {}


# ---- too many votes: the count that caused it --------------------------------------------


def tally(counts, present=30):
    return rules.tally_errors(
        present=present, counts=dict(zip(rules.COUNT_FIELDS, counts, strict=True))
    )


def test_too_many_votes_is_the_error_of_the_count_that_takes_the_total_past_present():
    assert list(tally((40, 0, 0, 0))) == ["very_satisfied"]
    assert list(tally((10, 25, 0, 0))) == ["satisfied"]
    assert list(tally((10, 10, 11, 0))) == ["basically_satisfied"]
    assert list(tally((10, 10, 10, 1))) == ["unsatisfied"]


def test_the_over_count_message_names_the_total_and_the_number_present():
    assert tally((40, 0, 0, 0)) == {
        "very_satisfied": "The four counts add up to 40, more than the 30 representatives present."
    }
