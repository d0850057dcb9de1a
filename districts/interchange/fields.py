"""Fields shared by every CSV kind: area codes and ISO dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Model
from django.utils.translation import gettext_lazy

code_validator = RegexValidator(
    r"^[A-Za-z0-9_.-]+$",
    gettext_lazy("Use only letters, digits, dot, dash and underscore."),
)

COMMUNITY_COLUMNS = ("community_code", "community_name", "community_kind", "representatives")


def code_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=32, validators=[code_validator], **kwargs)


iso_date: dict[str, Any] = {"input_formats": ["%Y-%m-%d"]}


def differs(obj: Any, values: dict[str, Any]) -> bool:
    """Compare parents by id, so checking a row never loads its parent again."""
    return any(
        getattr(obj, f"{k}_id") != v.pk if isinstance(v, Model) else getattr(obj, k) != v
        for k, v in values.items()
    )
