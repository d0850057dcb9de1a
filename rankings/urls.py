from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.city_ranking, name="city"),
    path("districts/<code:code>/", views.district_ranking, name="district"),
    path("districts/<code:code>/why/", views.why_district, name="why_district"),
    path("streets/<code:code>/why/", views.why_street, name="why_street"),
    path("officials/<code:code>/", views.official_case_file, name="case_file"),
    path("league/", views.league, name="league"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
]
