"""Forms of the area pages: the roster of a community's resident representatives."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput, VersionField

from .models import Representative


class RepresentativeForm(forms.ModelForm):
    """Add a representative to the roster, or correct one."""

    version = VersionField()

    class Meta:
        model = Representative
        fields = ["name", "group", "phone", "start_date", "end_date"]
        # a person's name (姓名), not the model field's "name" shared with areas (名称)
        labels = {"name": pgettext_lazy("a person's name", "Name")}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class RepresentativeEndForm(forms.Form):
    """End a term: the last day the representative serves."""

    end_date = forms.DateField(label=_("Last day of the term"), widget=DateInput())
    version = VersionField()

    def __init__(self, *args: Any, representative: Representative, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.representative = representative

    def clean_end_date(self) -> datetime.date:
        end = self.cleaned_data["end_date"]
        if end < self.representative.start_date:
            raise forms.ValidationError(
                _("The term started on %(start)s; it cannot end before.")
                % {"start": self.representative.start_date.isoformat()}
            )
        return end
