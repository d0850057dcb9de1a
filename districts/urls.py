from django.urls import path

from . import views

app_name = "districts"

urlpatterns = [
    path("districts/", views.DistrictListView.as_view(), name="district_list"),
    path("districts/<code:code>/", views.DistrictDetailView.as_view(), name="district"),
    path("streets/", views.StreetListView.as_view(), name="street_list"),
    path("streets/<code:code>/", views.StreetDetailView.as_view(), name="street"),
    path("communities/", views.CommunityListView.as_view(), name="community_list"),
    path("communities/<code:code>/", views.CommunityDetailView.as_view(), name="community"),
    path("communities/<code:code>/roster/", views.roster, name="roster"),
    path(
        "communities/<code:code>/roster/add/", views.representative_add, name="representative_add"
    ),
    path("representatives/<int:pk>/", views.representative_edit, name="representative_edit"),
    path("representatives/<int:pk>/end/", views.representative_end, name="representative_end"),
]
