"""Replacement recommendations: opened and withdrawn by the streaks, then sent and closed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import (
    bump_if_changed,
    conflict,
    snapshot,
)
from core.history import attribute_history
from districts.models import Community, Notification, Official, Role, User
from districts.notifications import notify

from ..models import Rating, Recommendation
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


@dataclass(frozen=True)
class RecommendationChange:
    """What a save did (or, previewed, would do) to a replacement recommendation."""

    class Kind(StrEnum):
        OPENED = "opened"
        WITHDRAWN = "withdrawn"
        RESTORED = "restored"
        CHANGED = "changed"  # the streak that opened it now starts or ends elsewhere

    kind: Kind
    official: str
    community: str
    sent: bool  # already sent: its sending record and outcome stay whatever happens
    recommendation_id: int | None
    detail: str

    def __str__(self) -> str:
        return self.detail


def _period(rating: ScoredRating | Rating) -> str:
    return f"{rating.meeting.year} Q{rating.meeting.quarter}"


@transaction.atomic
def recommendations_sync(
    *, official_id: int, community_id: int, role: str, user: User | None = None
) -> list[RecommendationChange]:
    """One recommendation per streak of two or more unsatisfied quarters (rule 5).

    A streak keeps the recommendation it opened when a correction or a back-filled quarter
    moves its start: an unsent one is moved to the streak's first two quarters, a sent one
    keeps its opening quarters, sending record and outcome, and the change is written into
    its history with the reason. A recommendation whose streak is gone is withdrawn (and
    restored if the streak comes back); one that was sent keeps its sending record and
    outcome, and says in its history why it was withdrawn. Returns what changed."""
    rows = list(
        ratings()
        .filter(official_id=official_id, meeting__community_id=community_id, role=role)
        .order_by("meeting__year", "meeting__quarter")
    )
    runs = [run for run in streaks(rows) if len(run) >= 2]
    existing = list(
        Recommendation.objects.select_for_update()
        .select_related("official", "community", "opened_by__meeting", "previous__meeting")
        .filter(official_id=official_id, community_id=community_id, role=role)
        .order_by("opened_by__meeting__year", "opened_by__meeting__quarter", "pk")
    )
    owner: dict[int, Recommendation] = {}  # run index -> the recommendation it keeps
    for recommendation in existing:
        for index, run in enumerate(runs):
            if index not in owner and recommendation.opened_by_id in {r.pk for r in run[1:]}:
                owner[index] = recommendation
                break
    changes: list[RecommendationChange] = []
    now = timezone.now()

    def note(recommendation: Recommendation, kind: RecommendationChange.Kind, detail: str) -> None:
        recommendation.version += 1  # a form opened before the change is now stale
        attribute_history(recommendation, user, detail[:100])  # simple-history keeps 100
        recommendation.save()
        changes.append(
            RecommendationChange(
                kind=kind,
                official=recommendation.official.name,
                community=recommendation.community.name,
                sent=recommendation.sent_on is not None,
                recommendation_id=recommendation.pk,
                detail=detail,
            )
        )

    owned = {r.pk for r in owner.values()}
    for recommendation in existing:
        if recommendation.pk in owned or recommendation.withdrawn_at:
            continue
        recommendation.withdrawn_at = now
        if recommendation.sent_on:
            detail = _(
                "Withdrawn: its unsatisfied streak no longer stands; sent on %(sent)s, "
                "that stays on record."
            ) % {"sent": recommendation.sent_on.isoformat()}
        else:
            detail = _("Withdrawn: its unsatisfied streak no longer stands.")
        note(recommendation, RecommendationChange.Kind.WITHDRAWN, detail)
    for index, recommendation in owner.items():
        first, second = runs[index][0], runs[index][1]
        if recommendation.withdrawn_at:
            recommendation.withdrawn_at = None
            note(
                recommendation,
                RecommendationChange.Kind.RESTORED,
                _("Restored: unsatisfied again in %(first)s and %(second)s.")
                % {"first": _period(first), "second": _period(second)},
            )
        if recommendation.opened_by_id == second.pk and recommendation.previous_id == first.pk:
            continue
        if recommendation.sent_on:  # what was sent stays as it was sent
            detail = _(
                "Streak now runs from %(first)s; sent for %(previous)s and %(opened)s, "
                "it stays as sent."
            ) % {
                "first": _period(first),
                "previous": _period(recommendation.previous),
                "opened": _period(recommendation.opened_by),
            }
        else:
            detail = _(
                "Now opened by %(first)s and %(second)s (was %(previous)s and %(opened)s)."
            ) % {
                "first": _period(first),
                "second": _period(second),
                "previous": _period(recommendation.previous),
                "opened": _period(recommendation.opened_by),
            }
            recommendation.opened_by_id, recommendation.previous_id = second.pk, first.pk
        note(recommendation, RecommendationChange.Kind.CHANGED, detail)
    organisation = (
        Official.objects.get(pk=official_id)
        .postings.filter(community_id=community_id, role=role)
        .order_by("-start_date")
        .values_list("organisation", flat=True)
        .first()
    )
    taken = {r.opened_by_id for r in existing}
    for index, run in enumerate(runs):
        if index in owner or run[1].pk in taken:
            continue
        recommendation = Recommendation(
            official_id=official_id,
            community_id=community_id,
            role=role,
            opened_by_id=run[1].pk,
            previous=run[0],
            addressed_to=organisation or "",
        )
        attribute_history(recommendation, user)
        recommendation.save()
        _notify_opened(recommendation)
        changes.append(
            RecommendationChange(
                kind=RecommendationChange.Kind.OPENED,
                official=recommendation.official.name,
                community=recommendation.community.name,
                sent=False,
                recommendation_id=recommendation.pk,
                detail=_("Opened: unsatisfied in %(first)s and %(second)s.")
                % {"first": _period(run[0]), "second": _period(run[1])},
            )
        )
    return changes


def _notify_opened(recommendation: Recommendation) -> None:
    """A notice to the street staff of its street and the officials of its district."""
    community = Community.objects.select_related("street").get(pk=recommendation.community_id)
    official = Official.objects.get(pk=recommendation.official_id)
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.STREET_STAFF, street_id=community.street_id)
        | Q(role=Role.DISTRICT_OFFICIAL, district_id=community.street.district_id)
    )
    subject = f"{official.name} · {community.name} (#{recommendation.pk})"
    url = reverse("evaluations:recommendation", args=[recommendation.pk])
    notify(
        (pk, Notification.Kind.RECOMMENDATION, subject, url)
        for pk in users.values_list("pk", flat=True)
    )


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
