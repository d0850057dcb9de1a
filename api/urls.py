from collections.abc import Callable
from typing import Any

from django.http.response import HttpResponseBase
from django.urls import path, re_path
from django.views.decorators.http import conditional_page
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import promises, views

app_name = "api"


def etagged(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """ETag from the response body, and 304 for a matching If-None-Match."""
    return conditional_page(view)


urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # drf-spectacular's page with its <style> moved to a static file (CSP: no inline)
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("districts/", etagged(views.DistrictList.as_view()), name="districts"),
    path("streets/", etagged(views.StreetList.as_view()), name="streets"),
    path("communities/", etagged(views.CommunityList.as_view()), name="communities"),
    path("officials/", etagged(views.OfficialList.as_view()), name="officials"),
    path("meetings/", etagged(views.MeetingList.as_view()), name="meetings"),
    path("grievances/", etagged(views.GrievanceList.as_view()), name="grievances"),
    path("surveys/", etagged(views.SurveyList.as_view()), name="surveys"),
    path("rankings/", etagged(views.Rankings.as_view()), name="rankings"),
    path("figures/", etagged(views.Figures.as_view()), name="figures"),
    path("publications/", etagged(views.PublicationList.as_view()), name="publications"),
    path(
        "publications/<int:pk>/",
        etagged(views.PublicationDetail.as_view()),
        name="publication",
    ),
    path("promises/", etagged(promises.PromiseList.as_view()), name="promises"),
    path("promises/<int:pk>/", etagged(promises.PromiseDetail.as_view()), name="promise"),
    path("promises/figures/", etagged(promises.PromiseFigures.as_view()), name="promise_figures"),
    path(
        "promises/published/",
        etagged(promises.PublishedPromiseList.as_view()),
        name="published_promises",
    ),
    re_path(r"^.*$", views.not_found),  # unnamed: every other address, as a problem
]
