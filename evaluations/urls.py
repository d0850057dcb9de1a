from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.quarter_board, name="board"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/discard/", views.meeting_discard, name="meeting_discard"),
    path("results/", views.RatingListView.as_view(), name="rating_list"),
    path("officials/<code:code>/", views.official_detail, name="official"),
    path("communities/<code:code>/", views.community_quarters, name="community"),
    path(
        "communities/<code:code>/<int:year>/<int:quarter>/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/<int:year>/", views.policy_edit, name="policy_edit"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/send/", views.recommendation_send, name="recommendation_send"),
    path(
        "recommendations/<int:pk>/outcome/",
        views.recommendation_outcome,
        name="recommendation_outcome",
    ),
    path("promises/", views.PromiseListView.as_view(), name="promise_list"),
    path("promises/<int:pk>/", views.promise_detail, name="promise"),
    path("promises/<int:pk>/<str:step>/", views.promise_step, name="promise_step"),
    path("plans-missing/", views.PlanListView.as_view(), name="plans_missing"),
    path("promises/figures/", views.promise_figures, name="promise_figures"),
    path("promises/figures/promises/", views.promise_figure_items, name="promise_figure_items"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
]
