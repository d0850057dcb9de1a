"""core/interchange/report.py: the report's lines and whether anything changed."""

import pytest

from core.interchange import ImportReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_the_report_lists_each_kind_of_record_in_name_order():
    report = ImportReport(kind="areas", rows=3, dry_run=False)
    report.created["streets"] += 1
    report.unchanged["communities"] += 2
    assert report.lines() == [
        "areas: 3 rows read.",
        "communities: 0 created, 0 updated, 2 unchanged.",
        "streets: 1 created, 0 updated, 0 unchanged.",
    ]


def test_a_report_has_changed_only_when_a_record_was_created_or_updated():
    report = ImportReport(kind="areas", rows=1, dry_run=False)
    report.unchanged["communities"] += 1
    assert report.changed is False
    report.updated["communities"] += 1
    assert report.changed is True
