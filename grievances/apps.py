from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self) -> None:
        from core import dataversion, interchange

        from .interchange import GrievancesKind
        from .models import Grievance

        interchange.register(GrievancesKind())

        dataversion.watch(Grievance, topics=grievance_topics)


def grievance_topics(grievance: object) -> tuple[str, ...]:
    return ("grievances",)
