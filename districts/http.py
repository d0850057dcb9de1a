"""The request of a signed-in page, for the type checker.

Views behind ``login_required``, ``LoginRequiredMixin`` or the admin only ever see a
signed-in account, so their ``request.user`` is the project's :class:`~districts.models.User`,
never ``AnonymousUser``: they take an :class:`AuthenticatedHttpRequest` (class-based views
declare ``request: AuthenticatedHttpRequest``) and hand ``request.user`` to selectors and
services typed ``user: User``. Django itself still builds plain ``HttpRequest`` objects.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
