"""The department's steps on a referred item (DOMAIN.md, "Grievances"): it accepts the
item, notes progress and proposes the answer; street staff confirm the proposal (resolved
and answered) or send it back.

Every step is one transaction with its entry on the item's timeline, and a step taken
from a form carries the item's version (a stale form is refused, core.concurrency).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import recorded_user
from districts.models import Notification, User
from districts.scoping import department_of

from ..models import FollowUp, Grievance, HandBack
from .common import lock_for_step, save_step
from .handovers import hand_back, hand_back_clear, tell
from .problems import problem_escalate_item


def _for_department(grievance: Grievance, user: User) -> None:
    """Only the department the item is referred to acts on it, and only while it is open."""
    department = department_of(user)
    if department is None or grievance.department_id != department:
        raise PermissionDenied
    if grievance.disposition != Grievance.Disposition.REFERRED:
        raise PermissionDenied


@transaction.atomic
def grievance_accept(*, grievance: Grievance, user: User, version: int | None = None) -> Grievance:
    before = lock_for_step(grievance, version)
    _for_department(grievance, user)
    if grievance.is_resolved:
        raise ValidationError({"version": _("This item is already resolved.")})
    if grievance.accepted_at is not None:
        raise ValidationError({"version": _("Your department has already accepted this item.")})
    grievance.accepted_at = timezone.now()
    return save_step(grievance, user, FollowUp.Kind.ACCEPTED, "", before)


@transaction.atomic
def grievance_progress(*, grievance: Grievance, text: str, user: User) -> FollowUp:
    """A progress note on the item's timeline, while it is open: a resolved item's work is
    done, and a note on it would read as work still going on (issue 22, item 8)."""
    lock_for_step(grievance, None)  # a confirmation at the same moment is seen, not raced
    _for_department(grievance, user)
    if grievance.is_resolved:
        raise ValidationError({"text": _("This item is already resolved: no more progress notes.")})
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=user, kind=FollowUp.Kind.PROGRESS, text=text.strip()
    )


@transaction.atomic
def grievance_propose(
    *, grievance: Grievance, answer: str, user: User, version: int | None = None
) -> Grievance:
    before = lock_for_step(grievance, version)
    _for_department(grievance, user)
    if grievance.is_resolved:
        raise ValidationError({"answer": _("This item is already resolved.")})
    if grievance.accepted_at is None:
        raise ValidationError({"answer": _("Accept the item before proposing its answer.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident is to be told.")})
    grievance.proposed_answer = answer.strip()
    grievance.proposed_at = timezone.now()
    hand_back_clear(grievance)  # answered again: the street has it now
    save_step(grievance, user, FollowUp.Kind.PROPOSED, grievance.proposed_answer, before)
    tell(grievance, Notification.Kind.PROPOSED, street=True)
    return grievance


@transaction.atomic
def grievance_confirm(*, grievance: Grievance, user: User, version: int | None = None) -> Grievance:
    """Street staff confirm the department's proposal: the item is resolved today (if it
    was still open) and the proposed answer is the answer given to the resident."""
    before = lock_for_step(grievance, version)
    if grievance.proposed_at is None:
        raise ValidationError({"version": _("There is no proposed answer to confirm.")})
    today = timezone.localdate()
    if grievance.resolved_on is None:
        grievance.resolved_on = today
    grievance.answer = grievance.proposed_answer
    grievance.answered_on = today
    grievance.answered_by = recorded_user(user)
    grievance.proposed_answer, grievance.proposed_at = "", None
    grievance.verdict, grievance.verdict_on = "", None  # a new answer awaits its own verdict
    hand_back_clear(grievance)
    return save_step(grievance, user, FollowUp.Kind.CONFIRMED, grievance.answer, before)


@transaction.atomic
def grievance_send_back(
    *, grievance: Grievance, reason: str, user: User, version: int | None = None
) -> Grievance:
    """The proposal goes back to the department with the reason, which its work list and
    the item show until it proposes again; its text is kept for the department to start
    the next one from. The department's staff get a notice. Sent back the third time, the
    item is a problem item and goes to its district (services.problems)."""
    before = lock_for_step(grievance, version)
    if grievance.proposed_at is None:
        raise ValidationError({"reason": _("There is no proposed answer to send back.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer is sent back.")})
    grievance.proposed_at = None
    hand_back(grievance, HandBack.SENT_BACK, reason.strip())
    save_step(grievance, user, FollowUp.Kind.RETURNED, reason.strip(), before)
    tell(grievance, Notification.Kind.SENT_BACK, department=True)
    problem_escalate_item(grievance)  # the third time: a problem item, to the district
    return grievance
