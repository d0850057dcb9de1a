"""Problem items escalated to their district (DOMAIN.md, "Departments answer for their
work"; issue 25): an item sent back 3 times or reopened twice (the one rule,
``grievances.departments.item_counts.problem_q``) goes to its district once, like an
overdue item: ``problem_escalated_at`` set, an entry on its timeline, a notice to the
district officials of its district.

It happens at two places, never twice:

- in the step that makes the item a problem item (the third send-back, the second
  reopening by an unsatisfied verdict), in that step's transaction
  (:func:`problem_escalate_item`);
- in the daily escalation job, set-based, for the items that reached the rule otherwise
  (imported, or before this rule existed) (:func:`problem_escalate`).

Both write with one conditional UPDATE (``problem_escalated_at IS NULL``) over rows they
hold locked, so two runs at once, or a run and a step at once, escalate an item once;
the timeline entry and the notices follow only the rows that UPDATE changed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import dataversion
from districts.models import Notification, Role, User
from districts.notifications import notify

from ..departments.item_counts import problem_items
from ..models import FollowUp, Grievance
from ..selectors import problem_candidates_q


def _notify(ids: list[int]) -> None:
    """A notice to each active district official of each item's district (two queries
    whatever the number of items, and notify's own)."""
    items = list(
        Grievance.objects.filter(pk__in=ids).values_list(
            "reference", "community__street__district_id"
        )
    )
    officials: dict[int, list[int]] = {}
    for pk, district_id in User.objects.filter(
        is_active=True, role=Role.DISTRICT_OFFICIAL, district_id__in={d for _r, d in items}
    ).values_list("pk", "district_id"):
        officials.setdefault(district_id, []).append(pk)
    notify(
        (user, Notification.Kind.PROBLEM_DISTRICT, ref, reverse("grievances:detail", args=[ref]))
        for ref, district in items
        for user in officials.get(district, [])
    )


def _escalate(ids: list[int], now: datetime.datetime) -> int:
    """Escalate the items of ``ids`` not yet escalated as problem items; how many were.
    The rows are locked first (in pk order: two runs never wait for each other in a
    circle), and the WHERE is checked again on the locked rows."""
    locked = list(
        Grievance.objects.filter(pk__in=ids, problem_escalated_at__isnull=True)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not locked:
        return 0
    updated = Grievance.objects.filter(pk__in=locked, problem_escalated_at__isnull=True).update(
        problem_escalated_at=now
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(grievance_id=pk, kind=FollowUp.Kind.ESCALATED, text=FollowUp.ESCALATED_PROBLEM)
            for pk in locked
        ],
        batch_size=1000,
    )
    dataversion.bump()  # an update() sends no signal
    _notify(locked)
    return updated


@transaction.atomic
def problem_escalate(*, now: datetime.datetime | None = None) -> int:
    """Every problem item not yet escalated (the daily job); how many went to their
    district in this run (0 on a second run)."""
    now = timezone.now() if now is None else now
    due = problem_items(
        Grievance.objects.filter(problem_candidates_q(), problem_escalated_at__isnull=True)
    )
    return _escalate(list(due.order_by("pk").values_list("pk", flat=True)), now)


def problem_escalate_item(grievance: Grievance) -> bool:
    """In a step's transaction, after its timeline entry: the item to its district if the
    step made it a problem item (and it was not escalated as one before). True if it went."""
    if grievance.problem_escalated_at is not None:
        return False
    if not problem_items(Grievance.objects.filter(pk=grievance.pk)).exists():
        return False
    now = timezone.now()
    if not _escalate([grievance.pk], now):
        return False
    grievance.problem_escalated_at = now
    return True
