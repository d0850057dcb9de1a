"""An official's case file: everything the product holds about one official, on one
printable page. It joins the reviews (ratings, streaks, recommendations, postings) with
the grievances of the communities they were posted to while they were posted there, so it
lives here, above both apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from districts import selectors as district_selectors
from districts.models import Official, Posting, User
from evaluations import selectors, services
from evaluations.models import Promise, Recommendation
from evaluations.promises import selectors as promise_selectors
from evaluations.promises.summaries import figures_by_year
from grievances import selectors as grievance_selectors
from grievances.models import Grievance

GRIEVANCES_SHOWN = 200
PROMISES_SHOWN = 200


@dataclass(frozen=True)
class CaseFile:
    official: Official
    ratings: list[Any]
    in_streak: set[int]
    streaks: list[list[Any]]
    postings: list[Posting]
    recommendations: QuerySet[Recommendation]
    grievances: QuerySet[Grievance]
    promises: QuerySet[Promise]
    promise_years: list[dict[str, Any]]


def case_file(*, user: User, code: str) -> CaseFile:
    """The case file of an official the user may see (404 otherwise); only what lies in
    the user's scope is on it."""
    official = selectors.official_get(user=user, code=code)
    rows = list(
        selectors.official_ratings(user=user, official=official).select_related(
            "meeting", "meeting__community"
        )
    )
    runs = services.long_streaks(rows)
    postings = list(
        district_selectors.postings(user=user)
        .filter(official=official)
        .select_related("community")
        .order_by("start_date", "community__code")
    )
    today = timezone.localdate()
    while_posted = Q(pk__in=[])
    for posting in postings:
        while_posted |= Q(
            community_id=posting.community_id,
            received_on__gte=posting.start_date,
            received_on__lte=posting.end_date or today,
        )
    grievances = (
        grievance_selectors.grievances(user=user)
        .filter(while_posted)
        .order_by("received_on", "reference")
    )
    # every promise the official owned in the user's scope, and their keeping rate by year
    promises = promise_selectors.promises(user=user).filter(official=official)
    return CaseFile(
        official=official,
        promises=promises.made_at_submitted()
        .with_state(today)
        .order_by("meeting__year", "meeting__quarter", "meeting__community__code", "number"),
        promise_years=figures_by_year(promises, as_of=today),
        ratings=rows,
        in_streak={rating.pk for run in runs for rating in run},
        streaks=runs,
        postings=postings,
        recommendations=selectors.recommendations(user=user)
        .filter(official=official)
        .order_by("created_at"),
        grievances=grievances,
    )
