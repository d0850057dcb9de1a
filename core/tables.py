"""Columns for django-tables2 tables that render fast enough for long lists."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.utils.formats import date_format
from django_tables2 import utils

_signature = utils.signature
_signatures: dict[tuple[Any, bool], tuple[tuple[str, ...], str | None]] = {}


def signature(fn: Any) -> tuple[tuple[str, ...], str | None]:
    """django-tables2's ``utils.signature`` (the argument names a render, value, linkify
    or attrs callable takes), kept per code object: the library inspects it for every
    cell, which was half the time of rendering a 38-row ranking. Functions wrapped by a
    decorator, or with a ``__signature__`` of their own, are inspected every time."""
    func = getattr(fn, "__func__", fn)
    code = getattr(func, "__code__", None)
    if code is None or hasattr(func, "__wrapped__") or hasattr(func, "__signature__"):
        return _signature(fn)
    key = (code, hasattr(fn, "__self__"))
    found = _signatures.get(key)
    if found is None:
        found = _signatures[key] = _signature(fn)
    return found


def install_signature_cache() -> None:
    """Make django-tables2 use :func:`signature` (``core.apps`` calls it once)."""
    utils.signature = signature


class DateColumn(tables.Column):
    """A date in ``format`` (the ``date`` filter's), ISO in exports: what django-tables2's
    DateColumn gives, without compiling a template for every cell (50 rows of 4 dates
    cost a list 200 template compilations)."""

    def __init__(self, *args: Any, format: str = "Y-m-d", **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value: Any) -> str:
        return date_format(value, self.format) if isinstance(value, datetime.date) else value

    def value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value
