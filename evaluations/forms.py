"""The meeting entry form (one page, every official's tallies), recommendation steps and
the safety survey entry form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import INT_MAX, DateInput, VersionField, form_field
from districts.models import Posting, Street

from . import rules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .models import Policy, Recommendation


def count_input(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=INT_MAX,
        initial=0,
        error_messages={
            "invalid": _("Enter a whole number."),
            "required": _("Enter a whole number (0 if nobody voted so)."),
        },
        # a text input that asks for digits: letters reach the server and are named as
        # such, where a number input would send nothing ("this field is required")
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]*", "class": "count", "size": 4}
        ),
    )


class MeetingForm(forms.Form):
    """The meeting and, for each official reviewed, the four vote counts.

    Count fields are named ``<official id>-<count>``; the rules are those of
    :mod:`evaluations.rules`, shared with the CSV import.
    """

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    present = forms.IntegerField(
        label=_("Representatives present"),
        min_value=1,
        max_value=INT_MAX,
        error_messages={"invalid": _("Enter a whole number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]*", "class": "count", "size": 4}
        ),
    )
    asked = forms.CharField(
        label=_("What the representatives asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # the promises followed up and judged are the rows of evaluations.promises.entry; this
    # stays for free notes on the officials' answers (and what older meetings recorded)
    promised = forms.CharField(
        label=_("Notes on the officials' answers"),
        help_text=_("Free notes, not followed up: record each promise in the list of promises."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()

    def __init__(
        self,
        *args: Any,
        roll: int,
        postings: list[Posting],
        year: int,
        quarter: int,
        correcting: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.roll = roll
        self.year = year
        self.quarter = quarter
        self.correcting = correcting
        if correcting:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                max_length=100,
                help_text=_("Kept in the meeting's history with your name and the time."),
                error_messages={"required": _("Say why the submitted meeting is corrected.")},
            )
        self.postings = postings
        labels = {
            "very_satisfied": _("Very satisfied"),
            "satisfied": _("Satisfied"),
            "basically_satisfied": _("Basically satisfied"),
            "unsatisfied": _("Unsatisfied"),
        }
        for posting in postings:
            for field in rules.COUNT_FIELDS:
                self.fields[f"{posting.official_id}-{field}"] = count_input(labels[field])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        present = data.get("present")
        for field, message in rules.period_errors(
            year=self.year,
            quarter=self.quarter,
            held_on=data.get("held_on"),
            today=timezone.localdate(),
        ).items():
            self.add_error("held_on" if field == "held_on" else None, message)
        for field, message in rules.meeting_errors(roll=self.roll, present=present).items():
            self.add_error(field, message)
        for posting in self.postings:
            counts = {f: data.get(f"{posting.official_id}-{f}") for f in rules.COUNT_FIELDS}
            for field, message in rules.tally_errors(present=present, counts=counts).items():
                self.add_error(f"{posting.official_id}-{field}", message)
        return data

    def rows(self) -> list[dict[str, Any]]:
        """Per official: the posting and its four bound fields, for the template."""
        return [
            {
                "posting": p,
                "fields": [self[f"{p.official_id}-{f}"] for f in rules.COUNT_FIELDS],
            }
            for p in self.postings
        ]

    def error_summary(
        self,
        *,
        presence: forms.Form | None = None,
        after_tallies: list[dict[str, str]] | None = None,
    ) -> list[dict[str, str]]:
        """Every error of a refused save in the order of the page, for the summary at its
        top: the field's id to link to ("" for an error of the whole form), its label (an
        official's count named with the official) and the message; ``after_tallies`` are
        the errors of the parts shown between the tallies and the report."""
        items = [{"id": "", "label": "", "message": str(e)} for e in self.non_field_errors()]
        items += [{"id": "", "label": "", "message": str(e)} for e in self["version"].errors]

        def add(form: forms.Form, name: str, label: str, anchor: str = "") -> None:
            if name in form.fields:
                bound = form[name]
                items.extend(
                    {"id": anchor or bound.id_for_label, "label": label, "message": str(e)}
                    for e in bound.errors
                )

        for name in ("held_on", "present"):
            add(self, name, str(self.fields[name].label))
        if presence is not None:
            # a list of boxes has no one input to link to: its fieldset (_presence.html)
            add(presence, "attendees", str(presence.fields["attendees"].label), "presence")
        for row in self.rows():
            for bound in row["fields"]:
                add(self, bound.name, f"{row['posting'].official.name} · {bound.label}")
        items += after_tallies or []  # the promises and verdicts, below the tallies
        for name in ("asked", "promised", "reason"):
            if name in self.fields:
                add(self, name, str(self.fields[name].label))
        return items

    def tallies(self) -> list[tuple[int, list[int]]]:
        return [
            (p.official_id, [self.cleaned_data[f"{p.official_id}-{f}"] for f in rules.COUNT_FIELDS])
            for p in self.postings
        ]


class RecommendationSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    addressed_to = forms.CharField(
        label=_("Sent to (appointing body)"),
        max_length=100,
        help_text=_("For a police officer: their police station."),
    )
    version = VersionField()


class RecommendationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Recommendation.Outcome.REPLACED, Recommendation.Outcome.REPLACED.label),
            (Recommendation.Outcome.RETAINED, Recommendation.Outcome.RETAINED.label),
        ],
        widget=forms.RadioSelect,
    )
    outcome_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (required when retained)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class PolicyForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Policy
        fields = [
            "quorum_share",
            "points_very_satisfied",
            "points_satisfied",
            "points_basically_satisfied",
            "points_unsatisfied",
            "very_satisfied_min",
            "satisfied_min",
            "basically_satisfied_min",
            "veto_numerator",
            "veto_denominator",
            "weight_safety",
            "weight_satisfaction",
            "weight_grievances",
            "weight_key_disputes",
            "city_safety_minimum",
            "min_respondents",
            "min_meetings",
            "min_grievances",
        ]


class SurveyForm(forms.Form):
    """A street's survey of a year: its four counts (``services.survey_save`` decides)."""

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
