"""What every step on an item shares: the item locked and checked against the version its
form was opened at, DOMAIN.md's consistency rules (grievances.rules), the save with its
history and the step's entry on the timeline, in the step's transaction.

A step taken from a form carries the item's version the form was opened at: if someone
else changed the item since, the step is refused (StaleEdit, saying what changed) and
nothing is saved (core.concurrency).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.concurrency import bump_if_changed, conflict, snapshot
from core.history import attribute_history, recorded_user
from districts.models import User

from ..models import FollowUp, Grievance
from ..rules import consistency_errors
from ..selectors import departments_for


def check_consistency(grievance: Grievance) -> None:
    errors = consistency_errors(
        {
            "received_on": grievance.received_on,
            "disposition": grievance.disposition,
            "department": grievance.department_id,
            "deadline": grievance.deadline,
            "resolved_on": grievance.resolved_on,
            "answered_on": grievance.answered_on,
        }
    )
    meeting = grievance.meeting  # None without a query when there is no meeting
    if meeting is not None and meeting.community_id != grievance.community_id:
        errors["meeting"] = _("The meeting belongs to another community.")
    if (
        grievance.department_id
        and not departments_for(grievance.community).filter(pk=grievance.department_id).exists()
    ):
        errors["department"] = _("The department is not on this community's or street's platform.")
    if errors:
        raise ValidationError(errors)


HISTORY_FIELDS = [
    "kind",
    "key_dispute",
    "summary",
    "received_on",
    "disposition",
    "department",
    "deadline",
    "resolved_on",
    "answer",
    "answered_on",
    "answered_by",
]


def lock_for_step(grievance: Grievance, version: int | None) -> dict[str, Any]:
    """Lock the item, refuse a form opened at another version, and bring the instance up
    to date (a step never writes back values someone else has changed); returns its
    values before the step."""
    current = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if version is not None and current.version != version:
        raise conflict(
            model=Grievance,
            history=Grievance.history.filter(id=current.pk),
            version=version,
            current=current,
            fields=HISTORY_FIELDS,
        )
    grievance.refresh_from_db()
    return snapshot(grievance)


def save_step(
    grievance: Grievance,
    user: User | None,
    kind: str,
    text: str = "",
    before: dict[str, Any] | None = None,
    *,
    by_resident: bool = False,
) -> Grievance:
    """``by_resident``: the resident took the step on the public page (no ``user``); the
    timeline says so."""
    check_consistency(grievance)
    if before is not None:
        bump_if_changed(grievance, before)
    attribute_history(grievance, user)
    grievance.full_clean(
        exclude=["community", "meeting", "department", "answered_by"], validate_unique=False
    )
    grievance.save()
    FollowUp.objects.create(
        grievance=grievance,
        user=recorded_user(user),
        by_resident=by_resident,
        kind=kind,
        text=text,
    )
    return grievance
