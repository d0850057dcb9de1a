"""The promises part of the meeting entry page (DOMAIN.md, "Promises"): the promises made
at the meeting, one row each (owner, what, due date; an existing one can be removed), and
the verdicts on earlier promises due at it (kept / not kept counts, and a renewal of one
judged not kept). Each row carries the promise's version: a stale second tab is refused.

The rules are those of :mod:`.rules` and :mod:`.services`, checked again when saving; the
forms only parse what was typed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import INT_MAX, DateInput, form_field
from districts.models import Community, Department, Posting

from ..models import Promise


def owner_choices(postings: list[Posting], departments: list[Department]) -> list[tuple[Any, Any]]:
    """The owners a promise of the meeting can have: the officials it reviews, then the
    departments of the community's and the street's platforms."""
    return [
        ("", "—"),
        (
            _("Officials reviewed"),
            [
                (f"official:{p.official_id}", f"{p.official.name} · {p.get_role_display()}")
                for p in postings
            ],
        ),
        (_("Departments"), [(f"department:{d.pk}", str(d)) for d in departments]),
    ]


def meeting_departments(community: Community) -> list[Department]:
    """The departments of the community's and its street's platforms (one query)."""
    from django.db.models import Q

    return list(
        Department.objects.filter(Q(community=community) | Q(street_id=community.street_id))
        .select_related("street", "community")
        .order_by("community_id", "key")
    )


def owner_value(promise: Promise) -> str:
    if promise.official_id:
        return f"official:{promise.official_id}"
    return f"department:{promise.department_id}"


class PromiseRowForm(forms.Form):
    """One promise made at the meeting (``promise`` empty: a new one)."""

    promise = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=INT_MAX
    )
    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=INT_MAX
    )
    owner = forms.ChoiceField(label=_("Who promised"), required=True)
    text = forms.CharField(
        label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, owners: list[tuple[Any, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "owner", forms.ChoiceField).choices = owners
        self.fields["owner"].error_messages["required"] = _("Choose who promised it.")
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "Choose an official reviewed at this meeting or a department of its platforms."
        )
        self.fields["text"].error_messages["required"] = _("Say what will be done.")
        self.fields["due_on"].error_messages["required"] = _("Give the date the promise is due.")


class BasePromiseFormSet(forms.BaseFormSet[PromiseRowForm]):
    """The promise rows; a blank row is left out, a removed one kept aside."""

    def __init__(self, *args: Any, owners: list[tuple[Any, Any]], **kwargs: Any):
        self.owners = owners
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        """A new row starts with the default due date (``form_kwargs["initial"]``)."""
        kwargs: dict[str, Any] = {"owners": self.owners}
        if index is None or index >= len(self.initial or []):
            kwargs["initial"] = self.form_kwargs.get("initial")
        return kwargs


PromiseFormSet = cast(
    type[BasePromiseFormSet],
    forms.formset_factory(
        PromiseRowForm,
        formset=BasePromiseFormSet,
        extra=1,
        can_delete=True,
        max_num=50,
        absolute_max=60,  # a tampered count of rows builds no more forms than this
    ),
)


class VerdictForm(forms.Form):
    """The representatives' verdict on one earlier promise: both counts, or neither (no
    verdict yet); and, judged not kept, its renewal (a new due date, the text if new)."""

    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=INT_MAX
    )
    kept_votes = forms.IntegerField(
        label=_("Kept"),
        required=False,
        min_value=0,
        max_value=INT_MAX,
        error_messages={"invalid": _("Enter a whole number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]*", "class": "count", "size": 4}
        ),
    )
    not_kept_votes = forms.IntegerField(
        label=_("Not kept"),
        required=False,
        min_value=0,
        max_value=INT_MAX,
        error_messages={"invalid": _("Enter a whole number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]*", "class": "count", "size": 4}
        ),
    )
    renew_due_on = forms.DateField(
        label=_("Renew: new due date"), required=False, widget=DateInput()
    )
    renew_text = forms.CharField(
        label=_("Renew: what will be done (blank: as before)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, promise: Promise, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.promise = promise

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kept, not_kept = data.get("kept_votes"), data.get("not_kept_votes")
        if "kept_votes" in self.errors or "not_kept_votes" in self.errors:
            return data
        if (kept is None) != (not_kept is None):
            field = "kept_votes" if kept is None else "not_kept_votes"
            self.add_error(field, _("Enter both counts (0 if nobody), or neither."))
        elif data.get("renew_due_on") and (kept is None or kept > (not_kept or 0)):
            self.add_error("renew_due_on", _("Only a promise judged not kept can be renewed."))
        return data

    @property
    def judged(self) -> bool:
        return self.cleaned_data.get("kept_votes") is not None
