"""SQL expressions every app may use."""

from __future__ import annotations

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
