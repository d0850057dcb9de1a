"""Reads of grievances, scoped, with every figure computed in SQL."""

from __future__ import annotations

import datetime
from typing import Any, Protocol, cast

from django.db.models import Count, DecimalField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import NullIf

from core.expressions import Exact
from districts.models import Community, Department, User
from districts.scoping import get_changeable, get_visible_or_404, visible

from .models import Grievance
from .rules import figure_filters


class RaisedAt(Protocol):
    """What this app needs of the review meeting an item was raised at. Meetings belong to
    the reviews app, which this app does not import, not even for types: ``Grievance.meeting``
    names it by its label, and this is its shape here."""

    pk: int

    @property
    def community(self) -> Community: ...

    @property
    def held_on(self) -> datetime.date: ...


COUNTED = (
    "total",
    "on_the_spot",
    "afterwards",
    "referred_open",
    "unaccounted",
    "overdue",
    "resolved",
    "answered",
    "key_disputes",
    "key_disputes_resolved",
    "open",
    "unanswered",
)
AREA_PATHS = {
    "district": "community__street__district",
    "street": "community__street",
    "community": "community",
}
RATES = {  # rate: (numerator, denominator)
    "resolution_rate": ("resolved", "total"),
    "answer_rate": ("answered", "total"),
    "key_dispute_resolution_rate": ("key_disputes_resolved", "key_disputes"),
}


def grievances(*, user: User) -> QuerySet[Grievance]:
    return visible(user, Grievance.objects.all()).select_related(
        "community",
        "community__street",
        "department",
        "department__street",
        "department__community",
    )


def grievance_get(*, user: User, reference: str) -> Grievance:
    return get_visible_or_404(
        user, grievances(user=user).select_related("meeting"), reference=reference
    )


def figure_expressions(today: datetime.date) -> dict[str, Any]:
    """Counts and rates for aggregate() or annotate(); an empty denominator gives NULL."""
    filters = figure_filters(today)
    counts = {
        name: Count("pk", filter=filters[name]) if filters[name] else Count("pk")
        for name in COUNTED
    }
    rates = {
        name: ExpressionWrapper(
            Exact(counts[num]) * Exact(Value(100)) / NullIf(Exact(counts[den]), Exact(Value(0))),
            output_field=DecimalField(),
        )
        for name, (num, den) in RATES.items()
    }
    return {**counts, **rates}


def figures(qs: QuerySet[Grievance], today: datetime.date) -> dict[str, Any]:
    return qs.aggregate(**figure_expressions(today))


def figures_by(
    qs: QuerySet[Grievance], today: datetime.date, *, level: str
) -> QuerySet[Grievance, dict[str, Any]]:
    """Figures per child area: ``level`` is district, street or community."""
    path = AREA_PATHS[level]
    return (
        qs.order_by()
        .values(path, f"{path}__code", f"{path}__name")
        .annotate(**figure_expressions(today))
        .order_by(f"{path}__code")
    )


def departments_for(grievance_or_community: Grievance | Community) -> QuerySet[Department]:
    """The departments a grievance can be referred to: its community's and its street's."""
    community = (
        grievance_or_community.community
        if isinstance(grievance_or_community, Grievance)
        else grievance_or_community
    )
    return (
        Department.objects.filter(Q(community=community) | Q(street_id=community.street_id))
        .select_related("street", "community")
        .order_by("community_id", "key")
    )


def meeting_for_intake(*, user: User, pk: int) -> RaisedAt:
    """The review meeting an item is being added to: 404 outside the user's scope, 403 when
    the user may only read it.

    Meetings belong to the reviews app, which this app does not import: the meeting model is
    reached through the relation a grievance already has to it (``Grievance.meeting``).
    """
    model = Grievance._meta.get_field("meeting").related_model
    assert isinstance(model, type)  # a foreign key: its related model is a model class
    meetings = model._default_manager.select_related("community")
    return cast(RaisedAt, get_changeable(user, meetings, pk=pk))
