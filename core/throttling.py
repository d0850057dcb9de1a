"""Login throttling on top of django-axes: failed logins are counted per username (across
addresses) and per address (across usernames), each against its own limit, within the
cool-off period.

Axes compares every lockout parameter with one limit; :class:`ThrottlingHandler` scales
each parameter's count to that limit so that each has its own
(``settings.AXES_FAILURE_LIMITS``). A successful login clears only the failures of that
username from that address: logging into one's own account must not clear what was tried
against the others from the same address, nor what others tried against it elsewhere.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

# AccessAttempt.username is a varchar(255)
USERNAME_STORED_LENGTH = 255


def _key(parameter: str | list[str]) -> str:
    return parameter if isinstance(parameter, str) else "+".join(sorted(parameter))


class ThrottlingHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The worst of the parameters' failure counts, each scaled so that reaching its
        own limit reaches ``AXES_FAILURE_LIMIT`` (axes' one comparison)."""
        limit = get_failure_limit(request, credentials)
        limits = getattr(settings, "AXES_FAILURE_LIMITS", {})
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            own = limits.get(_key(parameter), limit)
            worst = max(worst, failures * limit // own)
        return worst

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            # django-axes sets this attribute on the request; HttpRequest does not declare it
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return count


def client_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username axes records, cut to what its table holds (a longer one is refused by
    the login form anyway, but must never make the lockout itself fail)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_STORED_LENGTH] if isinstance(username, str) else username
