"""The year's grievance rules (GrievancePolicy), saved by city officials."""

from __future__ import annotations

from django.db import transaction

from core.concurrency import conflict
from core.history import attribute_history
from districts.models import User

from ..models import GrievancePolicy

GRIEVANCE_POLICY_FIELDS = [
    f.name
    for f in GrievancePolicy._meta.concrete_fields
    if f.name not in ("id", "year", "created_at", "updated_at", "version")
]


@transaction.atomic
def grievance_policy_save(
    *, policy: GrievancePolicy, user: User | None, version: int | None = None
) -> GrievancePolicy:
    """Save a year's grievance policy with the values on ``policy``.

    ``version`` is the one the form was opened at (0: the year had no row yet and the form
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved.
    """
    current = GrievancePolicy.objects.select_for_update().filter(year=policy.year).first()
    if version is not None and version != (current.version if current else 0):
        raise conflict(
            model=GrievancePolicy,
            history=GrievancePolicy.history.filter(year=policy.year),
            version=version,
            current=current,
            fields=GRIEVANCE_POLICY_FIELDS,
        )
    if current is not None:
        if all(getattr(policy, f) == getattr(current, f) for f in GRIEVANCE_POLICY_FIELDS):
            return current
        policy.pk, policy.created_at = current.pk, current.created_at
        policy.version = current.version + 1
    else:
        policy.pk, policy.version = None, 1
    attribute_history(policy, user)
    policy.full_clean(validate_unique=False)
    policy.save(force_insert=current is None)
    return policy
