"""Writes to areas that every entry point (import, admin, demo) shares."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import QuerySet

from core.concurrency import StaleEdit, conflict, snapshot
from core.history import attribute_history

from .models import (
    COMMUNITY_PLATFORM,
    STREET_PLATFORM,
    Community,
    Department,
    Representative,
    Street,
    User,
)


def platform_create(
    *, streets: Sequence[Street] = (), communities: Sequence[Community] = ()
) -> int:
    """Give streets their six-in-one and communities their seven-in-one departments.

    Departments that already exist are left alone, so calling it twice adds nothing.
    """
    wanted = [Department(street=s, key=k) for s in streets for k in STREET_PLATFORM] + [
        Department(community=c, key=k) for c in communities for k in COMMUNITY_PLATFORM
    ]
    created = Department.objects.bulk_create(wanted, batch_size=2000, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def users_deactivate(*, users: QuerySet[User], by: User | Any) -> list[User]:
    """Deactivate accounts (never one's own): they can no longer log in, and every record
    that names them as its author keeps doing so. Each change is kept in the account's
    history with who made it. Returns the accounts deactivated."""
    done = []
    for user in users.select_for_update(of=("self",)).filter(is_active=True).exclude(pk=by.pk):
        user.is_active = False
        attribute_history(user, by)
        user.full_clean()
        user.save(update_fields=["is_active"])
        done.append(user)
    return done


def users_unlock(*, users: QuerySet[User]) -> list[User]:
    """Clear the failed logins on these usernames (from every address), so the accounts
    can log in again at once. Returns the accounts that had any. An address locked for
    trying many usernames stays locked until its cool-off ends."""
    return [user for user in users if axes_reset(username=user.get_username())]


REPRESENTATIVE_FIELDS = ["name", "group", "phone", "start_date", "end_date"]


def _representative_conflict(pk: int, version: int) -> StaleEdit:
    return conflict(
        model=Representative,
        history=Representative.history.filter(id=pk),
        version=version,
        current=Representative.objects.filter(pk=pk).first(),
        fields=REPRESENTATIVE_FIELDS,
    )


@transaction.atomic
def representative_save(
    *, representative: Representative, user: User | Any, version: int | None = None
) -> Representative:
    """Add a representative to a community's roster, or correct one.

    ``version`` is the one the form was opened at: a row saved by someone else since
    raises StaleEdit, nothing saved. Rules broken raise ValidationError naming the field
    (the model's constraints carry their own messages)."""
    if representative.pk is None:
        representative.version = 1
    else:
        current = Representative.objects.select_for_update().get(pk=representative.pk)
        if version is not None and version != current.version:
            raise _representative_conflict(current.pk, version)
        if snapshot(representative) == snapshot(current):
            return current
        representative.version = current.version + 1
    representative.full_clean()
    attribute_history(representative, user)
    representative.save()
    return representative


def representative_end(
    *,
    representative: Representative,
    end_date: datetime.date,
    user: User | Any,
    version: int | None = None,
) -> Representative:
    """End a representative's term on ``end_date`` (the last day they serve)."""
    representative.end_date = end_date
    return representative_save(representative=representative, user=user, version=version)
