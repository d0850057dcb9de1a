from django.urls import path

from . import views

app_name = "grievances"

urlpatterns = [
    path("", views.GrievanceListView.as_view(), name="list"),
    path("new/", views.grievance_new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/<int:year>/", views.policy_edit, name="policy_edit"),
    path("meeting/<int:pk>/add/", views.meeting_intake, name="meeting_intake"),
    path("work/", views.work_list, name="work"),
    path("departments/", views.DepartmentRecordView.as_view(), name="department_record"),
    path("departments/items/", views.DepartmentItemsView.as_view(), name="department_items"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/xlsx/", views.bulletin_xlsx, name="bulletin_xlsx"),
    path(
        "bulletins/<int:pk>/items/<int:department>/<str:figure>/",
        views.bulletin_items,
        name="bulletin_items",
    ),
    path("<code:reference>/", views.grievance_detail, name="detail"),
    path("<code:reference>/receipt/", views.receipt, name="receipt"),
    path(
        "<code:reference>/department/<str:step>/",
        views.department_step,
        name="department_step",
    ),
    path("<code:reference>/<str:step>/", views.grievance_step, name="step"),
]
