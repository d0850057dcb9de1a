"""The year's grievance rules (GrievancePolicy), saved by city officials with the version
check and history every yearly policy has (core.yearly)."""

from __future__ import annotations

from core.yearly import value_fields, yearly_policy_save
from districts.models import User

from ..models import GrievancePolicy

GRIEVANCE_POLICY_FIELDS = value_fields(GrievancePolicy)


def grievance_policy_save(
    *, policy: GrievancePolicy, user: User | None, version: int | None = None
) -> GrievancePolicy:
    """Save a year's grievance policy with the values on ``policy``.

    ``version`` is the one the form was opened at (0: the year had no row yet and the form
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved.
    """
    return yearly_policy_save(
        policy=policy, user=user, version=version, fields=GRIEVANCE_POLICY_FIELDS
    )
