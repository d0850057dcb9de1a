"""core/interchange/fastclean.py (FastClean): a row it takes is cleaned exactly as the
form cleans it, and a row with any error is left to the form (so the messages are the
form's)."""

import pytest
from django import forms

from core import interchange

from .helpers import DistrictRowForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "+5",
    "5.0",
    "1e3",
    "０５",
    "٣",
    "007",
    "2147483647",
    "2147483648",
    "99999999999999999999",
    "2009-02-01",
    "2009-02-30",
    "2009-2-1",
    "20090201",
    "2009-02-01T00:00",
    "２００９-02-01",
    "yes",
    "Yes",
    "no",
    "complaint",
    "on_the_spot",
    "police",
    "C 1",
    "C_1",
    "C-1",
    "x" * 40,
    "a\x00b",
    "居民",
    "RESERVED",
]


def fast_path_cases():
    from evaluations.interchange import ReviewRowForm
    from grievances.interchange import GrievanceRowForm

    review = {
        "community_code": "C-1",
        "year": "2009",
        "quarter": "1",
        "held_on": "2009-02-01",
        "present": "30",
        "official_code": "O-1",
        "very_satisfied": "10",
        "satisfied": "5",
        "basically_satisfied": "5",
        "unsatisfied": "2",
    }
    grievance = {
        "reference": "G-1",
        "community_code": "C-1",
        "received_on": "2009-02-01",
        "kind": "complaint",
        "key_dispute": "no",
        "summary": "夜间噪音",
        "disposition": "referred",
        "department": "police",
        "deadline": "2009-03-01",
        "resolved_on": "2009-02-10",
        "answered_on": "",
    }
    district = {"code": "D1", "name": "渝中区", "main_urban": "yes"}
    for form_class, base in (
        (ReviewRowForm, review),
        (GrievanceRowForm, grievance),
        (DistrictRowForm, district),
    ):
        for column in base:
            for value in HOSTILE:
                yield form_class, {**base, column: value}


def test_the_fast_path_takes_the_row_forms_of_the_big_imports():
    from evaluations.interchange import ReviewRowForm
    from grievances.interchange import GrievanceRowForm

    for form_class in (ReviewRowForm, GrievanceRowForm):
        assert interchange.FastClean.of(form_class(data={})) is not None


def test_a_row_the_fast_path_takes_is_cleaned_exactly_as_the_form_cleans_it():
    taken = 0
    for form_class, raw in fast_path_cases():
        fast = interchange.FastClean.of(form_class(data={}))
        form = form_class(data=raw)
        cleaned = fast(raw)
        if cleaned is not None:
            taken += 1
            assert form.is_valid(), (form_class.__name__, raw, form.errors)
            assert cleaned == form.cleaned_data, (form_class.__name__, raw)
    assert taken > 100, "the fast path takes the valid rows"


def test_a_row_the_form_refuses_is_never_taken_by_the_fast_path():
    for form_class, raw in fast_path_cases():
        fast = interchange.FastClean.of(form_class(data={}))
        if not form_class(data=raw).is_valid():
            assert fast(raw) is None, (form_class.__name__, raw)


def test_a_form_with_a_clean_method_for_a_field_keeps_the_form_path():
    class WithFieldClean(forms.Form):
        code = forms.CharField()

        def clean_code(self):
            return self.cleaned_data["code"].upper()

    assert interchange.FastClean.of(WithFieldClean(data={})) is None
