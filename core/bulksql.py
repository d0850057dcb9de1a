"""Bulk writes in SQL for the big imports, on PostgreSQL (docs/scale.md, "Imports").

Django's ``bulk_create`` builds a model instance per row and prepares every value through
its field (40% of writing a city's reviews went there), and simple-history's bulk
history builds a second instance per row. Here new rows go in with one ``COPY`` per
table, their ids taken from the table's sequence beforehand, and their history rows are
written by one ``INSERT ... SELECT`` from the rows just written, with the same who, when,
why and type that ``bulk_create_with_history`` / ``bulk_update_with_history`` record.

Only plain values are written (ints, strings, bools, dates, aware datetimes, ``None``), in
the column order the caller names; every other concrete column gets its field's default
(``auto_now``/``auto_now_add`` columns the given time). Other databases (the demo's
SQLite) keep the Django path: :func:`available` says which one applies.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Lookup
from django.db.models.fields import NOT_PROVIDED


def available() -> bool:
    """Whether the SQL path applies (PostgreSQL); elsewhere use the Django path."""
    return connection.vendor == "postgresql"


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def _constant_columns(
    model: type[models.Model], given: Sequence[str], now: datetime.datetime
) -> tuple[list[str], list[str]]:
    """The columns the caller does not give and their values: each field's default."""
    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.default is not NOT_PROVIDED:
            value = f.get_default()
        elif f.null:
            value = None
        elif f.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} has no value and no default")
        columns.append(f.column)
        values.append(_text(value))
    return columns, values


def next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence, in order."""
    if not count:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    now: datetime.datetime,
) -> None:
    """``COPY`` the rows (tuples of the ``fields``' values, attnames, the primary key
    among them) into the model's table; every other column gets its default."""
    extra_columns, extra_values = _constant_columns(model, fields, now)
    names = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [names[f] for f in fields] + extra_columns
    tail = "".join("\t" + v for v in extra_values) + "\n"
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join([_text(v) for v in row]) + tail)
        count += 1
    if not count:
        return
    buffer.seek(0)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.copy_expert(  # psycopg2's, through Django's cursor wrapper
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            "FROM STDIN",
            buffer,
        )


def history_insert(
    model: type[models.Model],
    ids: Sequence[int],
    *,
    history_type: str,
    user_id: int | None,
    date: datetime.datetime,
    reason: str | None = None,
) -> None:
    """A history row for each of ``ids`` as the row stands now, in the order of the ids,
    as simple-history's ``bulk_history_create`` records it (one who, when and why)."""
    if not ids:
        return
    history = model.history.model  # type: ignore[attr-defined]
    tracked = [f.column for f in history.tracked_fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in tracked)
    # names from the models, quoted; every value is a parameter
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "  # noqa: S608
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {', '.join('t.' + quote(c) for c in tracked)}, %s, %s, %s, %s "
        f"FROM {quote(model._meta.db_table)} t "
        "JOIN unnest(%s::bigint[]) WITH ORDINALITY AS o(pk, n) "
        f"ON t.{quote(model._meta.pk.column)} = o.pk ORDER BY o.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [date, reason, history_type, user_id, list(ids)])


class AnyOf(Lookup[Any]):
    """``AnyOf(F("code"), values)``: the column is one of the values. Django's ``__in``
    prepares every value through the field (1.5 s for the 160,000 values of a city's
    codes); here the list is one parameter, ``IN (SELECT unnest(%s))`` on PostgreSQL, a
    plain ``IN`` elsewhere. Not ``= ANY(%s)``: when the planner filters rows with it
    (statistics not yet updated after a big import), each row is compared with every
    value in turn: 0.9 s to pick 8,000 meetings out of 44,000 by 2,000 communities; the
    subquery is hashed. The values must already be of the column's type."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} IN (SELECT unnest(%s))", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
