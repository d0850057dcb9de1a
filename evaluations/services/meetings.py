"""Writes of a quarter's review meeting: its tallies, corrections, discarding a draft."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import (
    Change,
    StaleEdit,
    conflict,
    display,
    model_field,
    record_at,
)
from core.history import attribute_history, recorded_user
from districts import selectors as district_selectors
from districts.models import Community, Official, Representative, User

from .. import rules
from ..models import Meeting, Rating
from ..selectors import postings_on

if TYPE_CHECKING:
    pass
from .policy import policy_for_year_saved
from .recommendations import RecommendationChange, recommendations_sync


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
    changed: bool  # new, or a value or its status changed (tallies alone: a new version too)
    ratings_created: int
    ratings_updated: int
    ratings_unchanged: int
    recommendation_changes: tuple[RecommendationChange, ...] = ()


MEETING_FIELDS = ["held_on", "present", "status", "asked", "promised"]


def _meeting_conflict(*, community: Community, year: int, quarter: int, version: int) -> StaleEdit:
    """What changed in a community's quarter meeting since a form opened at ``version``
    (0: before the meeting existed): the meeting's fields, and every official's tally,
    the tallies as they stood at that version rebuilt with ``Rating.history.as_of``."""
    current = Meeting.objects.filter(community=community, year=year, quarter=quarter).first()
    history = Meeting.history.filter(community_id=community.pk, year=year, quarter=quarter)
    if current is not None:  # a discarded draft's history stays under its own id
        history = history.filter(id=current.pk)
    stale = conflict(
        model=Meeting, history=history, version=version, current=current, fields=MEETING_FIELDS
    )
    if current is None:
        return stale
    seen: dict[int, Rating] = {}
    seen_record = record_at(history, version)
    if seen_record is not None:
        following = (
            history.filter(history_date__gt=seen_record.history_date)
            .order_by("history_date")
            .first()
        )
        # every save writes the meeting first, then its tallies: the tallies the form
        # showed are those written before the next version's meeting record
        until = (
            following.history_date - datetime.timedelta(microseconds=1)
            if following is not None
            else timezone.now()
        )
        seen = {r.official_id: r for r in Rating.history.as_of(until).filter(meeting_id=current.pk)}
    elif version > 0:
        return stale  # a version the history does not know: who saved, not what changed
    now = {r.official_id: r for r in current.ratings.all()}
    names = dict(Official.objects.filter(pk__in={*seen, *now}).values_list("pk", "name"))
    changes: list[Change] = []
    for official_id in sorted(names, key=lambda pk: names[pk]):
        before, after = seen.get(official_id), now.get(official_id)
        for name in rules.COUNT_FIELDS:
            field = model_field(Rating, name)
            old = display(field, getattr(before, name) if before else None)
            new = display(field, getattr(after, name) if after else None)
            if old != new:
                changes.append(
                    Change(
                        subject=names[official_id],
                        label=str(field.verbose_name),
                        old=old,
                        new=new,
                    )
                )
    return StaleEdit(saves=stale.saves, changes=[*stale.changes, *changes], version=stale.version)


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
    version: int | None = None,
    attendees: Sequence[int] | None = None,
    reason: str | None = None,
) -> MeetingSaveResult:
    """Create or correct a community's meeting for a quarter, with its officials' tallies.

    A submitted meeting stays submitted; every change is kept in the history. Raises
    ValidationError naming the field when a rule is broken; nothing is saved then.

    ``version`` is the meeting's version the form was opened at (0: no meeting yet). If
    the meeting has changed since (or was just created by someone else, even at the same
    instant), StaleEdit is raised, saying what changed; nothing is saved. The import
    passes no version: it saves over what is there, and bumps the version like any save.

    Where the community keeps a roster, the roll is the number of representatives serving
    on ``held_on``, and ``attendees`` (ids of representatives, from the entry page) say
    who was present: present is how many. Without ``attendees`` (the import), present is
    taken as given and who attended stays as recorded.

    ``reason`` (why a submitted meeting is corrected) is kept as the change reason of
    every history record the save writes.
    """
    meeting = (
        Meeting.objects.select_for_update()
        .filter(community=community, year=year, quarter=quarter)
        .first()
    )
    if version is not None and version != (meeting.version if meeting else 0):
        raise _meeting_conflict(community=community, year=year, quarter=quarter, version=version)
    roster_roll = district_selectors.roster_roll(community, held_on)
    roll = (
        roster_roll
        if roster_roll is not None
        else (meeting.roll if meeting else community.representatives)
    )
    errors: dict[str, Any] = {}
    if attendees is not None and roster_roll is not None:
        attendees = sorted(set(attendees))
        serving = set(
            Representative.objects.filter(community=community)
            .active_on(held_on)
            .values_list("pk", flat=True)
        )
        if not_serving := [pk for pk in attendees if pk not in serving]:
            errors["attendees"] = _(
                "%(n)s of those ticked are not on the roster of %(community)s on %(date)s."
            ) % {"n": len(not_serving), "community": community.code, "date": held_on.isoformat()}
        present = len(attendees)
    if not 1 <= quarter <= 4:
        errors["quarter"] = _("The quarter is a number from 1 to 4.")
    errors.update(
        rules.period_errors(year=year, quarter=quarter, held_on=held_on, today=timezone.localdate())
    )
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
        "roll": roll,
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

    existing = {r.official_id: r for r in meeting.ratings.all()} if not created else {}
    rating_changes: list[tuple[Tally, Rating | None, dict[str, object]]] = []
    for tally in tallies:
        rating = existing.get(tally.official_id)
        rating_values = {**tally.counts(), "role": posted[tally.official_id].role}
        if rating is None or any(getattr(rating, k) != v for k, v in rating_values.items()):
            rating_changes.append((tally, rating, rating_values))

    attendance_changed = (
        attendees is not None
        and roster_roll is not None
        and (created or set(meeting.attendees.values_list("pk", flat=True)) != set(attendees))
    )
    # every real change, of the meeting or only of its tallies, is a new version; the
    # meeting is written first, then its tallies (the stale-save diff relies on it)
    if changed or rating_changes or attendance_changed:
        meeting.version = 1 if created else meeting.version + 1
        attribute_history(meeting, user, reason)
        meeting.full_clean(exclude=["community", "policy", "submitted_by"], validate_unique=False)
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the rest usable
                meeting.save()
        except IntegrityError:
            if (
                not created
                or not Meeting.objects.filter(
                    community=community, year=year, quarter=quarter
                ).exists()
            ):
                raise
            # created by someone else at the same instant (the unique constraint decided)
            raise _meeting_conflict(
                community=community, year=year, quarter=quarter, version=version or 0
            ) from None
    if attendance_changed and attendees is not None:
        meeting.attendees.set(attendees)
    ratings_created = ratings_updated = 0
    touched: set[tuple[int, int, str]] = set()
    for tally, found, rating_values in rating_changes:
        if found is not None:
            ratings_updated += 1
            rating = found
        else:
            ratings_created += 1
            rating = Rating(meeting=meeting, official_id=tally.official_id)
        for k, v in rating_values.items():
            setattr(rating, k, v)
        attribute_history(rating, user, reason)
        rating.save()
        touched.add((tally.official_id, community.pk, rating.role))
    if changed:  # present, roll or status may change quorum or counting for everyone
        for rating in existing.values():
            touched.add((rating.official_id, community.pk, rating.role))
    recommendation_changes: list[RecommendationChange] = []
    for official_id, community_id, role in sorted(touched):
        recommendation_changes += recommendations_sync(
            official_id=official_id, community_id=community_id, role=role, user=user
        )
    return MeetingSaveResult(
        meeting=meeting,
        created=created,
        changed=changed,
        ratings_created=ratings_created,
        ratings_updated=ratings_updated,
        ratings_unchanged=len(tallies) - len(rating_changes),
        recommendation_changes=tuple(recommendation_changes),
    )


class _Rollback(Exception):  # noqa: N818 - an internal signal, never raised out
    def __init__(self, result: MeetingSaveResult):
        self.result = result


def meeting_save_preview(**kwargs: Any) -> MeetingSaveResult:
    """What :func:`meeting_save` with these arguments would do, nothing kept: the same
    code runs inside a savepoint that is rolled back. The entry page shows its
    ``recommendation_changes`` and asks to confirm before saving for real. Raises what
    meeting_save raises (ValidationError, StaleEdit)."""
    try:
        with transaction.atomic():
            raise _Rollback(meeting_save(**kwargs))
    except _Rollback as done:
        return done.result


def meeting_save_if(
    keep: Callable[[tuple[RecommendationChange, ...]], bool], **kwargs: Any
) -> tuple[MeetingSaveResult, bool]:
    """:func:`meeting_save` run once, kept when ``keep`` accepts the recommendation changes
    it made, otherwise rolled back as by :func:`meeting_save_preview`; returns the result
    and whether it was kept. The entry page keeps a correction that changes nothing of the
    recommendations, or whose changes the user confirmed, instead of previewing it and then
    saving it again (the same writes twice). Raises what meeting_save raises."""
    try:
        with transaction.atomic():
            result = meeting_save(**kwargs)
            if not keep(result.recommendation_changes):
                raise _Rollback(result)
    except _Rollback as done:
        return done.result, False
    return result, True


@transaction.atomic
def meeting_discard(*, meeting: Meeting, user: User | None) -> None:
    """Throw away a draft entered by mistake. A submitted meeting is corrected, never
    discarded; the deletion itself stays in the history with who and when. A meeting that
    something else was recorded at (the items raised at it, which protect it) is kept:
    the refusal rolls back the ratings' deletion with it."""
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(
            {"status": _("Only a draft can be discarded; correct a submitted meeting instead.")}
        )
    for rating in meeting.ratings.all():
        attribute_history(rating, user)
        rating.delete()
    attribute_history(meeting, user)
    try:
        meeting.delete()
    except ProtectedError:
        raise ValidationError(
            {"status": _("Items were recorded at this meeting; it cannot be discarded.")}
        ) from None
