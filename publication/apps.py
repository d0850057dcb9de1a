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
        # whether the year's published rankings still match the city ranking shown
        extensions.add_section(
            "city_ranking", "publication/_rankings_status.html", context=rankings_status
        )
        # a month's departments' bulletin: published or not, publish / withdraw
        extensions.add_section(
            "bulletin_detail", "publication/_bulletin_status.html", context=bulletin_status
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


def rankings_status(page: Any) -> dict[str, Any]:
    """The year's current published rankings on the city ranking page: public since when,
    or out of date since a correction, with the republish action for city officials."""
    from districts.permissions import may_publish_rankings

    from . import selectors

    published = selectors.current_rankings(page["year"])
    if published is None:
        return {"rankings_publication": None}
    stale = bool(selectors.out_of_date([published]))
    return {
        "rankings_publication": {
            "object": published,
            "stale": stale,
            "may_publish": stale and may_publish_rankings(page["user"]),
        }
    }


def bulletin_status(page: Any) -> dict[str, Any]:
    """The bulletin's publications on its page: public since when (or withdrawn), with
    publish and withdraw for its district's officials."""
    from districts.permissions import may_withdraw

    from . import selectors

    bulletin = page["bulletin"]
    rows = selectors.bulletin_publications(user=page["user"], bulletin=bulletin)
    latest = rows[0] if rows else None
    current = latest if latest is not None and not latest.is_withdrawn else None
    may = may_withdraw(page["user"], district_id=bulletin.district_id)
    return {
        "bulletin_publication": current,
        "bulletin_publications": rows,
        "may_publish_bulletin": may and current is None,
        "may_withdraw_bulletin": may and current is not None,
    }
