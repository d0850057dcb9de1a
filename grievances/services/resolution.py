"""The street's own steps on an item: resolved, answered, reopened, a note on its
timeline (DOMAIN.md, "Grievances")."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import recorded_user
from districts.models import User

from ..models import FollowUp, Grievance, HandBack
from .common import lock_for_step, save_step
from .handovers import NOTICE_OF, hand_back, hand_back_clear, tell
from .problems import problem_escalate_item


@transaction.atomic
def grievance_resolve(
    *,
    grievance: Grievance,
    resolved_on: datetime.date,
    user: User | None,
    note: str = "",
    version: int | None = None,
) -> Grievance:
    before = lock_for_step(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"resolved_on": _("This item is already resolved.")})
    grievance.resolved_on = resolved_on
    hand_back_clear(grievance)
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = (
            Grievance.Disposition.ON_THE_SPOT
            if resolved_on == grievance.received_on
            else Grievance.Disposition.AFTERWARDS
        )
    return save_step(grievance, user, FollowUp.Kind.RESOLVED, note.strip(), before)


@transaction.atomic
def grievance_answer(
    *,
    grievance: Grievance,
    answer: str,
    answered_on: datetime.date,
    user: User | None,
    version: int | None = None,
) -> Grievance:
    before = lock_for_step(grievance, version)
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident was told.")})
    if grievance.answer != answer.strip():
        grievance.verdict, grievance.verdict_on = "", None  # a new answer awaits its verdict
    grievance.answer = answer.strip()
    grievance.answered_on = answered_on
    grievance.answered_by = recorded_user(user)
    return save_step(grievance, user, FollowUp.Kind.ANSWERED, grievance.answer, before)


@transaction.atomic
def grievance_reopen(
    *,
    grievance: Grievance,
    reason: str,
    user: User | None,
    version: int | None = None,
    by_resident: bool = False,
) -> Grievance:
    """The item is open again, back with its department (if referred) to take up again,
    the reason shown on the item and the department's work list; its staff get a notice,
    and, when the resident reopened it (``by_resident``: their verdict on the public page
    or by a call), the street's staff too. Reopened by an unsatisfied verdict the second
    time, the item is a problem item and goes to its district (services.problems)."""
    before = lock_for_step(grievance, version)
    if not grievance.is_resolved:
        raise ValidationError({"reason": _("This item is not resolved.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    grievance.resolved_on = None
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = Grievance.Disposition.NONE
    # back to its department, to take up again
    grievance.accepted_at = None
    grievance.proposed_at = None
    kind = HandBack.REOPENED_BY_RESIDENT if by_resident else HandBack.REOPENED
    hand_back(grievance, kind, reason.strip())
    save_step(
        grievance,
        user,
        FollowUp.Kind.REOPENED,
        reason.strip(),
        before,
        by_resident=by_resident and user is None,
    )
    tell(grievance, NOTICE_OF[kind], street=by_resident, department=True)
    problem_escalate_item(grievance)  # reopened twice by a verdict: a problem item
    return grievance


@transaction.atomic
def grievance_note(*, grievance: Grievance, text: str, user: User | None) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=recorded_user(user), kind=FollowUp.Kind.NOTE, text=text.strip()
    )
