"""grievances/forms.py: the referral form's deadline, each choice with its date."""

import datetime

import pytest

from core.workdays import add_working_days
from districts.models import Department
from grievances.forms import ReferForm
from grievances.models import GrievancePolicy

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 8)  # a Tuesday


def refer_form(data=None):
    return ReferForm(
        data,
        departments=Department.objects.none(),
        policy=GrievancePolicy.for_year(TODAY.year),
        today=TODAY,
    )


def test_the_hint_gives_the_date_of_the_default_choice():
    hint = str(refer_form()["working_days"].help_text)
    assert f"7 working days from today is {add_working_days(TODAY, 7).isoformat()}" in hint


def test_a_form_posted_back_gives_the_date_of_the_number_chosen_not_the_default():
    """Issue 21, item 7: 5 chosen, the hint said 7 working days."""
    form = refer_form({"working_days": "5"})
    assert not form.is_valid()  # no department
    hint = str(form["working_days"].help_text)
    assert f"5 working days from today is {add_working_days(TODAY, 5).isoformat()}" in hint


def test_each_choice_carries_its_own_hint_for_the_page_script():
    html = str(refer_form()["working_days"])
    five = add_working_days(TODAY, 5).isoformat()
    assert f'value="5" data-hint="5 working days from today is {five}' in html


def test_a_number_out_of_range_is_still_refused_with_the_allowed_range():
    form = refer_form({"working_days": "61"})
    assert not form.is_valid()
    assert "working_days" in form.errors
