"""The promises on the meeting entry page (DOMAIN.md, "Promises"): what the page shows and
parses (:class:`EntryPromises`) and how it is saved (:meth:`EntryPromises.save`), inside
the meeting's own transaction: an error anywhere is put on its field and everything is
rolled back (:class:`PromisesRefused`); a promise opened at another version is refused
with :class:`core.concurrency.StaleEdit`, as the meeting itself is.

The verdicts shown are those due at the meeting (:func:`.selectors.due_for_verdict`),
computed with the date the meeting is held on as typed: a new meeting has no row yet, so
a stand-in meeting with the typed date asks the same question."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from core import extensions
from districts.models import Community, Department, Official, Posting, User

from ..expressions import quorum_q
from ..models import Meeting, Promise
from . import services
from .forms import (
    PromiseFormSet,
    PromiseRowForm,
    VerdictForm,
    meeting_departments,
    owner_choices,
    owner_value,
)
from .rows import attempt, current, stale
from .rules import default_due_on, due_errors, is_kept, verdict_errors
from .selectors import due_for_verdict, promises

PREFIX = "promise"


class PromisesRefused(Exception):  # noqa: N818 - a signal to roll back, errors are on the forms
    """A promise or a verdict broke a rule: its error is on its field; nothing is kept."""


def _stand_in(
    community: Community, year: int, quarter: int, meeting: Meeting | None, held_on: Any
) -> Meeting:
    """The meeting the verdicts are due at: the saved one with the typed date, or a new one."""
    if meeting is None:
        meeting = Meeting(community=community, year=year, quarter=quarter)
    else:
        meeting = Meeting(
            pk=meeting.pk, community=community, year=year, quarter=quarter, roll=meeting.roll
        )
    if isinstance(held_on, datetime.date):
        meeting.held_on = held_on
    return meeting


def _whole(value: Any) -> int | None:
    try:
        return int(value) if isinstance(value, str) and value.strip().isascii() else None
    except ValueError:
        return None


def _held_on(data: QueryDict | None, meeting: Meeting | None, fallback: datetime.date) -> Any:
    if data is not None:
        try:
            return datetime.date.fromisoformat(data.get("held_on", ""))
        except ValueError:
            pass
    return meeting.held_on if meeting is not None else fallback


class EntryPromises:
    """The promises made at a meeting and the verdicts due at it, as forms."""

    def __init__(
        self,
        data: QueryDict | None,
        *,
        community: Community,
        year: int,
        quarter: int,
        meeting: Meeting | None,
        postings: list[Posting],
        fallback_held_on: datetime.date,
    ):
        self.community, self.meeting = community, meeting
        self.reason: str | None = None
        self.year, self.quarter = year, quarter
        departments = meeting_departments(community)
        self.officials: dict[int, Official] = {p.official_id: p.official for p in postings}
        self.departments: dict[int, Department] = {d.pk: d for d in departments}
        self.made: dict[int, Promise] = (
            {p.pk: p for p in promises().filter(meeting=meeting).order_by("number")}
            if meeting is not None
            else {}
        )
        renewals = [p for p in self.made.values() if p.renews_id]
        self.renewed_by: dict[int, Promise] = {p.renews_id: p for p in renewals if p.renews_id}
        if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
            data = data.copy()  # posted without the rows (an older page): no promise row
            data[f"{PREFIX}-TOTAL_FORMS"], data[f"{PREFIX}-INITIAL_FORMS"] = "0", "0"
        default_due = default_due_on(year, quarter)
        initial = [
            {
                "promise": p.pk,
                "version": p.version,
                "owner": owner_value(p),
                "text": p.text,
                "due_on": p.due_on,
            }
            for p in self.made.values()
        ]
        self.formset = PromiseFormSet(
            data,
            prefix=PREFIX,
            initial=None if data is not None else initial,
            owners=owner_choices(postings, departments),
            form_kwargs={"initial": {"due_on": default_due}},
        )
        held_on = _held_on(data, meeting, fallback_held_on)
        self.held_on = held_on if isinstance(held_on, datetime.date) else None
        self.present = _whole(data.get("present") if data is not None else None)
        self.verdicts = self._verdict_forms(
            data, _stand_in(community, year, quarter, meeting, held_on)
        )

    def _verdict_forms(self, data: QueryDict | None, at: Meeting) -> list[VerdictForm]:
        """A form per promise due at ``at``, and per one shown when the form was opened
        (the typed date may have moved: its votes are refused, not silently dropped)."""
        due: list[Promise] = []
        if at.held_on is not None and at.pk is not None:  # and those judged here, whatever
            due_ids = due_for_verdict(at).values("pk")  # the date is now (one query)
            due = list(
                promises()
                .filter(Q(pk__in=due_ids) | Q(judged_at_id=at.pk))
                .order_by("meeting__year", "meeting__quarter", "number")
            )
        elif at.held_on is not None:
            due = list(due_for_verdict(at))
        shown = set(data.getlist("verdicts")) if data is not None else set()
        posted = {int(pk) for pk in shown if pk.isascii() and pk.isdigit() and len(pk) <= 9}
        missing = posted - {p.pk for p in due}
        if missing:
            due += list(
                promises().filter(pk__in=missing, meeting__community=self.community, judged_at=None)
            )
        self.not_due = missing
        forms = []
        for promise in due:
            initial: dict[str, Any] = {"version": promise.version}
            if promise.judged_at_id is not None and promise.judged_at_id == at.pk:
                initial |= {
                    "kept_votes": promise.kept_votes,
                    "not_kept_votes": promise.not_kept_votes,
                }
            forms.append(
                VerdictForm(data, prefix=f"verdict-{promise.pk}", initial=initial, promise=promise)
            )
        return forms

    def is_valid(self) -> bool:
        """The rows parse, and keep the rules that the date and the number present typed
        decide (checked again when saving): every error shows at once, with the meeting's."""
        rows = self.formset.is_valid()
        verdicts = all([f.is_valid() for f in self.verdicts])
        for row in self.formset.forms:
            data = getattr(row, "cleaned_data", {})
            if self.held_on and data.get("due_on") and not data.get("DELETE"):
                for field, message in due_errors(
                    held_on=self.held_on,
                    year=self.year,
                    quarter=self.quarter,
                    due_on=data["due_on"],
                ).items():
                    row.add_error(field, message)
                    rows = False
        for verdict in self.verdicts:
            data = getattr(verdict, "cleaned_data", {})
            if verdict.errors or self.present is None or data.get("kept_votes") is None:
                continue
            made = verdict.promise.meeting
            for field, message in verdict_errors(
                made=(made.year, made.quarter),
                judged=(self.year, self.quarter),
                present=self.present,
                kept=data["kept_votes"],
                not_kept=data.get("not_kept_votes"),
            ).items():
                verdict.add_error("kept_votes" if field == "judged_at" else field, message)
                verdicts = False
        return rows and verdicts

    def rows(self) -> list[dict[str, Any]]:
        """The promise rows for the template: the form and the saved promise (if any)."""
        out = []
        for form in self.formset.forms:
            pk = form["promise"].value()
            try:
                promise = self.made.get(int(pk)) if pk not in (None, "") else None
            except (TypeError, ValueError):
                promise = None
            out.append({"form": form, "promise": promise})
        return out

    def verdict_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "form": f,
                "promise": f.promise,
                "renewal": self.renewed_by.get(f.promise.pk),
                "judged_here": self.meeting is not None
                and f.promise.judged_at_id == self.meeting.pk,
            }
            for f in self.verdicts
        ]

    def error_summary(self) -> list[dict[str, str]]:
        """The errors of the rows, in the page's order, labelled with the row."""
        items = []
        for n, form in enumerate(self.formset.forms, start=1):
            label = _("Promise %(n)s") % {"n": n}
            items += [
                {"id": "", "label": label, "message": str(e)} for e in form.non_field_errors()
            ]
            for name in ("owner", "text", "due_on"):
                items += [
                    {
                        "id": form[name].id_for_label,
                        "label": f"{label} · {form.fields[name].label}",
                        "message": str(e),
                    }
                    for e in form[name].errors
                ]
        for f in self.verdicts:
            label = _("Verdict on %(promise)s") % {"promise": _promise_name(f.promise)}
            for name in ("kept_votes", "not_kept_votes", "renew_due_on", "renew_text"):
                items += [
                    {
                        "id": f[name].id_for_label,
                        "label": f"{label} · {f.fields[name].label}",
                        "message": str(e),
                    }
                    for e in f[name].errors
                ]
            items += [{"id": "", "label": label, "message": str(e)} for e in f.non_field_errors()]
        return items

    def already_saved(self, meeting: Meeting) -> bool:
        """Whether ``meeting``'s promises and verdicts already hold what the rows ask (the
        same entry sent twice): a stale save that would change them is no double tap."""
        stored = {
            p.pk: p for p in Promise.objects.filter(Q(meeting=meeting) | Q(judged_at=meeting))
        }
        for row in self.formset.forms:
            data = row.cleaned_data
            pk, deleting = data.get("promise"), bool(data.get("DELETE"))
            if pk is not None and deleting:
                if pk in stored and stored[pk].meeting_id == meeting.pk:
                    return False
            elif pk is not None or row.has_changed():
                wanted = (data.get("owner"), (data.get("text") or "").strip(), data.get("due_on"))
                candidates = [stored.get(pk)] if pk is not None else list(stored.values())
                if not any(
                    p is not None
                    and p.meeting_id == meeting.pk
                    and (owner_value(p), p.text, p.due_on) == wanted
                    for p in candidates
                ):
                    return False
        for verdict in self.verdicts:
            p = stored.get(verdict.promise.pk)
            data = verdict.cleaned_data
            if verdict.judged != (p is not None and p.judged_at_id == meeting.pk):
                return False
            if (
                p is not None
                and verdict.judged
                and (p.kept_votes, p.not_kept_votes)
                != (
                    data["kept_votes"],
                    data["not_kept_votes"],
                )
            ):
                return False
        return True

    # ---- saving -------------------------------------------------------------------------

    def save(
        self, meeting: Meeting, *, user: User, data: QueryDict, reason: str | None = None
    ) -> None:
        """Write the verdicts, the renewals and the promise rows at ``meeting`` (just saved,
        in the caller's transaction). Raises :class:`PromisesRefused` (the errors are on
        the forms) or StaleEdit (the row's form carries the current version); the caller
        rolls everything back then."""
        self.reason = reason  # a correction's reason, kept with the promises it changes
        failed = False
        counted = any(f.judged for f in self.verdicts) and (
            Meeting.objects.filter(quorum_q(), pk=meeting.pk).exists()
        )
        for verdict in self.verdicts:
            failed |= not attempt(verdict, partial(self._judge, verdict, meeting, user, counted))
        made: dict[str, Promise] = {}
        for row in self.formset.forms:
            failed |= not attempt(row, partial(self._save_row, row, meeting, user, made))
        for section in extensions.saves("meeting_form"):
            try:
                section(data=data, meeting=meeting, promises=made)
            except ValidationError as exc:
                failed = True
                self._errors_of_sections(exc)
        if failed:
            raise PromisesRefused

    def _errors_of_sections(self, exc: ValidationError) -> None:
        """An upper app's errors (``promise-N-answers``...) on the row they name."""
        forms = {f.prefix: f for f in self.formset.forms}
        for key, messages in exc.message_dict.items():
            prefix, _sep, name = key.rpartition("-")
            form = forms.get(prefix)
            for message in messages:
                if form is None:
                    self.formset.forms[0].add_error(None, message)
                else:
                    form.add_error(None, message)

    def _judge(self, form: VerdictForm, meeting: Meeting, user: User, counted: bool) -> None:
        promise, data = form.promise, form.cleaned_data
        version = data.get("version")
        if promise.pk in self.not_due and form.judged:
            made = promise.meeting
            if (made.year, made.quarter) >= (meeting.year, meeting.quarter):
                raise ValidationError(
                    verdict_errors(
                        made=(made.year, made.quarter),
                        judged=(meeting.year, meeting.quarter),
                        present=meeting.present,
                        kept=data["kept_votes"],
                        not_kept=data["not_kept_votes"],
                    )
                )
            raise ValidationError(
                {
                    "kept_votes": _(
                        "Not due for a verdict at a meeting held on %(day)s: it is due on "
                        "%(due)s and was not reported done before."
                    )
                    % {"day": meeting.held_on.isoformat(), "due": promise.due_on.isoformat()}
                }
            )
        if form.judged:
            if not counted:
                raise ValidationError(
                    {
                        "kept_votes": _(
                            "This meeting has no quorum: its verdicts would not count. "
                            "Leave them for the next meeting."
                        )
                    }
                )
            kept, not_kept = data["kept_votes"], data["not_kept_votes"]
            if (promise.judged_at_id, promise.kept_votes, promise.not_kept_votes) != (
                meeting.pk,
                kept,
                not_kept,
            ):
                promise = services.promise_judge(
                    promise=current(promise, version),
                    meeting=meeting,
                    kept_votes=kept,
                    not_kept_votes=not_kept,
                    user=user,
                    version=version,
                )
            if data.get("renew_due_on") and not is_kept(kept, not_kept):
                services.promise_renew(
                    promise=promise,
                    due_on=data["renew_due_on"],
                    text=data.get("renew_text") or None,
                    user=user,
                )
        elif promise.judged_at_id == meeting.pk:  # taken back (a correction)
            services.promise_judge(
                promise=current(promise, version),
                meeting=None,
                kept_votes=None,
                not_kept_votes=None,
                user=user,
                version=version,
            )

    def _save_row(
        self, form: PromiseRowForm, meeting: Meeting, user: User, made: dict[str, Promise]
    ) -> None:
        data = form.cleaned_data
        pk, version = data.get("promise"), data.get("version")
        deleting = bool(data.get("DELETE"))
        if pk is not None:
            promise = self.made.get(pk)
            if promise is None:  # removed meanwhile, or not of this meeting
                raise stale(pk, version)
            if deleting:
                services.promise_remove(promise=promise, user=user, version=version)
                return
            official, department = self._owner(data["owner"])
            made[str(form.prefix)] = services.promise_change(
                promise=promise,
                text=data["text"],
                due_on=data["due_on"],
                official=official,
                department=department,
                user=user,
                version=version,
                reason=self.reason,
            )
        elif form.has_changed() and not deleting:
            official, department = self._owner(data["owner"])
            same = Promise.objects.filter(
                meeting=meeting,
                official=official,
                department=department,
                text=data["text"].strip(),
                due_on=data["due_on"],
            ).first()  # the same entry sent twice (a double tap) makes one promise
            made[str(form.prefix)] = same or services.promise_make(
                meeting=meeting,
                text=data["text"],
                due_on=data["due_on"],
                official=official,
                department=department,
                user=user,
            )

    def _owner(self, value: str) -> tuple[Official | None, Department | None]:
        kind, _sep, pk = value.partition(":")
        if kind == "official":
            return self.officials[int(pk)], None
        return None, self.departments[int(pk)]


def _promise_name(promise: Promise) -> str:
    return f"{promise.meeting.period} #{promise.number}"
