"""Grievance fixtures; tests/dashboard re-imports them for the meeting pack."""

import pytest

from districts.services import platform_create
from tests.factories import GrievanceFactory


@pytest.fixture
def items(city, staff_a1, staff_b1):
    """Uneven: three items in street A1, one in A2, two in B1."""
    platform_create(streets=[city.street_a1, city.street_b1])
    made = {}
    for key, community, n in (("a1", city.a1[0], 3), ("a2", city.a2[0], 1), ("b1", city.b1[0], 2)):
        made[key] = [
            GrievanceFactory(
                community=community,
                reference=f"{key.upper()}-2009-{i:04d}",
                summary=f"{key}秘密{i}",
            )
            for i in range(n)
        ]
    return made
