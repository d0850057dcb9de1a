"""dashboard/digest.py: each user's digest holds their own scope's items, once a day, and
only for those who want it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.workdays import add_working_days
from dashboard.digest import digest_for, send_digests
from districts.models import Department
from districts.services import platform_create
from grievances import services
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(city, staff_a1, staff_b1, official_a, city_official):
    """A1: one overdue (escalated), one due soon; B1: one overdue. Everyone has an address."""
    platform_create(streets=[city.street_a1, city.street_b1])
    today = timezone.localdate()

    def item(ref, community, street, deadline):
        return GrievanceFactory(
            community=community,
            reference=ref,
            received_on=today - datetime.timedelta(days=60),
            disposition="referred",
            department=Department.objects.get(street=street, key="police"),
            deadline=deadline,
        )

    item("A1-2026-0001", city.a1[0], city.street_a1, today - datetime.timedelta(days=3))
    item("A1-2026-0002", city.a1[1], city.street_a1, add_working_days(today, 1))
    item("B1-2026-0001", city.b1[0], city.street_b1, today - datetime.timedelta(days=3))
    services.escalate(today=today)
    for i, user in enumerate((staff_a1, staff_b1, official_a, city_official)):
        user.email = f"user{i}@example.org"
        user.save()
    return today


def refs(digest, name):
    return [g.reference for g in digest.items[name]]


def test_street_staff_get_their_streets_items_only(loop, staff_a1):
    digest = digest_for(staff_a1, loop)
    assert refs(digest, "overdue") == ["A1-2026-0001"]
    assert refs(digest, "due_soon") == ["A1-2026-0002"]
    assert refs(digest, "escalated") == ["A1-2026-0001"]
    assert digest.counts == {
        "due_soon": 1,
        "overdue": 1,
        "escalated": 1,
        "recommendations": 0,
        "bulletins": 0,
    }


def test_the_city_official_gets_the_whole_city_and_only_city_escalations(loop, city_official):
    digest = digest_for(city_official, loop)
    assert refs(digest, "overdue") == ["A1-2026-0001", "B1-2026-0001"]
    assert digest.counts["escalated"] == 0  # not yet five working days late


def test_a_run_mails_each_user_who_wants_it_once_and_a_second_run_sends_nothing(
    loop, staff_a1, staff_b1, official_a, city_official
):
    staff_b1.digest_enabled = False
    staff_b1.save()
    assert send_digests(today=loop) == {"sent": 3, "nothing_to_report": 0, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "user0@example.org",
        "user2@example.org",
        "user3@example.org",
    ]
    staff_mail = next(m for m in mail.outbox if m.to == ["user0@example.org"])
    assert "A1-2026-0001" in staff_mail.body
    assert "B1-2026-0001" not in staff_mail.body
    assert send_digests(today=loop) == {"sent": 0, "nothing_to_report": 0, "failed": 0}
    assert len(mail.outbox) == 3


def test_a_user_without_an_address_or_with_nothing_to_report_gets_no_mail(
    city, staff_a1, official_b
):
    staff_a1.email = ""
    staff_a1.save()
    official_b.email = "b@example.org"
    official_b.save()
    assert send_digests(today=datetime.date(2026, 10, 9)) == {
        "sent": 0,
        "nothing_to_report": 1,
        "failed": 0,
    }
    assert mail.outbox == []


def test_a_failed_send_gives_the_day_back_for_a_retry(loop, staff_a1, monkeypatch):
    from dashboard import digest as module

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(module, "send_mail", broken)
    assert send_digests(today=loop)["failed"] == 4
    monkeypatch.undo()
    assert send_digests(today=loop)["sent"] == 4  # the one that failed included


class WorkerStopped(BaseException):
    """The worker stopping in the middle of a send: nothing in the job catches it (as a
    SIGKILL, whose dropped connection PostgreSQL rolls back the same way)."""


def test_a_worker_stopped_while_sending_leaves_that_users_day_for_the_next_run(loop, monkeypatch):
    from dashboard import digest as module

    calls = []

    def stops_at_the_second(*args, **kwargs):
        calls.append(kwargs.get("recipient_list") or args[3])
        if len(calls) == 2:
            raise WorkerStopped
        return 1

    monkeypatch.setattr(module, "send_mail", stops_at_the_second)
    with pytest.raises(WorkerStopped):
        send_digests(today=loop)
    monkeypatch.undo()
    # the first user's day is done; the second's, whose send was cut, is not lost
    assert send_digests(today=loop)["sent"] == 3
    assert calls[1] in [m.to for m in mail.outbox]


def test_a_district_official_is_mailed_the_bulletin_generated_for_their_district(
    city, official_a, official_b
):
    from grievances.models import Bulletin
    from grievances.services import bulletins_generate

    official_a.email = "a@example.org"
    official_a.save()
    today = timezone.localdate()
    bulletins_generate(year=2009, month=4, as_of=datetime.date(2009, 5, 4))
    bulletin = Bulletin.objects.get(district=city.district_a)
    digest = digest_for(official_a, today)
    assert digest.counts["bulletins"] == 1
    assert digest.bulletins == [
        (f"甲区 {bulletin.year}-{bulletin.month:02d}", f"/grievances/bulletins/{bulletin.pk}/")
    ]
    assert send_digests(today=today)["sent"] == 1
    assert f"/grievances/bulletins/{bulletin.pk}/" in mail.outbox[0].body
