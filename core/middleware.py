"""Refuse input PostgreSQL cannot store or compare, before any view sees it.

A NUL byte (``%00``) in a text value makes PostgreSQL raise an error at the first query
that uses it: a search box, a code in the address, a form field, a cookie. Form fields
already refuse it one by one; this refuses it once for the whole request, with a 400, so
no view, filter or admin page has to remember to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in pairs)


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            NUL in request.path_info
            or _has_nul(request.GET.lists())
            or _has_nul((k, [v]) for k, v in request.COOKIES.items())
            or (request.method == "POST" and _has_nul(request.POST.lists()))
        ):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)
