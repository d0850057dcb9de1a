"""The promises on the meeting entry page (evaluations/promises/entry.py): made with the
meeting in one transaction, the verdicts due at it, renewal, removal, and every refusal
naming its field with nothing saved."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import Meeting, Promise
from evaluations.promises import services as promise_services
from evaluations.promises.rules import default_due_on
from tests import factories
from tests.evaluations.helpers import edit_url, form_data
from tests.evaluations.promises.helpers import meeting, promise

pytestmark = pytest.mark.django_db


def rows(*items, initial=0):
    """The promise rows as posted (the formset's management form and each row's fields)."""
    data = {
        "promise-TOTAL_FORMS": len(items),
        "promise-INITIAL_FORMS": initial,
        "promise-MIN_NUM_FORMS": 0,
        "promise-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(items):
        data |= {f"promise-{i}-{k}": v for k, v in item.items()}
    return data


def verdict(p, kept, not_kept, **more):
    data = {
        "verdicts": p.pk,
        f"verdict-{p.pk}-version": p.version,
        f"verdict-{p.pk}-kept_votes": kept,
        f"verdict-{p.pk}-not_kept_votes": not_kept,
    }
    return data | {f"verdict-{p.pk}-{k}": v for k, v in more.items()}


@pytest.fixture
def official(posted):
    return posted["a"]


@pytest.fixture
def earlier(city, official):
    """A submitted 2009 Q2 meeting with a promise due 2009-08-31 (before a Q3 meeting in
    September)."""
    at = meeting(city.a1[0], official, 2009, 2)
    return promise(at, official, due_on=datetime.date(2009, 8, 31))


def new_promise(owner, text="组织夜间巡逻", due_on="2009-12-31"):
    return {"owner": owner, "text": text, "due_on": due_on}


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


# ---- verdicts ----------------------------------------------------------------------------


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


# ---- promises made here: change, remove, stale -------------------------------------------


@pytest.fixture
def saved_with_promise(city, official):
    at = meeting(city.a1[0], official, 2009, 3, held_on=datetime.date(2009, 9, 10))
    return at, promise(at, official)


def row_of(p, **changes):
    values = {
        "promise": p.pk,
        "version": p.version,
        "owner": f"official:{p.official_id}",
        "text": p.text,
        "due_on": p.due_on.isoformat(),
    }
    return values | changes


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


# ---- query counts and scope --------------------------------------------------------------


def entry_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_entry_page_reads_the_same_for_1_and_10_promises_and_verdicts(
    client, staff_a1, official, city
):
    before = meeting(city.a1[0], official, 2009, 2)
    at = meeting(city.a1[0], official, 2009, 3, held_on=datetime.date(2009, 9, 20))
    factories.GrievanceFactory(community=city.a1[0], meeting=at)
    promise(at, official)
    promise(before, official, due_on=datetime.date(2009, 8, 31))
    client.force_login(staff_a1)
    one = entry_queries(client, edit_url("DA-1-0"))
    for _ in range(9):
        promise(at, official)
        promise(before, official, due_on=datetime.date(2009, 8, 31))
    assert entry_queries(client, edit_url("DA-1-0")) == one


def test_another_streets_meeting_entry_is_404(client, staff_b1, official, saved_with_promise):
    client.force_login(staff_b1)
    assert client.get(edit_url("DA-1-0")).status_code == 404
    assert client.post(edit_url("DA-1-0"), form_data(official)).status_code == 404


@pytest.mark.parametrize(
    "hostile",
    [
        {"verdicts": "99999999999999999999"},
        {"verdicts": "١٢"},
        {"promise-TOTAL_FORMS": "100000"},
        {"promise-TOTAL_FORMS": "x"},
        {"promise-0-promise": "99999999999999999999", "promise-0-owner": "official:1"},
        {"promise-0-owner": "official:99999999999999999999"},
        {"promise-0-answers": "99999999999999999999"},
    ],
)
def test_hostile_promise_fields_are_refused_without_an_error_page(
    client, staff_a1, official, earlier, hostile
):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{official.pk}")) | hostile
    assert client.post(edit_url("DA-1-0"), data).status_code in (200, 302, 409)


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
