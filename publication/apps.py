from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Publication")

    def ready(self) -> None:
        from core import extensions

        # the district's published quarters, and whether each is out of date, on its page
        extensions.add_section(
            "district_detail", "publication/_district_status.html", context=district_status
        )


def district_status(page: Any) -> dict[str, Any]:
    """The district's current publications, each marked out of date when its data has
    changed since, with the republish action for who may publish it."""
    from districts.permissions import may_withdraw

    from . import selectors

    district = page["district"]
    current = list(selectors.current_quarters(district.code))
    stale = selectors.out_of_date(current)
    may_publish = may_withdraw(page["user"], district_id=district.pk)
    return {
        "district_publications": [
            {"object": p, "stale": p.pk in stale, "may_publish": may_publish and p.pk in stale}
            for p in current
        ]
    }
