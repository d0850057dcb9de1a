"""A street's yearly safety survey."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import attribute_history
from districts.models import User

if TYPE_CHECKING:
    pass


SaveOutcome = Literal["created", "updated", "unchanged"]


@transaction.atomic
def survey_save(
    *, street_id: int, year: int, counts: dict[str, int], user: User | None
) -> SaveOutcome:
    """Create or update a street's survey for a year; says created, updated or unchanged."""
    from ..models import Survey

    survey = Survey.objects.select_for_update().filter(street_id=street_id, year=year).first()
    if survey is not None and all(getattr(survey, k) == v for k, v in counts.items()):
        return "unchanged"
    outcome: SaveOutcome = "updated" if survey else "created"
    survey = survey or Survey(street_id=street_id, year=year)
    for k, v in counts.items():
        setattr(survey, k, v)
    if not any(counts.values()):
        raise ValidationError({"unsafe": _("A survey needs at least one respondent.")})
    attribute_history(survey, user)
    # the columns' own limits (a count past 2**31 - 1), as a message not a database error
    survey.full_clean(exclude=["street"], validate_unique=False, validate_constraints=False)
    survey.save()
    return outcome
