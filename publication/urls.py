from django.urls import path

from . import views

app_name = "publication"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("bulletin/<int:pk>/", views.publish_bulletin, name="publish_bulletin"),
]
