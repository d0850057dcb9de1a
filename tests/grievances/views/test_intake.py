"""grievances/views/intake.py: staff record an item in their street and get its reference;
an item raised at a meeting is added from its page and goes back there, never elsewhere."""

import datetime

import pytest
from django.urls import reverse

from evaluations import services as review_services
from grievances.models import Grievance
from tests import factories
from tests.grievances.helpers import import_references

pytestmark = pytest.mark.django_db
D = datetime.date


def test_district_officials_cannot_record_grievances(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:new")).status_code == 403


def test_staff_record_a_grievance_and_get_its_reference(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": "2009-03-02",
        },
    )
    grievance = Grievance.objects.get()
    assert response["Location"] == grievance.get_absolute_url()
    assert (grievance.reference, grievance.source) == ("DA-1-2009-0001", "hotline")


def test_staff_cannot_record_a_grievance_in_another_street(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.b1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "x",
            "received_on": "2009-03-02",
        },
    )
    assert "community" in response.context["form"].errors
    assert not Grievance.objects.exists()


def test_web_intake_after_a_weird_import_answers_with_the_new_reference(
    client, city, staff_a1, tmp_path
):
    import_references(tmp_path, "DA-1-2009-0042", "DA-1-2009-9ABC")
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": "2009-03-02",
        },
    )
    assert response.status_code == 302
    assert Grievance.objects.filter(reference="DA-1-2009-0043").exists()


def test_items_raised_at_a_meeting_are_added_from_its_entry_form_and_return_there(
    client, staff_a1, city
):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=D(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    form_url = reverse("evaluations:meeting_edit", args=["DA-1-0", 2009, 3])
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "两起翻墙盗窃", "next": form_url},
    )
    assert response["Location"] == form_url + "#grievances"
    grievance = Grievance.objects.get()
    assert (grievance.meeting, grievance.source, grievance.received_on) == (
        meeting,
        "meeting",
        D(2009, 9, 20),
    )
    assert "两起翻墙盗窃" in client.get(form_url).content.decode()


def test_the_intake_does_not_redirect_to_another_site(client, staff_a1, city):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=D(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "x", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("evaluations:meeting", args=[meeting.pk]))


def test_the_meeting_intake_ignores_a_next_that_is_not_an_address(client, staff_a1, city):
    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "x", "next": "2147483647"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("evaluations:meeting", args=[meeting.pk]))
