"""The departments' record as a user reads it: which departments, in which area, scoped
(DOMAIN.md, "Departments answer for their work").

Street staff read their street's departments (the street's platform and its
communities'), district officials their district's, city officials the city's;
department staff their own department's record only. An area outside the user's scope is
a 404. The pages, their downloads and the command read these same functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from districts.models import Department, District, Street, User
from districts.scoping import department_of, get_visible_or_404, scope_of, visible

from ..models import Grievance
from .figures import department_figures, department_items, figures_total


@dataclass(frozen=True)
class Area:
    """The area a record is for: a street, a district, or (both None) the city."""

    street: Street | None = None
    district: District | None = None

    @property
    def param(self) -> dict[str, str]:
        if self.street is not None:
            return {"street": self.street.code}
        if self.district is not None:
            return {"district": self.district.code}
        return {}

    def departments_q(self) -> Q:
        if self.street is not None:
            return Q(street=self.street) | Q(community__street=self.street)
        if self.district is not None:
            return Q(street__district=self.district) | Q(community__street__district=self.district)
        return Q()

    def items_q(self) -> Q:
        if self.street is not None:
            return Q(community__street=self.street)
        if self.district is not None:
            return Q(community__street__district=self.district)
        return Q()


def area_for(*, user: User | None, street: str = "", district: str = "") -> Area:
    """The area named by a street or district code, or the user's own (their street,
    their district, else the city). Outside the user's scope: 404. ``user`` None: a
    command, unscoped (an unknown code is Street/District.DoesNotExist)."""
    if user is None:
        if street:
            return Area(street=Street.objects.get(code=street))
        if district:
            return Area(district=District.objects.get(code=district))
        return Area()
    if street:
        return Area(street=get_visible_or_404(user, Street.objects.all(), code=street))
    if district:
        return Area(district=get_visible_or_404(user, District.objects.all(), code=district))
    scope = scope_of(user)
    if scope.street_id:
        return Area(street=Street.objects.get(pk=scope.street_id))
    if scope.district_id:
        return Area(district=District.objects.get(pk=scope.district_id))
    return Area()


def departments(*, user: User | None, area: Area) -> QuerySet[Department]:
    """The departments of ``area`` the user may read, in code order (a street's first,
    then its communities'), each with its area's ``code`` and ``area_name``."""
    qs = Department.objects.select_related("street", "community")
    if user is not None:
        own = department_of(user)
        qs = qs.filter(pk=own) if own is not None else visible(user, qs)
    return (
        qs.filter(area.departments_q())
        .annotate(
            code=Coalesce(F("street__code"), F("community__code")),
            area_name=Coalesce(F("street__name"), F("community__name")),
        )
        .order_by("code", "key", "pk")
    )


def items(*, user: User | None, area: Area) -> QuerySet[Grievance]:
    qs = Grievance.objects.all() if user is None else visible(user, Grievance.objects.all())
    return qs.filter(area.items_q())


def record(
    *,
    user: User | None,
    area: Area,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
) -> QuerySet[Department]:
    """Every department of the area with its figures: the page's rows, the command's."""
    return department_figures(departments(user=user, area=area), start=start, end=end, as_of=as_of)


def record_total(
    *, user: User | None, area: Area, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> Any:
    """The figures of all the area's departments together (one query)."""
    scoped = items(user=user, area=area).filter(
        department__in=departments(user=user, area=area).values("pk")
    )
    return figures_total(scoped, start=start, end=end, as_of=as_of)


def department_get(*, user: User, pk: Any) -> Department:
    """One department whose record the user may read: 404 otherwise."""
    try:
        return departments(user=user, area=Area()).get(pk=int(pk))
    except (TypeError, ValueError):
        raise Http404 from None
    except Department.DoesNotExist as exc:
        raise Http404 from exc


def record_items(
    *,
    user: User,
    area: Area,
    department: Department | None,
    figure: str,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
) -> QuerySet[Grievance]:
    """The items behind one number of the record: the department's, or (None) those of
    all the area's departments."""
    scoped = items(user=user, area=area)
    if department is None:
        scoped = scoped.filter(department__in=departments(user=user, area=area).values("pk"))
    return department_items(
        scoped, start=start, end=end, as_of=as_of, figure=figure, department=department
    ).select_related("community", "department", "department__street", "department__community")
