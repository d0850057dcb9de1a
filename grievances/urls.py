from django.urls import path

from . import policy_views, views

app_name = "grievances"

urlpatterns = [
    path("", views.GrievanceListView.as_view(), name="list"),
    path("new/", views.grievance_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("policy/", policy_views.policy_list, name="policy_list"),
    path("policy/<int:year>/", policy_views.policy_edit, name="policy_edit"),
    path("meeting/<int:pk>/add/", views.meeting_intake, name="meeting_intake"),
    path("<code:reference>/", views.grievance_detail, name="detail"),
    path("<code:reference>/<str:step>/", views.grievance_step, name="step"),
]
