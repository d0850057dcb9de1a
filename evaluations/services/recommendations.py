"""Replacement recommendations: opened and withdrawn by the streaks, then sent and closed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import (
    bump_if_changed,
    conflict,
    snapshot,
)
from core.history import attribute_history
from districts.models import Official, User

from ..models import Recommendation
from ..selectors import ratings

if TYPE_CHECKING:
    from ..selectors import ScoredRating


T = TypeVar("T")


def _quarter_index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def unsatisfied_runs(
    rows: Iterable[T], *, index: Callable[[T], int], unsatisfied: Callable[[T], bool]
) -> list[list[T]]:
    """Runs of consecutive quarters whose counted level is unsatisfied (rule 5), of any
    kind of row: ``index`` gives a row's quarter as a number (:func:`_quarter_index`),
    ``unsatisfied`` whether its counted level is unsatisfied. The rows are one official's
    in one community and role, in quarter order. The one home of the streak rule: the
    per-meeting sync and the bulk sync of an import both call it."""
    runs: list[list[T]] = []
    previous_index, previous_unsatisfied = None, False
    for row in rows:
        at, bad = index(row), unsatisfied(row)
        if bad:
            if previous_unsatisfied and previous_index is not None and at == previous_index + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        previous_index, previous_unsatisfied = at, bad
    return runs


def streaks(rows: Iterable[ScoredRating]) -> list[list[ScoredRating]]:
    """Runs of consecutive quarters whose counted level is unsatisfied (rule 5).

    ``rows`` are one official's ratings in one community and role, in quarter order, each
    annotated with ``counted_level``: a meeting without quorum or not submitted has none,
    and so breaks a run, as does a quarter without a meeting.
    """
    return unsatisfied_runs(
        rows,
        index=lambda r: _quarter_index(r.meeting.year, r.meeting.quarter),
        unsatisfied=lambda r: r.counted_level == "unsatisfied",
    )


@transaction.atomic
def recommendations_sync(
    *, official_id: int, community_id: int, role: str, user: User | None = None
) -> None:
    """Open one recommendation per streak of two or more unsatisfied quarters; withdraw
    the ones a correction has taken the streak from (and restore them if it comes back)."""
    rows = list(
        ratings()
        .filter(official_id=official_id, meeting__community_id=community_id, role=role)
        .order_by("meeting__year", "meeting__quarter")
    )
    wanted = {run[1].pk: run[0].pk for run in streaks(rows) if len(run) >= 2}
    existing = list(
        Recommendation.objects.select_for_update().filter(
            official_id=official_id, community_id=community_id, role=role
        )
    )
    organisation = (
        Official.objects.get(pk=official_id)
        .postings.filter(community_id=community_id, role=role)
        .order_by("-start_date")
        .values_list("organisation", flat=True)
        .first()
    )
    changed, new = reconcile(
        official_id=official_id,
        community_id=community_id,
        role=role,
        wanted=wanted,
        existing=existing,
        organisation=organisation or "",
        now=timezone.now(),
    )
    for recommendation in [*changed, *new]:
        attribute_history(recommendation, user)
        recommendation.save()


def reconcile(
    *,
    official_id: int,
    community_id: int,
    role: str,
    wanted: dict[int, int],
    existing: Iterable[Recommendation],
    organisation: str,
    now: datetime.datetime,
) -> tuple[list[Recommendation], list[Recommendation]]:
    """What one official's recommendations in one community and role must become, given
    the streaks ``wanted`` (the rating that opens each: the one before it), unsaved: the
    existing ones withdrawn or restored, and the new ones. The per-meeting sync and the
    bulk sync of an import both decide with it."""
    changed: list[Recommendation] = []
    seen: set[int] = set()
    for recommendation in existing:
        seen.add(recommendation.opened_by_id)
        should_exist = recommendation.opened_by_id in wanted
        if should_exist and recommendation.withdrawn_at:
            recommendation.withdrawn_at = None
        elif not should_exist and not recommendation.withdrawn_at:
            recommendation.withdrawn_at = now
        else:
            continue
        recommendation.version += 1  # a form opened before the correction is now stale
        changed.append(recommendation)
    new = [
        Recommendation(
            official_id=official_id,
            community_id=community_id,
            role=role,
            opened_by_id=opened_by_id,
            previous_id=previous_id,
            addressed_to=organisation,
        )
        for opened_by_id, previous_id in wanted.items()
        if opened_by_id not in seen
    ]
    return changed, new


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
