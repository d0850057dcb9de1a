"""Paginators for every list: whatever ``?page=`` and ``?per_page=`` say, the database
is asked for a sane slice.

django-tables2 reads both parameters from the address. Unbounded, ``?per_page=10**9``
loads a whole table and ``?page=10**20`` asks PostgreSQL for an OFFSET beyond bigint (an
error, so a 500). Here ``per_page`` is kept within 1..MAX_PER_PAGE and a page past
MAX_PAGE is an empty page, which the table shows as its first or last page.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import F, OrderBy, QuerySet
from django.utils.translation import gettext as _
from django_tables2 import LazyPaginator

MAX_PER_PAGE = 500
MAX_PAGE = 10_000_000  # x MAX_PER_PAGE stays far inside bigint


def _per_page(value: Any) -> int:
    try:
        return min(max(int(value), 1), MAX_PER_PAGE)
    except (TypeError, ValueError):
        return MAX_PER_PAGE


class _Bounded:
    def validate_number(self, number: Any) -> int:
        number = super().validate_number(number)  # type: ignore[misc]
        if number > MAX_PAGE:
            raise EmptyPage(_("That page contains no results"))
        return number


class BoundedPaginator(_Bounded, Paginator):
    def __init__(self, object_list: Any, per_page: Any, *args: Any, **kwargs: Any):
        super().__init__(object_list, _per_page(per_page), *args, **kwargs)


class BoundedLazyPaginator(_Bounded, LazyPaginator):
    """django-tables2's LazyPaginator (no COUNT), bounded."""

    def __init__(self, object_list: Any, per_page: Any, *args: Any, **kwargs: Any):
        super().__init__(object_list, _per_page(per_page), *args, **kwargs)


def tiebroken(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset in its order, then by primary key (in the direction of the first
    key): rows with equal sort keys keep one place, so every row is on exactly one page."""
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    names = {o.lstrip("-") for o in order if isinstance(o, str)}
    if names & {"pk", queryset.model._meta.pk.name}:
        return queryset
    first = order[0] if order else "pk"
    descending = (
        first.startswith("-")
        if isinstance(first, str)
        else bool(getattr(first, "descending", False))
    )
    pk = OrderBy(F("pk"), descending=descending)
    return queryset.order_by(*order, pk)


class _KeysFirstRows:
    """django-tables2's rows of a queryset, sliced keys first: ``WHERE pk IN (SELECT pk
    ... ORDER BY ... LIMIT ... OFFSET ...)``, so a deep page's OFFSET walks an index of
    the sort keys, not rows joined to everything they show. Still one statement."""

    def __init__(self, rows: Any, queryset: QuerySet[Any]):
        self.rows, self.queryset = rows, tiebroken(queryset)

    def __getitem__(self, key: slice) -> Any:
        page = self.queryset.filter(pk__in=self.queryset.values("pk")[key])
        return type(self.rows)(data=page, table=self.rows.table, pinned_data=self.rows.pinned_data)


class KeysFirstLazyPaginator(BoundedLazyPaginator):
    """:class:`BoundedLazyPaginator` for long lists of a table: the page's rows chosen by
    their keys alone (:class:`_KeysFirstRows`), in a total order (:func:`tiebroken`)."""

    object_list: Any

    def page(self, number: Any) -> Page:
        rows = self.object_list
        queryset = getattr(getattr(rows, "data", None), "data", None)
        if isinstance(queryset, QuerySet) and not isinstance(rows, _KeysFirstRows):
            self.object_list = _KeysFirstRows(rows, queryset)
        return super().page(number)


def pagination(per_page: int, *, lazy: bool = False, keys_first: bool = False) -> dict[str, Any]:
    """A view's ``table_pagination`` (or ``RequestConfig(paginate=...)``); ``lazy``: no
    COUNT; ``keys_first``: lazy, and deep pages cheap (:class:`KeysFirstLazyPaginator`)."""
    paginator = BoundedLazyPaginator if lazy else BoundedPaginator
    return {
        "per_page": per_page,
        "paginator_class": KeysFirstLazyPaginator if keys_first else paginator,
    }


def head_and_count(qs: QuerySet[Any], n: int) -> tuple[list[Any], int]:
    """The first ``n`` rows of ``qs`` and how many it has in all, in one query: the count is
    a window (``COUNT(*) OVER ()``), taken before the LIMIT. A home's short list and the
    count its link opens come from the same queryset, so they never disagree."""
    from django.db.models import Count, Window

    rows = list(qs.annotate(_all_rows=Window(Count("pk")))[:n])
    return rows, (rows[0]._all_rows if rows else 0)
