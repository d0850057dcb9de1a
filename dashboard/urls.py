from django.urls import path

from . import kit, pack

app_name = "dashboard"

urlpatterns = [
    path("grievances/pack/<code:code>/", pack.meeting_pack, name="pack"),
    path("reviews/kit/<code:code>/<int:year>/<int:quarter>/", kit.meeting_kit, name="kit"),
]
