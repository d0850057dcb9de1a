"""Response headers the whole site shares.

The Content-Security-Policy (django-csp) and the Permissions-Policy
(django-permissions-policy) are set by their libraries from the settings; this module
adds what no library does: nothing a signed-in user receives is kept by a browser or a
proxy cache.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control


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
