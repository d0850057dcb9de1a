"""The server-error page (``handler500``): a database that is down or restarting is a 503
that says so and asks to try again, not a 500 traceback page (issue 22, "Faults
survived").

Django sends here every exception no view or middleware handled, wherever it was raised
(a view's query, the session loaded or saved by its middleware). An ``OperationalError``
or ``InterfaceError`` means the database could not be reached or its connection was cut
(PostgreSQL restarting, a connection it closed): the request did nothing (each write is
its own transaction, rolled back), and the next request opens a new connection
(``CONN_HEALTH_CHECKS``), so "try again in a moment" is true. The page is rendered
without the database: no context processors, no session, no user."""

from __future__ import annotations

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30


def database_unavailable() -> bool:
    """Whether the exception being handled is the database's being unreachable."""
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if not database_unavailable():
        return HttpResponseServerError(loader.get_template(template_name).render())
    accept = request.headers.get("Accept", "")
    if "json" in accept and "html" not in accept:  # a program (the API's clients)
        body = {
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": "The database is unavailable for a moment; try again shortly.",
        }
        response = HttpResponse(
            json.dumps(body), status=503, content_type="application/problem+json"
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
