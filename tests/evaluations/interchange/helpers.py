"""Helpers of the CSV tests of evaluations/interchange/: a small reviews file of DA-1-0
(its police officer P1 unsatisfied two quarters running), and import_csv/export_csv run
as commands."""

import io

import pytest
from django.core.management import CommandError, call_command

REVIEWS_HEADER = (
    "community_code,year,quarter,held_on,present,official_code,"
    "very_satisfied,satisfied,basically_satisfied,unsatisfied"
)


REVIEWS = [
    REVIEWS_HEADER,
    "DA-1-0,2009,1,2009-03-20,8,P1,0,1,1,6",
    "DA-1-0,2009,1,2009-03-20,8,D1,5,2,1,0",
    "DA-1-0,2009,2,2009-06-18,9,P1,0,1,2,6",
    "DA-1-0,2009,2,2009-06-18,9,D1,6,2,1,0",
]


def write(tmp_path, name, lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def do_import(kind, path):
    out = io.StringIO()
    call_command("import_csv", kind, path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(kind, path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", kind, path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def export(kind, *args):
    out = io.StringIO()
    call_command("export_csv", kind, *args, stdout=out)
    return out.getvalue()
