"""districts/account_views.py: the account page (the digest preference) and the inbox,
each only ever the signed-in user's own."""

import pytest
from django.urls import reverse

from districts.models import Notification
from districts.notifications import notify

pytestmark = pytest.mark.django_db


def test_a_user_turns_the_daily_digest_off_and_on(client, staff_a1):
    client.force_login(staff_a1)
    assert client.post(reverse("account"), {}).status_code == 302
    staff_a1.refresh_from_db()
    assert staff_a1.digest_enabled is False
    client.post(reverse("account"), {"digest_enabled": "on"})
    staff_a1.refresh_from_db()
    assert staff_a1.digest_enabled is True


def test_the_inbox_lists_the_users_own_notices_only(client, staff_a1, staff_b1):
    notify(
        [
            (staff_a1.pk, "escalated_district", "A1-2026-0001", "/grievances/A1-2026-0001/"),
            (staff_b1.pk, "escalated_district", "B1-2026-0001", "/grievances/B1-2026-0001/"),
        ]
    )
    client.force_login(staff_a1)
    response = client.get(reverse("inbox"))
    body = response.content.decode()
    assert "A1-2026-0001" in body
    assert "B1-2026-0001" not in body


def test_the_masthead_shows_the_unread_count_with_no_query_of_its_own(
    client, staff_a1, django_assert_max_num_queries
):
    client.force_login(staff_a1)
    with django_assert_max_num_queries(50) as plain:
        client.get(reverse("inbox"))
    notify([(staff_a1.pk, "escalated_district", f"A1-2026-000{i}", "") for i in range(2)])
    with django_assert_max_num_queries(50) as with_notices:
        response = client.get(reverse("password_change"))
    assert 'data-testid="unread">2<' in response.content.decode()
    assert len(with_notices.captured_queries) <= len(plain.captured_queries)


def test_opening_a_notice_marks_it_read_and_goes_to_its_item(client, staff_a1):
    notify([(staff_a1.pk, "escalated_district", "A1-2026-0001", "/grievances/A1-2026-0001/")])
    note = Notification.objects.get()
    client.force_login(staff_a1)
    response = client.post(reverse("inbox_read"), {"id": note.pk, "go": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/grievances/A1-2026-0001/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("raw", ["abc", "-1", "9" * 30, "0", "²", "１"])
def test_a_bad_or_foreign_id_marks_nothing_and_goes_back_to_the_inbox(
    client, staff_a1, staff_b1, raw
):
    notify([(staff_a1.pk, "escalated_district", "A1-2026-0001", "")])
    notify([(staff_b1.pk, "escalated_district", "B1-2026-0001", "")])
    client.force_login(staff_a1)
    response = client.post(reverse("inbox_read"), {"id": raw})
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox")
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_another_users_notice_cannot_be_marked_read(client, staff_a1, staff_b1):
    notify([(staff_b1.pk, "escalated_district", "B1-2026-0001", "/grievances/B1-2026-0001/")])
    theirs = Notification.objects.get()
    client.force_login(staff_a1)
    response = client.post(reverse("inbox_read"), {"id": theirs.pk, "go": "1"})
    assert response["Location"] == reverse("inbox")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_takes_post_only(client, staff_a1):
    client.force_login(staff_a1)
    assert client.get(reverse("inbox_read")).status_code == 405


def test_anonymous_users_are_sent_to_log_in(client):
    for name in ("account", "inbox"):
        assert client.get(reverse(name)).status_code == 302
