"""The officials kind (districts/interchange/officials.py): import and export, on real
files."""

import io

import pytest
from django.core.management import call_command

from districts.models import Official, Posting

from .helpers import OFFICIALS

pytestmark = pytest.mark.django_db


def write(tmp_path, name, lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def do_import(kind, path):
    out = io.StringIO()
    call_command("import_csv", kind, path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(kind, *args):
    out = io.StringIO()
    call_command("export_csv", kind, *args, stdout=out)
    return out.getvalue()


def test_officials_import_creates_officials_and_their_postings(officials):
    assert Official.objects.count() == 3
    posting = Posting.objects.get(official__code="P2")
    assert (posting.role, posting.organisation, str(posting.end_date)) == (
        "police",
        "乙一派出所",
        "2009-06-30",
    )


def test_officials_export_then_reimport_changes_nothing(officials, tmp_path):
    first = export("officials")
    assert first.splitlines() == [OFFICIALS[0], OFFICIALS[2], OFFICIALS[1], OFFICIALS[3]]
    output = do_import("officials", write(tmp_path, "again.csv", first.splitlines()))
    assert "0 created, 0 updated, 3 unchanged" in output
    assert export("officials") == first
