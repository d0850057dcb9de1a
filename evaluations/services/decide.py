"""What saving a quarter's meeting does, decided once (DOMAIN.md "Quarterly review").

A meeting is saved by the entry form (:func:`meeting_save`, one meeting, with its locks
and history) and by the reviews import (:func:`meetings_save_bulk`, thousands at once,
in bulk). Both read what is stored, ask :func:`meeting_plan` what to write, and write it
their own way. The plan says: the roll the meeting is held with, its values, whether it is
new or changed, its new version, which tallies are created or updated, and which
(official, community, role) may have a changed streak, whose recommendations are then
reconciled (:func:`recommendations_reconcile`).

Pure: no database, no clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import rules

Key = tuple[int, int, str]
"""An official's place whose streaks are counted together: (official, community, role)."""

SUBMITTED = "submitted"


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
class MeetingInput:
    """One meeting as a save brings it: from the entry form or a file's rows."""

    community_id: int
    year: int
    quarter: int
    held_on: datetime.date
    present: int
    roll: int  # the community's own number: the roll a new meeting without roster is held with
    tallies: Sequence[Tally]
    # where the community keeps a roster: those serving on held_on (the roll, new or not)
    roster_roll: int | None = None
    submit: bool = True
    asked: str | None = None  # None: kept as stored
    promised: str | None = None


def roll_of(*, roster_roll: int | None, stored_roll: int | None, community_roll: int) -> int:
    """The roll a meeting is held with: the roster's count on the meeting's date where the
    community keeps a roster; otherwise the roll the meeting was held with (a meeting keeps
    its roll), or for a new one the community's number of representatives."""
    if roster_roll is not None:
        return roster_roll
    return stored_roll if stored_roll is not None else community_roll


def present_of(*, present: int, roster_roll: int | None, attendees: Collection[int] | None) -> int:
    """Where the community keeps a roster and the entry page ticked who attended, present
    is how many were ticked; otherwise the number given."""
    if attendees is not None and roster_roll is not None:
        return len(set(attendees))
    return present


@dataclass(frozen=True)
class RatingWrite:
    """A tally to write: new (``stored`` is None) or changed."""

    official_id: int
    values: dict[str, Any]  # the four counts and the role
    stored: Mapping[str, Any] | None  # the stored rating's values


@dataclass(frozen=True)
class MeetingPlan:
    """What to write for one meeting; see :func:`meeting_plan`."""

    values: dict[str, Any]  # policy_id, held_on, present, roll (and asked, promised if given)
    created: bool  # the meeting is new
    changed: bool  # new, or a value or its status changed
    submitting: bool  # it becomes submitted now (its time and who are set by the writer)
    attendance_changed: bool  # who attended is written (the entry page, with a roster)
    version: int | None  # its version after the save; None: the meeting is not written
    ratings: tuple[RatingWrite, ...]  # created or changed, in the order of the tallies
    ratings_unchanged: int
    touched: frozenset[Key]  # whose streaks may have changed

    @property
    def written(self) -> bool:
        return self.version is not None

    @property
    def ratings_created(self) -> int:
        return sum(1 for r in self.ratings if r.stored is None)

    @property
    def ratings_updated(self) -> int:
        return sum(1 for r in self.ratings if r.stored is not None)


def meeting_plan(
    *,
    incoming: MeetingInput,
    stored: Mapping[str, Any] | None,
    stored_ratings: Mapping[int, Mapping[str, Any]],
    roles: Mapping[int, str],
    policy_id: int,
    attendees: Collection[int] | None = None,
    stored_attendees: Collection[int] | None = None,
) -> MeetingPlan:
    """Decide what saving ``incoming`` over the stored meeting (its column values by
    attname, or None) and its stored ratings (by official) writes. ``roles`` are the
    officials' roles posted on the meeting's date; ``policy_id`` the meeting's year's
    policy. The caller has validated ``incoming`` (:mod:`evaluations.rules`).

    Every real change, of the meeting or only of its tallies or who attended, is a new
    version. A change of the meeting itself (present, roll, date, status) may change quorum
    or counting for everyone rated at it: all its officials are touched then; otherwise
    those whose tally changed (in their new role and, if it changed, their old one)."""
    roll = roll_of(
        roster_roll=incoming.roster_roll,
        stored_roll=stored["roll"] if stored is not None else None,
        community_roll=incoming.roll,
    )
    present = present_of(
        present=incoming.present, roster_roll=incoming.roster_roll, attendees=attendees
    )
    values: dict[str, Any] = {
        "policy_id": policy_id,
        "held_on": incoming.held_on,
        "present": present,
        "roll": roll,
    }
    if incoming.asked is not None:
        values["asked"] = incoming.asked
    if incoming.promised is not None:
        values["promised"] = incoming.promised
    created = stored is None
    submitting = incoming.submit and (stored is None or stored["status"] != SUBMITTED)
    changed = stored is None or submitting or any(stored[k] != v for k, v in values.items())
    ratings = _rating_writes(incoming.tallies, stored_ratings, roles)
    attendance_changed = (
        attendees is not None
        and incoming.roster_roll is not None
        and (created or set(stored_attendees or ()) != set(attendees))
    )
    version = None
    if changed or ratings or attendance_changed:
        version = 1 if stored is None else stored["version"] + 1
    return MeetingPlan(
        values=values,
        created=created,
        changed=changed,
        submitting=submitting,
        attendance_changed=attendance_changed,
        version=version,
        ratings=ratings,
        ratings_unchanged=len(incoming.tallies) - len(ratings),
        touched=_touched(incoming.community_id, ratings, stored_ratings, everyone=changed),
    )


def _rating_writes(
    tallies: Sequence[Tally],
    stored_ratings: Mapping[int, Mapping[str, Any]],
    roles: Mapping[int, str],
) -> tuple[RatingWrite, ...]:
    writes = []
    for tally in tallies:
        found = stored_ratings.get(tally.official_id)
        values: dict[str, Any] = {**tally.counts(), "role": roles[tally.official_id]}
        if found is None or any(found[k] != v for k, v in values.items()):
            writes.append(RatingWrite(tally.official_id, values, found))
    return tuple(writes)


def _touched(
    community_id: int,
    ratings: Sequence[RatingWrite],
    stored_ratings: Mapping[int, Mapping[str, Any]],
    *,
    everyone: bool,
) -> frozenset[Key]:
    touched: set[Key] = set()
    for write in ratings:
        touched.add((write.official_id, community_id, write.values["role"]))
        if write.stored is not None:  # a rating moved to another role leaves its old streak
            touched.add((write.official_id, community_id, write.stored["role"]))
    if everyone:
        touched.update((pk, community_id, r["role"]) for pk, r in stored_ratings.items())
    return frozenset(touched)
