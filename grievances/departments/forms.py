"""The record's period: from and to, the current year so far by default."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.years import FIRST_YEAR, LAST_YEAR


class _PeriodForm(forms.Form):
    def __init__(self, data: Any, *, today: datetime.date) -> None:
        super().__init__({k: data[k] for k in ("from", "to") if data.get(k)})
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        for name, day in (("from", start), ("to", end)):
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, _("A date from 2000 to 2100."))
        if start and end and end < start:
            self.add_error("to", _("The end of the period is before its start."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for; the current year so far where a date is missing or the
        form has errors (the errors are shown with it)."""
        start, end = datetime.date(self.today.year, 1, 1), self.today
        if self.is_valid():
            start = self.cleaned_data.get("from") or start
            end = self.cleaned_data.get("to") or max(end, start)
            if end < start:  # only "from" given, after today
                end = start
        return start, end


PeriodForm = type(
    "PeriodForm",
    (_PeriodForm,),
    {
        "from": forms.DateField(label=_("Referred from"), required=False),
        "to": forms.DateField(label=_("until"), required=False),
    },
)
