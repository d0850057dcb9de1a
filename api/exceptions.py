"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM = "application/problem+json"


def problem(status: int, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body = problem(response.status_code, str(data["detail"]))
    else:
        body = problem(response.status_code, "The request has invalid parameters.", data)
    response.data = body
    response.content_type = PROBLEM
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 400 page (``handler400``): what Django refuses before any view runs (a
    NUL byte, core.middleware; too many fields) is, under the API's addresses, a problem
    like the API's other errors; elsewhere Django's page."""
    try:
        in_api = resolve(request.path_info).namespace == "api"
    except Resolver404:
        in_api = False
    if not in_api:
        return defaults.bad_request(request, exception)
    # core.middleware's own reason (a NUL byte); Django's SuspiciousOperations stay unsaid
    detail = str(exception) if type(exception) is BadRequest else "The request cannot be read."
    return JsonResponse(problem(400, detail), status=400, content_type=PROBLEM)
