"""Areas (district > street > community), their platform departments, and user accounts.

Every account carries a role and a scope (a street, a district, or the whole city); which
areas a user may see or change is answered in one place, :mod:`districts.scoping`.
"""

from ..roles import Role
from .accounts import User
from .areas import Community, District, Street
from .departments import COMMUNITY_PLATFORM, STREET_PLATFORM, Department, Platform
from .officials import Official, OfficialRole, Posting, in_post
from .representatives import Representative, RepresentativeQuerySet

__all__ = [
    "COMMUNITY_PLATFORM",
    "Community",
    "Department",
    "District",
    "Official",
    "OfficialRole",
    "Platform",
    "Posting",
    "Representative",
    "RepresentativeQuerySet",
    "Role",
    "STREET_PLATFORM",
    "Street",
    "User",
    "in_post",
]
