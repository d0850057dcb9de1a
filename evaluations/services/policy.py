"""The yearly policy: saved by city officials, with optimistic concurrency."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from core.concurrency import (
    StaleEdit,
    conflict,
)
from core.history import attribute_history
from districts.models import User

from ..models import Policy

if TYPE_CHECKING:
    pass


def policy_for_year_saved(year: int) -> Policy:
    """The year's policy row, created with the defaults the first time a year is used."""
    policy, _ = Policy.objects.get_or_create(year=year)
    return policy


POLICY_FIELDS = [
    f.name
    for f in Policy._meta.concrete_fields
    if f.name not in ("id", "year", "created_at", "updated_at", "version")
]


def _policy_conflict(year: int, version: int) -> StaleEdit:
    current = Policy.objects.filter(year=year).first()
    return conflict(
        model=Policy,
        history=Policy.history.filter(year=year),
        version=version,
        current=current,
        fields=POLICY_FIELDS,
    )


@transaction.atomic
def policy_save(*, policy: Policy, user: User | None, version: int | None = None) -> Policy:
    """Save a year's policy with the values on ``policy``.

    ``version`` is the one the form was opened at (0: the year had no policy row yet; it
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved.
    Without ``version`` (the admin), the values are saved over whatever is there.
    """
    current = Policy.objects.select_for_update().filter(year=policy.year).first()
    if version is not None:
        seen = version
        if seen == 0 and current is not None and _same_policy(Policy(year=policy.year), current):
            seen = current.version  # created with the defaults meanwhile: what the form showed
        if seen != (current.version if current else 0):
            raise _policy_conflict(policy.year, version)
    if current is not None:
        if _same_policy(policy, current):
            return current
        policy.pk, policy.created_at = current.pk, current.created_at
        policy.version = current.version + 1
    else:
        policy.pk, policy.version = None, 1
    attribute_history(policy, user)
    policy.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            policy.save(force_insert=current is None)
    except IntegrityError:
        if version is None or not Policy.objects.filter(year=policy.year).exists():
            raise
        raise _policy_conflict(policy.year, version) from None
    return policy


def policy_fingerprint(policy: Policy) -> str:
    """The values of a policy as one short text: a confirmation given for these values is
    not taken for others typed after it."""
    text = "|".join(f"{f}={getattr(policy, f)}" for f in POLICY_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def same_policy(a: Policy, b: Policy) -> bool:
    """Whether two policies hold the same values (their year and bookkeeping aside)."""
    return _same_policy(a, b)


def _same_policy(a: Policy, b: Policy) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in POLICY_FIELDS)
