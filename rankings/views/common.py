"""What the ranking pages share: who may open them, the year a page is asked for, and the
years offered."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from core.years import YEARS
from districts.permissions import may_see_unpublished_rankings

from ..selectors import latest_year


def year_asked(request: HttpRequest) -> int:
    """The ``year`` of the address; the latest year with data when missing or absurd."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return latest_year()
    return year if year in YEARS else latest_year()


def year_choices() -> range:
    """The years the pages offer, newest first."""
    return range(max(latest_year(), timezone.localdate().year), 2007, -1)


def require_rankings(user: Any) -> None:
    """404 to whom may not see the rankings computed now, published or not (department
    staff: ``districts.permissions``); the published ones are on the notice board for
    everyone. A page of one area asks after its scoped look-up of the area, which
    refuses another area's first."""
    if not may_see_unpublished_rankings(user):
        raise Http404


def rankings_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A ranking page of no one area (the city's, the league): signed in, and
    :func:`require_rankings` before anything else."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_rankings(request.user)
        return view(request, *args, **kwargs)

    return wrapped
