"""Reads of reviews, scoped to the user, with scores and levels computed in SQL."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, cast

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from core.concurrency import display, model_field
from core.history import reason_shown
from core.yearly import value_fields, yearly_policy_history
from districts.models import Community, Official, Posting, User
from districts.scoping import get_visible_or_404, visible
from districts.selectors import roll_on

from .expressions import RatingFigures, meeting_quorum, rating_expressions, safety_index
from .models import Meeting, Policy, Rating, Recommendation, RecommendationQuerySet, Survey
from .rules import quarter_bounds

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class MeetingFigures(TypedDict):
    quorum: bool
    rating_count: int


if TYPE_CHECKING:
    ScoredRating: TypeAlias = WithAnnotations[Rating, RatingFigures]
    CountedMeeting: TypeAlias = WithAnnotations[Meeting, MeetingFigures]


class ThisQuarter(TypedDict):
    this_quarter: list[CountedMeeting]  # the quarter's meeting, if any (prefetched)
    roll: int  # the representatives on the roll (districts.selectors.roll_on)


if TYPE_CHECKING:
    BoardCommunity: TypeAlias = WithAnnotations[Community, ThisQuarter]

TWO_PLACES = Decimal("0.01")


def rounded(value: Decimal | float | None) -> Decimal | None:
    """Half-up to 2 decimals, for showing and writing out only."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def policy_for_year(year: int) -> Policy:
    """The saved policy of that year, or DOMAIN.md's default one (unsaved)."""
    return Policy.objects.filter(year=year).first() or Policy(year=year)


def scored(qs: QuerySet[Rating]) -> QuerySet[ScoredRating]:
    """The ratings with their figures (:class:`RatingFigures`), computed in SQL."""
    # annotate(**dict) hides the names from the django-stubs plugin; RatingFigures names them
    return cast("QuerySet[ScoredRating]", qs.annotate(**rating_expressions()))


def ratings(*, user: User | None = None) -> QuerySet[ScoredRating]:
    """Every rating with its figures; ``None`` is the whole installation (commands)."""
    qs = Rating.objects.all() if user is None else visible(user, Rating.objects.all())
    return scored(qs.select_related("meeting", "meeting__policy", "meeting__community", "official"))


def meetings(*, user: User) -> QuerySet[CountedMeeting]:
    return (
        visible(user, Meeting.objects.all())
        .select_related("community", "community__street", "policy", "submitted_by")
        .annotate(quorum=meeting_quorum(), rating_count=Count("ratings"))
    )


def meeting_get(*, user: User, pk: int) -> CountedMeeting:
    return get_visible_or_404(user, meetings(user=user), pk=pk)


def meeting_ratings(meeting: Meeting) -> QuerySet[ScoredRating]:
    return ratings().filter(meeting=meeting).order_by("role", "official__code")


def postings_on(community: Community, day: datetime.date) -> QuerySet[Posting]:
    """The officials posted to the community on that day: the ones its meeting reviews."""
    return (
        Posting.objects.filter(community=community)
        .in_post(day)
        .select_related("official")
        .order_by("role", "official__code")
    )


BOARD_ORDER = ("street__code", "code")  # the quarter board's order of communities


def quarter_board(*, user: User, year: int, quarter: int) -> QuerySet[BoardCommunity]:
    """The user's communities for a quarter, each with its meeting (if any) and ``roll``:
    the representatives on the roll on the day a new meeting's form opens with (today, or
    the quarter's last day), by the one rule of every page (``districts`` ``roll_on``)."""
    quarter_meetings = Meeting.objects.filter(year=year, quarter=quarter).annotate(
        quorum=meeting_quorum(), rating_count=Count("ratings")
    )
    day = min(timezone.localdate(), quarter_bounds(year, quarter)[1])
    return (
        visible(user, Community.objects.all())
        .annotate(roll=roll_on(day))
        .select_related("street")
        .prefetch_related(Prefetch("meetings", queryset=quarter_meetings, to_attr="this_quarter"))
        .order_by(*BOARD_ORDER)
    )


def next_community_to_enter(*, user: User, meeting: Meeting) -> Community | None:
    """After ``meeting`` is saved: the next community of the user's quarter board (in its
    order, from the meeting's community on, then from the top) with no meeting in that
    quarter; None when every one has one."""
    waiting = (
        visible(user, Community.objects.all())
        .filter(
            ~Exists(
                Meeting.objects.filter(
                    community=OuterRef("pk"), year=meeting.year, quarter=meeting.quarter
                )
            )
        )
        .order_by(*BOARD_ORDER)
    )
    here = meeting.community
    after = waiting.filter(
        Q(street__code__gt=here.street.code) | Q(street__code=here.street.code, code__gt=here.code)
    ).first()
    return after or waiting.first()


def officials(*, user: User) -> QuerySet[Official]:
    return visible(user, Official.objects.all())


def official_get(*, user: User, code: str) -> Official:
    return get_visible_or_404(user, officials(user=user), code=code)


def official_ratings(*, user: User, official: Official) -> QuerySet[ScoredRating]:
    return (
        ratings(user=user)
        .filter(official=official)
        .order_by("-meeting__year", "-meeting__quarter", "meeting__community__code")
    )


def recommendations(*, user: User) -> RecommendationQuerySet:
    return visible(user, Recommendation.objects.all()).select_related(
        "official", "community", "community__street", "opened_by__meeting", "previous__meeting"
    )


def open_recommendations(*, user: User) -> RecommendationQuerySet:
    return recommendations(user=user).open()


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    return get_visible_or_404(user, recommendations(user=user), pk=pk)


def has_open_recommendation() -> Exists:
    return Exists(Recommendation.objects.standing().filter(opened_by=OuterRef("pk")))


def standing_recommendation_id() -> Subquery:
    """For a rating queryset: the id of the standing recommendation it opened, or NULL."""
    return Subquery(
        Recommendation.objects.standing().filter(opened_by=OuterRef("pk")).values("pk")[:1]
    )


def postings_for_meeting(
    community: Community, year: int, quarter: int, meeting: Meeting | None = None
) -> list[Posting]:
    """Who a quarter's meeting reviews: those posted during the quarter (on the meeting's
    date once it has one), plus anyone already rated at it; one posting per official."""
    from .rules import quarter_bounds

    start, end = quarter_bounds(year, quarter)
    if meeting is not None:
        start = end = meeting.held_on
    qs = Posting.objects.filter(community=community).in_post(start, until=end)
    if meeting is not None:
        rated = meeting.ratings.values("official_id")
        qs = qs | Posting.objects.filter(community=community, official_id__in=rated)
    chosen: dict[int, Posting] = {}
    for posting in qs.select_related("official").order_by("start_date"):
        chosen[posting.official_id] = posting  # the latest posting of each official
    order = {"police": 0, "director": 1, "specialist": 2, "other": 3}
    return sorted(chosen.values(), key=lambda p: (order.get(p.role, 9), p.official.code))


HISTORY_FIELDS = {
    "meeting": ["held_on", "present", "roll", "status", "asked", "promised"],
    "rating": ["very_satisfied", "satisfied", "basically_satisfied", "unsatisfied"],
}


def meeting_history(meeting: Meeting) -> list[dict[str, Any]]:
    """Every saved version of the meeting and its ratings, newest first, with what changed.

    Two queries, whatever the length of the history: the diffs are taken pairwise here.
    """
    entries = []
    sources = [
        ("meeting", meeting.history.select_related("history_user").order_by("history_date")),
        (
            "rating",
            Rating.history.filter(meeting_id=meeting.pk)
            .select_related("history_user")
            .order_by("history_date"),
        ),
    ]
    names: dict[int | None, str] = dict(  # a meeting's record has no official: None
        Official.objects.filter(ratings__meeting=meeting).values_list("pk", "name")
    )
    models = {"meeting": Meeting, "rating": Rating}
    for kind, records in sources:
        previous: dict[int, Any] = {}
        for record in records:
            before = previous.get(record.id)
            changes = []
            for name in HISTORY_FIELDS[kind]:
                old, new = getattr(before, name) if before else None, getattr(record, name)
                if before is not None and old == new:
                    continue
                field = model_field(models[kind], name)
                changes.append(
                    {
                        "field": name,
                        "label": str(field.verbose_name),  # in the page's language
                        "old": old,
                        "new": new,
                        "old_display": display(field, old),
                        "new_display": display(field, new),
                    }
                )
            previous[record.id] = record
            if kind == "meeting" and record.history_type == "~" and not changes:
                continue  # a new version for a change of tallies only: their entries say it
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "type": record.history_type,
                    "what": kind,
                    "official": names.get(getattr(record, "official_id", None), ""),
                    "changes": changes,
                    "reason": reason_shown(record.history_change_reason),
                }
            )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def community_quarters(*, user: User, community: Community) -> QuerySet[ScoredRating]:
    """A community's ratings over every quarter, for the at-a-glance grid."""
    return (
        ratings(user=user)
        .filter(meeting__community=community)
        .order_by("-meeting__year", "-meeting__quarter", "role", "official__code")
    )


def quarter_progress(*, user: User, year: int, quarter: int) -> dict[str, int]:
    """How many of the user's communities have a submitted, draft or no meeting."""
    from django.db.models import Count as _Count

    counts = dict(
        visible(user, Meeting.objects.filter(year=year, quarter=quarter))
        .values_list("status")
        .annotate(n=_Count("pk"))
        .values_list("status", "n")
    )
    communities = visible(user, Community.objects.all()).count()
    submitted, draft = counts.get("submitted", 0), counts.get("draft", 0)
    return {
        "submitted": submitted,
        "draft": draft,
        "not_held": communities - submitted - draft,
        "communities": communities,
    }


def community_satisfaction_by_quarter(
    *, community: Community
) -> QuerySet[ScoredRating, dict[str, Any]]:
    """The mean counted score of a community's officials, quarter by quarter (SQL)."""
    from django.db.models import Avg, DecimalField

    return (
        ratings()
        .filter(meeting__community=community, counts=True, votes__gt=0)
        .order_by()
        .values("meeting__year", "meeting__quarter")
        .annotate(mean=Avg("score", output_field=DecimalField()))
        .order_by("meeting__year", "meeting__quarter")
    )


# ---- the yearly policy: what a change would do, and what changed ---------------------


def policy_level_changes(*, year: int, policy: Policy) -> QuerySet[Rating]:
    """The ratings of the year's submitted meetings whose level that counts would differ
    under ``policy`` (unsaved: the values a city official is about to save), with
    ``level_now``/``level_then`` and ``score_now``/``score_then``, computed in SQL."""
    now, then = rating_expressions(), rating_expressions(policy=policy)
    same = Q(level_now=F("level_then")) | Q(level_now__isnull=True, level_then__isnull=True)
    return (
        Rating.objects.filter(meeting__year=year, meeting__status=Meeting.Status.SUBMITTED)
        .annotate(
            level_now=now["counted_level"],
            level_then=then["counted_level"],
            score_now=now["score"],
            score_then=then["score"],
        )
        .annotate(level_same=Case(When(same, then=Value(True)), default=Value(False)))
        .filter(level_same=False)
        .select_related("meeting", "meeting__community", "official")
        .order_by("meeting__community__code", "meeting__quarter", "official__code")
    )


def policy_history(*, limit: int = 50) -> list[dict[str, Any]]:
    """The latest changes of every year's policy, newest first: who, when, which year, and
    what changed in words ("满意起分: 75.00 → 78.00"). One query (core.yearly)."""
    return yearly_policy_history(Policy, value_fields(Policy), limit=limit)


# ---- the yearly safety surveys ---------------------------------------------------------


def surveys(*, user: User) -> QuerySet[Survey]:
    """The user's streets' surveys with their street and district, and each one's safety
    index (``safety_index``) computed in SQL; the respondents are the model's own sum."""
    index, _respondents = safety_index()
    return visible(user, Survey.objects.select_related("street", "street__district")).annotate(
        safety_index=index
    )


# ---- what other apps read of the reviews ------------------------------------------------


def meetings_with_ratings(*, user: User) -> QuerySet[Meeting]:
    """The user's meetings with their area, quorum (SQL) and every rating with its figures
    (``scored_ratings``, by role and official), prefetched: the API's meeting list."""
    rated = scored(Rating.objects.select_related("official")).order_by("role", "official__code")
    return visible(
        user,
        Meeting.objects.select_related("community__street__district")
        .annotate(quorum=meeting_quorum())
        .prefetch_related(Prefetch("ratings", queryset=rated, to_attr="scored_ratings")),
    )


def saved_policies(*, years: list[int]) -> dict[int, Policy]:
    """The saved policies of those years by year, in one query (a year without one has
    DOMAIN.md's default: ``Policy(year=...)``)."""
    return {p.year: p for p in Policy.objects.filter(year__in=years)}
