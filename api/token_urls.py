from django.urls import path

from . import web

app_name = "api_tokens"

urlpatterns = [
    path("", web.tokens, name="list"),
    path("<int:pk>/revoke/", web.revoke, name="revoke"),
]
