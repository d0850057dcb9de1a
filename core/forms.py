"""Form helpers shared by every app."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The largest value an integer column holds (PositiveIntegerField, PositiveSmallIntegerField
# on PostgreSQL): a form field over such a column stops there, so a number the database
# would refuse gets the field's message, not a 500.
INT_MAX = 2_147_483_647
SMALLINT_MAX = 32_767


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form
    has one, otherwise above the form. What the user typed stays in the form."""
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)
