"""The flags of DOMAIN.md's annual assessment, in words: a short label and what it costs."""

from django.utils.translation import gettext_lazy

FLAG_TEXT = {
    "below_safety_threshold": gettext_lazy(
        "Below the safety threshold: its leaders make a self-criticism at the assembly and "
        "it loses this year's awards."
    ),
    "last_place": gettext_lazy(
        "Last place: its party and government heads make a statement at the assembly."
    ),
    "consecutive_last_place": gettext_lazy(
        "Last two years running: its main leaders are held to account."
    ),
    "last_among_main_urban": gettext_lazy("Last among the main urban districts."),
    "incomplete_data": gettext_lazy(
        "Incomplete data: a component is missing and its weight went to the others."
    ),
}
FLAG_LABEL = {
    "below_safety_threshold": gettext_lazy("below safety threshold"),
    "last_place": gettext_lazy("last place"),
    "consecutive_last_place": gettext_lazy("last two years running"),
    "last_among_main_urban": gettext_lazy("last among main urban"),
    "incomplete_data": gettext_lazy("incomplete data"),
}
