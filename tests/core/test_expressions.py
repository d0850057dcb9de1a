"""Exact (core/expressions.py): values cast to unbounded NUMERIC, so a division in the
database stays exact where integer division truncates and floating point drifts."""

from decimal import Decimal

import pytest
from django.db.models import ExpressionWrapper, F, IntegerField, Sum, Value

from core.expressions import Exact
from districts.models import Community, District

pytestmark = pytest.mark.django_db


def evaluate(expression):
    """The value of an expression, computed by PostgreSQL on one row."""
    return (
        District.objects.filter(code="DA")
        .annotate(value=expression)
        .values_list("value", flat=True)
        .get()
    )


def test_two_thirds_is_exact_to_20_digits(city):
    assert evaluate(Exact(Value(2)) / Exact(Value(3))) == Decimal("0.66666666666666666667")


def test_the_result_is_a_decimal_not_a_float(city):
    assert isinstance(evaluate(Exact(Value(2)) / Exact(Value(3))), Decimal)


def test_without_it_a_division_of_whole_numbers_truncates(city):
    truncated = ExpressionWrapper(Value(2) / Value(3), output_field=IntegerField())
    assert evaluate(truncated) == 0


def test_tenths_add_up_exactly_where_floats_do_not(city):
    tenth = Exact(Value(1)) / Exact(Value(10))
    two_tenths = Exact(Value(2)) / Exact(Value(10))
    assert evaluate(tenth + two_tenths) == Decimal("0.3")  # 0.1 + 0.2 is not 0.3 in floats


def test_a_large_whole_number_is_kept_to_the_unit(city):
    assert evaluate(Exact(Value(10**17 + 1)) / Exact(Value(1))) == 10**17 + 1


def test_columns_and_aggregates_are_cast_too(city):
    mean = Community.objects.filter(street__district__code="DA").aggregate(
        mean=Exact(Sum(F("representatives"))) / Exact(Value(5))
    )["mean"]
    assert mean == Decimal("14.8")  # (10 + 11 + 12 + 20 + 21) / 5


@pytest.mark.parametrize("pattern", ["^[^0-9]*", "[0-9]+"])
def test_the_demo_sqlites_regex_substring_agrees_with_postgresqls_substring(pattern):
    """The roster's natural order (districts.models.representatives.group_order) runs on
    the demo's SQLite through a Python function: it must cut names as PostgreSQL does."""
    import sqlite3

    from django.db import connection

    from core.expressions import register_sqlite_functions

    names = ["1栋", "10栋", "A区3栋", "栋", "", "12-3号楼", "二组", "第2网格7栋"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substring(n, %s) FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i",
            [pattern, names],
        )
        postgres = [row[0] for row in cursor.fetchall()]

    class SQLite:
        vendor = "sqlite"
        connection = sqlite3.connect(":memory:")

    register_sqlite_functions(sender=None, connection=SQLite())  # type: ignore[arg-type]
    sqlite = [
        SQLite.connection.execute("SELECT regex_substring(?, ?)", (n, pattern)).fetchone()[0]
        for n in names
    ]
    assert sqlite == postgres
