"""A field shared by this app's CSV kinds: a count of votes or respondents."""

from __future__ import annotations

from django import forms

from core.forms import INT_MAX


def count_field() -> forms.IntegerField:
    return forms.IntegerField(min_value=0, max_value=INT_MAX)
