from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.city_ranking, name="city"),
    path("districts/<code:code>/", views.district_ranking, name="district"),
    path("league/", views.league, name="league"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
]
