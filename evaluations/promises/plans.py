"""Improvement plans (整改), DOMAIN.md "Promises" rule 3: an official rated unsatisfied at a
counted meeting must own at least one promise of that meeting.

``plan_missing`` is one rule in SQL (:func:`plans_missing`): the ratings whose counted level
is unsatisfied (evaluations.expressions.rating_expressions) with NOT EXISTS a promise of
that official at that meeting. The dashboards' counts and lists, the list page and the
district's "waiting for you" line all read it. Recording the promise clears it.

10 working days (core.workdays) after the meeting the missing plan is escalated to the
district, once per meeting and official (:class:`evaluations.models.PlanEscalation`,
unique): :func:`plans_escalate`, set-based (one SELECT of everything due, one INSERT that
skips what is there already), run daily by the worker (evaluations.tasks).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from core.workdays import add_working_days
from districts.models import Notification, Role, User
from districts.notifications import notify
from districts.scoping import visible

from ..models import Level, PlanEscalation, Promise, Rating
from ..selectors import scored

if TYPE_CHECKING:
    from ..selectors import ScoredRating

ESCALATION_WORKING_DAYS = 10


def _same_pair(model: type[Promise] | type[PlanEscalation]) -> Exists:
    return Exists(
        model.objects.filter(meeting_id=OuterRef("meeting_id"), official_id=OuterRef("official_id"))
    )


def plans_missing(*, user: User | None = None) -> QuerySet[ScoredRating]:
    """The ratings that call for a plan nobody recorded (``None``: the whole installation),
    with ``escalated_at`` (the district's notice, or NULL)."""
    qs = Rating.objects.all() if user is None else visible(user, Rating.objects.all())
    escalated = PlanEscalation.objects.filter(
        meeting_id=OuterRef("meeting_id"), official_id=OuterRef("official_id")
    ).values("escalated_at")[:1]
    return (
        scored(qs)
        .filter(counted_level=Level.UNSATISFIED)
        .filter(~_same_pair(Promise))
        .annotate(escalated_at=Subquery(escalated))
        .select_related("meeting", "meeting__community", "meeting__community__street", "official")
        .order_by("meeting__held_on", "meeting__community__code", "official__code")
    )


def escalated_q() -> Exists:
    """The missing plan was escalated to the district (a PlanEscalation of the pair)."""
    return _same_pair(PlanEscalation)


def plans_escalated(*, user: User | None = None) -> QuerySet[ScoredRating]:
    """Missing plans already escalated to the district and still missing: what waits for
    the district's officials (dashboard.waiting), the list and its count alike."""
    return plans_missing(user=user).filter(escalated_q())


def escalation_cutoff(today: datetime.date, days: int = ESCALATION_WORKING_DAYS) -> datetime.date:
    """The last meeting day whose ``days`` working days after it have all passed by
    ``today`` (as an overdue grievance: its deadline is before today)."""
    cutoff = add_working_days(today, -days)
    while add_working_days(cutoff, days) >= today:
        cutoff -= datetime.timedelta(days=1)
    while add_working_days(cutoff + datetime.timedelta(days=1), days) < today:
        cutoff += datetime.timedelta(days=1)
    return cutoff


def _notify(escalations: list[tuple[int, str, str, int]]) -> None:
    """A notice to each active district official of each meeting's district."""
    officials: dict[int, list[int]] = {}
    for pk, district_id in User.objects.filter(
        is_active=True,
        role=Role.DISTRICT_OFFICIAL,
        district_id__in={district for *_rest, district in escalations},
    ).values_list("pk", "district_id"):
        officials.setdefault(district_id, []).append(pk)
    notify(
        (user, Notification.Kind.PLAN_MISSING, subject, reverse("evaluations:meeting", args=[pk]))
        for pk, subject, _name, district in escalations
        for user in officials.get(district, [])
    )


@transaction.atomic
def plans_escalate(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Escalate every plan missing 10 working days after its meeting, not escalated yet;
    returns how many this run escalated (0 on a second run, and for a second worker
    running at once: the unique pair keeps the first one's row)."""
    today = timezone.localdate() if today is None else today
    now = timezone.now() if now is None else now
    due = (
        plans_missing()
        .filter(meeting__held_on__lte=escalation_cutoff(today))
        .filter(~escalated_q())
    )
    pairs = list(due.values_list("meeting_id", "official_id"))
    if not pairs:
        return 0
    PlanEscalation.objects.bulk_create(
        [PlanEscalation(meeting_id=m, official_id=o, escalated_at=now) for m, o in pairs],
        batch_size=1000,
        ignore_conflicts=True,
    )
    escalated = PlanEscalation.objects.filter(
        escalated_at=now, meeting_id__in={m for m, _o in pairs}
    ).values_list(
        "meeting_id",
        "official__name",
        "meeting__community__name",
        "meeting__year",
        "meeting__quarter",
        "meeting__community__street__district_id",
    )
    new = [
        (meeting_id, f"{official} · {community} {year} Q{quarter}", official, district)
        for meeting_id, official, community, year, quarter, district in escalated
    ]
    _notify(new)
    return len(new)
