"""The grievances kind writes a big file a batch of rows at a time: the same outcome on
either side of a batch boundary as in one go."""

import pytest

from core import interchange
from districts.services import platform_create
from grievances.interchange import GrievancesKind
from grievances.models import FollowUp, Grievance

from .test_csv import HEADER, ROWS

pytestmark = pytest.mark.django_db


def csv_bytes(rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def small_batches(monkeypatch, platforms):
    monkeypatch.setattr(GrievancesKind, "batch_size", 3)


@pytest.fixture
def platforms(city):
    platform_create(streets=[city.street_a1], communities=city.a1)


def test_rows_across_batches_are_created_updated_or_left_as_each_needs(small_batches):
    interchange.run_import("grievances", csv_bytes(ROWS[:2]))
    extra = [f"A-2009-{n:04d},DA-1-{n % 3},2009-03-05,opinion,no,意见{n},,,,," for n in range(5, 9)]
    changed = ROWS[0].replace("夜间噪音", "夜间噪音扰民")
    report = interchange.run_import("grievances", csv_bytes([changed, ROWS[1], *ROWS[2:], *extra]))
    assert (report.created["grievances"], report.updated["grievances"]) == (6, 1)
    assert report.unchanged["grievances"] == 1
    assert Grievance.objects.count() == 8
    assert FollowUp.objects.filter(kind=FollowUp.Kind.RECEIVED).count() == 8
    assert FollowUp.objects.filter(kind=FollowUp.Kind.CORRECTED).count() == 1
    assert Grievance.history.count() == 8 + 1


def test_a_dry_run_across_batches_saves_nothing(small_batches):
    report = interchange.run_import("grievances", csv_bytes(ROWS), dry_run=True)
    assert report.created["grievances"] == 4
    assert not Grievance.objects.exists()
    assert not FollowUp.objects.exists()
