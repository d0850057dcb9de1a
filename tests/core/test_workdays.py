"""core/workdays.py: working days on China's official calendar, weekends beyond it."""

import datetime

from core import workdays

D = datetime.date


def test_the_package_knows_2026_so_its_holidays_count():
    assert 2026 in workdays.known_years()
    assert workdays.calendar_known(D(2026, 10, 1))


def test_national_day_2026_is_off_and_its_adjusted_saturday_is_worked():
    # The State Council's 2026 notice, as the package carries it: 1–7 October off,
    # Sunday 20 September and Saturday 10 October worked.
    assert not any(workdays.is_working_day(D(2026, 10, d)) for d in range(1, 8))
    assert workdays.is_working_day(D(2026, 10, 8))
    assert workdays.is_working_day(D(2026, 9, 20))  # a Sunday
    assert workdays.is_working_day(D(2026, 10, 10))  # a Saturday
    assert not workdays.is_working_day(D(2026, 10, 11))  # an ordinary Sunday


def test_seven_working_days_from_the_eve_of_national_day_end_after_the_holiday():
    # From Wednesday 30 September: 8, 9, 10 (Saturday, worked), 12, 13, 14, 15 October
    assert workdays.add_working_days(D(2026, 9, 30), 7) == D(2026, 10, 15)


def test_a_deadline_counted_on_weekends_only_would_fall_inside_the_holiday():
    # the same count on weekends only would give 9 October; the calendar moves it
    naive = D(2026, 9, 30)
    count = 0
    while count < 7:
        naive += datetime.timedelta(days=1)
        count += naive.weekday() < 5
    assert naive == D(2026, 10, 9)
    assert workdays.add_working_days(D(2026, 9, 30), 7) != naive


def test_fifteen_working_days_across_mid_autumn_and_national_day():
    # from Thursday 17 September: 18, 21, 22, 23, 24 (25 Mid-Autumn off), 20 is a worked
    # Sunday, 28, 29, 30, then 8, 9, 10, 12, 13, 14
    assert workdays.add_working_days(D(2026, 9, 17), 15) == D(2026, 10, 14)


def test_working_days_between_counts_the_same_days_back():
    assert workdays.working_days_between(D(2026, 9, 30), D(2026, 10, 15)) == 7
    assert workdays.working_days_between(D(2026, 10, 15), D(2026, 9, 30)) == -7
    assert workdays.working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_a_year_the_package_does_not_know_counts_weekends_only():
    unknown = workdays.last_known_year() + 1
    assert not workdays.calendar_known(D(unknown, 10, 1))
    # 1 October of an unknown year is an ordinary weekday there: no holiday is invented
    first = D(unknown, 10, 1)
    assert workdays.is_working_day(first) == (first.weekday() < 5)


def test_a_deadline_in_an_unknown_year_skips_only_weekends():
    start = D(2027, 9, 30)  # a Thursday, in a year the package does not know
    assert not workdays.calendar_known(start)
    assert workdays.add_working_days(start, 7) == D(2027, 10, 11)
    assert workdays.working_days_between(start, D(2027, 10, 11)) == 7


def test_a_count_crossing_into_an_unknown_year_uses_the_calendar_then_weekends():
    # 31 December 2026 is a Thursday; 1 January 2027 is unknown, so it counts as a Friday
    assert workdays.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)


def test_the_calendar_note_names_the_last_known_year():
    assert str(workdays.last_known_year()) in workdays.calendar_note()


def test_zero_working_days_is_the_day_itself():
    assert workdays.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
