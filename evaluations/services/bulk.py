"""Meetings written as a set: the reviews import of a whole city (DOMAIN.md "Interchange
formats", "Quarterly review").

:func:`meeting_save` writes one meeting: its own locks, savepoint and history. A city's
three years are 94,000 meetings. :func:`meetings_save_bulk` reads what is there in a few
queries per chunk of meetings, asks the same :func:`.decide.meeting_plan` as
:func:`meeting_save` what each meeting writes (the same roll, the same "what changed", the
same new versions, the same officials touched), writes with COPY (``core.bulksql``) or
``bulk_create``/``bulk_update`` and their history rows in bulk with the same who, and
reconciles the replacement recommendations of every touched official at the end, as a
set (:func:`recommendations_reconcile`, the same as for one meeting).

The caller validates first (the reviews kind's ``check`` applies the same rules to the
whole file); this writes, inside the caller's transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
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
from ..models import Meeting, Policy, Rating
from .decide import Key, MeetingInput, MeetingPlan, meeting_plan
from .policy import policy_for_year_saved
from .reconcile import recommendations_reconcile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

__all__ = ["BulkSaveResult", "MeetingInput", "meetings_save_bulk"]

T = TypeVar("T")

# Meetings read and written together: their ratings (three each) and history rows fit
# comfortably in memory, and one chunk is a few dozen statements.
CHUNK = 2000

Progress = Callable[[int], None]
"""Called with how many meetings were just written."""


@dataclass
class BulkSaveResult:
    meetings_created: int = 0
    meetings_updated: int = 0
    meetings_unchanged: int = 0
    ratings_created: int = 0
    ratings_updated: int = 0
    ratings_unchanged: int = 0
    # (official, community, role) whose streaks may have changed
    touched: set[Key] = field(default_factory=set)

    def add(self, plan: MeetingPlan) -> None:
        if plan.created:
            self.meetings_created += 1
        elif plan.changed:
            self.meetings_updated += 1
        else:
            self.meetings_unchanged += 1
        self.ratings_created += plan.ratings_created
        self.ratings_updated += plan.ratings_updated
        self.ratings_unchanged += plan.ratings_unchanged
        self.touched |= plan.touched


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
    with ``submit=True`` and no version does for each, then reconcile the recommendations
    of every official whose streaks may have changed. Call inside a transaction."""
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
    recommendations_reconcile(keys=result.touched, user=history_user)
    return result


MEETING_COLUMNS = [f.attname for f in Meeting._meta.concrete_fields]
RATING_COLUMNS = [f.attname for f in Rating._meta.concrete_fields]


@dataclass
class _Stored:
    """What a chunk's meetings find stored, as plain values: a model instance only for
    what changes (a city's unchanged re-import would otherwise build half a million)."""

    meetings: dict[tuple[int, int, int], dict[str, Any]]  # by (community, year, quarter)
    ratings: dict[int, dict[int, dict[str, Any]]]  # by meeting id, then official id
    postings: dict[int, list[PostingDates]]  # by community


def _read_chunk(batch: list[MeetingInput]) -> _Stored:
    communities = {m.community_id for m in batch}
    stored = _Stored({}, defaultdict(dict), defaultdict(list))
    for values in (
        Meeting.objects.select_for_update()
        .filter(
            AnyOf(F("community_id"), communities),
            year__in={m.year for m in batch},
            quarter__in={m.quarter for m in batch},  # locked: only the quarters of the file
        )
        .order_by()  # not the model's ordering: it joins the community to sort by its code
        .values_list(*MEETING_COLUMNS)
    ):
        meeting = dict(zip(MEETING_COLUMNS, values, strict=True))
        stored.meetings[(meeting["community_id"], meeting["year"], meeting["quarter"])] = meeting
    for values in (
        Rating.objects.filter(AnyOf(F("meeting_id"), [m["id"] for m in stored.meetings.values()]))
        .order_by()  # the model's ordering joins three tables to sort 6,000 rows
        .values_list(*RATING_COLUMNS)
    ):
        rating = dict(zip(RATING_COLUMNS, values, strict=True))
        stored.ratings[rating["meeting_id"]][rating["official_id"]] = rating
    for community_id, *posting in Posting.objects.filter(
        AnyOf(F("community_id"), communities)
    ).values_list("community_id", "official_id", "role", "start_date", "end_date"):
        stored.postings[community_id].append(tuple(posting))  # type: ignore[arg-type]
    return stored


def _save_chunk(
    batch: list[MeetingInput],
    result: BulkSaveResult,
    history_user: User | None,
    policies: dict[int, Policy],
) -> None:
    now = timezone.now()
    stored = _read_chunk(batch)
    # new meetings and ratings as plain values (no model instance per row); a new rating
    # names its meeting by id, or by -(1 + its place in new_meetings) until that has one
    new_meetings: list[tuple[MeetingInput, MeetingPlan]] = []
    new_ratings: list[tuple[Any, ...]] = []
    changed_meetings: list[Meeting] = []
    changed_ratings: list[Rating] = []
    for item in batch:
        meeting = stored.meetings.get((item.community_id, item.year, item.quarter))
        plan = meeting_plan(
            incoming=item,
            stored=meeting,
            stored_ratings=stored.ratings.get(meeting["id"], {}) if meeting else {},
            roles=_roles_on(stored.postings[item.community_id], item.held_on),
            policy_id=policies[item.year].pk,
        )
        result.add(plan)
        if meeting is None:
            new_meetings.append((item, plan))
            meeting_id = -len(new_meetings)
        else:
            meeting_id = meeting["id"]
            if plan.written:
                changed_meetings.append(_changed_meeting(meeting, plan, history_user, now))
        for write in plan.ratings:
            if write.stored is None:
                new_ratings.append(
                    (
                        meeting_id,
                        write.official_id,
                        write.values["role"],
                        *(write.values[f] for f in rules.COUNT_FIELDS),
                    )
                )
            else:
                rating = Rating.from_db(
                    Rating.objects.db, RATING_COLUMNS, [write.stored[c] for c in RATING_COLUMNS]
                )
                for k, v in write.values.items():
                    setattr(rating, k, v)
                rating.updated_at = now
                changed_ratings.append(rating)
    _write_chunk(new_meetings, changed_meetings, new_ratings, changed_ratings, history_user, now)


def _changed_meeting(
    stored: dict[str, Any], plan: MeetingPlan, history_user: User | None, now: datetime.datetime
) -> Meeting:
    """The stored meeting as a model instance, with the plan's values, to bulk_update."""
    meeting = Meeting.from_db(
        Meeting.objects.db, MEETING_COLUMNS, [stored[c] for c in MEETING_COLUMNS]
    )
    for k, v in plan.values.items():
        setattr(meeting, k, v)
    if plan.submitting:
        meeting.status = Meeting.Status.SUBMITTED
        meeting.submitted_at = now
        meeting.submitted_by = history_user
    assert plan.version is not None  # noqa: S101 - only written meetings come here
    meeting.version = plan.version
    meeting.updated_at = now
    return meeting


def _write_chunk(
    new_meetings: list[tuple[MeetingInput, MeetingPlan]],
    changed_meetings: list[Meeting],
    new_ratings: list[tuple[Any, ...]],
    changed_ratings: list[Rating],
    history_user: User | None,
    now: datetime.datetime,
) -> None:
    """The meetings first, then their tallies (the stale-save diff relies on the order)."""
    meeting_ids = _create_meetings(new_meetings, history_user, now)
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
    new: list[tuple[MeetingInput, MeetingPlan]], history_user: User | None, now: datetime.datetime
) -> list[int]:
    """Write the new meetings, submitted, version 1, with their history rows; their ids
    in order. COPY and one INSERT ... SELECT on PostgreSQL, else bulk_create_with_history."""
    user_id = history_user.pk if history_user is not None else None
    values = [
        (
            item.community_id,
            item.year,
            item.quarter,
            plan.values["roll"],
            plan.values["policy_id"],
            plan.values["held_on"],
            plan.values["present"],
            Meeting.Status.SUBMITTED.value,
            now,
            user_id,
            plan.version,
        )
        for item, plan in new
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
