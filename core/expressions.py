"""SQL expressions every app may use."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, Func

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


class Exact(Func):
    """A value cast to unbounded NUMERIC, so a division stays exact to 20+ digits."""

    template = "CAST(%(expressions)s AS NUMERIC)"
    output_field = DecimalField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        # SQLite (the zero-setup demo) has no exact decimal: REAL keeps division fractional.
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)")


class RegexSubstring(Func):
    """The first part of a text matching a POSIX regular expression, or NULL: PostgreSQL's
    ``substring(text, pattern)``; on SQLite (the zero-setup demo) a Python function of the
    same meaning, registered on each connection (:func:`register_sqlite_functions`)."""

    function = "substring"
    arity = 2

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        return self.as_sql(compiler, connection, function="regex_substring", **extra_context)


def _regex_substring(text: str | None, pattern: str | None) -> str | None:
    if text is None or pattern is None:
        return None
    found = re.search(pattern, text)
    return found.group(0) if found else None


def register_sqlite_functions(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """``connection_created``: SQLite learns the functions the expressions above call."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "regex_substring", 2, _regex_substring, deterministic=True
        )
