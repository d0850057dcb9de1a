"""Refused requests are logged with who, where and why, on the ``security.refused``
logger: a 404 outside the user's scope, a 403 (read-only, or not allowed at all), and the
admin's "not found" redirect for an object outside the administrator's scope."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

logger = logging.getLogger("security.refused")

REFUSED_STATUSES = (403, 404)


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return user.get_username()


# per-request marks, kept in the request's environ beside the server's own keys
LOGGED = "safety.refusal_logged"
REASON = "safety.refusal_reason"


def log_refusal(request: HttpRequest, status: int, reason: str) -> None:
    """Log one refusal of this request (a second one, for the same request, is not)."""
    if request.META.get(LOGGED):
        return
    request.META[LOGGED] = True
    who, path = _who(request), request.get_full_path()
    logger.warning(
        "refused %s %s %s to %s: %s",
        status,
        request.method,
        path,
        who,
        reason,
        extra={"user": who, "path": path, "status": status, "reason": reason},
    )


class RefusedRequestLogMiddleware:
    """Logs every 403 and 404 answer, with the reason the view gave when it raised."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES:
            reason = request.META.get(REASON) or response.reason_phrase.lower()
            log_refusal(request, response.status_code, reason)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            detail = str(exception)
            request.META[REASON] = f"permission denied: {detail}" if detail else "permission denied"
        elif isinstance(exception, Http404):
            detail = str(exception)
            request.META[REASON] = f"not found: {detail}" if detail else "not found"
