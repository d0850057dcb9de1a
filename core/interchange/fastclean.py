"""The fast path of row validation: a row form's fields turned into plain converters, for
the rows that pass them (:class:`FastClean`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import ErrorDict

from .fields import ISO_DATE, IsoDateField, YesNoField

_INVALID = object()


class _Values(Mapping[str, Any]):
    """A valid row's cleaned values, read by name (see :meth:`FastClean.compact`)."""

    __slots__ = ("_values",)
    _index: dict[str, int]

    def __init__(self, values: tuple[Any, ...]):
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[self._index[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)


class FastClean:
    """A row form's validation without the form machinery, for the rows that pass it.

    Built from the form's own fields (their types, limits, choices and validators), it
    cleans a row to what ``full_clean`` gives, then runs the form's ``clean()`` on that;
    it answers ``None`` for a row with any error, and the form itself then validates that
    row, so every message stays the form's. The form machinery (bound fields, error
    lists, a dozen calls per field) was most of the time of reading a big file. A form
    with a field of another type, or a ``clean_<field>`` method, is not taken
    (:meth:`of` answers ``None``) and keeps the form path for every row."""

    def __init__(self, form: forms.Form, converters: list[tuple[str, Callable[[str], Any]]]):
        self.form = form
        self.converters = converters
        names = [name for name, _convert in converters]
        self.values: type[_Values] = type(
            "Values", (_Values,), {"_index": {n: i for i, n in enumerate(names)}}
        )

    def compact(self, data: dict[str, Any]) -> Mapping[str, Any]:
        """The row's values as a tuple named by the form's fields (a dict of ten values
        takes three times the memory, and a big file's rows are all kept for the checks
        across rows); the dict itself if ``clean()`` changed its keys."""
        index = self.values._index
        if data.keys() != index.keys():
            return data
        return self.values(tuple(data.values()))

    @classmethod
    def of(cls, form: forms.Form) -> FastClean | None:
        converters = []
        for name, f in form.fields.items():
            if hasattr(form, f"clean_{name}") or f.disabled or f.localize:
                return None
            convert = _converter(f)
            if convert is None:
                return None
            converters.append((name, convert))
        return cls(form, converters)

    def __call__(self, raw: dict[str, str]) -> dict[str, Any] | None:
        data = {}
        for name, convert in self.converters:
            value = convert(raw.get(name, ""))
            if value is _INVALID:
                return None
            data[name] = value
        form = self.form
        form.data = raw  # a clean() may read the raw values too
        form.cleaned_data = data
        form._errors = ErrorDict()  # type: ignore[attr-defined]
        try:
            cleaned = form.clean()
        except forms.ValidationError:
            return None
        if form._errors:  # type: ignore[attr-defined]
            return None
        return data if cleaned is None else cleaned


def _validated(f: forms.Field, value: Any) -> Any:
    try:
        for validator in f.validators:
            validator(value)
    except forms.ValidationError:
        return _INVALID
    return value


def _converter(f: forms.Field) -> Callable[[str], Any] | None:
    """How the fast path cleans a value of this field (the raw value is stripped already),
    exactly as the field does when it is valid, or ``None`` for a field it does not know."""
    if type(f) is forms.IntegerField:
        return _integer(f)
    if type(f) is forms.CharField:
        return _text(f)
    if type(f) is forms.ChoiceField or type(f) is YesNoField:
        return _choice(f)
    if type(f) is IsoDateField:
        return _date(f)
    return None


def _integer(f: forms.IntegerField) -> Callable[[str], Any] | None:
    if f.step_size is not None or any(
        type(v) not in (MinValueValidator, MaxValueValidator) for v in f.validators
    ):
        return None
    low = f.min_value if f.min_value is not None else -(10**18)
    high = f.max_value if f.max_value is not None else 10**18
    empty: Any = None

    known: dict[str, int] = {}  # counts repeat: each text converted once

    def integer(text: str) -> Any:
        if (value := known.get(text)) is not None:
            return value
        if not text:
            return _INVALID if f.required else empty
        if len(text) > 18 or not _ASCII_DIGITS.match(text):
            return _INVALID  # signs, spaces, decimals: the form decides
        value = int(text)
        if not low <= value <= high:
            return _INVALID
        if len(known) < 100_000:
            known[text] = value
        return value

    return integer


def _text(f: forms.CharField) -> Callable[[str], Any] | None:
    if not f.strip:
        return None
    empty: Any = f.empty_value
    cache: dict[str, str] = {}  # codes repeat: one string each, not one per row

    def text(value: str) -> Any:
        value = value.strip()  # as the field does (read_records strips already)
        if not value:
            return _INVALID if f.required else empty
        if (kept := cache.get(value)) is not None:
            return kept
        if _validated(f, value) is _INVALID:
            return _INVALID
        if len(value) <= 64 and len(cache) < 1_000_000:
            cache[value] = value
        return value

    return text


def _choice(f: forms.ChoiceField) -> Callable[[str], Any] | None:
    pairs = list(cast(Any, f).choices)
    choices = {str(k) for k, v in pairs if not isinstance(v, list | tuple)}
    if len(choices) != len(pairs):  # grouped choices
        return None
    yes_no = type(f) is YesNoField

    def choice(value: str) -> Any:
        if not value:
            return _INVALID if f.required else (False if yes_no else "")
        if value not in choices or _validated(f, value) is _INVALID:
            return _INVALID
        return value == "yes" if yes_no else value

    return choice


def _date(f: IsoDateField) -> Callable[[str], Any]:
    dates: dict[str, datetime.date] = {}

    def date(text: str) -> Any:
        if not text:
            return _INVALID if f.required else None
        if (day := dates.get(text)) is not None:
            return day
        if not ISO_DATE.match(text):
            return _INVALID
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            return _INVALID
        if _validated(f, day) is _INVALID:
            return _INVALID
        dates[text] = day
        return day

    return date


_ASCII_DIGITS = re.compile(r"[0-9]+\Z")
