from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Areas and accounts")

    def ready(self) -> None:
        from core import interchange

        from . import interchange as area_kinds

        interchange.register(area_kinds.AreasKind())
        interchange.register(area_kinds.OfficialsKind())
        interchange.register(area_kinds.RepresentativesKind())
