"""grievances/apps.py: grievances registered with the data versions (core/dataversion.py)
by their own app."""

from core import dataversion
from grievances.models import Grievance


def test_a_saved_or_deleted_grievance_changes_the_grievances_topic():
    assert dataversion.topics_of(Grievance()) == ("grievances",)
