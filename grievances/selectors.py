"""Reads of grievances, scoped, with every figure computed in SQL."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from core import dataversion
from core.expressions import Exact
from districts.models import Community, Department, District, Street, User
from districts.scoping import get_changeable, get_visible_or_404, scope_of, visible
from evaluations.models import Meeting

from .departments.item_counts import (
    REOPENED_EVENT,
    SENT_BACK_EVENT,
    problem_q,
    reopened_count,
    sent_back_count,
)
from .models import Bulletin, BulletinEntry, FollowUp, Grievance
from .models.bulletin import COUNTS as BULLETIN_COUNTS
from .rules import figure_filters

COUNTED = (
    "total",
    "on_the_spot",
    "afterwards",
    "referred",
    "referred_resolved",
    "referred_open",
    "unaccounted",
    "overdue",
    "escalated_district",
    "escalated_city",
    "verdicts",
    "satisfied_verdicts",
    "resolved",
    "answered",
    "key_disputes",
    "key_disputes_resolved",
    "open",
    "unanswered",
    "escalated_district_open",
    "escalated_city_open",
)
AREA_PATHS = {
    "district": "community__street__district",
    "street": "community__street",
    "community": "community",
}
RATES = {  # rate: (numerator, denominator)
    "resolution_rate": ("resolved", "total"),
    "answer_rate": ("answered", "total"),
    "answer_satisfaction": ("satisfied_verdicts", "verdicts"),
    "key_dispute_resolution_rate": ("key_disputes_resolved", "key_disputes"),
}


def with_problem(qs: QuerySet[Grievance]) -> QuerySet[Grievance]:
    """``is_problem`` on every item (sent back 3 times or reopened twice: the one rule,
    ``departments.item_counts.problem_q``), in the list's own query: the badge every list
    shows, with no query per row. The counts it reads are aliases, computed only where
    the flag is (a count() or an aggregate() over these rows leaves them out), unless
    ``qs`` has them already (``item_counts.with_item_counts``)."""
    if not {"sent_back_count", "reopened_count"} <= set(qs.query.annotations):
        qs = qs.alias(sent_back_count=sent_back_count(), reopened_count=reopened_count())
    return qs.annotate(is_problem=ExpressionWrapper(problem_q(), output_field=BooleanField()))


def problem_candidates_q() -> Q:
    """The items with at least one of the events the problem rule counts (item_counts'
    SENT_BACK_EVENT, REOPENED_EVENT) on their timeline: a superset of the problem items,
    found by one semi-join, so that the rule's per-item counts run on these few rows only
    (the list's filter, the daily job) rather than on every item."""
    events = FollowUp.objects.filter(SENT_BACK_EVENT | REOPENED_EVENT).values("grievance_id")
    return Q(pk__in=events)


def grievances(*, user: User) -> QuerySet[Grievance]:
    """The items ``user`` sees, with what every list shows of them (``is_problem``)."""
    return with_problem(
        visible(user, Grievance.objects.all()).select_related(
            "community",
            "community__street",
            "department",
            "department__street",
            "department__community",
        )
    )


def work_rows(*, user: User, status: str, today: datetime.date) -> QuerySet[Grievance]:
    """The user's items of a status of the grievance list (rules.figure_filters: overdue,
    escalated_district_open, proposed ...), whatever the year they were received: the rows
    a count on a home or the work list stands for, and the list its link opens."""
    return grievances(user=user).filter(figure_filters(today)[status])


def work_counts(*, user: User, today: datetime.date, statuses: Iterable[str]) -> dict[str, int]:
    """How many :func:`work_rows` each status has, in one query: the same filters over the
    same scoped rows, so a count never disagrees with the list it links to."""
    filters = figure_filters(today)
    return (
        grievances(user=user)
        .order_by()
        .aggregate(**{status: Count("pk", filter=filters[status]) for status in statuses})
    )


def escalated(*, user: User, level: str, today: datetime.date, limit: int = 50) -> list[Grievance]:
    """Open items escalated to the district (``level="district"``) or to the city, in the
    user's scope, the longest overdue first: the officials' follow-up list (its count is
    ``work_counts`` of the same status)."""
    return list(
        work_rows(user=user, status=f"escalated_{level}_open", today=today).order_by(
            "deadline", "reference"
        )[:limit]
    )


def problems_escalated(*, user: User, today: datetime.date, limit: int = 50) -> list[Grievance]:
    """Open problem items escalated to the district, in the user's scope, the earliest
    escalated first: the district officials' follow-up list (its count is ``work_counts``
    of the same status, ``problem_open``)."""
    return list(
        work_rows(user=user, status="problem_open", today=today).order_by(
            "problem_escalated_at", "reference"
        )[:limit]
    )


def grievance_get(*, user: User, reference: str) -> Grievance:
    return get_visible_or_404(
        user, grievances(user=user).select_related("meeting"), reference=reference
    )


def figure_expressions(today: datetime.date, *, due_soon: bool = False) -> dict[str, Any]:
    """Counts and rates for aggregate() or annotate(); an empty denominator gives NULL.
    ``due_soon`` adds that count (it reads the year's policy: one query more)."""
    filters = figure_filters(today)
    counted = (*COUNTED, "due_soon") if due_soon else COUNTED
    counts = {
        name: Count("pk", filter=filters[name]) if filters[name] else Count("pk")
        for name in counted
    }
    rates = {
        name: ExpressionWrapper(
            Exact(counts[num]) * Exact(Value(100)) / NullIf(Exact(counts[den]), Exact(Value(0))),
            output_field=DecimalField(),
        )
        for name, (num, den) in RATES.items()
    }
    return {**counts, **rates}


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period the figures page opens at and the dashboard counts over: this year, by
    the date received. The same period and the same overdue: they never disagree."""
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def figures(
    qs: QuerySet[Grievance], today: datetime.date, *, due_soon: bool = False
) -> dict[str, Any]:
    return qs.aggregate(**figure_expressions(today, due_soon=due_soon))


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


def meeting_for_intake(*, user: User, pk: int) -> Meeting:
    """The review meeting an item is being added to: 404 outside the user's scope, 403 when
    the user may only read it."""
    return get_changeable(user, Meeting.objects.select_related("community"), pk=pk)


def department_work(
    *, user: User, today: datetime.date
) -> list[tuple[str, str, QuerySet[Grievance], int]]:
    """A department's work list, in the order it works through it: (key, heading, rows,
    how many). Overdue and due soon are the figures' definitions (Grievance.overdue_q,
    Grievance.due_soon_q); "open" is every item not yet resolved, overdue and due soon
    included, as the street home counts open items: overdue and due soon are the open items
    to do first, listed again above it."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    mine = grievances(user=user).filter(disposition=Grievance.Disposition.REFERRED)
    overdue = Grievance.overdue_q(today)
    due_soon = Grievance.due_soon_q(today)
    sections = [
        ("overdue", _("Overdue"), mine.filter(overdue).order_by("deadline", "reference")),
        ("due_soon", _("Due soon"), mine.filter(due_soon).order_by("deadline", "reference")),
        (
            "open",
            pgettext("grievance status", "Open"),  # not yet resolved, not the verb
            mine.filter(resolved_on__isnull=True).order_by("deadline", "reference"),
        ),
        ("done", _("Done"), mine.filter(resolved_on__isnull=False).order_by("-resolved_on")),
    ]
    return [(key, label, rows, rows.count()) for key, label, rows in sections]


FIGURE_COLUMNS = (  # DOMAIN.md's figures, in the order of the figures command
    "total",
    "on_the_spot",
    "afterwards",
    "referred",
    "referred_resolved",
    "referred_open",
    "unaccounted",
    "overdue",
    "escalated_district",
    "escalated_city",
    "resolution_rate",
    "answer_rate",
    "answer_satisfaction",
    "key_dispute_resolution_rate",
)
CHILD_LEVEL = {"city": "district", "district": "street", "street": "community"}


def figure_table(
    *,
    user: User | None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    district: District | None = None,
    street: Street | None = None,
    by: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    """The grievance figures of items received ``start``..``end`` (inclusive) in an area,
    one row per child area (``by``: district, street or community; by default the level
    below the area) in code order, every area listed (an area with no item has zeros and
    no rates), and the total. ``today`` is the day overdue and escalation are counted at.
    ``user`` None: unscoped (a command). Returns (rows, total, level).

    The one computation behind the figures page, the dashboard and the figures command;
    computed once per data version (:mod:`core.dataversion`) for a scope (what the user
    sees depends on nothing else), area, period and day.
    """
    key = ":".join(
        str(part)
        for part in (
            "all" if user is None else scope_of(user),
            start,
            end,
            today,
            district.pk if district else "",
            street.pk if street else "",
            by or "",
        )
    )
    return dataversion.cached(
        "grievance_figures:" + hashlib.sha256(key.encode()).hexdigest(),
        lambda: _figure_table(
            user=user, start=start, end=end, today=today, district=district, street=street, by=by
        ),
        topics=("grievances",),
    )


def _figure_table(
    *,
    user: User | None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    district: District | None,
    street: Street | None,
    by: str | None,
) -> tuple[list[dict[str, Any]], dict[str, Any], str]:
    items = Grievance.objects.all() if user is None else visible(user, Grievance.objects.all())
    items = items.filter(received_on__gte=start, received_on__lte=end)
    areas: QuerySet[Any]
    if street is not None:
        items = items.filter(community__street=street)
        level = by or "community"
    elif district is not None:
        items = items.filter(community__street__district=district)
        level = by or "street"
    else:
        level = by or "district"
    models: dict[str, type[District | Street | Community]] = {
        "district": District,
        "street": Street,
        "community": Community,
    }
    areas = models[level]._default_manager.all()
    if user is not None:
        areas = visible(user, areas)
    lookup = {"district": "pk", "street": "district", "community": "street__district"}[level]
    if street is not None:
        lookup = {"district": "pk", "street": "pk", "community": "street"}[level]
        areas = areas.filter(**{lookup: street.district_id if level == "district" else street.pk})
    elif district is not None:
        areas = areas.filter(**{lookup: district.pk})
    by_code = {r[f"{AREA_PATHS[level]}__code"]: r for r in figures_by(items, today, level=level)}
    empty = figures(Grievance.objects.none(), today)
    rows = [
        {"code": code, "name": name, **by_code.get(code, empty)}
        for code, name in areas.order_by("code").values_list("code", "name")
    ]
    return rows, figures(items, today), level


# ---- the departments' monthly bulletin (models.bulletin) ---------------------------------


def bulletins(*, user: User) -> QuerySet[Bulletin]:
    """The bulletins the user may read, newest first: their district's, or the city's."""
    return visible(user, Bulletin.objects.select_related("district")).order_by(
        "-year", "-month", "district__code"
    )


def bulletin_get(*, user: User, pk: int) -> Bulletin:
    """One bulletin: 404 outside the user's district (street and department staff: all)."""
    return get_visible_or_404(user, bulletins(user=user), pk=pk)


def bulletin_entries(bulletin: Bulletin) -> QuerySet[BulletinEntry]:
    """The departments a bulletin names, with their rates (exact, in SQL), street by street
    and within a street its own departments first, then its communities'."""
    return (
        bulletin.entries.with_rates()
        .select_related("department__street", "department__community__street")
        .annotate(
            street_code=Coalesce("department__street__code", "department__community__street__code"),
            community_code=Coalesce("department__community__code", Value("")),
        )
        .order_by("street_code", "community_code", "department__key")
    )


def department_names(entry: BulletinEntry) -> dict[str, str]:
    """A department as the bulletin names it: its area (street or community), the area's
    street, its platform key and the key in words."""
    department = entry.department
    area = department.street or department.community
    assert area is not None  # a department belongs to a street or a community
    street = department.street or (department.community.street if department.community else None)
    return {
        "area_code": area.code,
        "area_name": area.name,
        "street_name": street.name if street else "",
        "key": department.key,
        "key_label": str(department.get_key_display()),
    }


def bulletin_rows(bulletin: Bulletin) -> list[dict[str, Any]]:
    """The bulletin's departments as the page, the XLSX and the publication show them."""
    return [
        {
            "entry": entry,
            **department_names(entry),
            **{name: getattr(entry, name) for name in BULLETIN_COUNTS},
            "on_time_rate": entry.on_time_rate,  # type: ignore[attr-defined]  # with_rates()
            "acceptance_rate": entry.acceptance_rate,  # type: ignore[attr-defined]
            "satisfaction": entry.satisfaction,  # type: ignore[attr-defined]
            "below_satisfaction": entry.below_satisfaction,
            "below_on_time": entry.below_on_time,
        }
        for entry in bulletin_entries(bulletin)
    ]
