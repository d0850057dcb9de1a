"""CSV import and export inside the admin: the same framework as the commands."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core import interchange
from core.forms import form_field
from core.jobs import job_state
from districts.http import AuthenticatedHttpRequest
from districts.permissions import may_exchange_data

from . import uploads


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"))
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8)"))
    # a deliberate choice, never pre-ticked: the result says plainly whether it saved
    dry_run = forms.TypedChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            ("yes", gettext_lazy("Check only: report what would change, save nothing")),
            ("no", gettext_lazy("Import: save the rows")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether to check only or to import.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "kind", forms.ChoiceField).choices = [(k, k) for k in interchange.kinds()]

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def _require_manager(request: HttpRequest) -> None:
    if not may_exchange_data(request.user):
        raise Http404


@admin.site.admin_view
def import_csv_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The form: a valid upload is stored and imported by the worker (no 30 s limit, so a
    whole city's file goes through); the browser goes on to the upload's status page."""
    _require_manager(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
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
        "kinds": interchange.kinds(),
        "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "admin/import_csv.html", context)


@require_GET
@admin.site.admin_view
def import_status_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One upload's job: waiting, its progress, then the report or every error. Only the
    administrator who uploaded it (or a superuser) sees it; anyone else gets 404."""
    _require_manager(request)
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
    return render(request, "admin/import_status.html", context)


@require_GET
@admin.site.admin_view
def export_csv_view(request: AuthenticatedHttpRequest, kind: str) -> HttpResponseBase:
    _require_manager(request)
    if kind not in interchange.kinds():
        raise Http404
    # for people: opened in a spreadsheet, so text that could run as a formula is
    # neutralised; ``manage.py export_csv`` is the exact file for programs
    response = StreamingHttpResponse(
        interchange.iter_csv_for_people(kind, user=request.user),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response
