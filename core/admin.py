"""The admin's change lists, safe with any address.

Django's change list reads its date hierarchy (``?received_on__year=...``) with
``datetime(int(year), ...)`` and catches only ValueError: a year past the C integer range
raises OverflowError, and year 9999 a ValueError one line later, both a 500. Here any
failure to read the change list's parameters is what Django does for a bad parameter
already: the list is shown again with a "?e=1" warning.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class SafeChangeList(ChangeList):
    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class SafeChangeListMixin:
    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return SafeChangeList


def _make_safe(model_admin: admin.ModelAdmin) -> None:
    """Give an admin registered by a third-party app (django-axes) the safe change list."""
    model = model_admin.model
    base = type(model_admin)
    safe = type(base.__name__, (SafeChangeListMixin, base), {"__module__": __name__})
    admin.site.unregister(model)
    admin.site.register(model, safe)


# every app's admin module is imported before this one's (core comes after the third-party
# apps in INSTALLED_APPS) but not necessarily the project's: those use SafeChangeListMixin
for _model_admin in list(admin.site._registry.values()):
    if type(_model_admin).__module__.startswith("axes."):
        _make_safe(_model_admin)
