"""Writes of a quarter's review meeting: its tallies, corrections, discarding a draft.

What a save writes is decided by :func:`.decide.meeting_plan`, as for the import's bulk
writes; here it is written for one meeting, locked, with its history and reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
from districts.models import Community, Official, Posting, Representative, User

from .. import rules
from ..models import Meeting, Policy, Rating
from ..selectors import postings_on
from .decide import MeetingInput, MeetingPlan, Tally, meeting_plan, present_of, roll_of
from .policy import policy_for_year_saved
from .reconcile import RecommendationChange, recommendations_reconcile

__all__ = [
    "MEETING_FIELDS",
    "MeetingSaveResult",
    "Tally",
    "meeting_discard",
    "meeting_save",
    "meeting_save_if",
    "meeting_save_preview",
]


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
    meeting = _locked(community=community, year=year, quarter=quarter, version=version)
    incoming = MeetingInput(
        community_id=community.pk,
        year=year,
        quarter=quarter,
        held_on=held_on,
        present=present,
        roll=community.representatives,
        tallies=tuple(tallies),
        roster_roll=district_selectors.roster_roll(community, held_on),
        submit=submit,
        asked=asked,
        promised=promised,
    )
    if attendees is not None and incoming.roster_roll is not None:
        attendees = sorted(set(attendees))
    posted = {p.official_id: p for p in postings_on(community, held_on)}
    errors = _errors(community, incoming, meeting=meeting, attendees=attendees, posted=posted)
    if errors:
        raise ValidationError(errors)
    policy = policy_for_year_saved(year)
    plan, stored = _plan(meeting, incoming, posted=posted, policy=policy, attendees=attendees)
    if meeting is None:
        meeting = Meeting(community=community, year=year, quarter=quarter)
    _write_meeting(meeting, plan, policy=policy, user=user, reason=reason, version=version)
    if plan.attendance_changed and attendees is not None:
        meeting.attendees.set(attendees)
    for write in plan.ratings:
        rating = stored.get(write.official_id) or Rating(
            meeting=meeting, official_id=write.official_id
        )
        for k, v in write.values.items():
            setattr(rating, k, v)
        attribute_history(rating, user, reason)
        rating.save()
    return MeetingSaveResult(
        meeting=meeting,
        created=plan.created,
        changed=plan.changed,
        ratings_created=plan.ratings_created,
        ratings_updated=plan.ratings_updated,
        ratings_unchanged=plan.ratings_unchanged,
        recommendation_changes=tuple(recommendations_reconcile(keys=plan.touched, user=user)),
    )


def _locked(
    *, community: Community, year: int, quarter: int, version: int | None
) -> Meeting | None:
    """The stored meeting, locked; StaleEdit if it is not at the form's ``version``."""
    meeting = (
        Meeting.objects.select_for_update()
        .filter(community=community, year=year, quarter=quarter)
        .first()
    )
    if version is not None and version != (meeting.version if meeting else 0):
        raise _meeting_conflict(community=community, year=year, quarter=quarter, version=version)
    return meeting


def _plan(
    meeting: Meeting | None,
    incoming: MeetingInput,
    *,
    posted: Mapping[int, Posting],
    policy: Policy,
    attendees: Sequence[int] | None,
) -> tuple[MeetingPlan, dict[int, Rating]]:
    """The plan of the save, from the stored meeting, its ratings (returned, by official,
    to be updated) and, where the entry page ticked who attended, who is recorded."""
    stored = {r.official_id: r for r in meeting.ratings.all()} if meeting is not None else {}
    plan = meeting_plan(
        incoming=incoming,
        stored=_values(meeting) if meeting is not None else None,
        stored_ratings={pk: _values(r) for pk, r in stored.items()},
        roles={pk: p.role for pk, p in posted.items()},
        policy_id=policy.pk,
        attendees=attendees,
        stored_attendees=(
            set(meeting.attendees.values_list("pk", flat=True))
            if meeting is not None and attendees is not None and incoming.roster_roll is not None
            else None
        ),
    )
    return plan, stored


def _values(instance: Meeting | Rating) -> dict[str, Any]:
    """A stored row's column values by attname, as the plan reads them."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _errors(
    community: Community,
    incoming: MeetingInput,
    *,
    meeting: Meeting | None,
    attendees: Sequence[int] | None,
    posted: Mapping[int, Posting],
) -> dict[str, Any]:
    """The rules a meeting breaks, by field (:mod:`evaluations.rules`), with the roll and
    the number present the plan takes (:func:`roll_of`, :func:`present_of`)."""
    held_on, roster_roll = incoming.held_on, incoming.roster_roll
    roll = roll_of(
        roster_roll=roster_roll,
        stored_roll=meeting.roll if meeting is not None else None,
        community_roll=incoming.roll,
    )
    present = present_of(present=incoming.present, roster_roll=roster_roll, attendees=attendees)
    errors: dict[str, Any] = {}
    if attendees is not None and roster_roll is not None:
        serving = set(
            Representative.objects.filter(community=community)
            .active_on(held_on)
            .values_list("pk", flat=True)
        )
        if not_serving := [pk for pk in attendees if pk not in serving]:
            errors["attendees"] = _(
                "%(n)s of those ticked are not on the roster of %(community)s on %(date)s."
            ) % {"n": len(not_serving), "community": community.code, "date": held_on.isoformat()}
    if not 1 <= incoming.quarter <= 4:
        errors["quarter"] = _("The quarter is a number from 1 to 4.")
    errors.update(
        rules.period_errors(
            year=incoming.year,
            quarter=incoming.quarter,
            held_on=held_on,
            today=timezone.localdate(),
        )
    )
    errors.update(rules.meeting_errors(roll=roll, present=present))
    for tally in incoming.tallies:
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
    return errors


def _write_meeting(
    meeting: Meeting,
    plan: MeetingPlan,
    *,
    policy: Policy,
    user: User | None,
    reason: str | None,
    version: int | None,
) -> None:
    """The plan's values on the meeting, saved if the plan writes it: the meeting first,
    then its tallies (the stale-save diff relies on it). A first entry that loses the race
    for the quarter to someone else's is refused with what they saved (StaleEdit)."""
    for k, v in plan.values.items():
        setattr(meeting, k, v)
    meeting.policy = policy
    if plan.submitting:
        meeting.status = Meeting.Status.SUBMITTED
        meeting.submitted_at = timezone.now()
        meeting.submitted_by = recorded_user(user)
    if plan.version is None:
        return
    meeting.version = plan.version
    attribute_history(meeting, user, reason)
    meeting.full_clean(exclude=["community", "policy", "submitted_by"], validate_unique=False)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the rest usable
            meeting.save()
    except IntegrityError:
        community, year, quarter = meeting.community, meeting.year, meeting.quarter
        if (
            not plan.created
            or not Meeting.objects.filter(community=community, year=year, quarter=quarter).exists()
        ):
            raise
        # created by someone else at the same instant (the unique constraint decided)
        raise _meeting_conflict(
            community=community, year=year, quarter=quarter, version=version or 0
        ) from None


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
