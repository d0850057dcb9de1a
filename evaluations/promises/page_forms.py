"""The promise page's forms: a progress note, "reported done", taking the report back.
Each carries the version the page was opened at (core.concurrency)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionField


class PromiseNoteForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class PromiseDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    done_text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class PromiseUndoneForm(forms.Form):
    version = VersionField()
