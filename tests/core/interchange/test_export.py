"""core/interchange/export.py: the exact CSV for programs, and the streamed one for
people."""

import io

import pytest

from core import interchange
from districts.models import District

from .helpers import export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_the_export_writes_the_header_and_one_line_per_row():
    District.objects.create(code="DB", name="乙区", main_urban=False)
    District.objects.create(code="DA", name="甲区", main_urban=True)
    out = io.StringIO()
    assert interchange.write_csv("test_districts", out) == 2
    assert out.getvalue() == "code,name,main_urban\nDA,甲区,yes\nDB,乙区,no\n"


def test_a_value_with_a_comma_is_quoted_and_imports_back_the_same():
    District.objects.create(code="DA", name="甲区,新区", main_urban=True)
    first = export()
    assert first.splitlines()[1] == 'DA,"甲区,新区",yes'
    District.objects.all().delete()
    interchange.run_import("test_districts", first.encode())
    assert export() == first


def test_the_streamed_export_is_the_same_text_in_chunks_of_about_64_kb():
    District.objects.bulk_create(
        District(code=f"D{n:04d}", name="x" * 40, main_urban=False) for n in range(2000)
    )
    chunks = list(interchange.iter_csv_for_people("test_districts"))
    assert len(chunks) == 2  # 2000 rows of 50 bytes: one full chunk, then the rest
    assert "".join(chunks) == export()
