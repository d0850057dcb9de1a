"""The grievance list: filtered, paginated, exported (csv, xlsx) within a limit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.export_safety import SafeExportMixin
from core.pagination import pagination
from districts.http import AuthenticatedHttpRequest
from districts.models import Community
from districts.scoping import changeable

from .. import selectors
from ..filters import STATUS_CHOICES, GrievanceFilter
from ..models import Grievance
from ..tables import GrievanceTable

EXPORT_LIMIT = 100_000


class GrievanceListView(SafeExportMixin, SingleTableMixin, FilterView):
    template_name = "grievances/list.html"
    table_class = GrievanceTable
    filterset_class = GrievanceFilter
    table_pagination = pagination(50, keys_first=True)
    export_name = "grievances"
    request: AuthenticatedHttpRequest  # dispatch() lets only signed-in users through

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Grievance]:
        return selectors.grievances(user=self.request.user)

    def create_export(self, export_format: str) -> HttpResponseBase:
        # exports are built in memory: refuse, clearly, what would not fit
        if self.object_list.count() > EXPORT_LIMIT:
            return HttpResponse(
                _("More than %(n)s rows: narrow the filter before exporting.")
                % {"n": EXPORT_LIMIT},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return super().create_export(export_format)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statuses"] = STATUS_CHOICES[:4]
        context["can_add"] = changeable(self.request.user, Community.objects.all()).exists()
        return context
