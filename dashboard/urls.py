from django.urls import path

from . import pack

app_name = "dashboard"

urlpatterns = [
    path("grievances/pack/<code:code>/", pack.meeting_pack, name="pack"),
]
