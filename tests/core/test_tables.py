"""core/tables.py: columns and the signature cache that keep django-tables2 fast."""

import datetime
import functools

from django_tables2 import utils

from core import tables


def test_django_tables2_uses_the_cached_signature():
    assert utils.signature is tables.signature


class Renderer:
    def render(self, record, value):
        return value

    def other(self, value, **kwargs):
        return value


def decorated(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@decorated
def first(record):
    return record


@decorated
def second(value, table):
    return value


def test_the_cached_signature_is_the_inspected_one_for_every_kind_of_callable():
    callables = [
        Renderer().render,
        Renderer().other,
        Renderer.render,
        lambda record: record,
        lambda value, **kwargs: value,
        first,
        second,
        functools.partial(lambda a, b: a, 1),
        len,
    ]
    for _ in range(2):  # the second round from the cache
        for fn in callables:
            assert tables.signature(fn) == tables._signature(fn), fn


def test_a_bound_method_and_its_function_keep_their_own_signatures():
    assert tables.signature(Renderer().render) == (("record", "value"), None)
    assert tables.signature(Renderer.render) == (("self", "record", "value"), None)


def test_a_date_column_renders_the_format_and_exports_iso():
    column = tables.DateColumn(format="Y-m-d")
    assert column.render(datetime.date(2009, 3, 1)) == "2009-03-01"
    assert column.value(datetime.date(2009, 3, 1)) == "2009-03-01"
