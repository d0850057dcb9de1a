"""The entry page of one meeting: the meeting and every official's tallies, the verdicts on
earlier promises and the promises made there, saved as a draft or submitted in one
transaction, with a stale save refused (409) and the consequences for replacement
recommendations shown before they are saved (DOMAIN.md, "Quarterly review", "Promises")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.scoping import get_changeable

from .. import rules, selectors, services
from ..forms import MeetingForm
from ..models import Meeting
from ..presence import PresenceForm
from ..promises.entry import EntryPromises, PromisesRefused


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


@dataclass
class _Entry:
    """What the entry page of one meeting works with, and what a refused save found."""

    community: Community
    year: int
    quarter: int
    meeting: Meeting | None
    postings: list[Any]
    roll: int
    presence: PresenceForm | None
    promises: EntryPromises
    conflict: StaleEdit | None = None
    consequences: list[services.RecommendationChange] = field(default_factory=list)
    consequences_key: str = ""
    confirmed: bool = False

    def form_options(self) -> dict[str, Any]:
        return {
            "roll": self.roll,
            "postings": self.postings,
            "year": self.year,
            "quarter": self.quarter,
            "correcting": bool(self.meeting and self.meeting.status == Meeting.Status.SUBMITTED),
        }

    def current(self) -> Meeting | None:
        """The meeting as saved now (someone else's save may have created or changed it)."""
        return Meeting.objects.filter(
            community=self.community, year=self.year, quarter=self.quarter
        ).first()


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
    entry = _open_entry(request, community, year, quarter, meeting)
    if request.method != "POST":
        return _render_entry(request, entry, _opened_form(entry))
    form = _posted_form(request, entry)
    if "more_promises" in request.POST:  # without script: one more row, nothing saved
        return _render_entry(request, _with_another_row(request, entry), form)
    valid_promises = entry.promises.is_valid()
    if form.is_valid() and (entry.presence is None or entry.presence.is_valid()) and valid_promises:
        saved = _save_entry(request, entry, form)
        if saved is not None:
            return saved
    return _render_entry(request, entry, form)


def _open_entry(
    request: AuthenticatedHttpRequest,
    community: Community,
    year: int,
    quarter: int,
    meeting: Meeting | None,
) -> _Entry:
    """The officials posted in the quarter and the roll: the meeting's, the community's
    representatives, or, where it keeps a roster, those serving on the day it was held."""
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
    entry_promises = EntryPromises(
        request.POST if request.method == "POST" else None,
        community=community,
        year=year,
        quarter=quarter,
        meeting=meeting,
        postings=postings,
        fallback_held_on=_new_held_on(year, quarter),
    )
    return _Entry(community, year, quarter, meeting, postings, roll, presence, entry_promises)


def _new_held_on(year: int, quarter: int) -> Any:
    """A new meeting's date as the page opens: today, or its quarter's last day."""
    return min(timezone.localdate(), rules.quarter_bounds(year, quarter)[1])


def _with_another_row(request: AuthenticatedHttpRequest, entry: _Entry) -> _Entry:
    """The entry as posted with one more empty promise row (the page without script)."""
    data = request.POST.copy()
    key = f"{entry.promises.formset.prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, "0")) + 1)
    except ValueError:
        data[key] = "1"
    entry.promises = EntryPromises(
        data,
        community=entry.community,
        year=entry.year,
        quarter=entry.quarter,
        meeting=entry.meeting,
        postings=entry.postings,
        fallback_held_on=_new_held_on(entry.year, entry.quarter),
    )
    return entry


def _opened_form(entry: _Entry) -> MeetingForm:
    """The form as the page opens: the meeting as saved, or a new one held today (or on
    the quarter's last day)."""
    meeting = entry.meeting
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
            for field_name in rules.COUNT_FIELDS:
                initial[f"{rating.official_id}-{field_name}"] = getattr(rating, field_name)
    else:
        initial["held_on"] = _new_held_on(entry.year, entry.quarter)
    return MeetingForm(initial=initial, **entry.form_options())


def _posted_form(request: AuthenticatedHttpRequest, entry: _Entry) -> MeetingForm:
    data = entry.presence.meeting_data(request.POST) if entry.presence else request.POST
    form = MeetingForm(data, **entry.form_options())
    if "reason" in form.fields and request.POST.get("version") != str(
        entry.meeting and entry.meeting.version
    ):
        # a form opened before someone else's save is refused as stale first, reason
        # or not; the refusal shows the reason field for the next try
        form.fields["reason"].required = False
    return form


def _save_args(
    request: AuthenticatedHttpRequest, entry: _Entry, form: MeetingForm
) -> dict[str, Any]:
    """:func:`services.meeting_save`'s arguments for a valid form."""
    return {
        "community": entry.community,
        "year": entry.year,
        "quarter": entry.quarter,
        "held_on": form.cleaned_data["held_on"],
        "present": form.cleaned_data["present"],
        "asked": form.cleaned_data["asked"],
        "promised": form.cleaned_data["promised"],
        "tallies": [services.Tally(official_id, *counts) for official_id, counts in form.tallies()],
        "submit": request.POST.get("action") == "submit",
        "user": request.user,
        "version": form.cleaned_data["version"],
        "reason": form.cleaned_data.get("reason"),
        "attendees": entry.presence.attendee_ids() if entry.presence else None,
    }


def _save_entry(
    request: AuthenticatedHttpRequest, entry: _Entry, form: MeetingForm
) -> HttpResponse | None:
    """Save a valid entry and go to the meeting; None (the page shown again) while its
    consequences wait for a confirmation, or when the save is refused (what refused it is
    on ``entry`` or ``form``)."""
    save_args = _save_args(request, entry, form)
    try:
        with transaction.atomic():  # the meeting and its promises, all or nothing
            saved = _save_meeting(request, entry, save_args)
            if saved is None:
                return None  # nothing saved: the page lists what would change, asks to confirm
            entry.promises.save(
                saved, user=request.user, data=request.POST, reason=save_args["reason"]
            )
    except PromisesRefused:
        return None  # the errors are on the promise rows; nothing is saved
    except StaleEdit as exc:
        if getattr(exc, "form", None) is not None:  # a promise changed meanwhile
            entry.conflict = exc
            return None
        current = entry.current()
        if (
            current is not None
            and _already_saved(current, form, submit=save_args["submit"])
            and entry.promises.already_saved(current)
        ):
            # the same entry sent twice (a double tap): the first one saved it
            return redirect("evaluations:meeting", pk=current.pk)
        entry.conflict = exc
        keep_for_retry(form, exc)
        entry.meeting = entry.current()
        return None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    # the meeting page tells the browser to drop what it kept of this entry
    request.session["meeting_draft_saved"] = _draft_key(
        request, entry.community, entry.year, entry.quarter
    )
    corrected = entry.meeting is not None and entry.meeting.status == Meeting.Status.SUBMITTED
    if corrected:
        messages.success(
            request,
            _("The meeting is corrected; the change and its reason are in its history."),
        )
    elif saved.status == Meeting.Status.SUBMITTED:
        messages.success(request, _("The meeting is submitted; the levels are below."))
    else:
        messages.success(request, _("Draft saved. It counts nowhere until submitted."))
    return redirect("evaluations:meeting", pk=saved.pk)


def _save_meeting(
    request: AuthenticatedHttpRequest, entry: _Entry, save_args: dict[str, Any]
) -> Meeting | None:
    """Save the meeting (in the caller's transaction); None while its consequences for
    recommendations wait for a confirmation (then nothing is saved)."""
    kept: Meeting | None = None  # saved already, by the run that found the consequences
    if _asks_to_confirm(entry.meeting, entry.community, entry.year, entry.quarter):
        confirmation = request.POST.get("confirm_consequences")
        entry.consequences, kept = _consequences(save_args, confirmation)
        entry.consequences_key = _fingerprint(entry.consequences)
        entry.confirmed = confirmation == entry.consequences_key
    if entry.consequences and not entry.confirmed:
        return None
    return kept or services.meeting_save(**save_args).meeting


def _render_entry(
    request: AuthenticatedHttpRequest, entry: _Entry, form: MeetingForm
) -> HttpResponse:
    meeting = entry.meeting
    return render(
        request,
        "evaluations/meeting_form.html",
        {
            "form": form,
            "error_summary": (
                form.error_summary(
                    presence=entry.presence, after_tallies=entry.promises.error_summary()
                )
                if form.is_bound
                else []
            ),
            "promises": entry.promises,
            "conflict": entry.conflict,
            "community": entry.community,
            "meeting": meeting,
            "year": entry.year,
            "quarter": entry.quarter,
            "roll": entry.roll,
            "presence": entry.presence,
            "quorum_needed": rules.quorum_needed(
                roll=entry.roll,
                share=(
                    meeting.policy if meeting else selectors.policy_for_year(entry.year)
                ).quorum_share,
            ),
            "draft_key": _draft_key(request, entry.community, entry.year, entry.quarter),
            "consequences": entry.consequences if not entry.confirmed else [],
            "consequences_key": entry.consequences_key,
        },
        status=409 if entry.conflict else 200,
    )
