"""Form helpers shared by every app."""

from typing import Any, TypeVar

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .concurrency import StaleEdit

# The largest value an integer column holds (PositiveIntegerField, PositiveSmallIntegerField
# on PostgreSQL): a form field over such a column stops there, so a number the database
# would refuse gets the field's message, not a 500.
INT_MAX = 2_147_483_647
SMALLINT_MAX = 32_767


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form
    has one, otherwise above the form. What the user typed stays in the form."""
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _attrs_html(attrs: dict[str, Any]) -> SafeString:
    """Django's widgets/attrs.html in Python: True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class OnePassSelect(forms.Select):
    """A drop-down whose options are written in one pass in Python: the HTML of Django's
    Select byte for byte (tests/core/test_forms.py compares them), without rendering a
    template, and its attributes' template, for every option (an area filter has hundreds:
    that was most of the grievance list's time)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs_html(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', localize(group_name)))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        _attrs_html(option["attrs"]),
                        localize(option["label"]),
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the form renderer strips the template's last newline
        return mark_safe("".join(parts))


class AnyYesNoSelect(OnePassSelect, forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "Any": Django's says "Unknown", which on a
    filter sounds like the records whose value is unknown."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        return {"true": True, "false": False}.get(data.get(name))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionField(forms.IntegerField):
    """The version of the row the form was loaded with (0: there was none yet), hidden;
    the service refuses the save when the row has moved on (:mod:`core.concurrency`)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        message = _("This form came without the version it was opened at; reload the page.")
        super().__init__(
            min_value=0,
            max_value=2_147_483_647,
            error_messages={
                "required": message,
                "invalid": message,
                "min_value": message,
                "max_value": message,
            },
            **kwargs,
        )


def keep_for_retry(form: forms.BaseForm, stale: StaleEdit) -> None:
    """After a refused stale save: the form keeps what the user typed, and now carries the
    current version, so saving again, once they have read what changed, goes through."""
    set_posted_value(form, "version", str(stale.version))


def set_posted_value(form: forms.BaseForm, name: str, value: str) -> None:
    """``form``'s posted data with ``name`` (prefixed as the form prefixes it) set to
    ``value``, every other value kept as typed."""
    key = form.add_prefix(name)
    if isinstance(form.data, QueryDict):
        data = form.data.copy()  # mutable, every value of a multi-valued field kept
        data[key] = value
        form.data = data
    else:
        form.data = {**form.data, key: value}


F = TypeVar("F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """A form's field by name, as the class it was declared with (to set its queryset,
    choices or label at runtime)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}")
    return field


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length enforced: Django only sets the
    widget's ``maxlength``, so a longer name reached the database (and the lockout records)
    instead of coming back as a form error."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = form_field(self, "username", forms.CharField)
        if field.max_length is not None:
            field.validators.append(MaxLengthValidator(field.max_length))


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's login form, with the same checks."""
