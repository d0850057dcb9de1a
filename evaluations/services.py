"""Writes of reviews: meetings with their tallies, and replacement recommendations.

Forms, the CSV import and the admin all call these, so each rule exists once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_history, recorded_user
from districts.models import Community, Official, User

from . import rules
from .models import Meeting, Policy, Rating, Recommendation
from .selectors import postings_on, ratings

if TYPE_CHECKING:
    from .selectors import ScoredRating


@dataclass(frozen=True)
class Tally:
    official_id: int
    very_satisfied: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int

    def counts(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in rules.COUNT_FIELDS}


@dataclass(frozen=True)
class MeetingSaveResult:
    """What :func:`meeting_save` did: the meeting, and what of it and its ratings changed."""

    meeting: Meeting
    created: bool  # the meeting is new
    changed: bool  # the meeting row was saved (new, or a value or its status changed)
    ratings_created: int
    ratings_updated: int
    ratings_unchanged: int


SaveOutcome = Literal["created", "updated", "unchanged"]


def policy_for_year_saved(year: int) -> Policy:
    """The year's policy row, created with the defaults the first time a year is used."""
    policy, _ = Policy.objects.get_or_create(year=year)
    return policy


@transaction.atomic
def policy_save(*, policy: Policy, user: User | None) -> Policy:
    attribute_history(policy, user)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def meeting_save(
    *,
    community: Community,
    year: int,
    quarter: int,
    held_on: datetime.date,
    present: int,
    tallies: Sequence[Tally],
    submit: bool,
    user: User | None = None,
    asked: str | None = None,
    promised: str | None = None,
) -> MeetingSaveResult:
    """Create or correct a community's meeting for a quarter, with its officials' tallies.

    A submitted meeting stays submitted; every change is kept in the history. Raises
    ValidationError naming the field when a rule is broken; nothing is saved then.
    """
    meeting = (
        Meeting.objects.select_for_update()
        .filter(community=community, year=year, quarter=quarter)
        .first()
    )
    roll = meeting.roll if meeting else community.representatives
    errors: dict[str, Any] = {}
    if not 1 <= quarter <= 4:
        errors["quarter"] = _("The quarter is a number from 1 to 4.")
    errors.update(rules.meeting_errors(roll=roll, present=present))
    posted = {p.official_id: p for p in postings_on(community, held_on)}
    for tally in tallies:
        if tally.official_id not in posted:
            errors.setdefault("official", []).append(
                _("%(official)s is not posted to %(community)s on %(date)s.")
                % {
                    "official": Official.objects.get(pk=tally.official_id).code,
                    "community": community.code,
                    "date": held_on.isoformat(),
                }
            )
        for field, message in rules.tally_errors(present=present, counts=tally.counts()).items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)

    created = meeting is None
    if meeting is None:
        meeting = Meeting(community=community, year=year, quarter=quarter, roll=roll)
    values: dict[str, Any] = {
        "policy": policy_for_year_saved(year),
        "held_on": held_on,
        "present": present,
    }
    if asked is not None:
        values["asked"] = asked
    if promised is not None:
        values["promised"] = promised
    changed = created or any(getattr(meeting, k) != v for k, v in values.items())
    for k, v in values.items():
        setattr(meeting, k, v)
    if submit and meeting.status != Meeting.Status.SUBMITTED:
        meeting.status = Meeting.Status.SUBMITTED
        meeting.submitted_at = timezone.now()
        meeting.submitted_by = recorded_user(user)
        changed = True
    if changed:
        attribute_history(meeting, user)
        meeting.full_clean(exclude=["community", "policy", "submitted_by"], validate_unique=False)
        meeting.save()
    ratings_created = ratings_updated = ratings_unchanged = 0

    existing = {r.official_id: r for r in meeting.ratings.all()}
    touched: set[tuple[int, int, str]] = set()
    for tally in tallies:
        role = posted[tally.official_id].role
        rating = existing.get(tally.official_id) or Rating(
            meeting=meeting, official_id=tally.official_id
        )
        rating_values: dict[str, object] = {**tally.counts(), "role": role}
        if rating.pk and all(getattr(rating, k) == v for k, v in rating_values.items()):
            ratings_unchanged += 1
            continue
        if rating.pk:
            ratings_updated += 1
        else:
            ratings_created += 1
        for k, v in rating_values.items():
            setattr(rating, k, v)
        attribute_history(rating, user)
        rating.save()
        touched.add((tally.official_id, community.pk, role))
    if changed:  # present, roll or status may change quorum or counting for everyone
        for rating in existing.values():
            touched.add((rating.official_id, community.pk, rating.role))
    for official_id, community_id, role in touched:
        recommendations_sync(
            official_id=official_id, community_id=community_id, role=role, user=user
        )
    return MeetingSaveResult(
        meeting=meeting,
        created=created,
        changed=changed,
        ratings_created=ratings_created,
        ratings_updated=ratings_updated,
        ratings_unchanged=ratings_unchanged,
    )


def _quarter_index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def streaks(rows: Iterable[ScoredRating]) -> list[list[ScoredRating]]:
    """Runs of consecutive quarters whose counted level is unsatisfied (rule 5).

    ``rows`` are one official's ratings in one community and role, in quarter order, each
    annotated with ``counted_level``: a meeting without quorum or not submitted has none,
    and so breaks a run, as does a quarter without a meeting.
    """
    runs: list[list[ScoredRating]] = []
    previous_index, previous_unsatisfied = None, False
    for rating in rows:
        index = _quarter_index(rating.meeting.year, rating.meeting.quarter)
        unsatisfied = rating.counted_level == "unsatisfied"
        if unsatisfied:
            if previous_unsatisfied and previous_index is not None and index == previous_index + 1:
                runs[-1].append(rating)
            else:
                runs.append([rating])
        previous_index, previous_unsatisfied = index, unsatisfied
    return runs


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
    wanted = {run[1].pk: run[0] for run in streaks(rows) if len(run) >= 2}
    existing = {
        r.opened_by_id: r
        for r in Recommendation.objects.select_for_update().filter(
            official_id=official_id, community_id=community_id, role=role
        )
    }
    now = timezone.now()
    for opened_by_id, recommendation in existing.items():
        should_exist = opened_by_id in wanted
        if should_exist and recommendation.withdrawn_at:
            recommendation.withdrawn_at = None
        elif not should_exist and not recommendation.withdrawn_at:
            recommendation.withdrawn_at = now
        else:
            continue
        attribute_history(recommendation, user)
        recommendation.save()
    organisation = (
        Official.objects.get(pk=official_id)
        .postings.filter(community_id=community_id, role=role)
        .order_by("-start_date")
        .values_list("organisation", flat=True)
        .first()
    )
    for opened_by_id, previous in wanted.items():
        if opened_by_id in existing:
            continue
        recommendation = Recommendation(
            official_id=official_id,
            community_id=community_id,
            role=role,
            opened_by_id=opened_by_id,
            previous=previous,
            addressed_to=organisation or "",
        )
        attribute_history(recommendation, user)
        recommendation.save()


@transaction.atomic
def recommendation_send(
    *, recommendation: Recommendation, sent_on: datetime.date, addressed_to: str, user: User | None
) -> Recommendation:
    opened = recommendation.opened_by.meeting.held_on
    if sent_on < opened:
        raise ValidationError(
            {"sent_on": _("It cannot be sent before the meeting that opened it.")}
        )
    recommendation.sent_on = sent_on
    recommendation.addressed_to = addressed_to
    attribute_history(recommendation, user)
    recommendation.full_clean(exclude=["official", "community", "opened_by", "previous"])
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
) -> Recommendation:
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
    recommendation.save()
    return recommendation


@transaction.atomic
def survey_save(
    *, street_id: int, year: int, counts: dict[str, int], user: User | None
) -> SaveOutcome:
    """Create or update a street's survey for a year; says created, updated or unchanged."""
    from .models import Survey

    survey = Survey.objects.select_for_update().filter(street_id=street_id, year=year).first()
    if survey is not None and all(getattr(survey, k) == v for k, v in counts.items()):
        return "unchanged"
    outcome: SaveOutcome = "updated" if survey else "created"
    survey = survey or Survey(street_id=street_id, year=year)
    for k, v in counts.items():
        setattr(survey, k, v)
    if not any(counts.values()):
        raise ValidationError({"unsafe": _("A survey needs at least one respondent.")})
    attribute_history(survey, user)
    survey.save()
    return outcome


@transaction.atomic
def meeting_discard(*, meeting: Meeting, user: User | None) -> None:
    """Throw away a draft entered by mistake. A submitted meeting is corrected, never
    discarded; the deletion itself stays in the history with who and when."""
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(
            {"status": _("Only a draft can be discarded; correct a submitted meeting instead.")}
        )
    if meeting.grievances.exists():
        raise ValidationError(
            {"status": _("Items were recorded at this meeting; it cannot be discarded.")}
        )
    for rating in meeting.ratings.all():
        attribute_history(rating, user)
        rating.delete()
    attribute_history(meeting, user)
    meeting.delete()
