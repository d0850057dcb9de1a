from django import template

from evaluations.selectors import rounded
from evaluations.tables import level_badge as _level_badge

register = template.Library()


@register.filter
def score(value):  # type: ignore[no-untyped-def]
    """A score as shown: half-up, two decimals."""
    result = rounded(value)
    return "" if result is None else f"{result:.2f}"


@register.filter
def level_badge(value):  # type: ignore[no-untyped-def]
    return _level_badge(value)


@register.filter
def get_item(mapping, key):  # type: ignore[no-untyped-def]
    return mapping.get(key) if mapping else None
