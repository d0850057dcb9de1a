"""What the ranking pages share: the year a page is asked for, and the years offered."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from ..selectors import latest_year


def year_asked(request: HttpRequest) -> int:
    """The ``year`` of the address; the latest year with data when missing or absurd."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return latest_year()
    return year if 2000 <= year <= 2100 else latest_year()


def year_choices() -> range:
    """The years the pages offer, newest first."""
    return range(max(latest_year(), timezone.localdate().year), 2007, -1)
