"""The quarter board, meeting entry and pages, an official's and a community's quarters."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.charts import line_chart
from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.scoping import (
    changeable,
    get_changeable,
    get_visible_or_404,
    may_change_day_to_day,
    visible,
)

from .. import rules, selectors, services
from ..forms import MeetingForm
from ..models import Meeting
from ..presence import PresenceForm


def _year_quarter(request: HttpRequest) -> tuple[int, int]:
    today_year, today_quarter = rules.quarter_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", today_year))
        quarter = int(request.GET.get("quarter", today_quarter))
    except ValueError:
        return today_year, today_quarter
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        return today_year, today_quarter
    return year, quarter


def _neighbours(year: int, quarter: int) -> dict[str, tuple[int, int]]:
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
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


@login_required
def meeting_edit(
    request: AuthenticatedHttpRequest, code: str, year: int, quarter: int
) -> HttpResponse:
    """One page per meeting: the meeting and every official's tallies; draft or submit.

    The form carries the meeting's version; a save over someone else's newer one (or over
    a meeting created by someone else meanwhile) is refused with what changed, and the
    user's entry is shown again as typed (409)."""
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise Http404
    community = get_changeable(request.user, Community.objects.select_related("street"), code=code)
    meeting = Meeting.objects.filter(community=community, year=year, quarter=quarter).first()
    postings = selectors.postings_for_meeting(community, year, quarter, meeting)
    roll = meeting.roll if meeting else community.representatives
    presence = PresenceForm.for_meeting(
        request.POST if request.method == "POST" else None,
        community=community,
        year=year,
        quarter=quarter,
        meeting=meeting,
    )
    if presence is not None:  # the roster decides the roll, the ticks the number present
        fallback = (
            meeting.held_on
            if meeting
            else min(timezone.localdate(), rules.quarter_bounds(year, quarter)[1])
        )
        roll = presence.roll_on(request.POST.get("held_on"), fallback)
    conflict: StaleEdit | None = None
    if request.method == "POST":
        data = presence.meeting_data(request.POST) if presence else request.POST
        form = MeetingForm(data, roll=roll, postings=postings)
        if form.is_valid() and (presence is None or presence.is_valid()):
            submit = request.POST.get("action") == "submit"
            try:
                saved = services.meeting_save(
                    community=community,
                    year=year,
                    quarter=quarter,
                    held_on=form.cleaned_data["held_on"],
                    present=form.cleaned_data["present"],
                    asked=form.cleaned_data["asked"],
                    promised=form.cleaned_data["promised"],
                    tallies=[
                        services.Tally(official_id, *counts)
                        for official_id, counts in form.tallies()
                    ],
                    submit=submit,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    attendees=presence.attendee_ids() if presence else None,
                ).meeting
            except StaleEdit as exc:
                conflict = exc
                keep_for_retry(form, exc)
                meeting = Meeting.objects.filter(
                    community=community, year=year, quarter=quarter
                ).first()
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if saved.status == Meeting.Status.SUBMITTED:
                    messages.success(request, _("The meeting is submitted; the levels are below."))
                else:
                    messages.success(request, _("Draft saved. It counts nowhere until submitted."))
                return redirect("evaluations:meeting", pk=saved.pk)
    else:
        initial: dict[str, Any] = {"version": meeting.version if meeting else 0}
        if meeting:
            initial.update(
                {
                    "held_on": meeting.held_on,
                    "present": meeting.present,
                    "asked": meeting.asked,
                    "promised": meeting.promised,
                }
            )
            for rating in meeting.ratings.all():
                for field in rules.COUNT_FIELDS:
                    initial[f"{rating.official_id}-{field}"] = getattr(rating, field)
        else:
            start, end = rules.quarter_bounds(year, quarter)
            initial["held_on"] = min(timezone.localdate(), end)
        form = MeetingForm(initial=initial, roll=roll, postings=postings)
    return render(
        request,
        "evaluations/meeting_form.html",
        {
            "form": form,
            "conflict": conflict,
            "community": community,
            "meeting": meeting,
            "grievances": meeting.grievances.order_by("reference") if meeting else [],
            "year": year,
            "quarter": quarter,
            "roll": roll,
            "presence": presence,
        },
        status=409 if conflict else 200,
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
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return render(
        request,
        "evaluations/meeting_detail.html",
        {
            "meeting": meeting,
            "ratings": selectors.meeting_ratings(meeting).annotate(
                opened_recommendation=selectors.has_open_recommendation()
            ),
            "history": selectors.meeting_history(meeting),
            "can_edit": changeable(request.user, Meeting.objects.filter(pk=meeting.pk)).exists(),
            "grievances": meeting.grievances.select_related("department").order_by("reference"),
        },
    )


@login_required
def official_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    official = selectors.official_get(user=request.user, code=code)
    rows = list(selectors.official_ratings(user=request.user, official=official))
    chronological = sorted(
        rows, key=lambda r: (r.meeting.community_id, r.role, r.meeting.year, r.meeting.quarter)
    )
    in_streak = {
        rating.pk
        for key in {(r.meeting.community_id, r.role) for r in rows}
        for run in services.streaks(
            [r for r in chronological if (r.meeting.community_id, r.role) == key]
        )
        if len(run) >= 2
        for rating in run
    }
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
