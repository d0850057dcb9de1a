from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from core import interchange

        from . import interchange as kinds

        interchange.register(kinds.ReviewsKind())
        interchange.register(kinds.ResultsKind())
        interchange.register(kinds.SurveysKind())
