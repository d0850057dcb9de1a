"""The API's cursor pagination: a cursor is read back only if it is one the API could have
written (DRF's own reading lets a tampered position through to the database: ``p=abc`` on
an id, a NUL byte, a number past bigint, a 500 on every list; issue 22, item 1).

A cursor is the base64 of ``o=OFFSET&r=0|1&p=POSITION``, each key at most once; the
offset is ASCII digits up to the cutoff, the position a value of the list's ordering field
as the API writes it (ASCII digits within bigint for an integer, at most ``max_length``
characters and no NUL for text). Anything else is a 400 problem naming ``cursor``.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any
from urllib.parse import parse_qsl

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import Cursor as Position
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from core.converters import ascii_id

ENCODED_MAX_LENGTH = 400  # the base64 of the longest cursor the API writes, with room
KEYS = {"o", "r", "p"}
INVALID = _("Not a cursor of this list: follow the next and previous links as given.")


class InvalidCursor(ValueError):
    pass


def _tokens(encoded: str) -> dict[str, str]:
    if len(encoded) > ENCODED_MAX_LENGTH or not encoded.isascii():
        raise InvalidCursor
    try:
        text = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True, max_num_fields=3)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidCursor from exc
    tokens = dict(pairs)
    if len(tokens) != len(pairs) or not set(tokens) <= KEYS:
        raise InvalidCursor
    return tokens


def _position(value: str, field: models.Field[Any, Any]) -> str:
    """``value`` as a position in ``field``'s order, if the API could have written it."""
    if "\x00" in value:
        raise InvalidCursor
    if isinstance(field, models.IntegerField):
        if ascii_id(value) is None:
            raise InvalidCursor
        return value
    if field.max_length is not None and len(value) > field.max_length:
        raise InvalidCursor
    try:
        field.to_python(value)
    except (ValidationError, TypeError, ValueError) as exc:
        raise InvalidCursor from exc
    return value


class Cursor(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Position | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = _tokens(encoded)
            offset = ascii_id(tokens.get("o", "0"))
            if offset is None or offset > self.offset_cutoff:
                raise InvalidCursor
            reverse = {"0": False, "1": True}[tokens.get("r", "0")]
            position = tokens.get("p")
            if position is not None:
                position = _position(position, self._ordering_field())
        except (InvalidCursor, KeyError):
            raise exceptions.ValidationError({self.cursor_query_param: [INVALID]}) from None
        return Position(offset=offset, reverse=reverse, position=position)

    def _ordering_field(self) -> models.Field[Any, Any]:
        name = self.ordering[0].lstrip("-")
        meta = self.model._meta
        try:
            return meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist as exc:  # an ordering by an annotation: no position read
            raise InvalidCursor from exc
