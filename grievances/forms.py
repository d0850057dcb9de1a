from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import DateInput, VersionField, form_field
from core.workdays import calendar_known, calendar_note, working_days_ahead
from districts.models import Community, Department

from .models import Grievance, GrievancePolicy, Verdict
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


class DeadlineSelect(forms.Select):
    """The choices of a deadline, each labelled with its date; each option carries the hint
    of its choice (``data-hint``), which static/js/deadline.js puts under the field when
    the choice changes. Without JavaScript the labels still give every choice's date."""

    class Media:
        js = ("js/deadline.js",)

    def __init__(self, hints: dict[int, str]):
        super().__init__(attrs={"data-deadline-hints": ""})
        self.hints = hints

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["data-hint"] = self.hints.get(value, "")
        return option


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
        field = form_field(self, "working_days", forms.IntegerField)
        low, high = policy.deadline_min_days, policy.deadline_max_days
        field.min_value, field.max_value = low, high
        field.initial = policy.default_deadline_days(key_dispute=key_dispute)
        # the deadline of every choice, counted on the server (the year's referral rule)
        dates = dict(enumerate(working_days_ahead(today, high), start=1))
        hints = {n: self.deadline_hint(n, dates[n]) for n in range(low, high + 1)}
        field.widget = DeadlineSelect(hints)
        field.widget.choices = [
            (
                n,
                ngettext("%(days)s working day: %(date)s", "%(days)s working days: %(date)s", n)
                % {"days": n, "date": dates[n].isoformat()},
            )
            for n in range(low, high + 1)
        ]
        chosen = self.chosen_days(field.initial)
        field.help_text = hints.get(chosen) or self.deadline_hint(
            chosen, referral_deadline(referred_on=today, key_dispute=key_dispute, days=chosen)[0]
        )

    def chosen_days(self, default: int) -> int:
        """The choice the page shows: the one posted back (when a whole number in range),
        else the year's default for the item."""
        try:
            days = int(self.data.get(self.add_prefix("working_days"), ""))
        except (TypeError, ValueError):
            return default
        low, high = self.policy.deadline_min_days, self.policy.deadline_max_days
        return days if low <= days <= high else default

    def deadline_hint(self, days: int, deadline: datetime.date) -> str:
        hint = _(
            "%(days)s working days from today is %(date)s (official calendar: holidays off, "
            "adjusted working weekends on). Allowed: %(low)s–%(high)s."
        ) % {
            "days": days,
            "date": deadline.isoformat(),
            "low": self.policy.deadline_min_days,
            "high": self.policy.deadline_max_days,
        }
        return hint if calendar_known(deadline) else f"{hint} {calendar_note()}"

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


class AcceptForm(forms.Form):
    version = VersionField()


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))


class ProposeForm(forms.Form):
    answer = forms.CharField(
        label=_("The answer to give the resident"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class ConfirmForm(forms.Form):
    version = VersionField()


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is sent back"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()


class VerdictForm(SaneDates, forms.Form):
    """Staff record the resident's verdict after a call."""

    verdict = forms.ChoiceField(
        label=_("The resident's verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    version = VersionField()

    def clean_given_on(self) -> datetime.date | None:
        return self.in_range("answered_on", self.cleaned_data["given_on"])


class PublicVerdictForm(forms.Form):
    """The resident's receipt: its reference and one-time code, and the one question."""

    reference = forms.CharField(label=_("Reference on your receipt"), max_length=80)
    code = forms.CharField(label=_("Code on your receipt"), max_length=40)
    verdict = forms.ChoiceField(
        label=_("Are you satisfied with the answer you were given?"),
        choices=[c for c in Verdict.choices if c[0] != Verdict.NOT_REACHED],
        widget=forms.RadioSelect,
        required=False,
    )


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
            "department_satisfaction_threshold",
            "department_on_time_threshold",
        ]
