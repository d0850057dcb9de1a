"""The safety survey entry form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import INT_MAX, form_field
from districts.models import Street


class SurveyForm(forms.Form):
    street: forms.ModelChoiceField[Street] = forms.ModelChoiceField(
        label=_("Street"), queryset=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    safe = forms.IntegerField(label=_("Safe"), min_value=0, max_value=INT_MAX)
    fairly_safe = forms.IntegerField(label=_("Fairly safe"), min_value=0, max_value=INT_MAX)
    not_very_safe = forms.IntegerField(label=_("Not very safe"), min_value=0, max_value=INT_MAX)
    unsafe = forms.IntegerField(label=_("Unsafe"), min_value=0, max_value=INT_MAX)

    def __init__(self, *args: Any, streets: QuerySet[Street], **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "street", forms.ModelChoiceField).queryset = streets
