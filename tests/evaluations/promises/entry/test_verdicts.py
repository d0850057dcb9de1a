"""The verdicts on earlier promises, on the entry page of the meeting they are due at
(evaluations/promises/entry.py): computed with the date typed, checked against present,
renewed once, corrected or taken back."""

import pytest

from evaluations.models import Meeting, Promise
from tests.evaluations.helpers import edit_url, form_data
from tests.evaluations.promises.helpers import meeting, promise

from .helpers import judged_in_q3, row_of, rows, verdict

pytestmark = pytest.mark.django_db


def test_a_new_meeting_shows_the_promises_due_at_the_date_it_is_held(
    client, staff_a1, official, earlier
):
    client.force_login(staff_a1)
    page = client.get(edit_url("DA-1-0"))  # today is past 2009 Q3: held on 2009-09-30
    assert [f.promise for f in page.context["promises"].verdicts] == [earlier]


def test_the_verdict_is_saved_with_the_meeting_and_shown(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(official) | verdict(earlier, 6, 1))
    earlier.refresh_from_db()
    judged = Meeting.objects.get(year=2009, quarter=3)
    assert (earlier.judged_at, earlier.kept_votes, earlier.not_kept_votes) == (judged, 6, 1)
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="verdict-kept"' in page


def test_a_verdict_typed_for_a_promise_not_yet_due_at_the_typed_date_is_refused(
    client, staff_a1, official, earlier
):
    client.force_login(staff_a1)
    data = form_data(official, held_on="2009-08-20") | verdict(earlier, 6, 1)
    response = client.post(edit_url("DA-1-0"), data)
    form = response.context["promises"].verdicts[0]
    assert "Not due for a verdict at a meeting held on 2009-08-20" in form.errors["kept_votes"][0]
    assert not Meeting.objects.filter(quarter=3).exists()


def test_votes_over_present_are_refused_naming_the_count(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(official) | verdict(earlier, 6, 3))
    form = response.context["promises"].verdicts[0]
    assert form.errors["not_kept_votes"] == [
        "Kept and not kept add up to 9, more than the 8 representatives present."
    ]
    earlier.refresh_from_db()
    assert earlier.judged_at is None
    assert not Meeting.objects.filter(quarter=3).exists()


def test_one_count_without_the_other_is_refused(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(official) | verdict(earlier, 6, ""))
    assert response.context["promises"].verdicts[0].errors["not_kept_votes"] == [
        "Enter both counts (0 if nobody), or neither."
    ]
    assert not Meeting.objects.filter(quarter=3).exists()


def test_a_verdict_at_a_meeting_that_is_not_later_is_refused(client, staff_a1, official, city):
    later = promise(meeting(city.a1[0], official, 2009, 4), official)
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(official) | verdict(later, 6, 1))
    form = response.context["promises"].verdicts[0]
    assert form.errors["kept_votes"] == [
        "A promise is judged at a later meeting than the one it was made at."
    ]
    later.refresh_from_db()
    assert later.judged_at is None
    assert not Meeting.objects.filter(quarter=3).exists()


def test_a_meeting_without_quorum_takes_no_verdict(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    data = form_data(official, present=4, counts=(1, 1, 1, 0)) | verdict(earlier, 3, 1)
    response = client.post(edit_url("DA-1-0"), data)
    assert "no quorum" in response.context["promises"].verdicts[0].errors["kept_votes"][0]
    assert not Meeting.objects.filter(quarter=3).exists()


def test_a_promise_judged_not_kept_is_renewed_at_the_meeting(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    data = form_data(official) | verdict(
        earlier, 2, 5, renew_due_on="2009-12-31", renew_text="夜间巡逻每周三次"
    )
    client.post(edit_url("DA-1-0"), data)
    renewal = Promise.objects.get(renews=earlier)
    assert (renewal.meeting.quarter, renewal.text, str(renewal.due_on)) == (
        3,
        "夜间巡逻每周三次",
        "2009-12-31",
    )


def test_a_kept_promise_is_not_renewed(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    data = form_data(official) | verdict(earlier, 5, 2, renew_due_on="2009-12-31")
    response = client.post(edit_url("DA-1-0"), data)
    assert response.context["promises"].verdicts[0].errors["renew_due_on"] == [
        "Only a promise judged not kept can be renewed."
    ]
    assert not Promise.objects.filter(renews=earlier).exists()


def test_a_verdict_corrected_on_the_entry_page_keeps_the_history(
    client, staff_a1, official, earlier
):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(official) | verdict(earlier, 6, 1))
    judged = Meeting.objects.get(year=2009, quarter=3)
    earlier.refresh_from_db()
    data = form_data(official, version=judged.version) | verdict(earlier, 1, 6)
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 302
    earlier.refresh_from_db()
    assert (earlier.kept_votes, earlier.not_kept_votes, earlier.is_kept) == (1, 6, False)
    assert earlier.history.count() == 3


def test_a_verdict_taken_back_leaves_the_promise_pending(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    judged = judged_in_q3(client, official, earlier, 6, 1)
    data = form_data(official, version=judged.version) | verdict(earlier, "", "")
    assert client.post(edit_url("DA-1-0"), data).status_code == 302
    earlier.refresh_from_db()
    assert (earlier.judged_at, earlier.kept_votes) == (None, None)


def test_a_verdict_renewed_on_cannot_be_taken_back_and_says_why(
    client, staff_a1, official, earlier
):
    client.force_login(staff_a1)
    judged = judged_in_q3(client, official, earlier, 1, 6, renew_due_on="2009-12-31")
    renewal = Promise.objects.get(renews=earlier)
    data = (
        form_data(official, version=judged.version)
        | verdict(earlier, "", "")
        | rows(row_of(renewal), initial=1)
    )
    response = client.post(edit_url("DA-1-0"), data)
    assert response.context["promises"].verdicts[0].errors["kept_votes"] == [
        "The promise was renewed on this verdict; remove the renewal first."
    ]
    earlier.refresh_from_db()
    assert earlier.judged_at == judged
