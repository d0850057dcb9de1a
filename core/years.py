"""The years the product knows: 2000 to 2100, the bounds of every page, import and API
parameter (issue 22, item 2). One rule, written once: the models' year fields carry
:func:`year_validators` (so the admin, the pages' model forms and ``full_clean`` refuse
another year with a message naming the field) and :func:`year_constraint` (so the
database refuses it whatever writes it). Code that reads years already stored (from a
backup older than the rule) clamps to them with :data:`FIRST_YEAR` / :data:`LAST_YEAR`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


YEAR_MESSAGE = _("A year from 2000 to 2100.")  # FIRST_YEAR to LAST_YEAR


def year_validators() -> list[MinValueValidator | MaxValueValidator]:
    message = YEAR_MESSAGE
    return [
        MinValueValidator(FIRST_YEAR, message=message),
        MaxValueValidator(LAST_YEAR, message=message),
    ]


class YearConstraint(models.CheckConstraint):
    """A CHECK on a year field whose field validators already say the same rule with a
    message on the field: ``full_clean`` does not ask the database again (a query per
    constraint on every meeting save). It migrates as a plain CheckConstraint."""

    def validate(self, *args: object, **kwargs: object) -> None:
        return None

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


def year_constraint(name: str, field: str = "year") -> models.CheckConstraint:
    """The database's side of the rule, on ``field``."""
    return YearConstraint(
        condition=Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR}),
        name=name,
        violation_error_message=YEAR_MESSAGE,
    )


def check_stored_years(app_label: str, *model_names: str) -> object:
    """A migration step run before the constraints are added: rows with a year outside
    the rule stop the migration with the rows named, to be corrected first (in the admin
    or the database) rather than changed or deleted without anyone deciding how."""

    def check(apps: object, schema_editor: object) -> None:
        outside = []
        for name in model_names:
            model = apps.get_model(app_label, name)  # type: ignore[attr-defined]
            rows = model._default_manager.exclude(year__gte=FIRST_YEAR, year__lte=LAST_YEAR)
            outside += [
                f"{name} id={pk} year={year}" for pk, year in rows.values_list("pk", "year")[:20]
            ]
        if outside:
            raise RuntimeError(
                f"Years outside {FIRST_YEAR}-{LAST_YEAR} must be corrected before this "
                f"migration: {', '.join(outside)}"
            )

    return check
