from django.urls import path

from . import notice

app_name = "notice"

urlpatterns = [
    path("", notice.index, name="index"),
    path("rankings/<int:year>/", notice.index, name="rankings"),
    path("districts/<code:code>/", notice.district, name="district"),
    path("districts/<code:code>/<int:year>/<int:quarter>/", notice.quarter, name="quarter"),
    path(
        "districts/<code:code>/bulletins/<int:year>/<int:month>/",
        notice.bulletin,
        name="bulletin",
    ),
    path(
        "districts/<code:code>/communities/<code:community_code>/",
        notice.community,
        name="community",
    ),
]
