"""The officials of the two-district city, imported from CSV: their own tests and the
reviews import (tests/evaluations) start from them."""

import io

import pytest
from django.core.management import call_command

OFFICIALS = [
    "official_code,name,role,organisation,community_code,start_date,end_date",
    "P1,张警官,police,甲一派出所,DA-1-0,2008-01-01,",
    "D1,李主任,director,甲一社区居委会,DA-1-0,2008-01-01,",
    "P2,王警官,police,乙一派出所,DB-1-0,2008-01-01,2009-06-30",
]


@pytest.fixture
def officials(city, tmp_path):
    path = tmp_path / "officials.csv"
    path.write_bytes(("\n".join(OFFICIALS) + "\n").encode("utf-8"))
    call_command("import_csv", "officials", str(path), stdout=io.StringIO(), stderr=io.StringIO())
