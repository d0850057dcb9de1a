"""The quarter board, meeting entry and pages, an official's and a community's quarters."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
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
from districts.permissions import may_change_day_to_day
from districts.scoping import (
    changeable,
    get_changeable,
    get_visible_or_404,
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


def _asks_to_confirm(
    meeting: Meeting | None, community: Community, year: int, quarter: int
) -> bool:
    """A correction of a submitted meeting, or a quarter filled in behind a later one, may
    open, withdraw or change a replacement recommendation: those are shown first."""
    if meeting is not None and meeting.status == Meeting.Status.SUBMITTED:
        return True
    return (
        Meeting.objects.filter(community=community, status=Meeting.Status.SUBMITTED)
        .filter(Q(year__gt=year) | Q(year=year, quarter__gt=quarter))
        .exists()
    )


def _consequences(
    save_args: dict[str, Any], confirmation: str | None
) -> tuple[list[services.RecommendationChange], Meeting | None]:
    """What the save does to recommendations, by running it: kept (the meeting returned)
    when it changes none or the user confirmed exactly these, else rolled back (None). A
    save that would be refused shows its refusal instead, from the real save."""
    try:
        result, kept = services.meeting_save_if(
            lambda changes: not changes or _fingerprint(list(changes)) == confirmation,
            **save_args,
        )
    except (StaleEdit, ValidationError):
        return [], None
    return list(result.recommendation_changes), result.meeting if kept else None


def _fingerprint(changes: list[services.RecommendationChange]) -> str:
    """Names the consequences shown: a confirmation holds only for those (the ids of
    recommendations the preview opened are not kept, so they are left out)."""
    text = "\n".join(f"{c.kind}|{c.official}|{c.community}|{c.detail}" for c in changes)
    return hashlib.sha256(text.encode()).hexdigest()[:32] if changes else ""


def _draft_key(
    request: AuthenticatedHttpRequest, community: Community, year: int, quarter: int
) -> str:
    """Where the browser keeps what is typed into this meeting's form until it is saved."""
    return f"meeting-entry:{request.user.pk}:{community.code}:{year}:{quarter}"


def _already_saved(meeting: Meeting, form: MeetingForm, *, submit: bool) -> bool:
    """Whether ``meeting`` already holds exactly what ``form`` asks to save."""
    data = form.cleaned_data
    if submit != (meeting.status == Meeting.Status.SUBMITTED):
        return False
    if any(getattr(meeting, f) != data[f] for f in ("held_on", "present", "asked", "promised")):
        return False
    saved = {
        r.official_id: [getattr(r, f) for f in rules.COUNT_FIELDS] for r in meeting.ratings.all()
    }
    return all(saved.get(official_id) == counts for official_id, counts in form.tallies())


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
    if meeting is None and (
        message := rules.period_errors(
            year=year, quarter=quarter, held_on=None, today=timezone.localdate()
        ).get("quarter")
    ):
        messages.error(request, message)
        return redirect("evaluations:board")
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
    consequences: list[services.RecommendationChange] = []
    consequences_key = ""
    confirmed = False
    form_options: dict[str, Any] = {
        "roll": roll,
        "postings": postings,
        "year": year,
        "quarter": quarter,
        "correcting": bool(meeting and meeting.status == Meeting.Status.SUBMITTED),
    }
    if request.method == "POST":
        data = presence.meeting_data(request.POST) if presence else request.POST
        form = MeetingForm(data, **form_options)
        if "reason" in form.fields and request.POST.get("version") != str(
            meeting and meeting.version
        ):
            # a form opened before someone else's save is refused as stale first, reason
            # or not; the refusal shows the reason field for the next try
            form.fields["reason"].required = False
        if form.is_valid() and (presence is None or presence.is_valid()):
            submit = request.POST.get("action") == "submit"
            save_args: dict[str, Any] = {
                "community": community,
                "year": year,
                "quarter": quarter,
                "held_on": form.cleaned_data["held_on"],
                "present": form.cleaned_data["present"],
                "asked": form.cleaned_data["asked"],
                "promised": form.cleaned_data["promised"],
                "tallies": [
                    services.Tally(official_id, *counts) for official_id, counts in form.tallies()
                ],
                "submit": submit,
                "user": request.user,
                "version": form.cleaned_data["version"],
                "reason": form.cleaned_data.get("reason"),
                "attendees": presence.attendee_ids() if presence else None,
            }
            kept: Meeting | None = None  # saved already, by the run that found the consequences
            if _asks_to_confirm(meeting, community, year, quarter):
                confirmation = request.POST.get("confirm_consequences")
                consequences, kept = _consequences(save_args, confirmation)
                consequences_key = _fingerprint(consequences)
                confirmed = confirmation == consequences_key
            if consequences and not confirmed:
                pass  # nothing saved yet: the page lists what would change, asks to confirm
            else:
                try:
                    saved = kept or services.meeting_save(**save_args).meeting
                except StaleEdit as exc:
                    current = Meeting.objects.filter(
                        community=community, year=year, quarter=quarter
                    ).first()
                    if current is not None and _already_saved(current, form, submit=submit):
                        # the same entry sent twice (a double tap): the first one saved it
                        return redirect("evaluations:meeting", pk=current.pk)
                    conflict = exc
                    keep_for_retry(form, exc)
                    meeting = Meeting.objects.filter(
                        community=community, year=year, quarter=quarter
                    ).first()
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    # the meeting page tells the browser to drop what it kept of this entry
                    request.session["meeting_draft_saved"] = _draft_key(
                        request, community, year, quarter
                    )
                    if saved.status == Meeting.Status.SUBMITTED:
                        messages.success(
                            request, _("The meeting is submitted; the levels are below.")
                        )
                    else:
                        messages.success(
                            request, _("Draft saved. It counts nowhere until submitted.")
                        )
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
        form = MeetingForm(initial=initial, **form_options)
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
            "quorum_needed": rules.quorum_needed(
                roll=roll,
                share=(meeting.policy if meeting else selectors.policy_for_year(year)).quorum_share,
            ),
            "draft_key": _draft_key(request, community, year, quarter),
            "consequences": consequences if not confirmed else [],
            "consequences_key": consequences_key,
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
            "saved_draft_key": request.session.pop("meeting_draft_saved", ""),
            "ratings": selectors.meeting_ratings(meeting).annotate(
                opened_recommendation=selectors.standing_recommendation_id()
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
