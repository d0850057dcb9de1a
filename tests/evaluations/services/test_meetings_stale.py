"""meeting_save (evaluations/services/meetings.py): no silent overwrite. A save from a form
opened before someone else's save is refused (409) with what changed, the entry kept as
typed, nothing written; simultaneous first entries make one meeting and no 500."""

import datetime
import threading
import time

import pytest
from django.db import transaction
from django.utils import timezone

from core.interchange import run_import
from evaluations import services
from evaluations.models import Meeting, Rating
from tests.evaluations.services.helpers import (
    COUNTS,
    blocked_on_a_lock,
    edit_url,
    in_thread,
    logged_in,
    opened,
    state,
    tally,
)

pytestmark = pytest.mark.django_db

# ---- meetings ----------------------------------------------------------------------------


@pytest.fixture
def two_saves(meeting, yuan, staff_a1, colleague):
    """staff_a1 and 李娜 open the meeting; staff_a1 saves first (9 present, 袁海燕 1 → 3
    unsatisfied); 李娜 then saves what she typed (10 present, 袁海燕 5 / 1 / 1 / 0)."""
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry, second_entry = opened(first, edit_url()), opened(second, edit_url())
    first_entry |= {"present": 9, **tally(yuan, (4, 1, 1, 3))}
    assert first.post(edit_url(), first_entry).status_code == 302
    before = state()
    second_entry |= {"present": 10, "asked": "李娜的记录", **tally(yuan, (5, 1, 1, 0))}
    response = second.post(edit_url(), second_entry)
    return {"response": response, "before": before, "second": second, "entry": second_entry}


def test_a_meeting_saved_by_someone_else_since_the_form_was_opened_is_refused(two_saves):
    response = two_saves["response"]
    assert response.status_code == 409
    assert response.context["conflict"] is not None
    assert "Not saved: someone else changed this after you opened the form." in (
        response.content.decode()
    )


def test_the_refusal_says_who_saved_when_and_which_fields_went_from_what_to_what(
    two_saves, staff_a1
):
    conflict = two_saves["response"].context["conflict"]
    body = two_saves["response"].content.decode()
    assert [s.who for s in conflict.saves] == [str(staff_a1)]
    assert timezone.localtime(conflict.saves[0].when).strftime("%Y-%m-%d %H:%M") in body
    assert [str(c) for c in conflict.changes] == [
        "Representatives present: 8 → 9",
        "袁海燕: satisfied 2 → 1",
        "袁海燕: unsatisfied 1 → 3",
    ]
    for change in conflict.changes:
        assert str(change) in body


def test_the_refused_entry_is_shown_again_as_typed_with_the_current_version(two_saves, yuan):
    form = two_saves["response"].context["form"]
    assert form["present"].value() == "10"
    assert form["asked"].value() == "李娜的记录"
    assert [form[f"{yuan.pk}-{f}"].value() for f in COUNTS] == ["5", "1", "1", "0"]
    assert form["version"].value() == "2"
    assert 'value="李娜的记录"' in two_saves["response"].content.decode() or (
        "李娜的记录</textarea>" in two_saves["response"].content.decode()
    )


def test_a_refused_stale_meeting_save_changes_nothing_in_the_database(two_saves):
    assert state() == two_saves["before"]
    meeting = Meeting.objects.get()
    assert (meeting.present, meeting.version) == (9, 2)
    assert meeting.ratings.get().unsatisfied == 3


def test_saving_again_after_reading_the_refusal_keeps_the_second_entry(two_saves, yuan):
    retry = two_saves["entry"] | {"version": two_saves["response"].context["form"]["version"]}
    retry["version"] = retry["version"].value()
    assert two_saves["second"].post(edit_url(), retry).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.present, meeting.asked, meeting.version) == (10, "李娜的记录", 3)
    assert meeting.ratings.get().unsatisfied == 0


def test_the_refusal_reads_in_chinese_with_field_labels(meeting, yuan, staff_a1, colleague):
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry = opened(first, edit_url())
    second_entry = opened(second, edit_url())
    first.post(edit_url(), first_entry | tally(yuan, (4, 2, 1, 1)) | {"present": 9})
    first.post(edit_url(), opened(first, edit_url()) | tally(yuan, (4, 0, 1, 3)) | {"present": 9})
    response = second.post(
        edit_url(), second_entry | tally(yuan, (5, 1, 1, 0)), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "袁海燕: 不满意 1 → 3" in body
    assert "到会居民代表: 8 → 9" in body
    assert str(staff_a1) in body


def test_a_change_of_tallies_alone_gives_the_meeting_a_new_version(meeting, yuan, city):
    services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 10),
        present=8,
        tallies=[services.Tally(yuan.pk, 4, 2, 0, 2)],
        submit=True,
        version=1,
    )
    meeting.refresh_from_db()
    assert meeting.version == 2
    assert Meeting.history.filter(id=meeting.pk, version=2).count() == 1


def test_a_form_opened_before_a_change_of_tallies_alone_is_refused_with_the_tallies(
    meeting, yuan, staff_a1, colleague
):
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry, second_entry = opened(first, edit_url()), opened(second, edit_url())
    assert first.post(edit_url(), first_entry | tally(yuan, (4, 2, 0, 2))).status_code == 302
    response = second.post(edit_url(), second_entry | {"asked": "只改了问询"})
    assert response.status_code == 409
    assert [str(c) for c in response.context["conflict"].changes] == [
        "袁海燕: basically satisfied 1 → 0",
        "袁海燕: unsatisfied 1 → 2",
    ]


def test_a_save_that_changes_nothing_keeps_the_version_and_writes_no_history(meeting, yuan, city):
    before = state()
    services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 10),
        present=8,
        tallies=[services.Tally(yuan.pk, 4, 2, 1, 1)],
        submit=True,
        version=1,
    )
    assert state() == before


def test_a_first_entry_over_a_meeting_created_meanwhile_is_refused_showing_what_they_saved(
    yuan, staff_a1, colleague
):
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry, second_entry = opened(first, edit_url()), opened(second, edit_url())
    assert second_entry["version"] == 0
    first_entry |= {"held_on": "2009-09-10", "present": 8, **tally(yuan, (4, 2, 1, 1))}
    assert first.post(edit_url(), first_entry).status_code == 302
    before = state()
    second_entry |= {"held_on": "2009-09-12", "present": 6, **tally(yuan, (6, 0, 0, 0))}
    response = second.post(edit_url(), second_entry)
    body = response.content.decode()
    assert response.status_code == 409
    assert response.context["conflict"].created
    assert "Not saved: someone else has just created this, while you were entering it." in body
    assert "What they saved:" in body
    assert "Representatives present: — → 8" in body
    assert "袁海燕: unsatisfied — → 1" in body
    assert response.context["form"]["present"].value() == "6"
    assert state() == before


def test_an_entry_over_a_draft_discarded_meanwhile_is_refused(yuan, city, staff_a1, colleague):
    draft = services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 10),
        present=8,
        tallies=[services.Tally(yuan.pk, 4, 2, 1, 1)],
        submit=False,
    ).meeting
    second = logged_in(colleague)
    entry = opened(second, edit_url())
    services.meeting_discard(meeting=draft, user=staff_a1)
    response = second.post(edit_url(), entry | {"present": 9})
    assert response.status_code == 409
    assert "Not saved: this was deleted after you opened the form." in response.content.decode()
    assert response.context["conflict"].saves[-1].kind == "-"
    assert not Meeting.objects.exists()
    assert response.context["form"]["version"].value() == "0"


def test_an_import_gives_the_meeting_a_new_version_so_a_form_opened_before_is_refused(
    meeting, yuan, colleague
):
    second = logged_in(colleague)
    entry = opened(second, edit_url())
    run_import(
        "reviews",
        (
            b"community_code,year,quarter,held_on,present,official_code,very_satisfied,"
            b"satisfied,basically_satisfied,unsatisfied\n"
            b"DA-1-0,2009,3,2009-09-10,8,Y1,4,2,0,2\n"
        ),
    )
    meeting.refresh_from_db()
    assert meeting.version == 2
    response = second.post(edit_url(), entry | {"present": 9})
    assert response.status_code == 409
    assert "import or system saved it at" in response.content.decode()
    assert "袁海燕: unsatisfied 1 → 2" in response.content.decode()


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "99999999999"])
def test_a_form_without_a_sound_version_is_refused_with_a_message(meeting, yuan, staff_a1, version):
    client = logged_in(staff_a1)
    entry = opened(client, edit_url()) | {"present": 9}
    if version is None:
        del entry["version"]
    else:
        entry["version"] = version
    before = state()
    response = client.post(edit_url(), entry)
    assert response.status_code == 200
    assert "This form came without the version it was opened at; reload the page." in (
        response.content.decode()
    )
    assert state() == before


def test_a_form_opened_at_a_version_the_history_does_not_know_is_refused(meeting, yuan, staff_a1):
    client = logged_in(staff_a1)
    entry = opened(client, edit_url()) | {"present": 9, "version": 7}
    before = state()
    response = client.post(edit_url(), entry)
    assert response.status_code == 409
    assert response.context["conflict"].changes == []
    assert state() == before


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_entries_of_a_meeting_make_one_meeting_and_no_500(
    yuan, staff_a1, colleague
):
    """Two staff post the first entry of the same meeting at the same instant, four
    quarters running: one is saved, the other refused with what was saved (409)."""
    clients = [logged_in(staff_a1), logged_in(colleague)]
    for quarter in (1, 2, 3, 4):
        url = edit_url(2009, quarter)
        entries = [
            opened(clients[0], url) | {"present": 8, **tally(yuan, (4, 2, 1, 1))},
            opened(clients[1], url) | {"present": 9, **tally(yuan, (6, 2, 1, 0))},
        ]
        assert [e["version"] for e in entries] == [0, 0]
        barrier = threading.Barrier(2)
        responses = [None, None]

        def post(i, url=url, entries=entries, barrier=barrier, responses=responses):
            barrier.wait(timeout=10)
            responses[i] = clients[i].post(url, entries[i])

        for thread in [in_thread(lambda i=i: post(i)) for i in (0, 1)]:
            thread.join(timeout=30)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [302, 409], quarter
        refused = next(r for r in responses if r.status_code == 409)
        assert "Not saved: someone else has just created this" in refused.content.decode()
        assert Meeting.objects.filter(year=2009, quarter=quarter).count() == 1
        assert Rating.objects.filter(meeting__quarter=quarter).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_first_entry_that_loses_at_the_unique_constraint_is_refused_not_a_500(
    yuan, city, staff_a1, colleague
):
    """The loser's insert waits on the winner's uncommitted one, then violates the unique
    constraint: caught in a savepoint and turned into the refusal, every time."""
    services.policy_for_year_saved(2009)
    client = logged_in(colleague)
    entry = opened(client, edit_url()) | {"present": 9, **tally(yuan, (6, 2, 1, 0))}
    inserted, release = threading.Event(), threading.Event()

    def winner():
        with transaction.atomic():
            services.meeting_save(
                community=city.a1[0],
                year=2009,
                quarter=3,
                held_on=datetime.date(2009, 9, 10),
                present=8,
                tallies=[services.Tally(yuan.pk, 4, 2, 1, 1)],
                submit=True,
                user=staff_a1,
                version=0,
            )
            inserted.set()
            release.wait(timeout=30)

    responses = []
    holder = in_thread(winner)
    assert inserted.wait(timeout=10)
    poster = in_thread(lambda: responses.append(client.post(edit_url(), entry)))
    deadline = time.monotonic() + 10
    while not blocked_on_a_lock():
        assert time.monotonic() < deadline, "the second entry never waited on the first"
        time.sleep(0.02)
    release.set()
    holder.join(timeout=30)
    poster.join(timeout=30)
    body = responses[0].content.decode()
    assert responses[0].status_code == 409
    assert "Not saved: someone else has just created this" in body
    assert "袁海燕: unsatisfied — → 1" in body
    assert 'value="9"' in body  # the loser's entry, kept
    meeting = Meeting.objects.get()
    assert (meeting.present, meeting.version, meeting.submitted_by) == (8, 1, staff_a1)
