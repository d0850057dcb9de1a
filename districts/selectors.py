"""Reads of areas, already scoped to the user and annotated with their counts in SQL."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from .models import Community, Department, District, Street, User
from .scoping import get_visible_or_404, visible


def district_list(*, user: User) -> QuerySet[District]:
    return (
        visible(user, District.objects.all())
        .annotate(
            street_count=Count("streets", distinct=True),
            community_count=Count("streets__communities", distinct=True),
            representative_total=Coalesce(Sum("streets__communities__representatives"), 0),
        )
        .order_by("code")
    )


def street_list(*, user: User, district: District | None = None) -> QuerySet[Street]:
    qs = visible(user, Street.objects.select_related("district"))
    if district is not None:
        qs = qs.filter(district=district)
    return qs.annotate(
        community_count=Count("communities"),
        representative_total=Coalesce(Sum("communities__representatives"), 0),
    ).order_by("district__code", "code")


def community_list(*, user: User, street: Street | None = None) -> QuerySet[Community]:
    qs = visible(user, Community.objects.select_related("street", "street__district"))
    if street is not None:
        qs = qs.filter(street=street)
    return qs.order_by("street__code", "code")


def district_get(*, user: User, code: str) -> District:
    return get_visible_or_404(user, district_list(user=user), code=code)


def street_get(*, user: User, code: str) -> Street:
    return get_visible_or_404(user, street_list(user=user), code=code)


def community_get(*, user: User, code: str) -> Community:
    return get_visible_or_404(user, community_list(user=user), code=code)


def department_list(
    *, user: User, street: Street | None = None, community: Community | None = None
) -> QuerySet[Department]:
    qs = visible(user, Department.objects.all())
    if street is not None:
        qs = qs.filter(street=street)
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("key")


def area_totals(*, user: User) -> dict[str, int]:
    """Headline counts of the user's areas, one query per level."""
    communities = community_list(user=user).aggregate(
        communities=Count("pk"), representatives=Coalesce(Sum("representatives"), 0)
    )
    return {
        "districts": visible(user, District.objects.all()).count(),
        "streets": visible(user, Street.objects.all()).count(),
        **communities,
    }
