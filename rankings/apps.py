from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "rankings"
    verbose_name = _("Rankings")

    def ready(self) -> None:
        from django.urls import reverse

        from core import extensions

        # an official's case file, linked from the reviews' pages of the official
        extensions.provide_link(
            "official_case_file", lambda code: reverse("rankings:case_file", args=[code])
        )
