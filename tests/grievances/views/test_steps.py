"""grievances/views/steps.py: the street's steps from the item's page: POST only, refused
outside the user's area or to a reader with nothing changed, errors shown with the entry kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from districts.models import Department
from grievances.models import Grievance

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_refused_step_on_another_streets_grievance_changes_nothing(client, staff_a1, items):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:step", args=["B1-2009-0000", "resolve"]), {"resolved_on": "2009-03-05"}
    )
    assert response.status_code == 404
    assert Grievance.objects.get(reference="B1-2009-0000").resolved_on is None


def test_a_district_official_reads_but_cannot_change_a_grievance(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:detail", args=["A1-2009-0000"])).status_code == 200
    response = client.post(
        reverse("grievances:step", args=["A1-2009-0000", "resolve"]), {"resolved_on": "2009-03-05"}
    )
    assert response.status_code == 403
    assert Grievance.objects.get(reference="A1-2009-0000").resolved_on is None


def test_steps_are_post_only(client, staff_a1, items):
    client.force_login(staff_a1)
    assert (
        client.get(reverse("grievances:step", args=["A1-2009-0000", "resolve"])).status_code == 405
    )


def test_a_referral_without_a_deadline_shows_the_error_and_keeps_the_note(
    client, staff_a1, items, city
):
    client.force_login(staff_a1)
    police = Department.objects.get(street=city.street_a1, key="police")
    response = client.post(
        reverse("grievances:step", args=["A1-2009-0000", "refer"]),
        {"department": police.pk, "working_days": "", "note": "请派出所处理"},
    )
    assert response.status_code == 400
    form = response.context["refer_form"]
    assert "working_days" in form.errors
    assert form["note"].value() == "请派出所处理"


def test_a_referral_from_the_page_counts_working_days_from_today(client, staff_a1, items, city):
    from core.workdays import add_working_days

    client.force_login(staff_a1)
    police = Department.objects.get(street=city.street_a1, key="police")
    item = items["a1"][0]
    response = client.post(
        reverse("grievances:step", args=[item.reference, "refer"]),
        {"department": police.pk, "working_days": 12, "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline == add_working_days(timezone.localdate(), 12)
