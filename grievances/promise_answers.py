"""The grievances a promise answers (``Grievance.promises``, DOMAIN.md "Promises"), on the
meeting entry page of evaluations: a box per grievance raised at the meeting in each
promise row (the "promise_row" slot), saved with the meeting and its promises (the
"meeting_form" save of :mod:`core.extensions`), in their transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from .models import Grievance

CACHE = "grievances.promise_answers"


def _meeting_items(page: Any) -> dict[str, Any]:
    """The meeting's grievances and which promise answers which, once per page (kept on
    the request: each row is rendered by an include of its own)."""
    meeting = page.get("meeting")
    holder: Any = page.get("request") or object()
    render = getattr(holder, "_promise_answers", None)
    if render is None:
        render = {}
        with contextlib.suppress(AttributeError):  # no request: no cache
            holder._promise_answers = render
    if CACHE not in render or render[CACHE]["meeting"] != getattr(meeting, "pk", None):
        items: list[Grievance] = []
        links: dict[int, set[int]] = {}
        if meeting is not None:
            items = list(Grievance.objects.filter(meeting=meeting).order_by("reference"))
            through = Grievance.promises.through.objects.filter(grievance__meeting=meeting)
            for grievance_id, promise_id in through.values_list("grievance_id", "promise_id"):
                links.setdefault(promise_id, set()).add(grievance_id)
        render[CACHE] = {"items": items, "links": links, "meeting": getattr(meeting, "pk", None)}
    return dict(render[CACHE])


def at_promise_row(page: Any) -> dict[str, Any]:
    """The boxes of one promise row: checked as posted, or as saved."""
    found = _meeting_items(page)
    form, saved = page.get("row_form"), page.get("saved")
    request = page.get("request")
    name = f"{form.prefix}-answers" if form is not None else "answers"
    if request is not None and request.method == "POST" and form is not None and form.is_bound:
        chosen = {v for v in request.POST.getlist(name)}
    else:
        chosen = {str(pk) for pk in found["links"].get(saved.pk if saved else -1, ())}
    return {
        "answer_items": [(g, str(g.pk) in chosen) for g in found["items"]],
        "answers_name": name,
    }


def save_answers(*, data: QueryDict, meeting: Any, promises: Mapping[str, Any]) -> None:
    """Link each saved promise row to the grievances ticked in it (of that meeting only)."""
    if not promises:
        return
    raised = set(Grievance.objects.filter(meeting=meeting).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    for prefix, promise in promises.items():
        ids: set[int] = set()
        for value in data.getlist(f"{prefix}-answers"):
            try:
                ids.add(int(value))
            except ValueError:
                ids.add(-1)
        if ids - raised:
            errors[f"{prefix}-answers"] = _(
                "A promise answers only grievances raised at its own meeting."
            )
            continue
        Grievance.promises.through.objects.filter(promise_id=promise.pk).exclude(
            grievance_id__in=ids
        ).delete()
        have = set(
            Grievance.promises.through.objects.filter(promise_id=promise.pk).values_list(
                "grievance_id", flat=True
            )
        )
        Grievance.promises.through.objects.bulk_create(
            [Grievance.promises.through(promise_id=promise.pk, grievance_id=g) for g in ids - have]
        )
    if errors:
        raise ValidationError(errors)
