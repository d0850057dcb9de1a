"""Paginators for every list: whatever ``?page=`` and ``?per_page=`` say, the database
is asked for a sane slice.

django-tables2 reads both parameters from the address. Unbounded, ``?per_page=10**9``
loads a whole table and ``?page=10**20`` asks PostgreSQL for an OFFSET beyond bigint (an
error, so a 500). Here ``per_page`` is kept within 1..MAX_PER_PAGE and a page past
MAX_PAGE is an empty page, which the table shows as its first or last page.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Paginator
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


def pagination(per_page: int, *, lazy: bool = False) -> dict[str, Any]:
    """A view's ``table_pagination`` (or ``RequestConfig(paginate=...)``)."""
    return {
        "per_page": per_page,
        "paginator_class": BoundedLazyPaginator if lazy else BoundedPaginator,
    }
