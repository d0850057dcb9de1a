"""The quarter board, a meeting's page (its entry: :mod:`.entry`), an official's and a
community's quarters."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import line_chart
from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.permissions import may_change_day_to_day
from districts.scoping import (
    changeable,
    get_changeable,
    get_visible_or_404,
    visible,
)

from .. import rules, selectors, services
from ..models import Meeting
from ..promises import selectors as promise_selectors


def _year_quarter(request: HttpRequest) -> tuple[int, int]:
    today_year, today_quarter = rules.quarter_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", today_year))
        quarter = int(request.GET.get("quarter", today_quarter))
    except ValueError:
        return today_year, today_quarter
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        return today_year, today_quarter
    if not rules.quarter_started(year, quarter, today=timezone.localdate()):
        return today_year, today_quarter  # no board of a quarter that has not begun
    return year, quarter


def _neighbours(year: int, quarter: int) -> dict[str, tuple[int, int] | None]:
    """The quarters before and after; no next one when it has not begun."""
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    if not rules.quarter_started(*following, today=timezone.localdate()):
        return {"previous": previous, "next": None}
    return {"previous": previous, "next": following}


@login_required
def quarter_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entry screen: the user's communities for a quarter, each with its status."""
    year, quarter = _year_quarter(request)
    communities = list(selectors.quarter_board(user=request.user, year=year, quarter=quarter))
    rows = []
    for community in communities:
        meeting = community.this_quarter[0] if community.this_quarter else None
        rows.append(
            {
                "community": community,
                "meeting": meeting,
                "status": meeting.status if meeting else "not_held",
            }
        )
    counts = selectors.quarter_progress(user=request.user, year=year, quarter=quarter)
    return render(
        request,
        "evaluations/quarter_board.html",
        {
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "counts": counts,
            "can_edit": may_change_day_to_day(request.user),
            "years": range(timezone.localdate().year, 2007, -1),
            **_neighbours(year, quarter),
        },
    )


@require_POST
@login_required
def meeting_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_changeable(request.user, Meeting.objects.select_related("community"), pk=pk)
    try:
        services.meeting_discard(meeting=meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:meeting", pk=pk)
    messages.success(request, _("The draft is discarded."))
    return redirect(
        reverse("evaluations:board") + f"?year={meeting.year}&quarter={meeting.quarter}"
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A meeting and its results; right after a save, the way to the next community of
    the quarter board still to enter."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    just_saved = request.session.pop("meeting_draft_saved", "")
    can_edit = changeable(request.user, Meeting.objects.filter(pk=meeting.pk)).exists()
    return render(
        request,
        "evaluations/meeting_detail.html",
        {
            "meeting": meeting,
            "saved_draft_key": just_saved,
            "ratings": selectors.meeting_ratings(meeting).annotate(
                opened_recommendation=selectors.standing_recommendation_id()
            ),
            "history": sorted(
                selectors.meeting_history(meeting)
                + promise_selectors.meeting_promise_history(meeting),
                key=lambda e: e["when"],
                reverse=True,
            ),
            "promises": promise_selectors.meeting_promises(meeting, as_of=timezone.localdate()),
            "verdicts": promise_selectors.meeting_verdicts(meeting),
            "can_edit": can_edit,
            "just_saved": bool(just_saved and can_edit),
            "next_community": (
                selectors.next_community_to_enter(user=request.user, meeting=meeting)
                if just_saved and can_edit
                else None
            ),
        },
    )


@login_required
def official_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    official = selectors.official_get(user=request.user, code=code)
    rows = list(selectors.official_ratings(user=request.user, official=official))
    in_streak = {rating.pk for run in services.long_streaks(rows) for rating in run}
    return render(
        request,
        "evaluations/official_detail.html",
        {
            "official": official,
            "ratings": rows,
            "in_streak": in_streak,
            "postings": official.postings.select_related("community").filter(
                community__in=visible(request.user, Community.objects.all())
            ),
            "recommendations": selectors.recommendations(user=request.user).filter(
                official=official
            ),
        },
    )


@login_required
def community_quarters(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    community = get_visible_or_404(
        request.user, Community.objects.select_related("street"), code=code
    )
    grid: OrderedDict[str, list[Any]] = OrderedDict()
    for rating in selectors.community_quarters(user=request.user, community=community):
        grid.setdefault(rating.meeting.period, []).append(rating)
    means = list(selectors.community_satisfaction_by_quarter(community=community))
    chart = (
        line_chart(
            labels=[f"{m['meeting__year']} Q{m['meeting__quarter']}" for m in means],
            series=[(_("mean score"), [m["mean"] for m in means])],
            lines=[(_("satisfied"), Decimal(75)), (_("very satisfied"), Decimal(90))],
            low=0,
            high=100,
            title=_("%(community)s: satisfaction by quarter") % {"community": community.name},
        )
        if means
        else None
    )
    return render(
        request,
        "evaluations/community_quarters.html",
        {"community": community, "grid": grid, "chart": chart},
    )
