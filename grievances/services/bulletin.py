"""Generating the departments' monthly bulletins (DOMAIN.md, "Departments answer for
their work"), set-based: every district's bulletin of a month in a constant number of
queries, whatever the number of districts, departments and items.

Run by the daily job (grievances.tasks) on every working day from the first working day
of a month on, for the month before: the first run of the month generates every district's
bulletin, later runs find them there and add nothing (one row per district and month,
a unique constraint). Two runs at once are serialised by locking the districts' rows, so
neither generates a bulletin twice. Each new bulletin is a notice in its district
officials' inbox (and so in their daily digest, dashboard.digest).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils import timezone

from core import dataversion
from core.expressions import Exact
from core.workdays import is_working_day
from districts.models import Department, District, Notification, Role, User
from districts.notifications import notify

from ..models import Bulletin, BulletinEntry, GrievancePolicy
from ..models.bulletin import COUNTS, month_bounds


def first_working_day(year: int, month: int) -> datetime.date:
    """The month's first working day on the official calendar (core.workdays)."""
    day = datetime.date(year, month, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_month(day: datetime.date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def due_month(today: datetime.date) -> tuple[int, int] | None:
    """The month whose bulletins are due on ``today``: the previous one, from this month's
    first working day on (a working day: the job runs on working days); None before."""
    if not is_working_day(today) or today < first_working_day(today.year, today.month):
        return None
    return previous_month(today)


def below(numerator: str, denominator: str, threshold: Decimal) -> Case:
    """Whether numerator x 100 / denominator is below ``threshold``, exactly in SQL by
    cross-multiplication of the counts (numerator x 100 < threshold x denominator); an
    empty denominator gives no rate, never below."""
    return Case(
        When(
            Q(**{f"{denominator}__gt": 0}),
            then=LessThan(
                Exact(F(numerator)) * Exact(Value(100)),
                Exact(F(denominator)) * Exact(Value(threshold)),
            ),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _figures(
    districts: list[int], start: datetime.date, end: datetime.date, as_of: datetime.date
) -> QuerySet[Department]:
    from ..departments.figures import department_figures

    departments = Department.objects.filter(
        Q(street__district_id__in=districts) | Q(community__street__district_id__in=districts)
    )
    return department_figures(departments, start=start, end=end, as_of=as_of).annotate(
        district_id=Coalesce("street__district_id", "community__street__district_id")
    )


def assessed_rows(
    districts: list[int], year: int, month: int, as_of: datetime.date, policy: GrievancePolicy
) -> list[dict[str, Any]]:
    """Every department of the districts with an item referred in the month: its counts,
    its district, and whether it is below each threshold (one query)."""
    start, end = month_bounds(year, month)
    return list(
        _figures(districts, start, end, as_of)
        .filter(referred__gt=0)  # type: ignore[misc]  # an annotation of department_figures
        .annotate(
            is_below_satisfaction=below(
                "satisfied_verdicts", "verdicts", policy.department_satisfaction_threshold
            ),
            is_below_on_time=below(
                "resolved_on_time", "resolution_due", policy.department_on_time_threshold
            ),
        )
        .order_by()
        .values("pk", "district_id", "is_below_satisfaction", "is_below_on_time", *COUNTS)
    )


def _notify(bulletins: list[Bulletin]) -> None:
    """A notice to each active district official of each new bulletin's district."""
    by_district = {b.district_id: b for b in bulletins}
    officials = User.objects.filter(
        is_active=True, role=Role.DISTRICT_OFFICIAL, district_id__in=list(by_district)
    ).values_list("pk", "district_id")
    notify(
        (
            user,
            Notification.Kind.BULLETIN,
            f"{by_district[district].district.name} {by_district[district].year}-"
            f"{by_district[district].month:02d}",
            reverse("grievances:bulletin", args=[by_district[district].pk]),
        )
        for user, district in officials
    )


@transaction.atomic
def bulletins_generate(
    *, year: int, month: int, as_of: datetime.date, districts: list[int] | None = None
) -> list[Bulletin]:
    """Generate the month's bulletin of every district (or of ``districts``) that has none
    yet, with the figures of the items referred in the month as of ``as_of``; returns the
    new ones ([] when every district has its bulletin: a second run adds nothing)."""
    # two runs at once: the second waits here, then finds the first one's bulletins
    list(District.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    candidates = (
        District.objects.all() if districts is None else District.objects.filter(pk__in=districts)
    )
    missing = list(
        candidates.exclude(bulletins__year=year, bulletins__month=month).order_by("code")
    )
    if not missing:
        return []
    policy = GrievancePolicy.for_year(year)
    rows = assessed_rows([d.pk for d in missing], year, month, as_of, policy)
    assessed: dict[int, int] = {}
    for row in rows:
        assessed[row["district_id"]] = assessed.get(row["district_id"], 0) + 1
    bulletins = Bulletin.objects.bulk_create(
        [
            Bulletin(
                district=district,
                year=year,
                month=month,
                as_of=as_of,
                satisfaction_threshold=policy.department_satisfaction_threshold,
                on_time_threshold=policy.department_on_time_threshold,
                assessed=assessed.get(district.pk, 0),
            )
            for district in missing
        ]
    )
    bulletin_of = {b.district_id: b.pk for b in bulletins}
    BulletinEntry.objects.bulk_create(
        [
            BulletinEntry(
                bulletin_id=bulletin_of[row["district_id"]],
                department_id=row["pk"],
                below_satisfaction=row["is_below_satisfaction"],
                below_on_time=row["is_below_on_time"],
                **{name: row[name] for name in COUNTS},
            )
            for row in rows
            if row["is_below_satisfaction"] or row["is_below_on_time"]
        ],
        batch_size=1000,
    )
    dataversion.bump("bulletins")  # bulk writes send no signal
    _notify(bulletins)
    return bulletins


def bulletins_due(*, today: datetime.date | None = None) -> int:
    """The daily job: generate the previous month's bulletins when they are due (from this
    month's first working day); returns how many were generated."""
    today = timezone.localdate() if today is None else today
    due = due_month(today)
    if due is None:
        return 0
    return len(bulletins_generate(year=due[0], month=due[1], as_of=today))
