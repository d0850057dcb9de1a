"""The home dashboard: what each role needs first, in their own scope."""

from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import TemplateView

from core import dataversion
from core.pagination import head_and_count
from districts import selectors
from districts.http import AuthenticatedHttpRequest
from districts.models import District, Role, User
from districts.scoping import Scope, department_of, scope_of
from districts.tables import CommunityTable, DistrictTable, StreetTable
from evaluations import selectors as review_selectors
from evaluations.promises import alerts as promise_alerts
from evaluations.promises import selectors as promise_selectors
from evaluations.promises.plans import plans_missing
from evaluations.rules import quarter_of
from evaluations.tables import RecommendationTable
from grievances import selectors as grievance_selectors
from rankings.assessment import AreaResult, assess
from rankings.flags import FLAG_LABEL, FLAG_TEXT
from rankings.selectors import latest_year
from rankings.topics import ranking_topics

from .waiting import waiting_for

# the home's grievance counts: statuses of the grievance list (grievances.rules)
ALERT_STATUSES = (
    "overdue",
    "due_soon",
    "escalated_district_open",
    "escalated_city_open",
    "problem_open",
    "open",
    "unanswered",
    "unaccounted",
)


class HomeView(LoginRequiredMixin, TemplateView):
    request: AuthenticatedHttpRequest
    template_name = "dashboard/home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # department staff's home is their work list: nothing of the street is theirs
        if department_of(request.user) is not None:
            return HttpResponseRedirect(reverse("grievances:work"))
        return super().get(request, *args, **kwargs)

    def assessment(self, user: User, scope: Scope) -> dict[str, Any]:
        """District officials: their rank, flags and weakest streets; city officials: the
        ranking, who is flagged, and whose data is missing. Street staff: nothing here."""
        if scope.street_id:
            return {}
        year = latest_year()
        district = District.objects.get(pk=scope.district_id) if scope.district_id else None

        def standing() -> tuple[list[AreaResult], list[AreaResult]]:
            streets = assess(year, "street", district) if district is not None else []
            return assess(year, "district"), streets

        # the year's standing, at most HOME_STANDING_MAX_AGE seconds behind meetings being
        # entered (the ranking pages themselves are always exact)
        (districts, streets), as_of = dataversion.recent(
            f"home_standing:{year}:{scope.district_id or ''}",
            standing,
            max_age=settings.HOME_STANDING_MAX_AGE,
            topics=ranking_topics(year),
        )
        context: dict[str, Any] = {
            "assessment_year": year,
            "assessment_as_of": as_of,
            "standing_max_age": settings.HOME_STANDING_MAX_AGE,
            "flag_label": FLAG_LABEL,
            "flag_text": FLAG_TEXT,
        }
        level = "district" if scope.district_id else "city"
        context["escalated_level"] = level
        context["escalated"] = grievance_selectors.escalated(
            user=user, level=level, today=timezone.localdate()
        )
        if scope.district_id:
            context["problem_items"] = grievance_selectors.problems_escalated(
                user=user, today=timezone.localdate()
            )
            context["my_district"] = next((r for r in districts if r.pk == scope.district_id), None)
            ranked = [r for r in streets if r.rank is not None]
            context["weakest_streets"] = ranked[-3:][::-1]
            context["flagged_streets"] = [r for r in streets if r.flags]
        else:
            context["districts"] = districts
            context["flagged_districts"] = [r for r in districts if r.flags]
            context["missing_data"] = [r for r in districts if "incomplete_data" in r.flags]
        return context

    def grievance_alerts(self, user: User) -> dict[str, Any]:
        """The open work on grievances, whatever the year an item was received (an item
        of last year still overdue is overdue today): each count is the grievance list's
        status filter over the same scoped rows (selectors.work_counts), and links to
        that list; "waiting for you" gathers the hand-overs (dashboard.waiting)."""
        today = timezone.localdate()
        start, end = grievance_selectors.default_period(today)
        return {
            "grievance_alerts": grievance_selectors.work_counts(
                user=user, today=today, statuses=ALERT_STATUSES
            ),
            "grievance_period": {"from": start, "to": end},
            "waiting": waiting_for(user=user, today=today),
        }

    def promise_alerts(self, user: User) -> dict[str, Any]:
        """Promises overdue and due soon, and the meetings' missing improvement plans
        (DOMAIN.md "Promises", rules 1 and 3): each count and its list from one rule
        (evaluations.promises.alerts, .plans), the list cut at HOME_ROWS, the count's link
        opening all of them. Three queries (a list and its count in one), whatever the number."""
        today = timezone.localdate()
        mine = promise_selectors.promises(user=user)
        context: dict[str, Any] = {}
        for which in promise_alerts.DUE:
            rows = promise_alerts.due_rows(mine, which, today)
            context[f"promises_{which}"], context[f"promises_{which}_count"] = head_and_count(
                rows, promise_alerts.HOME_ROWS
            )
        context["plans_missing"], context["plans_missing_count"] = head_and_count(
            plans_missing(user=user), promise_alerts.HOME_ROWS
        )
        return context

    def tables(self, user: User, scope: Scope) -> dict[str, Any]:
        """The areas table and the open recommendations, rendered (once per data version,
        scope and language: some 500 cells, most of the page's time when rendered per
        request), with the number of recommendations shown."""
        if scope.street_id:
            table: CommunityTable | StreetTable | DistrictTable = CommunityTable(
                selectors.community_list(user=user), orderable=False
            )
        elif scope.district_id:
            table = StreetTable(selectors.street_list(user=user), orderable=False)
        else:
            table = DistrictTable(selectors.district_list(user=user), orderable=False)
        open_recommendations = review_selectors.open_recommendations(user=user)
        recommendations = RecommendationTable(open_recommendations[:50], orderable=False)
        return {
            "areas_table": table.as_html(self.request),
            "open_recommendations": recommendations.as_html(self.request),
            # all of them, as the recommendations list counts them (the table shows 50)
            "open_recommendation_count": open_recommendations.count(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = scope_of(user)
        year, quarter = quarter_of(timezone.localdate())
        if scope.street_id:
            heading = "communities"
        elif scope.district_id:
            heading = "streets"
        else:
            heading = "districts"
        context.update(
            totals=selectors.area_totals(user=user),
            areas_heading=heading,
            scope=scope,
            is_staff_role=user.role == Role.STREET_STAFF,
            quarter=(year, quarter),
            **self.grievance_alerts(user),
            # the street's and the district's dashboards (issue 20): a city's whole history of
            # ratings is too much to read for a plan missing at every visit of its home
            **(self.promise_alerts(user) if scope.street_id or scope.district_id else {}),
            **self.assessment(user, scope),
            progress=review_selectors.quarter_progress(user=user, year=year, quarter=quarter),
            # areas (everything) and the open recommendations: not the meetings' figures
            **dataversion.cached(
                f"home_tables:{scope}:{get_language()}:{timezone.localdate()}",
                lambda: self.tables(user, scope),
                topics=("recommendations",),
            ),
        )
        return context
