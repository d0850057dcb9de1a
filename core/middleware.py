"""Middleware the whole site shares.

The Content-Security-Policy (django-csp) and the Permissions-Policy
(django-permissions-policy) are set by their libraries from the settings; this module
adds what no library does: input PostgreSQL cannot take is refused before any view sees
it, nothing a signed-in user receives is kept by a browser or a proxy cache, and a
statement PostgreSQL cancelled for running too long is a 503 page, not a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
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


QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled (statement_timeout)
RETRY_AFTER_SECONDS = 60


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL cancelling a statement that ran past its
    statement_timeout (config/settings/base.py), as Django raises it."""
    return isinstance(exc, OperationalError) and (
        getattr(exc.__cause__, "pgcode", None) == QUERY_CANCELED
    )


class StatementTimeoutMiddleware:
    """A page whose SQL ran past the web's statement_timeout is cancelled by PostgreSQL (so
    nothing keeps running there after the request is gone); the user gets a 503 page
    saying so and to try again later or narrow the request, not a 500 traceback. Nothing
    was saved: the view's transaction was rolled back. The page is plain (no base
    template), as the database may still be busy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_statement_timeout(exception):
            return None
        response = HttpResponse(render_to_string("503_busy.html", request=None), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
