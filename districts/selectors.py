"""Reads of areas, already scoped to the user and annotated with their counts in SQL."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.bulksql import AnyOf

from .models import (
    Community,
    Department,
    District,
    Official,
    Posting,
    Representative,
    Street,
    User,
)
from .models.representatives import group_order
from .scoping import get_visible_or_404, visible


def district_list(*, user: User) -> QuerySet[District]:
    return (
        visible(user, District.objects.all())
        .annotate(
            street_count=Count("streets", distinct=True),
            community_count=Count("streets__communities", distinct=True),
            representative_total=roll_total(street__district=OuterRef("pk")),
        )
        .order_by("code")
    )


def street_list(*, user: User, district: District | None = None) -> QuerySet[Street]:
    qs = visible(user, Street.objects.select_related("district"))
    if district is not None:
        qs = qs.filter(district=district)
    return qs.annotate(
        community_count=Count("communities"),
        representative_total=roll_total(street=OuterRef("pk")),
    ).order_by("district__code", "code")


def community_list(*, user: User, street: Street | None = None) -> QuerySet[Community]:
    """The communities, each with ``roll``: its representatives on the roll today
    (:func:`roll_on`, the one rule every page shows)."""
    qs = visible(user, Community.objects.select_related("street", "street__district"))
    if street is not None:
        qs = qs.filter(street=street)
    return qs.annotate(roll=roll_on(timezone.localdate())).order_by("street__code", "code")


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
        communities=Count("pk"), representatives=Coalesce(Sum("roll"), 0)
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


# ---- the roster of resident representatives (personal data: always scoped) -------------


def roster_list(*, user: User, community: Community) -> QuerySet[Representative]:
    """A community's representatives, current and past, as the user may see them."""
    return (
        visible(user, Representative.objects.filter(community=community))
        .select_related("community")
        .order_by(F("end_date").desc(nulls_first=True), *group_order(), "name", "start_date")
    )


def representative_get(*, user: User, pk: int) -> Representative:
    return get_visible_or_404(
        user, Representative.objects.select_related("community", "community__street"), pk=pk
    )


def keeps_roster(community: Community) -> bool:
    """Whether the community keeps a roster by name (any representative, past or present)."""
    return Representative.objects.filter(community=community).exists()


def roster_roll(community: Community, day: datetime.date) -> int | None:
    """The roll of a meeting held on ``day``: the representatives serving that day, where
    the community keeps a roster; ``None`` where it does not (the community's own number
    is the roll then). One query."""
    counts = Representative.objects.filter(community=community).aggregate(
        terms=Count("pk"), serving=Count("pk", filter=on_roster_q(day))
    )
    return counts["serving"] if counts["terms"] else None


def roll_on(day: datetime.date) -> Coalesce:
    """A community's representatives on the roll on ``day``, in SQL (the rule of
    :func:`roster_roll`): those serving that day where it keeps a roster, else its own
    number. Annotate communities with it; every page's roll and total comes from it."""
    serving = (
        Representative.objects.filter(community=OuterRef("pk"))
        .values("community")
        .annotate(n=Count("pk", filter=on_roster_q(day)))
        .values("n")
    )  # no row (NULL) where the community keeps no roster
    return Coalesce(Subquery(serving), F("representatives"), output_field=IntegerField())


def roll_total(**where: Any) -> Coalesce:
    """The sum of :func:`roll_on` today over the communities matching ``where`` (an
    ``OuterRef`` to a street or district), as a subquery."""
    rolls = (
        Community.objects.filter(**where)
        .annotate(roll=roll_on(timezone.localdate()))
        .values(*where)
        .annotate(total=Sum("roll"))
        .values("total")
    )
    return Coalesce(Subquery(rolls), 0, output_field=IntegerField())


def on_roster_q(day: datetime.date) -> Q:
    """A representative serving on ``day``."""
    return Q(start_date__lte=day) & serving_q(day)


def roster_rolls(
    days: Iterable[tuple[int, datetime.date]],
) -> dict[tuple[int, datetime.date], int]:
    """:func:`roster_roll` for many (community id, day) pairs at once, counted in SQL in one
    query; pairs whose community keeps no roster are left out."""
    pairs = sorted(set(days))
    if not pairs:
        return {}
    keeping = set(
        Representative.objects.filter(AnyOf(F("community_id"), {c for c, _ in pairs}))
        .values_list("community_id", flat=True)
        .distinct()
    )
    pairs = [p for p in pairs if p[0] in keeping]
    found: dict[tuple[int, datetime.date], int] = {}
    for start in range(0, len(pairs), 500):  # one aggregate query per 500 pairs
        chunk = pairs[start : start + 500]
        counts = Representative.objects.aggregate(
            **{
                f"n{i}": Count("pk", filter=Q(community_id=c, start_date__lte=d) & serving_q(d))
                for i, (c, d) in enumerate(chunk)
            }
        )
        found.update({pair: counts[f"n{i}"] for i, pair in enumerate(chunk)})
    return found


def serving_q(day: datetime.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=day)


def representative_history(representative: Representative) -> list[dict[str, object]]:
    """Every saved version of a representative, newest first, with what changed in words
    ("电话: — → 138 ..."), never field names. One query."""
    from core.concurrency import field_changes, who

    fields = ["name", "group", "phone", "start_date", "end_date"]
    entries: list[dict[str, object]] = []
    previous = None
    records = representative.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    for record in records:
        entries.append(
            {
                "when": record.history_date,
                "who": who(record.history_user),
                "type": record.history_type,
                "changes": field_changes(Representative, previous, record, fields),
            }
        )
        previous = record
    entries.reverse()
    return entries


# ---- the areas, officials and postings as the user may see them, without figures ------


def districts(*, user: User) -> QuerySet[District]:
    """The user's districts, plain (:func:`district_list` adds the counts of a list page)."""
    return visible(user, District.objects.all())


def streets(*, user: User) -> QuerySet[Street]:
    """The user's streets with their district, plain (:func:`street_list` adds counts)."""
    return visible(user, Street.objects.select_related("district"))


def postings(*, user: User) -> QuerySet[Posting]:
    return visible(user, Posting.objects.all())


def official_list(*, user: User) -> QuerySet[Official]:
    """The user's officials, each with its postings in the user's scope only
    (``visible_postings``, by community, role and start): a posting elsewhere is not shown."""
    posted = visible(user, Posting.objects.select_related("community")).order_by(
        "community__code", "role", "start_date"
    )
    return visible(
        user,
        Official.objects.prefetch_related(
            Prefetch("postings", queryset=posted, to_attr="visible_postings")
        ),
    )
