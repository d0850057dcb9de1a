"""The charts of the ranking pages, drawn on the server (:mod:`core.charts`)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import bar_chart, line_chart
from districts.models import District
from evaluations.models import Level

from ..assessment import HistoryRow


def district_history_chart(district: District, history: list[HistoryRow]) -> SafeString:
    """The district's composite and safety index over the years, each point at its value,
    against the city minimum and the threshold its streets must reach (of the last year
    shown). The axis starts low enough for the lowest figure: nothing is clamped."""
    if not history:
        return SafeString("")
    last = history[-1]
    lines = [(_("city minimum"), last.city_minimum)]
    if last.threshold != last.city_minimum:  # the streets' bar, where the district set it higher
        lines.append((_("district threshold"), last.threshold))
    values = [v for h in history for v in (h.composite, h.safety_index) if v is not None]
    lowest = min([*values, *(v for _name, v in lines)])
    low = min(60, int(lowest // 10) * 10)
    return line_chart(
        labels=[str(h.year) for h in history],
        series=[
            (_("composite"), [h.composite for h in history]),
            (_("safety index"), [h.safety_index for h in history]),
        ],
        lines=lines,
        low=low,
        high=100,
        title=_("%(district)s over the years") % {"district": district.name},
    )


LEVEL_COLOURS = {
    "very_satisfied": "#1e7b34",
    "satisfied": "#5a9e6f",
    "basically_satisfied": "#d9a400",
    "unsatisfied": "#b3261e",
}


def levels_chart(distribution: dict[str, int], *, year: int, quarter: int) -> SafeString:
    """How many counted ratings of a quarter reached each level, a bar per level."""
    return bar_chart(
        bars=[
            (str(label), distribution.get(value, 0), LEVEL_COLOURS[value])
            for value, label in Level.choices
        ],
        title=_("Levels in %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
    )
