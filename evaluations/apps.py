from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from django.urls import reverse

        from core import dataversion, extensions, interchange

        from . import interchange as kinds
        from .models import Meeting, Policy, Rating, Recommendation, Survey

        interchange.register(kinds.ReviewsKind())
        interchange.register(kinds.ResultsKind())
        interchange.register(kinds.SurveysKind())
        interchange.register(kinds.PromisesKind())

        # a meeting, survey or policy changes the figures of its year only
        dataversion.watch_by_year(Meeting, "reviews")
        dataversion.watch_by_year(Survey, "surveys")
        dataversion.watch_by_year(Policy, "policy")
        dataversion.watch(Rating, topics=rating_topics)
        # shown on the dashboards, kept per data version (dashboard/views.py)
        dataversion.watch(Recommendation, topics=recommendation_topics)

        # the pages of officials and communities, for the areas' pages below
        extensions.provide_link(
            "official_page", lambda code: reverse("evaluations:official", args=[code])
        )
        extensions.provide_link(
            "community_quarters", lambda code: reverse("evaluations:community", args=[code])
        )

        # issue 20: the promises of an area on its page, and the caches that show them
        from .models import Promise
        from .promises import summaries

        extensions.add_section(
            "community_detail",
            "evaluations/_area_promises.html",
            context=summaries.community_section,
        )
        extensions.add_section(
            "street_detail", "evaluations/_area_promises.html", context=summaries.street_section
        )
        dataversion.watch(Promise, topics=promise_topics)


def rating_topics(rating: Any) -> tuple[str, ...]:
    """A rating changes its meeting's year; without its meeting at hand, finding the year
    would cost a query: everything."""
    from core import dataversion

    from .models import Meeting

    meeting = rating._state.fields_cache.get("meeting")
    return dataversion.topics_of(meeting) if isinstance(meeting, Meeting) else ()


def promise_topics(promise: Any) -> tuple[str, ...]:
    return ("promises",)  # the league's keeping rates (rankings/views/league.py)


def recommendation_topics(recommendation: Any) -> tuple[str, ...]:
    return ("recommendations",)  # what no ranking reads: the dashboards' tables
