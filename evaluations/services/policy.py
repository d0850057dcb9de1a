"""The yearly policy: saved by city officials, with optimistic concurrency (core.yearly)."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from core.yearly import same_values, value_fields, yearly_policy_save
from districts.models import User

from ..models import Policy


def policy_for_year_saved(year: int) -> Policy:
    """The year's policy row, created with the defaults the first time a year is used (by
    a meeting's save, an import). The system creates it, not the person whose save first
    needed it: its history names no one ("import or system"), never that person."""
    policy = Policy.objects.filter(year=year).first()
    if policy is not None:
        return policy
    policy = Policy(year=year)
    policy._history_user = None  # type: ignore[attr-defined]  # not the request's user
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:  # another save created it at the same moment
        return Policy.objects.get(year=year)
    return policy


POLICY_FIELDS = value_fields(Policy)


def policy_save(*, policy: Policy, user: User | None, version: int | None = None) -> Policy:
    """Save a year's policy with the values on ``policy`` (core.yearly.yearly_policy_save).

    ``version`` is the one the form was opened at (0: the year had no policy row yet; it
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved.
    Without ``version`` (the admin), the values are saved over whatever is there.
    """
    return yearly_policy_save(policy=policy, user=user, version=version, fields=POLICY_FIELDS)


def policy_fingerprint(policy: Policy) -> str:
    """The values of a policy as one short text: a confirmation given for these values is
    not taken for others typed after it."""
    text = "|".join(f"{f}={getattr(policy, f)}" for f in POLICY_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def same_policy(a: Policy, b: Policy) -> bool:
    """Whether two policies hold the same values (their year and bookkeeping aside)."""
    return same_values(a, b, POLICY_FIELDS)
