"""Discarding a draft meeting (evaluations/views/meetings.py): by its street's staff only,
never a submitted meeting, never another street's."""

import pytest
from django.urls import reverse

from evaluations.models import Meeting
from tests.evaluations.helpers import edit_url, form_data

pytestmark = pytest.mark.django_db


# ---- discarding a draft -----------------------------------------------------------------


def test_staff_discard_a_draft_entered_by_mistake(client, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    meeting = Meeting.objects.get()
    response = client.post(reverse("evaluations:meeting_discard", args=[meeting.pk]))
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert Meeting.history.filter(id=meeting.pk, history_type="-").get().history_user == staff_a1


def test_a_submitted_meeting_cannot_be_discarded(client, staff_a1, meetings):
    client.force_login(staff_a1)
    client.post(reverse("evaluations:meeting_discard", args=[meetings["a"].pk]))
    assert Meeting.objects.filter(pk=meetings["a"].pk).exists()


def test_a_district_official_cannot_discard_a_draft(client, official_a, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    client.force_login(official_a)
    meeting = Meeting.objects.get()
    response = client.post(reverse("evaluations:meeting_discard", args=[meeting.pk]))
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_posts_about_another_streets_meeting_are_404_and_change_nothing(
    client, request, user_fixture, meetings
):
    client.force_login(request.getfixturevalue(user_fixture))
    other = meetings["b"]
    discard = client.post(reverse("evaluations:meeting_discard", args=[other.pk]))
    intake = client.post(
        reverse("grievances:meeting_intake", args=[other.pk]), {"kind": "complaint", "summary": "x"}
    )
    assert (discard.status_code, intake.status_code) == (404, 404)
    assert Meeting.objects.filter(pk=other.pk).exists()
    assert not other.grievances.exists()
