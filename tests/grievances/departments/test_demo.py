"""grievances/departments/demo.py: the demo's street has a police station on time and a
judicial office that is not, with an answer sent back three times."""

import datetime

import pytest

from districts.models import Department
from grievances.departments.figures import department_figures
from grievances.departments.item_counts import problem_items
from grievances.models import Grievance

pytestmark = pytest.mark.django_db
SPRING_2010 = {
    "start": datetime.date(2010, 4, 1),
    "end": datetime.date(2010, 6, 30),
    "as_of": datetime.date(2010, 6, 30),
}


def figures(key):
    return department_figures(
        Department.objects.filter(street__code="JB-WLD", key=key), **SPRING_2010
    ).get()


def test_the_demos_police_station_accepts_and_resolves_every_item_on_time(demo):
    police = figures("police")
    assert police.referred == 5
    assert police.accepted_on_time == police.resolved_on_time == 5
    assert police.sent_back == police.reopened == 0


def test_the_demos_judicial_office_is_late_and_has_one_problem_item(demo):
    judicial = figures("judicial")
    assert judicial.referred == 5
    assert judicial.accepted_on_time == judicial.resolved_on_time == 0
    assert (judicial.sent_back, judicial.reopened, judicial.problem_items) == (3, 1, 1)
    problem = problem_items(Grievance.objects.filter(department__key="judicial")).get()
    assert problem.community.street.code == "JB-WLD" and problem.resolved_on is None


def test_seeding_the_record_again_adds_no_item(demo):
    from grievances.departments import demo as record_demo

    before = Grievance.objects.count()
    record_demo.seed([])
    assert Grievance.objects.count() == before
    assert figures("judicial").referred == 5
