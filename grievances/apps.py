from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    name = "grievances"
    verbose_name = _("Grievances")

    def ready(self) -> None:
        from django.urls import reverse

        from core import dataversion, extensions, interchange

        from .interchange import GrievancesKind
        from .models import Grievance

        interchange.register(GrievancesKind())

        dataversion.watch(Grievance, topics=grievance_topics)

        # the items raised at a review meeting, on the meeting's pages (evaluations)
        extensions.add_section("meeting_form", "grievances/_meeting_form.html", context=at_meeting)
        extensions.add_section(
            "meeting_detail", "grievances/_meeting_detail.html", context=at_meeting_detail
        )
        # the items of its meeting a promise answers, on the promise's page (evaluations)
        extensions.add_section(
            "promise_detail", "grievances/_promise_detail.html", context=answered_by_promise
        )
        extensions.provide_link("grievance_list", lambda: reverse("grievances:list"))
        # the grievances a promise of the meeting answers, on its entry page
        from .promise_answers import at_promise_row, save_answers

        extensions.add_section(
            "promise_row", "grievances/_promise_answers.html", context=at_promise_row
        )
        extensions.add_save("meeting_form", save_answers)


def grievance_topics(grievance: object) -> tuple[str, ...]:
    return ("grievances",)


def at_meeting(page: Any) -> dict[str, Any]:
    """The items raised at the entry form's meeting (none before it is saved)."""
    from .models import Grievance

    meeting = page.get("meeting")
    if meeting is None:
        return {"grievances": []}
    return {"grievances": Grievance.objects.filter(meeting=meeting).order_by("reference")}


def at_meeting_detail(page: Any) -> dict[str, Any]:
    """The items raised at the meeting on its page (the page says whether it ``can_edit``)."""
    from .models import Grievance
    from .selectors import with_problem

    grievances = with_problem(Grievance.objects.filter(meeting=page["meeting"]))
    return {"grievances": grievances.select_related("department").order_by("reference")}


def answered_by_promise(page: Any) -> dict[str, Any]:
    """The items a promise answers that the reader may see (Grievance.scope_q)."""
    from districts.scoping import visible

    from .models import Grievance

    answered = Grievance.objects.filter(promises=page["promise"])
    return {"answered": visible(page["request"].user, answered).order_by("reference")}
