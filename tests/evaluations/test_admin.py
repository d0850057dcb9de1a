"""evaluations/admin.py: promises with their notes, scoped and read-only in the admin."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import Promise
from evaluations.promises import services
from tests.evaluations.promises.helpers import meeting, promise
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def promises_a_and_b(city):
    made = []
    for community in (city.a1[0], city.b1[0]):
        official = PostingFactory(community=community).official
        made.append(promise(meeting(community, official, 2009, 3), official))
    services.promise_note_add(
        promise=made[0], written_on=datetime.date(2009, 9, 1), text="已排班", user=None
    )
    return made


def test_a_district_administrator_lists_only_their_districts_promises(
    client, admin_a, promises_a_and_b
):
    client.force_login(admin_a)
    response = client.get(reverse("admin:evaluations_promise_changelist"))
    assert list(response.context["cl"].result_list) == [promises_a_and_b[0]]


def test_another_districts_promise_does_not_open_in_the_admin(client, admin_a, promises_a_and_b):
    client.force_login(admin_a)
    url = reverse("admin:evaluations_promise_change", args=[promises_a_and_b[1].pk])
    assert client.get(url).status_code == 302  # to the admin's index: not found


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_a_promise_is_not_changed_in_the_admin(client, superuser, promises_a_and_b, action):
    client.force_login(superuser)
    args = [] if action == "add" else [promises_a_and_b[0].pk]
    url = reverse(f"admin:evaluations_promise_{action}", args=args)
    if action == "change":
        response = client.post(url, {"text": "改"})
        assert response.status_code == 403
    else:
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Promise.objects.get(pk=promises_a_and_b[0].pk).text == promises_a_and_b[0].text


def test_a_promise_opens_in_the_admin_with_its_notes(client, admin_a, promises_a_and_b):
    client.force_login(admin_a)
    url = reverse("admin:evaluations_promise_change", args=[promises_a_and_b[0].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "已排班" in response.content.decode()
