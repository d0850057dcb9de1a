"""rankings/uncertainty.py: the 95% Wilson score interval, exact and repeatable."""

from decimal import Decimal

from rankings.uncertainty import Interval, wilson


def test_83_of_100_gives_74_45_to_89_11():
    assert wilson(83, 100).shown() == (Decimal("74.45"), Decimal("89.11"))


def test_two_runs_give_the_same_digits():
    assert wilson(917, 1203) == wilson(917, 1203)
    assert str(wilson(917, 1203).low) == str(wilson(917, 1203).low)


def test_none_of_ten_starts_at_zero():
    assert wilson(0, 10).shown() == (Decimal("0.00"), Decimal("27.75"))


def test_all_of_ten_ends_at_a_hundred():
    assert wilson(10, 10).shown() == (Decimal("72.25"), Decimal("100.00"))


def test_no_sample_has_no_interval():
    assert wilson(0, 0) is None


def test_more_successes_than_the_sample_has_no_interval():
    assert wilson(11, 10) is None


def test_a_larger_sample_gives_a_narrower_interval():
    small, large = wilson(8, 10), wilson(800, 1000)
    assert large.high - large.low < small.high - small.low


def test_intervals_that_touch_overlap():
    assert Interval(Decimal(10), Decimal(20)).overlaps(Interval(Decimal(20), Decimal(30)))


def test_separate_intervals_do_not_overlap():
    assert not Interval(Decimal(10), Decimal(20)).overlaps(Interval(Decimal("20.01"), Decimal(30)))
