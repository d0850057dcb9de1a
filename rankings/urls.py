from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.city_ranking, name="city"),
    path("districts/<code:code>/", views.district_ranking, name="district"),
    path("districts/<code:code>/why/", views.why_district, name="why_district"),
    path("streets/<code:code>/why/", views.why_street, name="why_street"),
    path("officials/<code:code>/", views.official_case_file, name="case_file"),
    path("league/", views.league, name="league"),
    # the survey pages live with the surveys, under the reviews: old links still lead there
    path(
        "surveys/",
        RedirectView.as_view(pattern_name="evaluations:survey_list", query_string=True),
    ),
    path(
        "surveys/new/",
        RedirectView.as_view(pattern_name="evaluations:survey_new", query_string=True),
    ),
]
