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
    "thin_data": gettext_lazy(
        "Thin data: the sample behind this figure is below the policy's minimum; it informs, "
        "it does not change the rank."
    ),
}
# compact badges for the table; the legend under it spells each one out (FLAG_TEXT)
FLAG_LABEL = {
    "below_safety_threshold": gettext_lazy("below S"),
    "last_place": gettext_lazy("last"),
    "consecutive_last_place": gettext_lazy("last ×2"),
    "last_among_main_urban": gettext_lazy("last urban"),
    "incomplete_data": gettext_lazy("incomplete"),
    "thin_data": gettext_lazy("thin"),
}
