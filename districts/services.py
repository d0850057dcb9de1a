"""Writes to areas that every entry point (import, admin, demo) shares."""

from __future__ import annotations

from collections.abc import Sequence

from .models import COMMUNITY_PLATFORM, STREET_PLATFORM, Community, Department, Street


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
