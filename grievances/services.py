"""Writes of grievances: intake, referral, resolution, the answer, reopening, notes.

Each step checks DOMAIN.md's consistency rules (grievances.rules), saves with its history
and adds an entry to the timeline, in one transaction. A step taken from a form carries the
item's version the form was opened at: if someone else changed the item since, the step is
refused (StaleEdit, saying what changed) and nothing is saved (core.concurrency).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.concurrency import bump_if_changed, conflict, snapshot
from core.history import attribute_history, recorded_user
from districts.models import Community, Department, Street, User

from .models import FollowUp, Grievance
from .rules import consistency_errors
from .selectors import RaisedAt, departments_for


def reference_next(*, street: Street, year: int) -> str:
    """JB-WLD-2009-0042: the street's code, the year, and the street's next number in it.

    The whole street code keeps references unique across districts; the street row is
    locked so two people recording at once cannot take the same number.
    """
    Street.objects.select_for_update().filter(pk=street.pk).first()
    prefix = f"{street.code}-{year}-"
    last = Grievance.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
    number = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check(grievance: Grievance) -> None:
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


def _locked(grievance: Grievance, version: int | None) -> dict[str, Any]:
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


def _save(
    grievance: Grievance,
    user: User | None,
    kind: str,
    text: str = "",
    before: dict[str, Any] | None = None,
) -> Grievance:
    _check(grievance)
    if before is not None:
        bump_if_changed(grievance, before)
    attribute_history(grievance, user)
    grievance.full_clean(
        exclude=["community", "meeting", "department", "answered_by"], validate_unique=False
    )
    grievance.save()
    FollowUp.objects.create(grievance=grievance, user=recorded_user(user), kind=kind, text=text)
    return grievance


@transaction.atomic
def grievance_create(
    *,
    community: Community,
    kind: str,
    summary: str,
    received_on: datetime.date,
    user: User | None,
    source: str = Grievance.Source.OTHER,
    meeting: RaisedAt | None = None,
    key_dispute: bool = False,
    handled_on_the_spot: bool = False,
    reference: str | None = None,
) -> Grievance:
    grievance = Grievance(
        reference=reference or reference_next(street=community.street, year=received_on.year),
        community=community,
        source=Grievance.Source.MEETING if meeting is not None else source,
        meeting_id=None if meeting is None else meeting.pk,
        kind=kind,
        key_dispute=key_dispute,
        summary=summary.strip(),
        received_on=received_on,
    )
    if handled_on_the_spot:
        grievance.disposition = Grievance.Disposition.ON_THE_SPOT
        grievance.resolved_on = received_on
    return _save(
        grievance,
        user,
        FollowUp.Kind.RECEIVED,
        _("handled on the spot") if handled_on_the_spot else "",
    )


@transaction.atomic
def grievance_refer(
    *,
    grievance: Grievance,
    department: Department | None,
    deadline: datetime.date | None,
    user: User | None,
    note: str = "",
    version: int | None = None,
) -> Grievance:
    before = _locked(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"department": _("A resolved item is reopened before referring.")})
    grievance.disposition = Grievance.Disposition.REFERRED
    grievance.department = department
    grievance.deadline = deadline
    text = " · ".join(
        filter(
            None,
            [
                department.get_key_display() if department else "",
                deadline.isoformat() if deadline else "",
                note.strip(),
            ],
        )
    )
    return _save(grievance, user, FollowUp.Kind.REFERRED, text, before)


@transaction.atomic
def grievance_resolve(
    *,
    grievance: Grievance,
    resolved_on: datetime.date,
    user: User | None,
    note: str = "",
    version: int | None = None,
) -> Grievance:
    before = _locked(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"resolved_on": _("This item is already resolved.")})
    grievance.resolved_on = resolved_on
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = (
            Grievance.Disposition.ON_THE_SPOT
            if resolved_on == grievance.received_on
            else Grievance.Disposition.AFTERWARDS
        )
    return _save(grievance, user, FollowUp.Kind.RESOLVED, note.strip(), before)


@transaction.atomic
def grievance_answer(
    *,
    grievance: Grievance,
    answer: str,
    answered_on: datetime.date,
    user: User | None,
    version: int | None = None,
) -> Grievance:
    before = _locked(grievance, version)
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident was told.")})
    grievance.answer = answer.strip()
    grievance.answered_on = answered_on
    grievance.answered_by = recorded_user(user)
    return _save(grievance, user, FollowUp.Kind.ANSWERED, grievance.answer, before)


@transaction.atomic
def grievance_reopen(
    *, grievance: Grievance, reason: str, user: User | None, version: int | None = None
) -> Grievance:
    before = _locked(grievance, version)
    if not grievance.is_resolved:
        raise ValidationError({"reason": _("This item is not resolved.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    grievance.resolved_on = None
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = Grievance.Disposition.NONE
    return _save(grievance, user, FollowUp.Kind.REOPENED, reason.strip(), before)


@transaction.atomic
def grievance_note(*, grievance: Grievance, text: str, user: User | None) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=recorded_user(user), kind=FollowUp.Kind.NOTE, text=text.strip()
    )
