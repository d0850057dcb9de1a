"""Working days on China's official calendar (DOMAIN.md, "Grievances": deadlines).

Weekends and public holidays are off, the adjusted working weekends (调休) are on. The
calendar comes from the maintained ``chinese-calendar`` package (import
``chinese_calendar``), which carries each year's State Council notice; it is not a list
written here. A year the package does not know yet (it learns each year's holidays in
December, when the notice is published) is counted on weekends only: :func:`known_years`
and :func:`calendar_known` let pages say so ("dates after 2026 are counted on weekends
only").
"""

from __future__ import annotations

import datetime
from functools import cache

import chinese_calendar
from chinese_calendar import constants as _calendar


@cache
def known_years() -> range:
    """The years whose holidays and adjusted working days the package knows."""
    years = {d.year for d in _calendar.holidays} | {d.year for d in _calendar.workdays}
    return range(min(years), max(years) + 1)


def last_known_year() -> int:
    return known_years()[-1]


def calendar_known(day: datetime.date) -> bool:
    """True when ``day`` is counted on the official calendar, False when on weekends only."""
    return day.year in known_years()


def is_working_day(day: datetime.date) -> bool:
    if calendar_known(day):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``day`` (``day`` itself does not count; n=0 gives
    ``day``). A deadline of 7 working days from a Monday with no holiday is the next
    Wednesday. Negative ``n`` counts back."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_ahead(day: datetime.date, n: int) -> list[datetime.date]:
    """The 1st to the ``n``-th working day after ``day`` in one walk:
    ``working_days_ahead(d, n)[k - 1] == add_working_days(d, k)``."""
    found: list[datetime.date] = []
    while len(found) < n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            found.append(day)
    return found


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``: the inverse of
    :func:`add_working_days` (``working_days_between(d, add_working_days(d, n)) == n``).
    Negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def calendar_note() -> str:
    """What pages and the admin say about the calendar's reach."""
    from django.utils.translation import gettext

    return gettext(
        "Working days follow China's official calendar up to %(year)s; "
        "dates after %(year)s are counted on weekends only."
    ) % {"year": last_known_year()}
