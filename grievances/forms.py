from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from districts.models import Community

from .models import Grievance
from .rules import date_range_errors


class SaneDates:
    def in_range(self, field: str, value):  # type: ignore[no-untyped-def]
        """The sane range of grievances.rules, for the date this form sets."""
        if value and (error := date_range_errors({field: value}).get(field)):
            raise forms.ValidationError(error)
        return value


class IntakeForm(SaneDates, forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    source = forms.ChoiceField(
        label=_("Source"), choices=Grievance.Source.choices, initial=Grievance.Source.PETITION
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Grievance.Kind.choices)
    key_dispute = forms.BooleanField(label=_("Key dispute"), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    handled_on_the_spot = forms.BooleanField(
        label=_("Handled on the spot (resolved today, the day it was received)"), required=False
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):  # type: ignore[no-untyped-def]
        return self.in_range("received_on", self.cleaned_data["received_on"])


class MeetingIntakeForm(IntakeForm):
    """Raised at a meeting: community and date come from the meeting."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["community"]
        del self.fields["source"]
        del self.fields["received_on"]


class ReferForm(SaneDates, forms.Form):
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: (
            f"{(d.community or d.street).name} · {d.get_key_display()}"
        )

    def clean_deadline(self):  # type: ignore[no-untyped-def]
        return self.in_range("deadline", self.cleaned_data["deadline"])


class ResolveForm(SaneDates, forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_resolved_on(self):  # type: ignore[no-untyped-def]
        return self.in_range("resolved_on", self.cleaned_data["resolved_on"])


class AnswerForm(SaneDates, forms.Form):
    answer = forms.CharField(
        label=_("What the resident was told"), widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())

    def clean_answered_on(self):  # type: ignore[no-untyped-def]
        return self.in_range("answered_on", self.cleaned_data["answered_on"])


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
