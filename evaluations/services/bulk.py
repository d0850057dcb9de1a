"""Meetings written as a set: the reviews import of a whole city (DOMAIN.md "Interchange
formats", "Quarterly review").

:func:`meeting_save` writes one meeting: its own locks, savepoint, history and a
recommendation sync per rated official, a dozen queries each. A city's three years are
94,000 meetings. :func:`meetings_save_bulk` decides each meeting exactly as
:func:`meeting_save` does (the same rules, the same "what changed", the same new
versions), but reads what is there in a few queries per chunk of meetings, writes with
``bulk_create``/``bulk_update`` and their history rows in bulk with the same who, and
synchronises the replacement recommendations once per affected official at the end
(:func:`recommendations_sync_bulk`, deciding with the same :func:`reconcile`).

The caller validates first (the reviews kind's ``check`` applies the same rules to the
whole file); this writes, inside the caller's transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import bulksql
from core.bulksql import AnyOf
from core.history import recorded_user
from districts.models import Posting, User, in_post

from .. import rules
from ..models import Meeting, Policy, Rating, Recommendation
from ..selectors import scored
from .meetings import Tally
from .policy import policy_for_year_saved
from .recommendations import _quarter_index, recommendations_sync, unsatisfied_runs

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

T = TypeVar("T")

# Meetings read and written together: their ratings (three each) and history rows fit
# comfortably in memory, and one chunk is a few dozen statements.
CHUNK = 2000

Progress = Callable[[int], None]
"""Called with how many meetings were just written."""


@dataclass(frozen=True)
class MeetingInput:
    """One meeting of a file, as :func:`meeting_save` takes it."""

    community_id: int
    year: int
    quarter: int
    held_on: datetime.date
    present: int
    roll: int  # the roll a new meeting is held with (an existing one keeps its own)
    tallies: Sequence[Tally]
    # where the community keeps a roster: those serving on held_on (the roll, new or not)
    roster_roll: int | None = None


@dataclass
class BulkSaveResult:
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_unchanged: int = 0
    ratings_created: int = 0
    ratings_updated: int = 0
    ratings_unchanged: int = 0
    # (official, community, role) whose streaks may have changed
    touched: set[tuple[int, int, str]] = field(default_factory=set)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


PostingDates = tuple[int, str, datetime.date, datetime.date | None]
"""A posting as (official id, role, start date, end date)."""


def _roles_on(postings: list[PostingDates], day: datetime.date) -> dict[int, str]:
    """Each official's role in a community on ``day``, as :func:`postings_on` orders them
    (by role, then official: the last posting of an official in that order wins)."""
    posted: dict[int, str] = {}
    for official_id, role, start, end in sorted(postings, key=lambda p: p[1]):
        if in_post(start, end, day):
            posted[official_id] = role
    return posted


def meetings_save_bulk(
    *,
    meetings: Iterable[MeetingInput],
    user: User | AnonymousUser | None = None,
    progress: Progress | None = None,
) -> BulkSaveResult:
    """Create or update submitted meetings with their tallies, as :func:`meeting_save`
    with ``submit=True`` and no version does for each, then synchronise the
    recommendations of every official whose ratings changed. Call inside a transaction."""
    result = BulkSaveResult()
    history_user = recorded_user(user)
    policies: dict[int, Policy] = {}
    for batch in chunked(meetings, CHUNK):
        for item in batch:
            if item.year not in policies:
                policies[item.year] = policy_for_year_saved(item.year)
        _save_chunk(batch, result, history_user, policies)
        if progress is not None:
            progress(len(batch))
    recommendations_sync_bulk(touched=result.touched, user=history_user)
    return result


def _save_chunk(
    batch: list[MeetingInput],
    result: BulkSaveResult,
    history_user: User | None,
    policies: dict[int, Policy],
) -> None:
    now = timezone.now()
    communities = {m.community_id for m in batch}
    # what is stored, as plain values: a model instance only for what changes (a city's
    # unchanged re-import would otherwise build half a million of them)
    meeting_columns = [f.attname for f in Meeting._meta.concrete_fields]
    rating_columns = [f.attname for f in Rating._meta.concrete_fields]
    existing: dict[tuple[int, int, int], dict[str, Any]] = {}
    for values in (
        Meeting.objects.select_for_update()
        .filter(
            AnyOf(F("community_id"), communities),
            year__in={m.year for m in batch},
            quarter__in={m.quarter for m in batch},  # locked: only the quarters of the file
        )
        .order_by()  # not the model's ordering: it joins the community to sort by its code
        .values_list(*meeting_columns)
    ):
        stored = dict(zip(meeting_columns, values, strict=True))
        existing[(stored["community_id"], stored["year"], stored["quarter"])] = stored
    existing_ratings: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for values in (
        Rating.objects.filter(AnyOf(F("meeting_id"), [m["id"] for m in existing.values()]))
        .order_by()  # the model's ordering joins three tables to sort 6,000 rows
        .values_list(*rating_columns)
    ):
        stored = dict(zip(rating_columns, values, strict=True))
        existing_ratings[stored["meeting_id"]][stored["official_id"]] = stored
    postings: dict[int, list[PostingDates]] = defaultdict(list)
    for community_id, *posting in Posting.objects.filter(
        AnyOf(F("community_id"), communities)
    ).values_list("community_id", "official_id", "role", "start_date", "end_date"):
        postings[community_id].append(tuple(posting))  # type: ignore[arg-type]

    # new meetings and ratings as plain values (no model instance per row); a new rating
    # names its meeting by id, or by -(1 + its place in new_meetings) until that has one
    new_meetings: list[tuple[MeetingInput, int]] = []  # (the meeting, its roll)
    new_ratings: list[tuple[Any, ...]] = []
    changed_meetings: list[Meeting] = []
    changed_ratings: list[Rating] = []
    for item in batch:
        meeting = existing.get((item.community_id, item.year, item.quarter))
        roles = _roles_on(postings[item.community_id], item.held_on)
        if meeting is None:
            # as meeting_save: the roster's count on held_on, else the community's roll
            new_meetings.append(
                (item, item.roster_roll if item.roster_roll is not None else item.roll)
            )
            result.meetings_created += 1
            for tally in item.tallies:
                role = roles[tally.official_id]
                new_ratings.append(
                    (-len(new_meetings), tally.official_id, role, *tally.counts().values())
                )
                result.touched.add((tally.official_id, item.community_id, role))
            result.ratings_created += len(item.tallies)
            continue
        # as meeting_save: the roster's count on held_on, else the meeting's own roll
        stored = meeting
        roll = item.roster_roll if item.roster_roll is not None else stored["roll"]
        values = {"policy_id": policies[item.year].pk, "held_on": item.held_on}
        values["present"] = item.present
        values["roll"] = roll
        submitting = stored["status"] != Meeting.Status.SUBMITTED
        changed = submitting or any(stored[k] != v for k, v in values.items())
        had = existing_ratings.get(stored["id"], {})
        rating_changes = []
        for tally in item.tallies:
            rating_values: dict[str, Any] = {**tally.counts(), "role": roles[tally.official_id]}
            found = had.get(tally.official_id)
            if found is None or any(found[k] != v for k, v in rating_values.items()):
                rating_changes.append((tally, found, rating_values))
        if changed or rating_changes:
            instance = Meeting.from_db(
                Meeting.objects.db, meeting_columns, [stored[c] for c in meeting_columns]
            )
            for k, v in values.items():
                setattr(instance, k, v)
            if submitting:
                instance.status = Meeting.Status.SUBMITTED
                instance.submitted_at = now
                instance.submitted_by = history_user
            instance.version += 1
            instance.updated_at = now
            changed_meetings.append(instance)
        if changed:
            result.meetings_updated += 1
        else:
            result.meetings_unchanged += 1
        for tally, found, rating_values in rating_changes:
            if found is None:
                new_ratings.append(
                    (
                        stored["id"],
                        tally.official_id,
                        rating_values["role"],
                        *tally.counts().values(),
                    )
                )
                result.ratings_created += 1
            else:
                rating = Rating.from_db(
                    Rating.objects.db, rating_columns, [found[c] for c in rating_columns]
                )
                for k, v in rating_values.items():
                    setattr(rating, k, v)
                rating.updated_at = now
                changed_ratings.append(rating)
                result.ratings_updated += 1
            result.touched.add((tally.official_id, item.community_id, rating_values["role"]))
        result.ratings_unchanged += len(item.tallies) - len(rating_changes)
        if changed:  # present, roll or status may change quorum or counting for everyone
            for r in had.values():
                result.touched.add((r["official_id"], item.community_id, r["role"]))

    # the meetings first, then their tallies (the stale-save diff relies on the order)
    meeting_ids = _create_meetings(new_meetings, policies, history_user, now)
    if changed_meetings:
        bulk_update_with_history(
            changed_meetings,
            Meeting,
            fields=[*MEETING_WRITTEN],
            batch_size=CHUNK,
            default_user=history_user,
            default_date=now,
        )
    _create_ratings(
        [(r[0] if r[0] > 0 else meeting_ids[-r[0] - 1], *r[1:]) for r in new_ratings],
        history_user,
        now,
    )
    if changed_ratings:
        bulk_update_with_history(
            changed_ratings,
            Rating,
            fields=[*rules.COUNT_FIELDS, "role", "updated_at"],
            batch_size=CHUNK,
            default_user=history_user,
            default_date=now,
        )


NEW_MEETING_FIELDS = (
    "id",
    "community_id",
    "year",
    "quarter",
    "roll",
    "policy_id",
    "held_on",
    "present",
    "status",
    "submitted_at",
    "submitted_by_id",
    "version",
)
NEW_RATING_FIELDS = ("meeting_id", "official_id", "role", *rules.COUNT_FIELDS)


def _create_meetings(
    new: list[tuple[MeetingInput, int]],
    policies: dict[int, Policy],
    history_user: User | None,
    now: datetime.datetime,
) -> list[int]:
    """Write the new meetings, submitted, version 1, with their history rows; their ids
    in order. COPY and one INSERT ... SELECT on PostgreSQL, else bulk_create_with_history."""
    user_id = history_user.pk if history_user is not None else None
    values = [
        (
            item.community_id,
            item.year,
            item.quarter,
            roll,
            policies[item.year].pk,
            item.held_on,
            item.present,
            Meeting.Status.SUBMITTED.value,
            now,
            user_id,
            1,
        )
        for item, roll in new
    ]
    if not values:
        return []
    if bulksql.available():
        ids = bulksql.next_ids(Meeting, len(values))
        bulksql.copy_insert(
            Meeting,
            NEW_MEETING_FIELDS,
            ((pk, *v) for pk, v in zip(ids, values, strict=True)),
            now=now,
        )
        bulksql.history_insert(Meeting, ids, history_type="+", user_id=user_id, date=now)
        return ids
    meetings = [Meeting(**dict(zip(NEW_MEETING_FIELDS[1:], v, strict=True))) for v in values]
    bulk_create_with_history(
        meetings, Meeting, batch_size=CHUNK, default_user=history_user, default_date=now
    )
    return [m.pk for m in meetings]


def _create_ratings(
    new: list[tuple[Any, ...]], history_user: User | None, now: datetime.datetime
) -> None:
    """Write the new ratings (values in the order of NEW_RATING_FIELDS) with their history."""
    if not new:
        return
    if bulksql.available():
        ids = bulksql.next_ids(Rating, len(new))
        bulksql.copy_insert(
            Rating,
            ("id", *NEW_RATING_FIELDS),
            ((pk, *v) for pk, v in zip(ids, new, strict=True)),
            now=now,
        )
        bulksql.history_insert(
            Rating,
            ids,
            history_type="+",
            user_id=history_user.pk if history_user is not None else None,
            date=now,
        )
        return
    bulk_create_with_history(
        [Rating(**dict(zip(NEW_RATING_FIELDS, v, strict=True))) for v in new],
        Rating,
        batch_size=CHUNK,
        default_user=history_user,
        default_date=now,
    )


MEETING_WRITTEN = (
    "policy",
    "roll",
    "held_on",
    "present",
    "status",
    "submitted_at",
    "submitted_by",
    "version",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class _Counted:
    pk: int
    index: int  # the quarter, as a number
    unsatisfied: bool


def recommendations_sync_bulk(
    *, touched: set[tuple[int, int, str]], user: User | AnonymousUser | None = None
) -> None:
    """:func:`recommendations_sync` for many officials at once. The streaks of every
    (official, community, role) in ``touched`` are read in one query per chunk of
    communities; the sync itself (the one home of what a recommendation becomes) runs only
    for those with a streak of two or more or with a recommendation already: for every
    other one it would do nothing."""
    history_user = recorded_user(user)
    by_community: dict[int, set[tuple[int, int, str]]] = defaultdict(set)
    for key in touched:
        by_community[key[1]].add(key)
    for communities in chunked(sorted(by_community), CHUNK):
        keys = {key for c in communities for key in by_community[c]}
        rows: dict[tuple[int, int, str], list[_Counted]] = defaultdict(list)
        for r in (
            scored(Rating.objects.filter(AnyOf(F("meeting__community_id"), communities)))
            .order_by("meeting__year", "meeting__quarter")
            .values_list(
                "pk",
                "official_id",
                "meeting__community_id",
                "role",
                "meeting__year",
                "meeting__quarter",
                "counted_level",
            )
        ):
            key = (r[1], r[2], r[3])
            if key in keys:
                rows[key].append(_Counted(r[0], _quarter_index(r[4], r[5]), r[6] == "unsatisfied"))
        with_recommendation = set(
            Recommendation.objects.filter(AnyOf(F("community_id"), communities)).values_list(
                "official_id", "community_id", "role"
            )
        )
        for key in sorted(keys):
            runs = unsatisfied_runs(
                rows.get(key, []), index=lambda c: c.index, unsatisfied=lambda c: c.unsatisfied
            )
            if key in with_recommendation or any(len(run) >= 2 for run in runs):
                recommendations_sync(
                    official_id=key[0], community_id=key[1], role=key[2], user=history_user
                )
