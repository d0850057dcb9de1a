"""The home dashboard: what each role needs first, in their own scope."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from districts import selectors
from districts.models import Role
from districts.scoping import scope_of
from districts.tables import CommunityTable, DistrictTable, StreetTable
from evaluations import selectors as review_selectors
from evaluations.rules import quarter_of
from evaluations.tables import RecommendationTable


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
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
            progress=review_selectors.quarter_progress(user=user, year=year, quarter=quarter),
            open_recommendations=RecommendationTable(
                review_selectors.open_recommendations(user=user)[:50], orderable=False
            ),
        )
        return context
