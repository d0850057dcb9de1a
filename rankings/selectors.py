"""Reads of the rankings: which year and quarter the pages open on, and since when a
district has data. Unscoped on purpose: the same for every user, like the city ranking."""

from __future__ import annotations

import datetime

from django.db.models import Max, Min
from django.utils import timezone

from core.years import FIRST_YEAR, LAST_YEAR
from districts.models import District
from evaluations.models import Meeting, Survey
from evaluations.rules import quarter_of
from grievances.models import Grievance


def latest_year() -> int:
    """The latest year with any reviews or surveys, not after this one: the year the pages
    open on (a row dated in a future year never makes them open on an empty year)."""
    this_year = timezone.localdate().year
    years = [
        Survey.objects.filter(year__gte=FIRST_YEAR, year__lte=this_year).aggregate(y=Max("year"))[
            "y"
        ],
        Meeting.objects.filter(year__gte=FIRST_YEAR, year__lte=this_year).aggregate(y=Max("year"))[
            "y"
        ],
    ]
    return max([y for y in years if y] or [this_year])


def league_quarter(year: int) -> int:
    """The quarter the league of a year opens on: the latest with meetings, never one that
    has not begun (this quarter, or the fourth of a past year, when none has any)."""
    this_year, this_quarter = quarter_of(timezone.localdate())
    held = Meeting.objects.filter(year=year)
    if year >= this_year:
        held = held.filter(quarter__lte=this_quarter)
    return held.aggregate(q=Max("quarter"))["q"] or (this_quarter if year >= this_year else 4)


def first_year(district: District) -> int | None:
    """The first year with any survey, meeting or grievance in the district (None: none).

    Only the years the product knows count (core.years): a row of year 0 or 12 left by a
    backup older than the rule would have made a district's history start there, a year
    that breaks the dates (0) or two thousand years of figures past any timeout (12)."""
    years = {"year__gte": FIRST_YEAR, "year__lte": LAST_YEAR}
    received = {
        "received_on__gte": datetime.date(FIRST_YEAR, 1, 1),
        "received_on__lte": datetime.date(LAST_YEAR, 12, 31),
    }
    first = min(
        (
            y
            for y in (
                Survey.objects.filter(street__district=district, **years).aggregate(y=Min("year"))[
                    "y"
                ],
                Meeting.objects.filter(community__street__district=district, **years).aggregate(
                    y=Min("year")
                )["y"],
                Grievance.objects.filter(
                    community__street__district=district, **received
                ).aggregate(d=Min("received_on"))["d"],
            )
            if y is not None
        ),
        key=lambda y: y if isinstance(y, int) else y.year,
        default=None,
    )
    return None if first is None else first if isinstance(first, int) else first.year
