"""What the streaks make of the replacement recommendations (DOMAIN.md rules 5 and 6).

One recommendation per streak of two or more unsatisfied quarters, for any number of
(official, community, role) at once: the entry form's save reconciles the few its
meeting touched, the reviews import those of a whole city, both through
:func:`recommendations_reconcile`, in a constant number of queries: the streaks found in
SQL (:func:`unsatisfied_streaks`), the recommendations read in one query, decided in
memory (:func:`reconcile_plan`), written with ``bulk_update``/``bulk_create`` and their
history rows, and the notices of the opened ones sent together.

A streak keeps the recommendation it opened when a correction or a back-filled quarter
moves its start: an unsent one is moved to the streak's first two quarters, a sent one
keeps its opening quarters, sending record and outcome, and the change is written into its
history with the reason. A recommendation whose streak is gone is withdrawn (and restored
if the streak comes back); one that was sent keeps its sending record and outcome, and
says in its history why it was withdrawn.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import bulksql
from core.bulksql import AnyOf
from core.history import attribute_history, recorded_user
from districts.models import Community, Notification, Official, Posting, Role, User
from districts.notifications import notify

from ..models import Recommendation
from .decide import Key
from .streaks import Quarter, Run, unsatisfied_streaks

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


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


def _period(recommendation: Recommendation, name: str) -> str:
    meeting = getattr(recommendation, name).meeting
    return f"{meeting.year} Q{meeting.quarter}"


@dataclass
class Note:
    """A change to a stored recommendation: its kind, the reason kept in its history, and
    for an unsent one whose streak moved, the streak's first two ratings."""

    recommendation: Recommendation
    kind: RecommendationChange.Kind
    detail: str
    moved_to: tuple[int, int] | None = None  # (previous, opened_by)


@dataclass
class Plan:
    """What :func:`reconcile_plan` decided for one key."""

    key: Key
    withdrawn: list[Note] = field(default_factory=list)
    kept: list[Note] = field(default_factory=list)  # restored, then moved or kept as sent
    opened: list[Run] = field(default_factory=list)


def reconcile_plan(key: Key, runs: Sequence[Run], held: Sequence[Recommendation]) -> Plan:
    """Decide, for one (official, community, role), what its streaks of two or more
    (``runs``, in quarter order) make of its recommendations (``held``, ordered by their
    opening quarter, then id). A recommendation belongs to the first streak not yet
    owned whose second or later quarter opened it; the rest are withdrawn; a streak
    without one opens one (unless its second quarter already opened another)."""
    plan = Plan(key)
    owner: dict[int, Recommendation] = {}  # run index -> the recommendation it keeps
    for recommendation in held:
        for index, run in enumerate(runs):
            if index not in owner and recommendation.opened_by_id in {q.rating_id for q in run[1:]}:
                owner[index] = recommendation
                break
    owned = {r.pk for r in owner.values()}
    for recommendation in held:
        if recommendation.pk in owned or recommendation.withdrawn_at:
            continue
        if recommendation.sent_on:
            detail = _(
                "Withdrawn: its unsatisfied streak no longer stands; sent on %(sent)s, "
                "that stays on record."
            ) % {"sent": recommendation.sent_on.isoformat()}
        else:
            detail = _("Withdrawn: its unsatisfied streak no longer stands.")
        plan.withdrawn.append(Note(recommendation, RecommendationChange.Kind.WITHDRAWN, detail))
    for index, recommendation in owner.items():
        first, second = runs[index][0], runs[index][1]
        if recommendation.withdrawn_at:
            plan.kept.append(
                Note(
                    recommendation,
                    RecommendationChange.Kind.RESTORED,
                    _("Restored: unsatisfied again in %(first)s and %(second)s.")
                    % {"first": first.period, "second": second.period},
                )
            )
        if (recommendation.opened_by_id, recommendation.previous_id) != (
            second.rating_id,
            first.rating_id,
        ):
            plan.kept.append(_moved(recommendation, first, second))
    moved = {n.recommendation.pk: n.moved_to[1] for n in plan.kept if n.moved_to}
    taken = {moved.get(r.pk, r.opened_by_id) for r in held}  # opened_by is unique
    plan.opened = [
        run
        for index, run in enumerate(runs)
        if index not in owner and run[1].rating_id not in taken
    ]
    return plan


def _moved(recommendation: Recommendation, first: Quarter, second: Quarter) -> Note:
    """The streak owning ``recommendation`` now starts at ``first``: an unsent one moves
    to it, a sent one stays as sent; both say so."""
    was = {
        "previous": _period(recommendation, "previous"),
        "opened": _period(recommendation, "opened_by"),
    }
    if recommendation.sent_on:  # what was sent stays as it was sent
        detail = _(
            "Streak now runs from %(first)s; sent for %(previous)s and %(opened)s, "
            "it stays as sent."
        ) % {"first": first.period, **was}
        return Note(recommendation, RecommendationChange.Kind.CHANGED, detail)
    detail = _("Now opened by %(first)s and %(second)s (was %(previous)s and %(opened)s).") % {
        "first": first.period,
        "second": second.period,
        **was,
    }
    return Note(
        recommendation,
        RecommendationChange.Kind.CHANGED,
        detail,
        moved_to=(first.rating_id, second.rating_id),
    )


# the communities whose recommendations are reconciled together: their streaks and
# recommendations fit in memory, and the queries stay a handful per chunk
COMMUNITIES_AT_ONCE = 2000


@transaction.atomic(savepoint=False)  # the caller's transaction, if any: no savepoint
def recommendations_reconcile(
    *, keys: Collection[Key], user: User | AnonymousUser | None = None
) -> list[RecommendationChange]:
    """Bring the recommendations of every (official, community, role) of ``keys`` in line
    with their streaks (see the module), a few queries per 2,000 communities; returns what
    changed, by key in order: for each key its withdrawals, then its restored and moved
    ones, then the opened ones. The recommendations are locked while decided and
    written."""
    history_user = recorded_user(user)
    by_community: dict[int, list[Key]] = defaultdict(list)
    for key in set(keys):
        by_community[key[1]].append(key)
    ordered = sorted(by_community)
    changes: list[tuple[Key, RecommendationChange]] = []
    for start in range(0, len(ordered), COMMUNITIES_AT_ONCE):
        chunk = [k for c in ordered[start : start + COMMUNITIES_AT_ONCE] for k in by_community[c]]
        changes += _reconcile(chunk, history_user)
    return [change for _key, change in sorted(changes, key=lambda kc: kc[0])]


def _reconcile(
    keys: Collection[Key], history_user: User | None
) -> list[tuple[Key, RecommendationChange]]:
    held = _held(keys)  # locked before their streaks are read
    runs = unsatisfied_streaks(keys)
    plans = [reconcile_plan(k, runs.get(k, []), held.get(k, [])) for k in sorted({*runs, *held})]
    now = timezone.now()
    notes = [n for plan in plans for n in plan.withdrawn + plan.kept]
    # a restored recommendation whose streak also moved is written twice, as two saves were
    changed = RecommendationChange.Kind.CHANGED
    _write_notes([n for n in notes if n.kind != changed], history_user, now)
    _write_notes([n for n in notes if n.kind == changed], history_user, now)
    opened = _open([(plan.key, run) for plan in plans for run in plan.opened], history_user, now)
    return [
        (
            plan.key,
            RecommendationChange(
                kind=note.kind,
                official=note.recommendation.official.name,
                community=note.recommendation.community.name,
                sent=note.recommendation.sent_on is not None,
                recommendation_id=note.recommendation.pk,
                detail=note.detail,
            ),
        )
        for plan in plans
        for note in plan.withdrawn + plan.kept
    ] + opened


def _held(keys: Collection[Key]) -> dict[Key, list[Recommendation]]:
    """The recommendations of the keys, locked, by key, ordered by their opening quarter."""
    wanted = set(keys)
    held: dict[Key, list[Recommendation]] = defaultdict(list)
    for recommendation in (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("official", "community", "opened_by__meeting", "previous__meeting")
        .filter(
            AnyOf(F("community_id"), sorted({k[1] for k in wanted})),
            AnyOf(F("official_id"), sorted({k[0] for k in wanted})),
        )
        .order_by("opened_by__meeting__year", "opened_by__meeting__quarter", "pk")
    ):
        key = (recommendation.official_id, recommendation.community_id, recommendation.role)
        if key in wanted:
            held[key].append(recommendation)
    return held


WRITTEN = ("withdrawn_at", "previous", "opened_by", "version", "updated_at")


def _write_notes(notes: Sequence[Note], history_user: User | None, now: datetime.datetime) -> None:
    """Each note on its recommendation: a new version and a history row with the reason
    (simple-history keeps 100 characters of it), as a save of each would write."""
    for note in notes:
        recommendation = note.recommendation
        if note.kind == RecommendationChange.Kind.WITHDRAWN:
            recommendation.withdrawn_at = now
        elif note.kind == RecommendationChange.Kind.RESTORED:
            recommendation.withdrawn_at = None
        elif note.moved_to is not None:
            recommendation.previous_id, recommendation.opened_by_id = note.moved_to
        recommendation.version += 1  # a form opened before the change is now stale
        recommendation.updated_at = now
        attribute_history(recommendation, history_user, note.detail[:100])
    if notes:
        bulk_update_with_history(
            [n.recommendation for n in notes],
            Recommendation,
            fields=list(WRITTEN),
            default_user=history_user,
            default_date=now,
        )


def _open(
    streaks: Sequence[tuple[Key, Run]], history_user: User | None, now: datetime.datetime
) -> list[tuple[Key, RecommendationChange]]:
    """A new recommendation for each streak, addressed to the body of the official's
    latest posting there, with its history and a notice; what was opened, by key."""
    if not streaks:
        return []
    keys = {key for key, _run in streaks}
    officials = sorted({k[0] for k in keys})
    communities = sorted({k[1] for k in keys})
    organisation: dict[Key, str] = {}
    for official_id, community_id, role, body in (
        Posting.objects.filter(
            AnyOf(F("community_id"), communities), AnyOf(F("official_id"), officials)
        )
        .order_by("start_date", "pk")  # the latest posting's body wins
        .values_list("official_id", "community_id", "role", "organisation")
    ):
        organisation[(official_id, community_id, role)] = body
    ids = _create(
        [
            (*key, run[1].rating_id, run[0].rating_id, organisation.get(key) or "")
            for key, run in streaks
        ],
        history_user,
        now,
    )
    names = dict(Official.objects.filter(AnyOf(F("pk"), officials)).values_list("pk", "name"))
    places = {
        c.pk: c
        for c in Community.objects.filter(AnyOf(F("pk"), communities)).select_related("street")
    }
    _notify_opened([(pk, key) for pk, (key, _run) in zip(ids, streaks, strict=True)], names, places)
    return [
        (
            key,
            RecommendationChange(
                kind=RecommendationChange.Kind.OPENED,
                official=names[key[0]],
                community=places[key[1]].name,
                sent=False,
                recommendation_id=pk,
                detail=_("Opened: unsatisfied in %(first)s and %(second)s.")
                % {"first": run[0].period, "second": run[1].period},
            ),
        )
        for (key, run), pk in zip(streaks, ids, strict=True)
    ]


NEW_FIELDS = (
    "id",
    "official_id",
    "community_id",
    "role",
    "opened_by_id",
    "previous_id",
    "addressed_to",
)


def _create(
    rows: list[tuple[int, int, str, int, int, str]],
    history_user: User | None,
    now: datetime.datetime,
) -> list[int]:
    """Write the new recommendations (values in the order of NEW_FIELDS after the id) with
    their history rows, as saving each would; their ids in order. COPY and one INSERT ...
    SELECT on PostgreSQL (``core.bulksql``), else bulk_create_with_history."""
    if bulksql.available():
        ids = bulksql.next_ids(Recommendation, len(rows))
        bulksql.copy_insert(
            Recommendation,
            NEW_FIELDS,
            ((pk, *row) for pk, row in zip(ids, rows, strict=True)),
            now=now,
        )
        bulksql.history_insert(
            Recommendation,
            ids,
            history_type="+",
            user_id=history_user.pk if history_user is not None else None,
            date=now,
        )
        return ids
    created = bulk_create_with_history(
        [Recommendation(**dict(zip(NEW_FIELDS[1:], row, strict=True))) for row in rows],
        Recommendation,
        default_user=history_user,
        default_date=now,
    )
    return [r.pk for r in created]


def _notify_opened(
    opened: Sequence[tuple[int, Key]], names: dict[int, str], places: dict[int, Community]
) -> None:
    """A notice of each opened recommendation to the street staff of its street and the
    officials of its district (active accounts)."""
    streets = {c.street_id for c in places.values()}
    districts = {c.street.district_id for c in places.values()}
    readers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pk, role, street_id, district_id in (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.STREET_STAFF, street_id__in=streets)
            | Q(role=Role.DISTRICT_OFFICIAL, district_id__in=districts)
        )
        .order_by("pk")
        .values_list("pk", "role", "street_id", "district_id")
    ):
        if role == Role.STREET_STAFF:
            readers[("street", street_id)].append(pk)
        else:
            readers[("district", district_id)].append(pk)
    notices = []
    for pk, (official_id, community_id, _role) in opened:
        community = places[community_id]
        users = (
            readers[("street", community.street_id)]
            + readers[("district", community.street.district_id)]
        )
        if not users:
            continue
        subject = f"{names[official_id]} · {community.name} (#{pk})"
        url = reverse("evaluations:recommendation", args=[pk])
        notices += [(u, Notification.Kind.RECOMMENDATION, subject, url) for u in users]
    notify(notices)
