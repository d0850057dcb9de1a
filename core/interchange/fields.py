"""The form fields of the CSV values every kind shares: ``yes``/``no`` booleans and ISO
dates."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


class YesNoField(forms.ChoiceField):
    """The CSV booleans: exactly ``yes`` or ``no``."""

    def __init__(self, **kwargs: Any):
        super().__init__(choices=[("yes", "yes"), ("no", "no")], **kwargs)

    def clean(self, value: Any) -> bool:
        return super().clean(value) == "yes"


ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class IsoDateField(forms.DateField):
    """The CSV dates: ISO (2009-09-30), nothing else (DOMAIN.md). Not Django's
    DATE_INPUT_FORMATS (01/02/2010 is ambiguous), not ``2009-9-30``, not full-width digits
    (``strptime`` takes any Unicode digit), not Python's other ISO 8601 forms (20090930)."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter the date as YYYY-MM-DD, for example 2009-09-30."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            if not ISO_DATE.match(text):
                raise ValueError(text)
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
