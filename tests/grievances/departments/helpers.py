"""Referred items built by hand with their timeline at chosen moments: the record's tests
(figures, items, pages, the command) count what these say."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

from grievances.models import FollowUp, Grievance
from grievances.models.grievance import RESIDENT_UNSATISFIED
from tests.factories import GrievanceFactory

D = datetime.date
LOCAL = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL)


def step(
    grievance: Grievance, kind: str, day: datetime.date, text: str = "", hour: int = 10
) -> FollowUp:
    """A timeline row of ``kind`` on ``day`` (its moment is set after: ``at`` is automatic)."""
    row = FollowUp.objects.create(grievance=grievance, kind=kind, text=text)
    FollowUp.objects.filter(pk=row.pk).update(at=moment(day, hour))
    return row


def referred_item(
    department,
    referred_on: datetime.date,
    *,
    deadline: datetime.date | None = None,
    accepted_on: datetime.date | None = None,
    resolved_on: datetime.date | None = None,
    verdict: str = "",
    sent_back: int = 0,
    reopened: int = 0,
    community=None,
    with_referral_step: bool = True,
    **fields,
) -> Grievance:
    """An item received and referred to ``department`` on ``referred_on`` (its referral
    on the timeline unless ``with_referral_step`` is False, as an import leaves it)."""
    community = community or (
        department.community or department.street.communities.order_by("code").first()
    )
    item = GrievanceFactory(
        reference=f"R-{referred_on.year}-{next(_numbers):04d}",
        community=community,
        received_on=referred_on,
        disposition=Grievance.Disposition.REFERRED,
        department=department,
        deadline=deadline or referred_on + datetime.timedelta(days=20),
        resolved_on=resolved_on,
        answered_on=resolved_on if (resolved_on and verdict) else None,
        verdict=verdict,
        verdict_on=resolved_on if verdict else None,
        **fields,
    )
    if with_referral_step:
        step(item, FollowUp.Kind.REFERRED, referred_on, "police", hour=9)
    if accepted_on is not None:
        step(item, FollowUp.Kind.ACCEPTED, accepted_on, hour=11)
        Grievance.objects.filter(pk=item.pk).update(accepted_at=moment(accepted_on, 11))
    later = accepted_on or referred_on
    for _ in range(sent_back):
        step(item, FollowUp.Kind.RETURNED, later, "不够具体", hour=15)
    for _ in range(reopened):
        step(item, FollowUp.Kind.REOPENED, later, RESIDENT_UNSATISFIED, hour=16)
    item.refresh_from_db()
    return item
