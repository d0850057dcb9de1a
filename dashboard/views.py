"""The home dashboard: what each role needs first, in their own scope."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from districts import selectors
from districts.http import AuthenticatedHttpRequest
from districts.models import District, Role, User
from districts.scoping import Scope, scope_of
from districts.tables import CommunityTable, DistrictTable, StreetTable
from evaluations import selectors as review_selectors
from evaluations.rules import quarter_of
from evaluations.tables import RecommendationTable
from grievances import selectors as grievance_selectors
from grievances.selectors import figures as grievance_figures
from rankings.assessment import assess
from rankings.flags import FLAG_LABEL, FLAG_TEXT
from rankings.selectors import latest_year


class HomeView(LoginRequiredMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "dashboard/home.html"

    def assessment(self, user: User, scope: Scope) -> dict[str, Any]:
        """District officials: their rank, flags and weakest streets; city officials: the
        ranking, who is flagged, and whose data is missing. Street staff: nothing here."""
        if scope.street_id:
            return {}
        year = latest_year()
        districts = assess(year, "district")
        context: dict[str, Any] = {
            "assessment_year": year,
            "flag_label": FLAG_LABEL,
            "flag_text": FLAG_TEXT,
        }
        level = "district" if scope.district_id else "city"
        context["escalated_level"] = level
        context["escalated"] = grievance_selectors.escalated(user=user, level=level)
        if scope.district_id:
            context["my_district"] = next((r for r in districts if r.pk == scope.district_id), None)
            district = District.objects.get(pk=scope.district_id)
            streets = assess(year, "street", district)
            ranked = [r for r in streets if r.rank is not None]
            context["weakest_streets"] = ranked[-3:][::-1]
            context["flagged_streets"] = [r for r in streets if r.flags]
        else:
            context["districts"] = districts
            context["flagged_districts"] = [r for r in districts if r.flags]
            context["missing_data"] = [r for r in districts if "incomplete_data" in r.flags]
        return context

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = scope_of(user)
        year, quarter = quarter_of(timezone.localdate())
        if scope.street_id:
            table = CommunityTable(selectors.community_list(user=user), orderable=False)
            heading = "communities"
        elif scope.district_id:
            table = StreetTable(selectors.street_list(user=user), orderable=False)
            heading = "streets"
        else:
            table = DistrictTable(selectors.district_list(user=user), orderable=False)
            heading = "districts"
        context.update(
            totals=selectors.area_totals(user=user),
            areas_table=table,
            areas_heading=heading,
            scope=scope,
            is_staff_role=user.role == Role.STREET_STAFF,
            quarter=(year, quarter),
            grievance_alerts=grievance_figures(
                grievance_selectors.grievances(user=user), timezone.localdate(), due_soon=True
            ),
            **self.assessment(user, scope),
            progress=review_selectors.quarter_progress(user=user, year=year, quarter=quarter),
            open_recommendations=RecommendationTable(
                review_selectors.open_recommendations(user=user)[:50], orderable=False
            ),
        )
        return context
