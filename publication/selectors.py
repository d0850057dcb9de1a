"""Reads of publications. The public reads only current publications' snapshots; the
management page reads the user's scope (``districts.scoping``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from core import dataversion
from districts.models import User
from districts.scoping import get_visible_or_404, visible
from grievances.models import Bulletin
from rankings.topics import ranking_topics

from . import preview, snapshots
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


def fresh_snapshot(publication: Publication) -> dict[str, Any]:
    """What the publication's subject would show if published now (kept per version of
    the data it is computed from: :mod:`core.dataversion`)."""
    year, quarter = publication.year, publication.quarter
    if publication.kind == Publication.Kind.BULLETIN:
        return bulletin_fresh_snapshot(publication)
    if quarter is None:
        return dataversion.cached(
            f"publication:rankings:{year}",
            lambda: preview.normal(snapshots.rankings_snapshot(year)),
            topics=ranking_topics(year),
        )
    district_id = publication.district_id
    day = preview.as_of(year, quarter, timezone.localdate())

    def compute() -> dict[str, Any]:
        district = publication.district
        assert district is not None  # a quarter's publication has one (a constraint)
        return preview.normal(snapshots.quarter_snapshot(district, year, quarter, day))

    return dataversion.cached(
        f"publication:quarter:{district_id}:{year}:{quarter}:{day.isoformat()}",
        compute,
        # meetings and ratings of the year, grievances, officials' names (and the areas)
        topics=(f"reviews:{year}", "grievances", "recommendations"),
    )


def bulletin_of(publication: Publication) -> Bulletin | None:
    """The stored bulletin a bulletin's publication was made from."""
    if publication.district_id is None or publication.month is None:
        return None
    return Bulletin.objects.filter(
        district_id=publication.district_id, year=publication.year, month=publication.month
    ).first()


def bulletin_fresh_snapshot(publication: Publication) -> dict[str, Any]:
    """A bulletin is kept as generated: publishing it again changes only what was renamed
    since (an area, a district)."""
    bulletin = bulletin_of(publication)
    if bulletin is None:
        return publication.snapshot
    return dataversion.cached(
        f"publication:bulletin:{bulletin.pk}",
        lambda: preview.normal(snapshots.bulletin_snapshot(bulletin)),
        topics=("bulletins",),
    )


def current_bulletins(district_code: str | None = None) -> QuerySet[Publication]:
    qs = current().filter(kind=Publication.Kind.BULLETIN).select_related("district")
    if district_code is not None:
        qs = qs.filter(district__code=district_code)
    return qs.order_by("district__code", "-year", "-month")


def bulletin_publications(*, user: User, bulletin: Bulletin) -> list[Publication]:
    """The bulletin's publications the user may see, newest first (one query)."""
    return list(
        publications(user=user)
        .filter(
            kind=Publication.Kind.BULLETIN,
            district_id=bulletin.district_id,
            year=bulletin.year,
            month=bulletin.month,
        )
        .order_by("-published_at", "-pk")
    )


def out_of_date(publications: Iterable[Publication]) -> set[int]:
    """The ids of those current publications whose subject has changed since: what the
    public sees is no longer what publishing again would show."""
    return {p.pk for p in publications if not p.is_withdrawn and fresh_snapshot(p) != p.snapshot}
