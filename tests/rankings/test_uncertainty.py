"""rankings/uncertainty.py: the 95% Wilson score interval, exact and repeatable."""

from decimal import Decimal

from rankings.uncertainty import Interval, wilson


def test_83_of_100_gives_74_45_to_89_11():
    assert wilson(83, 100).shown() == (Decimal("74.45"), Decimal("89.11"))


def test_917_of_1203_gives_every_digit_worked_out_by_hand():
    # p = 917/1203 and n = 1203; multiplying the centre and the half-width by n/n:
    #   low, high = 100 (917 + z²/2 -+ z √(917·286/1203 + z²/4)) / (1203 + z²)
    # with z = 1.959963984540054 (the module's Z, exact), so, exactly:
    #   z²               = 3.841458820694125035121930322916
    #   917·286/1203     = 262262/1203 = 218.00665004156275976724854530340...
    #   + z²/4           = 218.96701474673629102602902788413...
    #   z √(...)         = 1.959963984540054 × 14.797534076552629822162391895673...
    #                    = 29.002633850047320800101167060791...
    #   917 + z²/2       = 918.920729410347062517560965161458
    #   1203 + z²        = 1206.841458820694125035121930322916
    #   low  = 100 × 889.918095560299741717459798100666... / 1206.8414588206941250351...
    #        = 73.739436862727043932151353067611745...
    #   high = 100 × 947.923363260394383317662132222249... / 1206.8414588206941250351...
    #        = 78.545807018155450179955275087638431...
    # The module computes in 28 significant digits: these, rounded half-even to 28.
    interval = wilson(917, 1203)
    assert interval == Interval(
        low=Decimal("73.73943686272704393215135307"),
        high=Decimal("78.54580701815545017995527509"),
    )
    assert str(interval.low) == "73.73943686272704393215135307"
    assert str(interval) == "73.74–78.55"


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
