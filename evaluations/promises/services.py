"""Writes of promises: made at a meeting, progress and "reported done" between meetings,
the verdict at a later meeting, and one renewal. Each raises ValidationError naming the
field when a rule is broken (nothing is saved then), and StaleEdit when the promise was
opened at another version (``version``; ``None`` from the import: it saves over)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import bump_if_changed, conflict, snapshot
from core.history import attribute_history
from districts.models import Department, Official, User

from ..models import Meeting, Promise, PromiseNote
from ..selectors import postings_on
from .rules import due_errors, verdict_errors

PROMISE_FIELDS = [
    "official",
    "department",
    "text",
    "due_on",
    "done_on",
    "done_text",
    "judged_at",
    "kept_votes",
    "not_kept_votes",
]


def owner_errors(
    meeting: Meeting,
    *,
    official: Official | None,
    department: Department | None,
    posted: bool | None = None,
) -> dict[str, str]:
    """One owner: an official reviewed at the meeting (posted to its community on the day
    it was held), or a department of the community's or its street's platform. ``posted``:
    whether the official was posted there that day, when the caller has read it for many
    rows at once (the import); ``None`` reads it here."""
    if (official is None) == (department is None):
        return {
            "owner": _("Choose one owner: an official reviewed at the meeting or a department.")
        }
    if official is not None:
        if posted is None:
            posted = (
                postings_on(meeting.community, meeting.held_on).filter(official=official).exists()
            )
        if not posted:
            return {
                "owner": _("%(name)s was not reviewed at this meeting.") % {"name": official.name}
            }
    elif department is not None and not (
        department.community_id == meeting.community_id
        or department.street_id == meeting.community.street_id
    ):
        return {
            "owner": _("The department is not on the platform of this community or its street.")
        }
    return {}


def promise_errors(
    meeting: Meeting,
    *,
    official: Official | None,
    department: Department | None,
    text: str,
    due_on: datetime.date | None,
) -> dict[str, str]:
    """What a promise of ``meeting`` must be, made or corrected: one owner, a due date in
    range, something said."""
    errors = owner_errors(meeting, official=official, department=department)
    errors.update(
        due_errors(
            held_on=meeting.held_on, year=meeting.year, quarter=meeting.quarter, due_on=due_on
        )
    )
    if not text.strip():
        errors["text"] = _("Say what will be done.")
    return errors


def _locked(promise: Promise, version: int | None) -> dict[str, Any]:
    current = Promise.objects.select_for_update().get(pk=promise.pk)
    if version is not None and current.version != version:
        raise conflict(
            model=Promise,
            history=Promise.history.filter(id=current.pk),
            version=version,
            current=current,
            fields=PROMISE_FIELDS,
        )
    promise.refresh_from_db()
    return snapshot(promise)


def _next_number(meeting: Meeting) -> int:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # numbers one at a time
    top = Promise.objects.filter(meeting=meeting).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


@transaction.atomic
def promise_make(
    *,
    meeting: Meeting,
    text: str,
    due_on: datetime.date | None,
    official: Official | None = None,
    department: Department | None = None,
    number: int | None = None,
    user: User | None = None,
    renews: Promise | None = None,
) -> Promise:
    """A new promise of ``meeting`` (numbered next unless ``number`` is given)."""
    errors = promise_errors(
        meeting, official=official, department=department, text=text, due_on=due_on
    )
    if number is not None and Promise.objects.filter(meeting=meeting, number=number).exists():
        errors["number"] = _("This meeting already has a promise number %(number)s.") % {
            "number": number
        }
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    promise = Promise(
        meeting=meeting,
        number=number if number is not None else _next_number(meeting),
        official=official,
        department=department,
        text=text.strip(),
        due_on=due_on,
        renews=renews,
    )
    attribute_history(promise, user)
    promise.save()
    return promise


@transaction.atomic
def promise_change(
    *,
    promise: Promise,
    text: str,
    due_on: datetime.date | None,
    official: Official | None = None,
    department: Department | None = None,
    user: User | None = None,
    version: int | None = None,
    reason: str | None = None,
) -> Promise:
    """Correct what was promised, by whom and by when (kept in the history)."""
    before = _locked(promise, version)
    meeting = promise.meeting
    errors = promise_errors(
        meeting, official=official, department=department, text=text, due_on=due_on
    )
    if errors:
        raise ValidationError(errors)
    promise.official, promise.department = official, department
    promise.text = text.strip()
    assert due_on is not None
    promise.due_on = due_on
    attribute_history(promise, user, reason)
    if bump_if_changed(promise, before):
        promise.save()
    return promise


@transaction.atomic
def promise_remove(*, promise: Promise, user: User | None, version: int | None = None) -> None:
    """Take a promise off its meeting (the history keeps it); a judged or renewed one stays."""
    _locked(promise, version)
    if promise.judged_at_id is not None or Promise.objects.filter(renews=promise).exists():
        raise ValidationError(
            _("A promise that has been judged or renewed cannot be removed; correct it instead.")
        )
    attribute_history(promise, user)
    promise.delete()


@transaction.atomic
def promise_report_done(
    *,
    promise: Promise,
    done_on: datetime.date | None,
    done_text: str,
    user: User | None,
    version: int | None = None,
) -> Promise:
    """Record that it was done (date, what); ``done_on=None`` takes the report back."""
    before = _locked(promise, version)
    if done_on is not None:
        errors = {}
        if done_on < promise.meeting.held_on:
            errors["done_on"] = _("It cannot be done before the meeting it was promised at.")
        elif done_on > timezone.localdate():
            errors["done_on"] = _("The date cannot be in the future.")
        if not done_text.strip():
            errors["done_text"] = _("Say what was done.")
        if errors:
            raise ValidationError(errors)
    elif promise.judged_at_id is not None:
        raise ValidationError({"done_on": _("A judged promise keeps its report.")})
    promise.done_on = done_on
    promise.done_text = done_text.strip() if done_on is not None else ""
    promise.done_by = user if done_on is not None else None
    attribute_history(promise, user)
    if bump_if_changed(promise, before):
        promise.save()
    return promise


@transaction.atomic
def promise_note_add(
    *,
    promise: Promise,
    written_on: datetime.date,
    text: str,
    user: User | None,
    version: int | None = None,
) -> PromiseNote:
    """A progress note; with ``version`` (the page's form), refused as stale when the
    promise changed since the page was opened."""
    if version is not None:
        _locked(promise, version)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write what has been done so far.")
    if written_on > timezone.localdate():
        errors["written_on"] = _("The date cannot be in the future.")
    elif written_on < promise.meeting.held_on:
        errors["written_on"] = _("A note cannot come before the meeting it was promised at.")
    if errors:
        raise ValidationError(errors)
    return PromiseNote.objects.create(
        promise=promise, written_on=written_on, text=text.strip(), author=user
    )


@transaction.atomic
def promise_judge(
    *,
    promise: Promise,
    meeting: Meeting | None,
    kept_votes: int | None,
    not_kept_votes: int | None,
    user: User | None,
    version: int | None = None,
) -> Promise:
    """The representatives' verdict at ``meeting`` (a later meeting of the same community):
    kept if kept > not kept. ``meeting=None`` takes a verdict back (a correction), unless
    the promise was renewed on it."""
    before = _locked(promise, version)
    if meeting is None:
        if Promise.objects.filter(renews=promise).exists():
            raise ValidationError(
                {
                    "judged_at": _(
                        "The promise was renewed on this verdict; remove the renewal first."
                    )
                }
            )
        promise.judged_at, promise.kept_votes, promise.not_kept_votes = None, None, None
    else:
        made = promise.meeting
        errors: dict[str, str] = {}
        if meeting.community_id != made.community_id:
            errors["judged_at"] = _("A promise is judged at a meeting of its own community.")
        errors.update(
            verdict_errors(
                made=(made.year, made.quarter),
                judged=(meeting.year, meeting.quarter),
                present=meeting.present,
                kept=kept_votes,
                not_kept=not_kept_votes,
            )
        )
        if errors:
            raise ValidationError(errors)
        promise.judged_at = meeting
        promise.kept_votes, promise.not_kept_votes = kept_votes, not_kept_votes
    attribute_history(promise, user)
    if bump_if_changed(promise, before):
        promise.save()
    return promise


@transaction.atomic
def promise_renew(
    *,
    promise: Promise,
    due_on: datetime.date | None,
    text: str | None = None,
    user: User | None = None,
) -> Promise:
    """DOMAIN.md rule 2: a promise judged not kept, renewed once, at the judging meeting,
    with a new due date (same owner; the text as before unless given)."""
    promise = (
        Promise.objects.select_for_update(of=("self",))
        .select_related("judged_at")
        .get(pk=promise.pk)
    )
    if promise.judged_at is None or promise.is_kept:
        raise ValidationError(_("Only a promise judged not kept can be renewed."))
    if promise.renews_id is not None:
        raise ValidationError(_("This promise is already a renewal; it cannot be renewed again."))
    if Promise.objects.filter(renews=promise).exists():
        raise ValidationError(_("This promise has already been renewed once."))
    return promise_make(
        meeting=promise.judged_at,
        text=text if text is not None else promise.text,
        due_on=due_on,
        official=promise.official,
        department=promise.department,
        user=user,
        renews=promise,
    )
