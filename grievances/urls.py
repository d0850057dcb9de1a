from django.urls import path

from . import department_views, policy_views, views

app_name = "grievances"

urlpatterns = [
    path("", views.GrievanceListView.as_view(), name="list"),
    path("new/", views.grievance_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("policy/", policy_views.policy_list, name="policy_list"),
    path("policy/<int:year>/", policy_views.policy_edit, name="policy_edit"),
    path("meeting/<int:pk>/add/", views.meeting_intake, name="meeting_intake"),
    path("work/", department_views.work_list, name="work"),
    path("<code:reference>/", views.grievance_detail, name="detail"),
    path("<code:reference>/receipt/", department_views.receipt, name="receipt"),
    path(
        "<code:reference>/department/<str:step>/",
        department_views.department_step,
        name="department_step",
    ),
    path("<code:reference>/<str:step>/", views.grievance_step, name="step"),
]
