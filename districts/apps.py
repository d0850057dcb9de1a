from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("Areas and accounts")

    def ready(self) -> None:
        from core import dataversion, interchange

        from . import interchange as area_kinds
        from .models import Community, District, Official, Representative, Street

        interchange.register(area_kinds.AreasKind())
        interchange.register(area_kinds.OfficialsKind())
        interchange.register(area_kinds.RepresentativesKind())

        # the areas are part of every figure: a change of one changes everything
        for model in (District, Street, Community):
            dataversion.watch(model)
        # what no ranking reads: the dashboards' tables of recommendations
        dataversion.watch(Official, topics=recommendations)
        # and their rolls (a roster's change moves a community's roll on the home page)
        dataversion.watch(Representative, topics=recommendations)


def recommendations(official: object) -> tuple[str, ...]:
    return ("recommendations",)
