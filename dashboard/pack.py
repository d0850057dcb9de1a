"""The meeting pack: what representatives read before voting. It brings the reviews and
the grievances of one community together, so it lives above both apps."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Value, When
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.scoping import get_visible_or_404
from evaluations import selectors as review_selectors
from evaluations.promises import selectors as promise_selectors
from evaluations.rules import quarter_of
from grievances import selectors as grievance_selectors
from grievances.models import Grievance


@login_required
def meeting_pack(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """What representatives read before voting: officials, their last levels, and what was
    raised and done since the last meeting."""
    community = get_visible_or_404(
        request.user, Community.objects.select_related("street"), code=code
    )
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    return render(
        request,
        "dashboard/pack.html",
        {**pack_context(request, community, today), "kit_year": year, "kit_quarter": quarter},
    )


def pack_context(
    request: AuthenticatedHttpRequest, community: Community, today: datetime.date
) -> dict[str, Any]:
    """The meeting pack's contents (shared by the pack page and the printable kit)."""
    last_meeting = (
        community.meetings.filter(status="submitted").order_by("-year", "-quarter").first()
    )
    postings = review_selectors.postings_on(community, today)
    recent = (
        review_selectors.ratings(user=request.user)
        .filter(meeting__community=community, official__in=[p.official_id for p in postings])
        .order_by("official_id", "-meeting__year", "-meeting__quarter")
    )
    levels: dict[int, list[Any]] = {}
    for rating in recent:
        if len(levels.setdefault(rating.official_id, [])) < 4:
            levels[rating.official_id].append(rating)
    base = (
        grievance_selectors.grievances(user=request.user)
        .filter(community=community)
        .prefetch_related("follow_ups")
    )
    # reporting back: every item raised at the last meeting, with where it stands now
    raised_last = (
        base.filter(meeting=last_meeting).order_by("reference") if last_meeting else base.none()
    )
    since = base.filter(received_on__gt=last_meeting.held_on) if last_meeting else base.none()
    still_open = base.filter(resolved_on__isnull=True).order_by(
        Case(When(Grievance.overdue_q(today), then=Value(0)), default=Value(1)),  # overdue first
        "deadline",
        "received_on",
        "reference",  # a total order: items received on the same day keep one place
    )
    return {
        "community": community,
        "last_meeting": last_meeting,
        # the promises of the last meeting and its verdicts (totals only, DOMAIN.md rule 5)
        "promises_made": (
            promise_selectors.meeting_promises(last_meeting, as_of=today) if last_meeting else []
        ),
        "verdicts_given": (
            promise_selectors.meeting_verdicts(last_meeting) if last_meeting else []
        ),
        "today": today,
        "officials": [{"posting": p, "levels": levels.get(p.official_id, [])} for p in postings],
        "raised_last": raised_last,
        "since": since.order_by("received_on", "reference"),
        "still_open": still_open,
    }
