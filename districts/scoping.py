"""The one place that answers "which areas may this user see, and which may they change".

Every view, export, form choice list and admin page filters through these functions:

* ``visible(user, qs)``: rows the user may read. Street staff see their street, district
  officials and district administrators their district, city officials, city
  administrators and superusers the whole city. Department staff see no area at all: only
  the grievances referred to their department (and their timelines), which those models'
  ``scope_q`` grant through ``Scope.department_id``.
* ``changeable(user, qs)``: rows of day-to-day data (meetings, grievances) the user may
  write: only street office staff, and only in their own street.
* ``manageable(user, qs)``: master data (areas, accounts) the user may manage in the
  admin: administrators within their scope, superusers everywhere.

Who may *do* what (the ``may_*`` checks these build on) is :mod:`districts.permissions`.

A model takes part by defining ``scope_q(scope) -> Q``; :func:`area_q` builds it from the
lookups that lead from the model to a district and a street.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .permissions import may_change_day_to_day, may_manage
from .roles import Role

if TYPE_CHECKING:
    from .models import User

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])  # a model's own QuerySet class stays what it is

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """Where a user's view reaches: the whole city, one district, one street, or nothing."""

    city: bool = False
    district_id: int | None = None
    street_id: int | None = None
    # department staff: no area, only what is referred to this department
    department_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.city or self.district_id or self.street_id)


def scope_of(user: User | AnonymousUser) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(city=True)
    if user.role == Role.STREET_STAFF:
        return Scope(street_id=user.street_id) if user.street_id else Scope()
    if user.role == Role.DEPARTMENT_STAFF:
        return Scope(department_id=user.department_id) if user.department_id else Scope()
    if user.role in (Role.DISTRICT_OFFICIAL, Role.ADMINISTRATOR) and user.district_id:
        return Scope(district_id=user.district_id)
    if user.role in (Role.CITY_OFFICIAL, Role.ADMINISTRATOR):
        return Scope(city=True)
    return Scope()


def area_q(scope: Scope, *, district: str | None, street: str | None) -> Q:
    """Build the filter for a model reached by ``district`` and ``street`` lookups.

    ``district`` leads to the district's id (``"street__district"``), ``street`` to the
    street's id; ``None`` means the model sits above that level (a district has no street),
    so a narrower scope sees none of it.
    """
    if scope.city:
        return Q()
    if scope.district_id:
        return Q(**{district: scope.district_id}) if district else NOTHING
    if scope.street_id:
        return Q(**{street: scope.street_id}) if street else NOTHING
    return NOTHING


def _scope_q(model: type[Model], scope: Scope) -> Q:
    method = getattr(model, "scope_q", None)
    if method is None:
        raise TypeError(f"{model.__name__} has no scope_q(); it cannot be shown to users")
    return method(scope)


def visible(user: User | AnonymousUser, qs: QS) -> QS:
    return qs.filter(_scope_q(qs.model, scope_of(user)))


def changeable(user: User | AnonymousUser, qs: QS) -> QS:
    if not user.is_authenticated or not may_change_day_to_day(user):
        return qs.none()
    return qs.filter(_scope_q(qs.model, Scope(street_id=user.street_id)))


def department_of(user: User | AnonymousUser) -> int | None:
    """The department a department-staff account answers for (None for any other)."""
    if not (user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT_STAFF):
        return None
    return user.department_id


def manageable(user: User | AnonymousUser, qs: QS) -> QS:
    if not may_manage(user):
        return qs.none()
    return qs.filter(_scope_q(qs.model, scope_of(user)))


def get_visible_or_404(user: User | AnonymousUser, qs: QuerySet[M], **lookup: Any) -> M:
    try:
        return visible(user, qs).get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist, for any model
        raise Http404 from exc


def get_changeable(user: User | AnonymousUser, qs: QuerySet[M], **lookup: Any) -> M:
    """The object for writing: out of scope gives 404, in view but read-only gives 403."""
    obj = get_visible_or_404(user, qs, **lookup)
    if not changeable(user, qs).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
