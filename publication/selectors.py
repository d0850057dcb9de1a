"""Reads of publications. The public reads only current publications' snapshots; the
management page reads the user's scope (``districts.scoping``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, QuerySet

from districts.models import User
from districts.scoping import get_visible_or_404, visible

from .models import Publication


def current() -> QuerySet[Publication]:
    """What the public sees (no user: published data belongs to everyone)."""
    return Publication.objects.current()


def current_rankings(year: int | None = None) -> Publication | None:
    qs = current().filter(kind=Publication.Kind.RANKINGS)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year").first()


def current_quarters(district_code: str | None = None) -> QuerySet[Publication]:
    qs = current().filter(kind=Publication.Kind.QUARTER).select_related("district")
    if district_code is not None:
        qs = qs.filter(district__code=district_code)
    return qs.order_by("district__code", "-year", "-quarter")


def version() -> tuple[str, datetime.datetime | None]:
    """A token that changes with every publication and withdrawal, and the time of the
    last one: the key of every cached public page and its validators."""
    state = Publication.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    changed = state["changed"]
    return f"{state['n']}-{changed.timestamp() if changed else 0}", changed


def publications(*, user: User) -> QuerySet[Publication]:
    """The publications the user manages or watches, newest first."""
    return visible(user, Publication.objects.all()).select_related(
        "district", "published_by", "withdrawn_by", "replaces"
    )


def publication_get(*, user: User, pk: int) -> Publication:
    return get_visible_or_404(user, publications(user=user), pk=pk)
