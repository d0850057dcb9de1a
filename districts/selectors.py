"""Reads of areas, already scoped to the user and annotated with their counts in SQL."""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.functions import Coalesce
from django.utils import timezone

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


def users_with_history(users: QuerySet[User]) -> QuerySet[User]:
    """The accounts some record points to as its author: any history row (who changed
    an area, a meeting, a survey ...), a meeting submitted, a grievance follow-up or
    answer, an admin log entry. Deleting one of them would erase "who" from those rows.

    The rows about the account itself (its logins, its own password changes) do not
    count: they say nothing about anything else."""
    own_history = User.history.model
    exists: list[Exists] = []
    for field in User._meta.get_fields(include_hidden=True):
        if not (isinstance(field, ForeignObjectRel) and field.one_to_many):
            continue
        model = field.related_model
        if not isinstance(model, type) or model._meta.auto_created:  # group memberships
            continue
        rows = model._base_manager.filter(**{field.field.name: OuterRef("pk")})
        if model is own_history:
            rows = rows.exclude(id=OuterRef("pk"))
        exists.append(Exists(rows))
    condition = Q(pk__in=[])
    for one in exists:
        condition |= Q(one)
    return users.filter(condition)


def users_with_lock_state(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate ``login_failures`` (failed logins on the username within the cool-off, from
    any address) and ``locked`` (those reach the per-username limit)."""
    since = timezone.now() - (get_cool_off() or timedelta(0))
    failures = (
        AccessAttempt.objects.filter(username=OuterRef("username"), attempt_time__gte=since)
        .values("username")
        .annotate(n=Sum("failures_since_start"))
        .values("n")
    )
    return users.annotate(login_failures=Coalesce(Subquery(failures), 0)).annotate(
        locked=ExpressionWrapper(
            Q(login_failures__gte=settings.AXES_FAILURE_LIMIT), output_field=BooleanField()
        )
    )
