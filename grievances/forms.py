from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionField, form_field
from core.workdays import calendar_known, calendar_note
from districts.models import Community, Department

from .models import Grievance, GrievancePolicy
from .rules import date_range_errors, deadline_days_errors, referral_deadline


class SaneDates:
    def in_range(self, field: str, value: datetime.date | None) -> datetime.date | None:
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

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "community", forms.ModelChoiceField).queryset = communities
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self) -> datetime.date | None:
        return self.in_range("received_on", self.cleaned_data["received_on"])


class MeetingIntakeForm(IntakeForm):
    """Raised at a meeting: community and date come from the meeting."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["community"]
        del self.fields["source"]
        del self.fields["received_on"]


class ReferForm(SaneDates, forms.Form):
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=None
    )
    working_days = forms.IntegerField(label=_("Deadline in working days"))
    note = forms.CharField(label=_("Note"), required=False)
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department],
        policy: GrievancePolicy,
        key_dispute: bool = False,
        today: datetime.date | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # each option reads as Department.__str__: "<street or community> · <department>"
        form_field(self, "department", forms.ModelChoiceField).queryset = departments
        self.policy = policy
        today = timezone.localdate() if today is None else today
        days = policy.default_deadline_days(key_dispute=key_dispute)
        field = form_field(self, "working_days", forms.IntegerField)
        field.min_value, field.max_value = policy.deadline_min_days, policy.deadline_max_days
        field.widget.attrs.update(min=field.min_value, max=field.max_value)
        field.initial = days
        deadline, _days = referral_deadline(referred_on=today, key_dispute=key_dispute, days=days)
        field.help_text = _(
            "%(days)s working days from today is %(date)s (official calendar: holidays off, "
            "adjusted working weekends on). Allowed: %(low)s–%(high)s."
        ) % {
            "days": days,
            "date": deadline.isoformat(),
            "low": policy.deadline_min_days,
            "high": policy.deadline_max_days,
        }
        if not calendar_known(deadline):
            field.help_text = f"{field.help_text} {calendar_note()}"

    def clean_working_days(self) -> int | None:
        days: int | None = self.cleaned_data["working_days"]
        errors = deadline_days_errors(days, self.policy)
        if errors:
            raise forms.ValidationError(errors["working_days"])
        return days


class ResolveForm(SaneDates, forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()

    def clean_resolved_on(self) -> datetime.date | None:
        return self.in_range("resolved_on", self.cleaned_data["resolved_on"])


class AnswerForm(SaneDates, forms.Form):
    answer = forms.CharField(
        label=_("What the resident was told"), widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    version = VersionField()

    def clean_answered_on(self) -> datetime.date | None:
        return self.in_range("answered_on", self.cleaned_data["answered_on"])


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class GrievancePolicyForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = GrievancePolicy
        fields = [
            "ordinary_deadline_days",
            "key_dispute_deadline_days",
            "deadline_min_days",
            "deadline_max_days",
            "due_soon_days",
            "city_escalation_days",
            "unsatisfied_verdict_reopens",
        ]
