"""Intake: an item recorded by street staff, from a form, a review meeting's page or an
import that brings its own reference (DOMAIN.md, "Grievances")."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from districts.models import Community, User
from evaluations.models import Meeting

from ..models import FollowUp, Grievance
from ..rules import date_range_errors
from .common import save_step
from .references import reference_counters_advance, reference_next


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
    if errors := date_range_errors({"received_on": received_on}):
        raise ValidationError(errors)  # before a number is taken for its year
    if reference:  # brought from elsewhere: intake must not generate it again
        reference_counters_advance(references=[reference])
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
    return save_step(
        grievance,
        user,
        FollowUp.Kind.RECEIVED,
        _("handled on the spot") if handled_on_the_spot else "",
    )
