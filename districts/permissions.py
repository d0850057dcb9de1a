"""Who may do what: every ``may_*`` check of the product, on the user's role and area.

What a user may *see* is :mod:`districts.scoping` (``visible``); these say what a user may
*do*: write day-to-day data, manage master data, set the yearly policy and what ranks the
areas, enter surveys, publish and withdraw, exchange data with the admin's CSV pages. The
roles are :class:`districts.roles.Role`; the pages, services, admin and imports of every
app ask here, so each rule exists once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from .roles import Role

if TYPE_CHECKING:
    from .models import User


def may_change_day_to_day(user: User | AnonymousUser) -> bool:
    """Street office staff write the day-to-day data (meetings, grievances) of their street."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.STREET_STAFF
        and user.street_id
    )


def may_manage(user: User | AnonymousUser) -> bool:
    """Administrators (within their scope) and superusers manage master data in the admin."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (user.is_staff and user.role == Role.ADMINISTRATOR))
    )


def may_set_policy(user: User | AnonymousUser) -> bool:
    """City officials own the yearly policy (thresholds, weights)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role == Role.CITY_OFFICIAL)
    )


def may_set_ranking_inputs(user: User | AnonymousUser) -> bool:
    """The figures that rank an area (its surveys, its district's threshold and main-urban
    flag) are set at city level only: city officials, city administrators, superusers.
    Never by a district's own administrators, whose district they rank."""
    # scoping builds on these checks (changeable, manageable): it is imported here, late
    from .scoping import scope_of

    return may_set_policy(user) or (may_manage(user) and scope_of(user).city)


def may_enter_surveys(user: User | AnonymousUser) -> bool:
    """Surveys come from the city's sense-of-security survey: city-level roles record
    them, never the districts and streets they rank."""
    return may_set_ranking_inputs(user)


def may_exchange_data(user: User | AnonymousUser) -> bool:
    """The admin's CSV import and export pages are for administrators (:func:`may_manage`)."""
    return may_manage(user)


def may_publish_quarter(user: User | AnonymousUser) -> bool:
    """District officials publish their own district's quarters."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.DISTRICT_OFFICIAL
        and user.district_id
    )


def may_publish_rankings(user: User | AnonymousUser) -> bool:
    """City officials publish the year's rankings."""
    return may_set_policy(user)


def may_withdraw(user: User | AnonymousUser, *, district_id: int | None) -> bool:
    """Who published a subject withdraws it. A publication of a district (its quarter's
    results) belongs to that district's officials; one of no district (the year's
    rankings, the whole city's) to city officials: a publication has a district exactly
    when it is a quarter's (a constraint of ``publication.Publication``)."""
    if district_id is None:
        return may_publish_rankings(user)
    return bool(
        user.is_authenticated and may_publish_quarter(user) and user.district_id == district_id
    )


def may_see_unpublished_rankings(user: User | AnonymousUser) -> bool:
    """The rankings computed now, published or not, are for the government's own roles:
    street office staff, district and city officials, administrators. Department staff
    see only the items referred to their department, 404 for everything else (README,
    "Who finds what"; docs/features.md): for them, as for residents, a year's rankings
    are what the city has published (the notice board; the API answers them as it
    answers a visitor without a token)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in GOVERNMENT_ROLES)
    )


GOVERNMENT_ROLES = frozenset(
    {Role.STREET_STAFF, Role.DISTRICT_OFFICIAL, Role.CITY_OFFICIAL, Role.ADMINISTRATOR}
)
