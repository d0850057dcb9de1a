"""districts/notifications.py: notices in bulk, once per event, and the unread count that
follows the inbox."""

import pytest

from districts.models import Notification
from districts.notifications import notifications_mark_read, notify

pytestmark = pytest.mark.django_db


def unread(user):
    user.refresh_from_db()
    return user.unread_notifications


def test_notices_are_added_once_per_user_and_event(staff_a1, official_a):
    notices = [
        (staff_a1.pk, "escalated_district", "A1-2026-0001", "/grievances/A1-2026-0001/"),
        (official_a.pk, "escalated_district", "A1-2026-0001", "/grievances/A1-2026-0001/"),
    ]
    notify(notices)
    notify(notices)
    assert Notification.objects.count() == 2
    assert (unread(staff_a1), unread(official_a)) == (1, 1)


def test_marking_one_read_lowers_the_count_and_all_clears_it(staff_a1):
    notify([(staff_a1.pk, "escalated_district", f"A1-2026-000{i}", "") for i in range(3)])
    first = Notification.objects.order_by("pk").first()
    assert notifications_mark_read(user=staff_a1, ids=[first.pk]) == 1
    assert unread(staff_a1) == 2
    assert notifications_mark_read(user=staff_a1) == 2
    assert unread(staff_a1) == 0


def test_another_users_notice_is_not_marked(staff_a1, staff_b1):
    notify([(staff_b1.pk, "escalated_district", "B1-2026-0001", "")])
    theirs = Notification.objects.get()
    assert notifications_mark_read(user=staff_a1, ids=[theirs.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread(staff_b1) == 1


def test_the_message_is_written_in_the_readers_language(staff_a1):
    from django.utils import translation

    notify([(staff_a1.pk, "escalated_city", "A1-2026-0001", "")])
    note = Notification.objects.get()
    assert note.message == "A1-2026-0001 is still open: escalated to the city"
    with translation.override("zh-hans"):
        assert "A1-2026-0001" in note.message
        assert "escalated" not in note.message


def test_a_renewed_notice_is_unread_again_and_counted_once(staff_a1):
    notice = (staff_a1.pk, "sent_back", "A1-2026-0001", "/grievances/A1-2026-0001/")
    notify([notice], renew=True)
    notifications_mark_read(user=staff_a1)
    notify([notice], renew=True)
    assert Notification.objects.get().read_at is None
    assert unread(staff_a1) == 1
