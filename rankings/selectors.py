"""Reads of the rankings: which year the pages open on."""

from django.db.models import Max
from django.utils import timezone

from evaluations.models import Meeting, Survey


def latest_year() -> int:
    """The latest year with any reviews or surveys, not after this one: the year the pages
    open on (a row dated in a future year never makes them open on an empty year)."""
    this_year = timezone.localdate().year
    years = [
        Survey.objects.filter(year__lte=this_year).aggregate(y=Max("year"))["y"],
        Meeting.objects.filter(year__lte=this_year).aggregate(y=Max("year"))["y"],
    ]
    return max([y for y in years if y] or [this_year])
