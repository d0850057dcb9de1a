"""The promises made at a meeting, on its entry page (evaluations/promises/entry.py):
made with the meeting in one transaction, changed, removed, refused on their fields with
nothing saved, and a stale second tab refused."""

import datetime

import pytest

from evaluations.models import Meeting, Promise
from evaluations.promises import services as promise_services
from evaluations.promises.rules import default_due_on
from tests import factories
from tests.evaluations.helpers import edit_url, form_data

from .helpers import new_promise, row_of, rows, verdict

pytestmark = pytest.mark.django_db


def test_two_promises_are_saved_with_a_new_meeting(client, staff_a1, official, city):
    police = factories.DepartmentFactory(street=city.a1[0].street, key="police")
    client.force_login(staff_a1)
    data = form_data(official) | rows(
        new_promise(f"official:{official.pk}"),
        new_promise(f"department:{police.pk}", text="安装监控", due_on="2010-03-31"),
    )
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 302
    made = list(Meeting.objects.get().promises.order_by("number"))
    assert [(p.number, p.owner, p.text, str(p.due_on)) for p in made] == [
        (1, official, "组织夜间巡逻", "2009-12-31"),
        (2, police, "安装监控", "2010-03-31"),
    ]


def test_the_empty_row_offers_the_default_due_date(client, staff_a1, official):
    client.force_login(staff_a1)
    response = client.get(edit_url("DA-1-0"))
    row = response.context["promises"].formset.forms[0]
    assert row["due_on"].value() == default_due_on(2009, 3)


def test_a_blank_row_saves_no_promise(client, staff_a1, official):
    client.force_login(staff_a1)
    due = default_due_on(2009, 3).isoformat()
    client.post(edit_url("DA-1-0"), form_data(official) | rows({"due_on": due, "owner": ""}))
    assert Meeting.objects.exists() and not Promise.objects.exists()


def test_an_owner_not_reviewed_at_the_meeting_is_refused_and_nothing_saved(
    client, staff_a1, official, posted
):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{posted['b'].pk}"))
    response = client.post(edit_url("DA-1-0"), data)
    row = response.context["promises"].formset.forms[0]
    assert row.errors["owner"] == [
        "Choose an official reviewed at this meeting or a department of its platforms."
    ]
    assert row["text"].value() == "组织夜间巡逻"
    assert not Meeting.objects.exists()


def test_an_owner_posted_in_the_quarter_but_not_on_the_day_is_refused(
    client, staff_a1, official, city
):
    gone = factories.PostingFactory(
        community=city.a1[0], end_date=datetime.date(2009, 7, 31)
    ).official
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{gone.pk}"))
    data[f"{gone.pk}-very_satisfied"] = 0  # posted in July: the page asks for its tally
    for field in ("satisfied", "basically_satisfied", "unsatisfied"):
        data[f"{gone.pk}-{field}"] = 0
    response = client.post(edit_url("DA-1-0"), data)
    assert Meeting.objects.count() == 0
    summary = [e["message"] for e in response.context["error_summary"]]
    assert any("was not reviewed at this meeting" in m or "not posted" in m for m in summary)


def test_a_due_date_past_the_limit_is_refused_on_its_field(client, staff_a1, official):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{official.pk}", due_on="2010-04-01"))
    response = client.post(edit_url("DA-1-0"), data)
    row = response.context["promises"].formset.forms[0]
    assert "no later than 2010-03-31" in row.errors["due_on"][0]
    labels = [e["label"] for e in response.context["error_summary"]]
    assert "Promise 1 · Due on" in labels
    assert not Meeting.objects.exists() and not Promise.objects.exists()


def test_a_due_date_before_the_meeting_is_refused(client, staff_a1, official):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{official.pk}", due_on="2009-09-01"))
    response = client.post(edit_url("DA-1-0"), data)
    assert (
        "must come after the meeting"
        in response.context["promises"].formset.forms[0].errors["due_on"][0]
    )
    assert not Meeting.objects.exists()


def test_a_promise_is_changed_from_the_entry_page(client, staff_a1, official, saved_with_promise):
    at, p = saved_with_promise
    client.force_login(staff_a1)
    data = form_data(official, version=at.version) | rows(row_of(p, text="夜间巡逻每晚"), initial=1)
    assert client.post(edit_url("DA-1-0"), data).status_code == 302
    p.refresh_from_db()
    assert (p.text, p.version) == ("夜间巡逻每晚", 2)


def test_a_promise_is_removed_with_its_box(client, staff_a1, official, saved_with_promise):
    at, p = saved_with_promise
    client.force_login(staff_a1)
    data = form_data(official, version=at.version) | rows(row_of(p, DELETE="on"), initial=1)
    assert client.post(edit_url("DA-1-0"), data).status_code == 302
    assert not Promise.objects.exists()


def test_a_stale_second_tab_is_refused_with_what_changed_and_nothing_saved(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    opened = row_of(p, text="第二个标签页")
    promise_services.promise_change(
        promise=p, text="第一个标签页", due_on=p.due_on, official=official, user=None, version=1
    )
    client.force_login(staff_a1)
    data = form_data(official, version=at.version, present=9) | rows(opened, initial=1)
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 409
    assert "第一个标签页" in response.content.decode()
    assert 'data-testid="conflict"' in response.content.decode()
    p.refresh_from_db()
    at.refresh_from_db()
    assert (p.text, at.present) == ("第一个标签页", 8)
    row = response.context["promises"].formset.forms[0]
    assert (row["text"].value(), row["version"].value()) == ("第二个标签页", "2")


def test_a_row_removed_in_another_tab_is_refused_as_stale(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    opened = row_of(p, text="改了")
    promise_services.promise_remove(promise=p, user=None, version=1)
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(official, version=at.version) | rows(opened, initial=1)
    )
    assert response.status_code == 409
    assert not Promise.objects.exists()


def test_the_same_new_promise_sent_twice_is_made_once(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    client.force_login(staff_a1)
    data = form_data(official, version=at.version) | rows(
        row_of(p), new_promise(f"official:{official.pk}", text="安装路灯"), initial=1
    )
    client.post(edit_url("DA-1-0"), data)
    client.post(edit_url("DA-1-0"), data | {"promise-0-version": 1})
    assert list(at.promises.values_list("text", flat=True)) == ["组织夜间巡逻", "安装路灯"]


def test_without_script_another_row_is_added_and_nothing_saved(client, staff_a1, official):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{official.pk}"))
    response = client.post(edit_url("DA-1-0"), data | {"more_promises": "1"})
    assert response.status_code == 200
    assert len(response.context["promises"].formset.forms) == 2
    assert not Meeting.objects.exists()


def test_a_stale_tab_with_the_same_meeting_but_another_promise_is_refused_not_taken_as_sent(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    opened_at = at.version
    client.force_login(staff_a1)
    same_meeting = form_data(official, version=opened_at, present=9)
    client.post(edit_url("DA-1-0"), same_meeting | rows(row_of(p), initial=1))  # tab one
    response = client.post(  # tab two: the same meeting, and one more promise
        edit_url("DA-1-0"),
        same_meeting
        | rows(row_of(p), new_promise(f"official:{official.pk}", text="安装路灯"), initial=1),
    )
    assert response.status_code == 409
    assert at.promises.count() == 1


def test_the_same_entry_with_its_promises_sent_twice_lands_on_the_meeting(
    client, staff_a1, official, earlier
):
    client.force_login(staff_a1)
    data = (
        form_data(official) | rows(new_promise(f"official:{official.pk}")) | verdict(earlier, 6, 1)
    )
    first = client.post(edit_url("DA-1-0"), data)
    second = client.post(edit_url("DA-1-0"), data)
    assert first["Location"] == second["Location"]
    assert Promise.objects.filter(meeting__quarter=3).count() == 1


def test_a_promise_corrected_with_the_submitted_meeting_keeps_the_reason(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    client.force_login(staff_a1)
    data = form_data(official, version=at.version) | rows(row_of(p, text="每晚巡逻"), initial=1)
    client.post(edit_url("DA-1-0"), data | {"reason": "承诺记错了"})
    assert p.history.latest().history_change_reason == "承诺记错了"
    history = client.get(at.get_absolute_url()).context["history"]
    assert [e["reason"] for e in history if e["what"] == "promise"][0] == "承诺记错了"
