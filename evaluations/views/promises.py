"""Promises between meetings (DOMAIN.md, "Promises"): a promise's page with its progress
notes, "reported done" and history; the list of the user's promises; the missing
improvement plans (rule 3).

Reading follows Promise.scope_q (404 outside). Writing is for the street office staff of
the promise's street (districts.scoping.changeable) and for the staff of the department
that owns it; any other reader gets 403 on a step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.concurrency import StaleEdit
from core.forms import add_service_errors, keep_for_retry
from districts.http import AuthenticatedHttpRequest
from districts.models import User
from districts.scoping import changeable, department_of

from ..models import Promise
from ..promises import selectors, services
from ..promises.filters import PlanFilter, PromiseFilter
from ..promises.history import promise_history
from ..promises.page_forms import PromiseDoneForm, PromiseNoteForm, PromiseUndoneForm
from ..promises.plans import plans_missing
from ..promises.tables import PlanTable, PromiseTable
from .lists import ScopedListMixin


def may_write(user: User, promise: Promise) -> bool:
    """Street office staff of its street, or the staff of the department that owns it."""
    if changeable(user, Promise.objects.filter(pk=promise.pk)).exists():
        return True
    department = department_of(user)
    return department is not None and department == promise.department_id


def _page(
    request: HttpRequest,
    promise: Promise,
    *,
    bound: dict[str, forms.Form] | None = None,
    conflict: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    initial = {"version": promise.version}
    context: dict[str, Any] = {
        "promise": promise,
        "state": promise.state_on(today),
        "renewal": Promise.objects.filter(renews=promise).select_related("meeting").first(),
        "notes": promise.notes.select_related("author"),
        "history": promise_history(promise),
        "can_edit": may_write(request.user, promise),  # type: ignore[arg-type]
        "conflict": conflict,
        "note_form": PromiseNoteForm(
            auto_id="id_note_%s", initial={**initial, "written_on": today}
        ),
        "done_form": PromiseDoneForm(auto_id="id_done_%s", initial={**initial, "done_on": today}),
        "undone_form": PromiseUndoneForm(auto_id="id_undone_%s", initial=initial),
    }
    context.update(bound or {})
    return render(request, "evaluations/promise_detail.html", context, status=status)


@login_required
def promise_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.promise_get(user=request.user, pk=pk))


Apply = Callable[[Promise, dict[str, Any], User], Any]

STEPS: dict[str, tuple[str, type[forms.Form], Apply]] = {
    "note": (
        "note_form",
        PromiseNoteForm,
        lambda p, d, u: services.promise_note_add(
            promise=p, written_on=d["written_on"], text=d["text"], user=u, version=d["version"]
        ),
    ),
    "done": (
        "done_form",
        PromiseDoneForm,
        lambda p, d, u: services.promise_report_done(
            promise=p, done_on=d["done_on"], done_text=d["done_text"], user=u, version=d["version"]
        ),
    ),
    "undone": (
        "undone_form",
        PromiseUndoneForm,
        lambda p, d, u: services.promise_report_done(
            promise=p, done_on=None, done_text="", user=u, version=d["version"]
        ),
    ),
}


@require_POST
@login_required
def promise_step(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    """A note, "reported done" or taking the report back: saved and back to the page, or
    the page again with the form as typed (409 stale, 400 refused)."""
    if step not in STEPS:
        raise Http404
    promise = selectors.promise_get(user=request.user, pk=pk)
    if not may_write(request.user, promise):
        raise PermissionDenied
    form_name, form_class, apply = STEPS[step]
    form = form_class(request.POST, auto_id=f"id_{step}_%s")
    if form.is_valid():
        try:
            apply(promise, form.cleaned_data, request.user)
        except StaleEdit as exc:
            keep_for_retry(form, exc)
            promise.refresh_from_db()
            return _page(request, promise, bound={form_name: form}, conflict=exc, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
            promise.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(promise)
    return _page(request, promise, bound={form_name: form}, status=400)


class PromiseListView(ScopedListMixin):
    template_name = "evaluations/list.html"
    table_class = PromiseTable
    filterset_class = PromiseFilter
    export_name = "promises"
    extra_context = {"title": gettext_lazy("Promises")}

    def get_queryset(self) -> QuerySet[Promise]:
        return (
            selectors.promises(user=self.request.user)
            .with_state(timezone.localdate())
            .order_by("due_on", "meeting__community__code", "number")
        )


class PlanListView(ScopedListMixin):
    """The missing improvement plans (rule 3), ``?escalated=yes``: those escalated to the
    district (the district's "waiting for you" line opens it)."""

    template_name = "evaluations/list.html"
    table_class = PlanTable
    filterset_class = PlanFilter
    export_name = "plans_missing"
    extra_context = {"title": gettext_lazy("Improvement plans missing")}

    def get_queryset(self) -> QuerySet[Any]:
        return plans_missing(user=self.request.user)
