"""CSV import and export inside the admin: the same framework as the commands.

Who may use these pages is not core's to decide (roles are ``districts``'): every view
takes ``may_exchange``, a predicate on the user, from the URL patterns that
:func:`core.interchange.urls.admin_urlpatterns` builds for the project's URLconf, which
passes ``districts.permissions.may_exchange_data``. A user it refuses gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.jobs import job_state
from core.uploadhandlers import upload_refused

from . import uploads
from .export import iter_csv_for_people
from .forms import ImportForm
from .registry import kinds

if TYPE_CHECKING:
    # django-stubs resolves this alias to settings.AUTH_USER_MODEL (the project's User), so
    # core names the account type without importing the app that defines it.
    from django.contrib.auth.models import _User as User

MayExchange = Callable[["User"], bool]
"""Whether a signed-in user may import and export CSV files in the admin."""


class AdminRequest(HttpRequest):
    """A request behind ``admin.site.admin_view``: always a signed-in staff account."""

    user: User


def _require(may_exchange: MayExchange, request: AdminRequest) -> None:
    if not may_exchange(request.user):
        raise Http404


@admin.site.admin_view
def import_csv_view(request: AdminRequest, *, may_exchange: MayExchange) -> HttpResponse:
    """The form: a valid upload is stored and imported by the worker (no 30 s limit, so a
    whole city's file goes through); the browser goes on to the upload's status page. A
    file the server's disk could not hold is refused with the form kept."""
    _require(may_exchange, request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if upload_refused(request) is not None:  # the disk the upload spools to is full
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _(
                    "The server could not store the file: its disk is full or unavailable. "
                    "Nothing was saved; try again later, or tell the administrator."
                ),
            )
        elif form.is_valid():
            upload = uploads.upload_start(
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
                language=translation.get_language() or "",
            )
            return redirect("admin_import_status", upload.pk)
    else:
        form = ImportForm()
    context = {
        **admin.site.each_context(request),
        "title": _("Import CSV"),
        "form": form,
        "kinds": kinds(),
        "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "core/interchange/import_csv.html", context)


@require_GET
@admin.site.admin_view
def import_status_view(
    request: AdminRequest, pk: int, *, may_exchange: MayExchange
) -> HttpResponse:
    """One upload's job: waiting, its progress, then the report or every error. Only the
    administrator who uploaded it (or a superuser) sees it; anyone else gets 404."""
    _require(may_exchange, request)
    upload = get_object_or_404(uploads.uploads_visible(request.user), pk=pk)
    state = job_state(upload.task_id) if upload.task_id else None
    context = {
        **admin.site.each_context(request),
        "title": _("Import CSV"),
        "upload": upload,
        "state": state,
        "running": state is not None and not state.finished,
        "report": uploads.report_of(upload),
        "errors": uploads.errors_of(upload),
    }
    return render(request, "core/interchange/import_status.html", context)


@require_GET
@admin.site.admin_view
def export_csv_view(
    request: AdminRequest, kind: str, *, may_exchange: MayExchange
) -> HttpResponseBase:
    _require(may_exchange, request)
    if kind not in kinds():
        raise Http404
    # for people: opened in a spreadsheet, so text that could run as a formula is
    # neutralised; ``manage.py export_csv`` is the exact file for programs
    response = StreamingHttpResponse(
        iter_csv_for_people(kind, user=request.user),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response
