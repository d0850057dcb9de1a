"""Referral: the item sent to a department of its community's or street's platform, with a
deadline in working days on the official calendar (DOMAIN.md, "Grievances")."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import Department, User

from ..models import FollowUp, Grievance, GrievancePolicy
from ..models.grievance import DEPARTMENT_CODE, WORKING_DAYS_CODE
from ..rules import deadline_days_errors, referral_deadline
from .common import lock_for_step, save_step
from .handovers import hand_back_clear


@transaction.atomic
def grievance_refer(
    *,
    grievance: Grievance,
    department: Department | None,
    deadline: datetime.date | None = None,
    working_days: int | None = None,
    user: User | None,
    note: str = "",
    version: int | None = None,
    today: datetime.date | None = None,
) -> Grievance:
    """Refer the item to a department with a deadline: ``working_days`` from ``today`` on
    the official calendar (within the year's limits, GrievancePolicy), or a ``deadline``
    date as such (imports, corrections). Re-referring clears an earlier escalation: the
    new deadline starts the clock again."""
    before = lock_for_step(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"department": _("A resolved item is reopened before referring.")})
    if working_days is not None:
        today = timezone.localdate() if today is None else today
        errors = deadline_days_errors(working_days, GrievancePolicy.for_year(today.year))
        if errors:
            raise ValidationError(errors)
        deadline, _days = referral_deadline(
            referred_on=today, key_dispute=grievance.key_dispute, days=working_days
        )
        note = " · ".join(filter(None, [f"{WORKING_DAYS_CODE}{working_days}", note.strip()]))
    if deadline != grievance.deadline:
        grievance.escalated_to_district_at = None
        grievance.escalated_to_city_at = None
    grievance.disposition = Grievance.Disposition.REFERRED
    if department is None or grievance.department_id != department.pk:
        # a new department takes the item up afresh
        grievance.accepted_at = None
        grievance.proposed_answer, grievance.proposed_at = "", None
        hand_back_clear(grievance)
    grievance.department = department
    grievance.deadline = deadline
    text = " · ".join(
        filter(
            None,
            [
                f"{DEPARTMENT_CODE}{department.key}" if department else "",
                deadline.isoformat() if deadline else "",
                note.strip(),
            ],
        )
    )
    return save_step(grievance, user, FollowUp.Kind.REFERRED, text, before)
