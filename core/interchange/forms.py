"""The admin's upload form: a kind, a file and a deliberate choice between checking and
importing."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import form_field

from .registry import kinds


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
        # the kinds this page imports (an export-only kind is listed below it, not offered)
        form_field(self, "kind", forms.ChoiceField).choices = [
            (name, kind.label) for name, kind in kinds().items() if kind.importable
        ]

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
