"""Writes of grievances: intake, referral, resolution, the answer, reopening, notes.

Each step checks DOMAIN.md's consistency rules (grievances.rules), saves with its history
and adds an entry to the timeline, in one transaction.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.history import attribute_history, recorded_user
from districts.models import Community, Department, Street, User

from .models import FollowUp, Grievance
from .rules import consistency_errors
from .selectors import departments_for

if TYPE_CHECKING:
    # the type only: this app does not import the reviews app
    from evaluations.models import Meeting


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


def _save(grievance: Grievance, user: User | None, kind: str, text: str = "") -> Grievance:
    _check(grievance)
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
    meeting: Meeting | None = None,
    key_dispute: bool = False,
    handled_on_the_spot: bool = False,
    reference: str | None = None,
) -> Grievance:
    grievance = Grievance(
        reference=reference or reference_next(street=community.street, year=received_on.year),
        community=community,
        source=Grievance.Source.MEETING if meeting is not None else source,
        meeting=meeting,
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
) -> Grievance:
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
    return _save(grievance, user, FollowUp.Kind.REFERRED, text)


@transaction.atomic
def grievance_resolve(
    *, grievance: Grievance, resolved_on: datetime.date, user: User | None, note: str = ""
) -> Grievance:
    if grievance.is_resolved:
        raise ValidationError({"resolved_on": _("This item is already resolved.")})
    grievance.resolved_on = resolved_on
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = (
            Grievance.Disposition.ON_THE_SPOT
            if resolved_on == grievance.received_on
            else Grievance.Disposition.AFTERWARDS
        )
    return _save(grievance, user, FollowUp.Kind.RESOLVED, note.strip())


@transaction.atomic
def grievance_answer(
    *, grievance: Grievance, answer: str, answered_on: datetime.date, user: User | None
) -> Grievance:
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident was told.")})
    grievance.answer = answer.strip()
    grievance.answered_on = answered_on
    grievance.answered_by = recorded_user(user)
    return _save(grievance, user, FollowUp.Kind.ANSWERED, grievance.answer)


@transaction.atomic
def grievance_reopen(*, grievance: Grievance, reason: str, user: User | None) -> Grievance:
    if not grievance.is_resolved:
        raise ValidationError({"reason": _("This item is not resolved.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    grievance.resolved_on = None
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = Grievance.Disposition.NONE
    return _save(grievance, user, FollowUp.Kind.REOPENED, reason.strip())


@transaction.atomic
def grievance_note(*, grievance: Grievance, text: str, user: User | None) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=recorded_user(user), kind=FollowUp.Kind.NOTE, text=text.strip()
    )
