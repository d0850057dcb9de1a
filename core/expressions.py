"""SQL expressions every app may use."""

from django.db.models import DecimalField, Func


class Exact(Func):
    """A value cast to unbounded NUMERIC, so a division stays exact to 20+ digits."""

    template = "CAST(%(expressions)s AS NUMERIC)"
    output_field = DecimalField()

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        # SQLite (the zero-setup demo) has no exact decimal: REAL keeps division fractional.
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)")
