"""Replacement recommendations: sent and closed by staff (DOMAIN.md rule 5).

They are opened, moved, withdrawn and restored by the streaks: :mod:`.reconcile`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.concurrency import (
    bump_if_changed,
    conflict,
    snapshot,
)
from core.history import attribute_history
from districts.models import User

from ..models import Recommendation

RECOMMENDATION_FIELDS = [
    "addressed_to",
    "sent_on",
    "outcome",
    "outcome_on",
    "reason",
    "withdrawn_at",
]


def _recommendation_locked(recommendation: Recommendation, version: int | None) -> dict[str, Any]:
    """Lock the recommendation, refuse a form opened at another version, and bring the
    instance up to date (a step never writes back values someone else has changed)."""
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if version is not None and current.version != version:
        raise conflict(
            model=Recommendation,
            history=Recommendation.history.filter(id=current.pk),
            version=version,
            current=current,
            fields=RECOMMENDATION_FIELDS,
        )
    recommendation.refresh_from_db()
    return snapshot(recommendation)


@transaction.atomic
def recommendation_send(
    *,
    recommendation: Recommendation,
    sent_on: datetime.date,
    addressed_to: str,
    user: User | None,
    version: int | None = None,
) -> Recommendation:
    """Record when and to whom it was sent; ``version``: see :func:`meeting_save`."""
    before = _recommendation_locked(recommendation, version)
    opened = recommendation.opened_by.meeting.held_on
    if sent_on < opened:
        raise ValidationError(
            {"sent_on": _("It cannot be sent before the meeting that opened it.")}
        )
    recommendation.sent_on = sent_on
    recommendation.addressed_to = addressed_to
    attribute_history(recommendation, user)
    recommendation.full_clean(exclude=["official", "community", "opened_by", "previous"])
    if bump_if_changed(recommendation, before):
        recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_close(
    *,
    recommendation: Recommendation,
    outcome: str,
    outcome_on: datetime.date,
    reason: str,
    user: User | None,
    version: int | None = None,
) -> Recommendation:
    """Record the outcome; ``version``: see :func:`meeting_save`."""
    before = _recommendation_locked(recommendation, version)
    errors = {}
    if not recommendation.sent_on:
        errors["outcome"] = _("Record when the recommendation was sent before its outcome.")
    elif outcome_on < recommendation.sent_on:
        errors["outcome_on"] = _("The outcome cannot come before the recommendation was sent.")
    if outcome == Recommendation.Outcome.RETAINED and not reason.strip():
        errors["reason"] = _("Say why the official was retained.")
    if outcome not in (Recommendation.Outcome.REPLACED, Recommendation.Outcome.RETAINED):
        errors["outcome"] = _("Choose replaced or retained.")
    if errors:
        raise ValidationError(errors)
    recommendation.outcome = outcome
    recommendation.outcome_on = outcome_on
    recommendation.reason = reason.strip()
    attribute_history(recommendation, user)
    if bump_if_changed(recommendation, before):
        recommendation.save()
    return recommendation
