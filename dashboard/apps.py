from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from django.urls import reverse

        from core import extensions

        # the printed kit and pack of a community's review, linked from the reviews' and
        # the areas' pages
        extensions.provide_link(
            "meeting_kit",
            lambda code, year, quarter: reverse("dashboard:kit", args=[code, year, quarter]),
        )
        extensions.provide_link(
            "community_pack", lambda code: reverse("dashboard:pack", args=[code])
        )
