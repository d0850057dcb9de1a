"""CSV import and export inside the admin: the same framework as the commands."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core import interchange
from core.forms import form_field
from districts.http import AuthenticatedHttpRequest
from districts.scoping import may_manage


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

    def clean(self) -> dict[str, Any]:
        """Refuse, before any work, a file this request could not finish in time."""
        super().clean()
        data = self.cleaned_data
        upload, name = data.get("file"), data.get("kind")
        if upload is None or not name:
            return data
        kind = interchange.get_kind(name)
        if kind.importable:
            rows = interchange.count_rows(upload)
            upload.seek(0)
            if rows > kind.max_upload_rows:
                self.add_error(
                    "file",
                    _(
                        "This file has %(rows)s rows; this page imports at most %(limit)s rows "
                        "of %(kind)s at a time, to finish within the time a page is given. "
                        "Import larger files on the server with: "
                        "python manage.py import_csv %(kind)s FILE"
                    )
                    % {"rows": rows, "limit": kind.max_upload_rows, "kind": name},
                )
        return data


def _require_manager(request: HttpRequest) -> None:
    if not may_manage(request.user):
        raise Http404


@admin.site.admin_view
def import_csv_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    report = errors = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = interchange.run_import(
                    form.cleaned_data["kind"],
                    form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
            except interchange.ImportFailed as failed:
                errors = failed.errors
    else:
        form = ImportForm()
    context = {
        **admin.site.each_context(request),
        "title": _("Import CSV"),
        "form": form,
        "report": report,
        "errors": errors,
        "kinds": interchange.kinds(),
        "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "admin/import_csv.html", context)


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
