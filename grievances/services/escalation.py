"""Escalation of overdue items (DOMAIN.md, "Grievances"), set-based.

An open referred item past its deadline is escalated to its district; still open
``city_escalation_days`` working days after its deadline (the year's GrievancePolicy), to
the city. Each escalation is one UPDATE ... WHERE over every item due for it and one
bulk insert of timeline entries, whatever the number of items; the rows are locked and
re-checked first, so two runs at once (two workers) escalate each item once, and a second
run changes nothing. The officials of the level are notified (districts.notifications).
Called by the daily job (grievances.tasks).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import dataversion
from core.workdays import add_working_days
from districts.models import Notification, Role, User
from districts.notifications import notify

from ..models import FollowUp, Grievance, GrievancePolicy

DISTRICT, CITY = "district", "city"


def _notify(level: str, ids: list[int]) -> None:
    """A notice to each active official of the level the items went to: the district
    officials of each item's district, or the city officials. Three queries whatever the
    number of items."""
    items = list(
        Grievance.objects.filter(pk__in=ids).values_list(
            "reference", "community__street__district_id"
        )
    )
    officials = User.objects.filter(is_active=True)
    if level == DISTRICT:
        kind = Notification.Kind.ESCALATED_DISTRICT
        by_district: dict[int, list[int]] = {}
        for pk, district_id in officials.filter(
            role=Role.DISTRICT_OFFICIAL, district_id__in={d for _r, d in items}
        ).values_list("pk", "district_id"):
            by_district.setdefault(district_id, []).append(pk)
        recipients = [(ref, by_district.get(district, [])) for ref, district in items]
    else:
        kind = Notification.Kind.ESCALATED_CITY
        city = list(officials.filter(role=Role.CITY_OFFICIAL).values_list("pk", flat=True))
        recipients = [(ref, city) for ref, _district in items]
    notify(
        (user, kind, ref, reverse("grievances:detail", args=[ref]))
        for ref, users in recipients
        for user in users
    )


def city_cutoff(today: datetime.date, days: int) -> datetime.date:
    """The last deadline whose ``days`` working days after it have all passed by ``today``:
    items due on or before it go to the city. add_working_days is monotonic in its start,
    so the deadlines that qualify are exactly those up to this date."""
    cutoff = add_working_days(today, -days)
    while add_working_days(cutoff, days) >= today:
        cutoff -= datetime.timedelta(days=1)
    while add_working_days(cutoff + datetime.timedelta(days=1), days) < today:
        cutoff += datetime.timedelta(days=1)
    return cutoff


def _escalate(qs: QuerySet[Grievance], field: str, level: str, now: datetime.datetime) -> int:
    ids = list(qs.select_for_update().order_by("pk").values_list("pk", flat=True))
    if not ids:
        return 0
    # the WHERE again: a row another run escalated while this one waited is left alone
    updated = Grievance.objects.filter(pk__in=ids, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    FollowUp.objects.bulk_create(
        [FollowUp(grievance_id=pk, kind=FollowUp.Kind.ESCALATED, text=level) for pk in ids],
        batch_size=1000,
    )
    dataversion.bump()  # an update() sends no signal: the cached figures count escalations
    _notify(level, ids)
    return updated


@transaction.atomic
def escalate(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Escalate every item due for it as of ``today``; returns how many went to the
    district and to the city in this run (0 and 0 on a second run)."""
    today = timezone.localdate() if today is None else today
    now = timezone.now() if now is None else now
    policy = GrievancePolicy.for_year(today.year)
    open_referred = Q(resolved_on__isnull=True, deadline__isnull=False)
    to_district = Grievance.objects.filter(
        open_referred, Grievance.overdue_q(today), escalated_to_district_at__isnull=True
    )
    counts = {DISTRICT: _escalate(to_district, "escalated_to_district_at", DISTRICT, now)}
    to_city = Grievance.objects.filter(
        open_referred,
        deadline__lte=city_cutoff(today, policy.city_escalation_days),
        escalated_to_city_at__isnull=True,
    )
    counts[CITY] = _escalate(to_city, "escalated_to_city_at", CITY, now)
    return counts
