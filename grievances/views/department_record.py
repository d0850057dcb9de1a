"""The departments' record (DOMAIN.md, "Departments answer for their work"): a street's,
a district's or the city's departments with their figures for a period, every number a
link to the items behind it (the same rule as the count), downloadable as CSV and XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Sum
from django.http import Http404, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from core.export_safety import SafeExportMixin
from core.pagination import pagination
from districts.http import AuthenticatedHttpRequest
from districts.scoping import department_of

from ..departments import record as selectors
from ..departments.figures import FIGURES
from ..departments.forms import PeriodForm
from ..departments.tables import COLUMNS, DepartmentRecordTable, shown
from ..selectors import with_problem
from ..tables import GrievanceTable

EXPORT_LIMIT = 10_000
EVENT_FIGURES = ("sent_back", "reopened")


def items_link(
    figure: str,
    department: int | None,
    *,
    start: Any,
    end: Any,
    area: dict[str, str],
) -> str:
    params = {"figure": figure, "from": start.isoformat(), "to": end.isoformat(), **area}
    if department is not None:
        params["department"] = str(department)
    return reverse("grievances:department_items") + "?" + urlencode(params)


class _RecordMixin(LoginRequiredMixin, SafeExportMixin, SingleTableMixin, TemplateView):
    request: AuthenticatedHttpRequest
    raise_exception = False

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.as_of = timezone.localdate()

    def period(self) -> None:
        self.form = PeriodForm(self.request.GET, today=self.as_of)
        self.start, self.end = self.form.period()
        user = self.request.user
        if department_of(user) is not None and (
            self.request.GET.get("street") or self.request.GET.get("district")
        ):
            raise Http404  # department staff read their own department's record only
        self.area = selectors.area_for(
            user=user,
            street=self.request.GET.get("street", ""),
            district=self.request.GET.get("district", ""),
        )

    def create_export(self, export_format: str) -> HttpResponseBase:
        if self.get_table_data().count() > EXPORT_LIMIT:
            return HttpResponse(
                _("More than %(n)s rows: narrow the filter before exporting.")
                % {"n": EXPORT_LIMIT},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return super().create_export(export_format)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        area = self.area
        context.update(
            form=self.form,
            start=self.start,
            end=self.end,
            as_of=self.as_of,
            area=area,
            area_name=(area.street or area.district or _("whole city")),
            carry=list(area.param.items()),
        )
        return context


class DepartmentRecordView(_RecordMixin):
    template_name = "grievances/department_record.html"
    table_class = DepartmentRecordTable
    table_pagination = pagination(25)  # a page read on a phone; 50 rows took 158 ms at city size
    export_name = "department_record"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.period()
        return super().get(request, *args, **kwargs)

    def get_table_data(self) -> Any:
        return selectors.record(
            user=self.request.user,
            area=self.area,
            start=self.start,
            end=self.end,
            as_of=self.as_of,
        )

    def link(self, figure: str, department: int | None) -> str:
        return items_link(figure, department, start=self.start, end=self.end, area=self.area.param)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"items_url": self.link}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        total = selectors.record_total(
            user=self.request.user,
            area=self.area,
            start=self.start,
            end=self.end,
            as_of=self.as_of,
        )
        context["total"] = [
            (figure, heading, shown(figure, total[figure]), self.link(figure, None))
            for figure, heading in COLUMNS
        ]
        return context


class DepartmentItemsView(_RecordMixin):
    """The items behind one number of the record."""

    template_name = "grievances/department_items.html"
    table_class = GrievanceTable
    table_pagination = pagination(50)
    export_name = "department_items"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.period()
        self.figure = request.GET.get("figure", "")
        if self.figure not in FIGURES:
            raise Http404
        self.department = None
        if "department" in request.GET:
            self.department = selectors.department_get(
                user=request.user, pk=request.GET["department"]
            )
        elif department_of(request.user) is not None:
            self.department = selectors.department_get(
                user=request.user, pk=department_of(request.user)
            )
        return super().get(request, *args, **kwargs)

    def get_table_data(self) -> Any:
        rows = selectors.record_items(
            user=self.request.user,
            area=self.area,
            department=self.department,
            figure=self.figure,
            start=self.start,
            end=self.end,
            as_of=self.as_of,
        )
        # the problem item's badge, as on every list of items (grievances.selectors)
        return with_problem(rows).order_by("-received_on", "-reference")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["department"] = self.department
        context["figure"] = self.figure
        context["department_param"] = self.request.GET.get("department", "")
        context["figure_label"] = dict(COLUMNS).get(self.figure, self.figure)
        if self.figure in EVENT_FIGURES:
            # these count events, not items: the list says how many, or its rows would
            # seem to disagree with the number that opened it (3 sent back, 1 item)
            context["events"] = self.get_table_data().aggregate(n=Sum(f"{self.figure}_count"))["n"]
        context["back"] = (
            reverse("grievances:department_record")
            + "?"
            + urlencode(
                {"from": self.start.isoformat(), "to": self.end.isoformat(), **self.area.param}
            )
        )
        return context
