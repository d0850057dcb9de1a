"""Reads of the rankings: which year the pages open on."""

from django.db.models import Max
from django.utils import timezone

from evaluations.models import Meeting, Survey


def latest_year() -> int:
    """The latest year with any reviews or surveys: the year the pages open on."""
    years = [
        Survey.objects.aggregate(y=Max("year"))["y"],
        Meeting.objects.aggregate(y=Max("year"))["y"],
    ]
    return max([y for y in years if y] or [timezone.localdate().year])
