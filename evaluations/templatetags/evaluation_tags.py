from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template

from evaluations.selectors import rounded
from evaluations.tables import level_badge as _level_badge

register = template.Library()


@register.filter
def score(value: Decimal | float | None) -> str:
    """A score as shown: half-up, two decimals."""
    result = rounded(value)
    return "" if result is None else f"{result:.2f}"


@register.filter
def level_badge(value: str | None) -> str:
    return _level_badge(value)


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    return mapping.get(key) if mapping else None
