"""The entry page of evaluations/views/entry.py: saving a draft or submitting, the
refusals on the fields, corrections with a reason, and the consequences for replacement
recommendations shown before saving."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations import rules, services
from evaluations.models import Meeting, Recommendation
from tests import factories
from tests.evaluations.helpers import edit_url, form_data, next_quarter

pytestmark = pytest.mark.django_db

# a correction of a submitted meeting that changes no recommendation, from the request to
# the redirect (the session, the save with its history and its recommendations' reconcile,
# the data version, and the promises part: the owners offered, the promises made and due,
# and the savepoint holding the meeting and its promises together): the same for any
# number of meetings and officials elsewhere (was 47, then 42 before the promises)
QUERIES_OF_A_CORRECTION = 47

# ---- the entry form --------------------------------------------------------------------


def test_staff_submit_a_meeting_and_land_on_its_results(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(posted["a"]))
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("evaluations:meeting", args=[meeting.pk])
    assert (meeting.status, meeting.present, meeting.submitted_by) == ("submitted", 8, staff_a1)
    assert meeting.promised == "组织夜间巡逻"


def test_a_draft_is_saved_as_draft(client, staff_a1, posted):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), form_data(posted["a"], action="draft"))
    assert Meeting.objects.get().status == "draft"


def test_a_tally_above_present_is_refused_naming_the_field_and_keeping_what_was_typed(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(posted["a"], counts=(5, 2, 1, 1), present=8)
    )
    form = response.context["form"]
    assert form.errors[f"{posted['a'].pk}-unsatisfied"] == [
        "The four counts add up to 9, more than the 8 representatives present."
    ]
    assert form[f"{posted['a'].pk}-very_satisfied"].value() == "5"
    assert form["asked"].value() == "翻墙入室盗窃"
    assert not Meeting.objects.exists()


def test_too_many_votes_are_refused_on_the_count_that_caused_them(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(posted["a"], counts=(9, 0, 0, 0), present=8)
    )
    assert list(response.context["form"].errors) == [f"{posted['a'].pk}-very_satisfied"]


def test_a_refused_save_lists_every_error_at_the_top_with_a_link_to_its_field(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    data = form_data(posted["a"], counts=(9, 0, 0, 0), present=8, held_on="2009-12-10")
    response = client.post(edit_url("DA-1-0"), data)
    official = posted["a"]
    assert [(e["id"], e["label"]) for e in response.context["error_summary"]] == [
        ("id_held_on", "Held on"),
        (f"id_{official.pk}-very_satisfied", "甲警官 · Very satisfied"),
    ]
    page = response.content.decode()
    assert page.index("data-error-summary") < page.index('name="held_on"')
    assert f'href="#id_{official.pk}-very_satisfied"' in page
    assert not Meeting.objects.exists()


def test_the_entry_form_as_opened_has_no_error_summary(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.get(edit_url("DA-1-0"))
    assert response.context["error_summary"] == []
    assert b"data-error-summary" not in response.content


def test_present_above_the_roll_is_refused(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), form_data(posted["a"], present=11, counts=(1, 0, 0, 0))
    )
    assert "11 present is more than the 10" in response.context["form"].errors["present"][0]
    assert not Meeting.objects.exists()


def test_opening_the_entry_of_a_quarter_that_has_not_started_is_refused_with_a_message(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    year, quarter = next_quarter()
    response = client.get(edit_url("DA-1-0", year, quarter), follow=True)
    assert response.redirect_chain == [(reverse("evaluations:board"), 302)]
    assert f"{year} Q{quarter} has not started yet" in response.content.decode()


def test_posting_a_meeting_for_a_quarter_that_has_not_started_saves_nothing(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    year, quarter = next_quarter()
    start, _end = rules.quarter_bounds(year, quarter)
    response = client.post(
        edit_url("DA-1-0", year, quarter), form_data(posted["a"], held_on=start.isoformat())
    )
    assert response.status_code == 302
    assert not Meeting.objects.exists()


def test_a_meeting_held_tomorrow_is_refused_on_the_held_on_field(client, staff_a1, posted):
    client.force_login(staff_a1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    year, quarter = rules.quarter_of(timezone.localdate())
    response = client.post(
        edit_url("DA-1-0", year, quarter), form_data(posted["a"], held_on=tomorrow.isoformat())
    )
    assert response.context["form"].errors["held_on"] == [
        f"The meeting cannot be held in the future (today is {timezone.localdate().isoformat()})."
    ]
    assert not Meeting.objects.exists()


def test_a_meeting_held_outside_its_quarter_is_refused_on_the_held_on_field(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0", 2009, 3), form_data(posted["a"], held_on="2009-10-01")
    )
    assert response.context["form"].errors["held_on"] == [
        "A meeting of 2009 Q3 is held between 2009-07-01 and 2009-09-30; "
        "2009-10-01 is outside that quarter."
    ]
    assert not Meeting.objects.exists()


def test_letters_in_a_count_ask_for_a_whole_number(client, staff_a1, posted):
    client.force_login(staff_a1)
    data = form_data(posted["a"]) | {f"{posted['a'].pk}-satisfied": "abc"}
    response = client.post(edit_url("DA-1-0"), data)
    assert response.context["form"].errors[f"{posted['a'].pk}-satisfied"] == [
        "Enter a whole number."
    ]
    assert not Meeting.objects.exists()


def test_the_same_submission_posted_twice_saves_once_and_lands_on_the_meeting(
    client, staff_a1, posted
):
    client.force_login(staff_a1)
    data = form_data(posted["a"])
    first = client.post(edit_url("DA-1-0"), data)
    second = client.post(edit_url("DA-1-0"), data)
    meeting = Meeting.objects.get()
    assert first["Location"] == second["Location"] == meeting.get_absolute_url()
    assert (meeting.version, meeting.history.count(), meeting.ratings.count()) == (1, 1, 1)


def test_a_correction_of_a_submitted_meeting_asks_for_a_reason(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"], held_on="2009-06-01", version=meetings["a"].version, counts=(10, 0, 0, 0)
    )
    data["reason"] = ""
    response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response.context["form"].errors["reason"] == [
        "Say why the submitted meeting is corrected."
    ]
    assert meetings["a"].ratings.get().very_satisfied == 0


def test_the_history_shows_the_reason_and_the_change_in_words(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        held_on="2009-06-01",
        version=meetings["a"].version,
        counts=(1, 0, 1, 8),
    )
    data["reason"] = "recounted the ballots"
    client.post(edit_url("DA-1-0", 2009, 2), data)
    response = client.get(reverse("evaluations:meeting", args=[meetings["a"].pk]))
    history = response.context["history"][0]
    assert history["reason"] == "recounted the ballots"
    body = response.content.decode()
    assert "甲警官: very satisfied 0 → 1" in body
    assert "recounted the ballots" in body
    assert "very_satisfied" not in body


def test_the_history_reads_in_chinese_with_translated_labels(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        held_on="2009-06-01",
        version=meetings["a"].version,
        counts=(1, 0, 1, 8),
    )
    client.post(edit_url("DA-1-0", 2009, 2), data)
    body = client.get(
        reverse("evaluations:meeting", args=[meetings["a"].pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "甲警官: 非常满意 0 → 1" in body
    assert "不满意 9 → 8" in body


def test_the_form_offers_the_officials_posted_in_the_quarter(client, staff_a1, posted, city):
    factories.PostingFactory(
        community=city.a1[0],
        start_date=datetime.date(2010, 1, 1),
        official=factories.OfficialFactory(code="LATE"),
    )
    client.force_login(staff_a1)
    postings = client.get(edit_url("DA-1-0")).context["form"].postings
    assert [p.official.code for p in postings] == ["PA"]


def test_a_correction_is_shown_in_the_meeting_history_with_who(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        counts=(10, 0, 0, 0),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    history = client.get(reverse("evaluations:meeting", args=[meetings["a"].pk])).context["history"]
    latest = history[0]
    assert (latest["who"], latest["what"], latest["type"]) == (staff_a1, "rating", "~")
    assert ("very_satisfied", 0, 10) in [
        (c["field"], c["old"], c["new"]) for c in latest["changes"]
    ]


# ---- consequences for recommendations, shown before saving ------------------------------


def test_a_correction_that_would_withdraw_a_recommendation_is_shown_first_and_nothing_saved(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version
    )  # 5 / 2 / 1 / 0: satisfied, the streak is gone
    response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response.status_code == 200
    consequences = response.context["consequences"]
    assert [(c.kind, c.official, c.sent) for c in consequences] == [("withdrawn", "甲警官", False)]
    body = response.content.decode()
    assert "Nothing is saved yet. Saving this entry changes replacement recommendations" in body
    assert "甲警官" in body and "Withdrawn: its unsatisfied streak no longer stands." in body
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is None
    assert meetings["a"].ratings.get().unsatisfied == 9


def test_confirming_the_consequences_shown_saves_the_correction(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    response = client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    assert response["Location"] == meetings["a"].get_absolute_url()
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is not None


def test_a_confirmation_of_other_consequences_does_not_save(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    response = client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": "0" * 32})
    assert response.status_code == 200
    assert response.context["consequences"]
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is None


def test_a_correction_changing_no_recommendation_saves_at_once(client, staff_a1, meetings, posted):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        counts=(0, 0, 0, 10),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response["Location"] == meetings["a"].get_absolute_url()


def test_a_saved_correction_says_it_was_corrected_not_submitted(client, staff_a1, meetings, posted):
    """Issue 21, item 14: the message after a correction said "submitted"."""
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    data = form_data(
        posted["a"],
        present=10,
        counts=(0, 0, 0, 10),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    page = client.post(edit_url("DA-1-0", 2009, 2), data, follow=True).content.decode()
    assert "评议会已更正" in page
    assert "已提交" not in page.split('class="messages"')[-1].split("</ul>")[0]


def test_the_first_submission_says_submitted(client, staff_a1, posted):
    client.force_login(staff_a1)
    response = client.post(edit_url("DA-1-0"), form_data(posted["a"]), follow=True)
    assert "The meeting is submitted" in response.content.decode()


def test_a_correction_changing_no_recommendation_is_written_once_in_a_constant_number_of_queries(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(
        posted["a"],
        present=10,
        counts=(0, 0, 0, 10),
        held_on="2009-06-01",
        version=meetings["a"].version,
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(edit_url("DA-1-0", 2009, 2), data)
    assert response.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    writes = [q for q in sql if q.startswith('UPDATE "evaluations_')]
    assert len(writes) == 2  # the meeting and its one rating, not previewed and then again
    assert len(ctx.captured_queries) == QUERIES_OF_A_CORRECTION


def test_confirming_the_consequences_shown_writes_the_correction_once(
    client, staff_a1, meetings, posted
):
    client.force_login(staff_a1)
    data = form_data(posted["a"], present=10, held_on="2009-06-01", version=meetings["a"].version)
    shown = client.post(edit_url("DA-1-0", 2009, 2), data).context["consequences_key"]
    with CaptureQueriesContext(connection) as ctx:
        client.post(edit_url("DA-1-0", 2009, 2), data | {"confirm_consequences": shown})
    sql = [q["sql"] for q in ctx.captured_queries]
    writes = [q for q in sql if q.startswith('UPDATE "evaluations_meeting"')]
    assert len(writes) == 1
    assert Recommendation.objects.get(community__code="DA-1-0").withdrawn_at is not None


def test_back_filling_a_quarter_before_a_sent_recommendation_asks_to_confirm_and_keeps_it(
    client, staff_a1, meetings, posted
):
    recommendation = Recommendation.objects.get(community__code="DA-1-0")
    services.recommendation_send(
        recommendation=recommendation,
        sent_on=datetime.date(2009, 7, 1),
        addressed_to="甲一派出所",
        user=None,
    )
    client.force_login(staff_a1)
    url = reverse("evaluations:meeting_edit", args=["DA-1-0", 2008, 4])
    data = form_data(posted["a"], present=10, counts=(0, 0, 0, 10), held_on="2008-12-01")
    response = client.post(url, data)
    assert [(c.kind, c.sent) for c in response.context["consequences"]] == [("changed", True)]
    assert "(already sent)" in response.content.decode()
    assert not Meeting.objects.filter(year=2008).exists()
    client.post(url, data | {"confirm_consequences": response.context["consequences_key"]})
    recommendation.refresh_from_db()
    assert Meeting.objects.filter(year=2008).exists()
    assert (recommendation.withdrawn_at, str(recommendation.sent_on)) == (None, "2009-07-01")
    assert "stays as sent" in recommendation.history.latest().history_change_reason
