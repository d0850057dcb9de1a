"""Promises in templates: ``{{ promise|promise_url }}`` and ``{{ rate|keeping_rate }}``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ..models import PromiseState
from ..selectors import rounded

register = template.Library()

STATE_LABELS = dict(PromiseState.choices)


@register.filter
def promise_url(promise: Any) -> str:
    """The promise's own page (evaluations:promise)."""
    return str(promise.get_absolute_url())


@register.filter
def keeping_rate(value: Decimal | float | None) -> str:
    """A keeping rate as shown: half-up, two decimals, in percent; "—" without a figure."""
    shown = rounded(value)
    return "—" if shown is None else f"{shown:.2f}%"


@register.filter
def promise_state(value: str) -> str:
    return str(STATE_LABELS.get(value, value))
