"""Fields shared by every CSV kind: area codes and ISO dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext as _

from core.interchange import IsoDateField

from ..codes import CODE_MAX_LENGTH, code_validator

COMMUNITY_COLUMNS = ("community_code", "community_name", "community_kind", "representatives")


def code_field(max_length: int = CODE_MAX_LENGTH, **kwargs: Any) -> forms.CharField:
    """A code column: the code rule of :mod:`districts.codes`, as on the model fields."""
    return forms.CharField(max_length=max_length, validators=[code_validator], **kwargs)


def differs(obj: Any, values: dict[str, Any]) -> bool:
    """Compare parents by id, so checking a row never loads its parent again."""
    return any(
        getattr(obj, f"{k}_id") != v.pk if isinstance(v, Model) else getattr(obj, k) != v
        for k, v in values.items()
    )


class TermRowForm(forms.Form):
    """A row with a term (a posting, a representative's service): a start date and an
    optional end date, never before the start."""

    start_date = IsoDateField()
    end_date = IsoDateField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data
