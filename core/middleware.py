"""Middleware the whole site shares.

The Content-Security-Policy (django-csp) and the Permissions-Policy
(django-permissions-policy) are set by their libraries from the settings; this module
adds what no library does: input PostgreSQL cannot take is refused before any view sees
it, and nothing a signed-in user receives is kept by a browser or a proxy cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

NUL = "\x00"


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in pairs)


class RejectNulBytesMiddleware:
    """A NUL byte (``%00``) in a text value makes PostgreSQL raise an error at the first
    query that uses it: a search box, a code in the address, a form field, a cookie. Form
    fields already refuse it one by one; this refuses it once for the whole request, with
    a 400, so no view, filter or admin page has to remember to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            NUL in request.path_info
            or _has_nul(request.GET.lists())
            or _has_nul((k, [v]) for k, v in request.COOKIES.items())
            or (request.method == "POST" and _has_nul(request.POST.lists()))
        ):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user: pages
    and exports alike hold data of one scope, which a shared computer's back button or a
    proxy must not show to the next person. Goes after ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
