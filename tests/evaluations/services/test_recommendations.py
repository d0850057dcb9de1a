"""Replacement recommendations (evaluations/services/recommendations.py): the streaks of
DOMAIN.md rule 5, corrections that withdraw and restore, and stale steps refused."""

import datetime

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Recommendation
from tests.evaluations.services.helpers import logged_in, page_form, state, step_url

pytestmark = pytest.mark.django_db


def open_recommendations():
    return sorted(
        Recommendation.objects.filter(withdrawn_at__isnull=True).values_list(
            "opened_by__meeting__year", "opened_by__meeting__quarter"
        )
    )


def test_two_unsatisfied_quarters_in_a_row_open_a_recommendation(review):
    review(2009, 1, u=5)
    assert open_recommendations() == []
    review(2009, 2, u=5)
    assert open_recommendations() == [(2009, 2)]
    recommendation = Recommendation.objects.get()
    assert (recommendation.role, recommendation.addressed_to) == ("police", "甲一派出所")


def test_q4_then_q1_of_the_next_year_is_a_streak(review):
    review(2009, 4, u=5)
    review(2010, 1, u=5)
    assert open_recommendations() == [(2010, 1)]


def test_a_third_unsatisfied_quarter_opens_no_second_recommendation(review):
    for quarter in (1, 2, 3):
        review(2009, quarter, u=5)
    assert open_recommendations() == [(2009, 2)]


def test_after_a_better_quarter_a_new_streak_opens_a_new_recommendation(review):
    for quarter, votes in ((1, {"u": 5}), (2, {"u": 5}), (3, {"vs": 5}), (4, {"u": 5})):
        review(2009, quarter, **votes)
    review(2010, 1, u=5)
    assert open_recommendations() == [(2009, 2), (2010, 1)]


def test_a_meeting_without_quorum_breaks_the_streak(review):
    review(2009, 1, u=5)
    review(2009, 2, u=4, present=4)  # below quorum of 5: left out
    review(2009, 3, u=5)
    assert open_recommendations() == []


def test_a_quarter_without_a_meeting_breaks_the_streak(review):
    review(2009, 1, u=5)
    review(2009, 3, u=5)
    assert open_recommendations() == []


def test_a_draft_second_quarter_opens_nothing_until_submitted(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5, submit=False)
    assert open_recommendations() == []
    review(2009, 2, u=5, submit=True)
    assert open_recommendations() == [(2009, 2)]


def test_a_correction_that_removes_the_streak_withdraws_the_recommendation(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    review(2009, 2, vs=5)  # corrected
    assert open_recommendations() == []
    assert Recommendation.objects.get().withdrawn_at is not None


def test_a_correction_that_restores_the_streak_restores_the_recommendation(review):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    review(2009, 2, vs=5)
    review(2009, 2, u=5)
    assert open_recommendations() == [(2009, 2)]
    assert Recommendation.objects.count() == 1


def test_recording_sending_over_someone_elses_is_refused_with_what_changed(
    recommendation, staff_a1, colleague
):
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry = page_form(first, recommendation, "send")
    second_entry = page_form(second, recommendation, "send")
    first_entry |= {"sent_on": "2009-07-01", "addressed_to": "甲一派出所"}
    assert first.post(step_url("send", recommendation), first_entry).status_code == 302
    before = state()
    second_entry |= {"sent_on": "2009-07-03", "addressed_to": "甲一街道办"}
    response = second.post(step_url("send", recommendation), second_entry)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Sent on: — → 2009-07-01" in body
    assert "Addressed to: 派出所 → 甲一派出所" in body
    assert 'value="甲一街道办"' in body  # the bound send form, though it was sent meanwhile
    assert response.context["send_form"]["sent_on"].value() == "2009-07-03"
    assert state() == before


def test_recording_an_outcome_over_someone_elses_is_refused(recommendation, staff_a1, colleague):
    services.recommendation_send(
        recommendation=recommendation,
        sent_on=datetime.date(2009, 7, 1),
        addressed_to="甲一派出所",
        user=staff_a1,
    )
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry = page_form(first, recommendation, "outcome")
    second_entry = page_form(second, recommendation, "outcome")
    first_entry |= {"outcome": "replaced", "outcome_on": "2009-07-20"}
    assert first.post(step_url("outcome", recommendation), first_entry).status_code == 302
    before = state()
    second_entry |= {"outcome": "retained", "outcome_on": "2009-07-21", "reason": "整改到位"}
    response = second.post(step_url("outcome", recommendation), second_entry)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Outcome: pending → replaced" in body
    assert "整改到位</textarea>" in body
    assert state() == before
    assert Recommendation.objects.get().outcome == "replaced"


def test_a_correction_that_withdraws_a_recommendation_refuses_a_step_opened_before(
    recommendation, yuan, city, staff_a1, colleague
):
    second = logged_in(colleague)
    entry = page_form(second, recommendation, "send") | {"sent_on": "2009-07-01"}
    services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=2,
        held_on=datetime.date(2009, 6, 1),
        present=10,
        tallies=[services.Tally(yuan.pk, 10, 0, 0, 0)],
        submit=True,
        user=staff_a1,
    )
    response = second.post(step_url("send", recommendation), entry)
    assert response.status_code == 409
    assert "Withdrawn at: — → " in response.content.decode()
    assert Recommendation.objects.get().sent_on is None


# ---- back-filled quarters and corrections of sent recommendations ------------------------


def send(recommendation, on=datetime.date(2010, 1, 20)):
    return services.recommendation_send(
        recommendation=recommendation, sent_on=on, addressed_to="甲一派出所", user=None
    )


def test_back_filling_q2_after_q3_and_q4_opened_and_sent_one_keeps_it_as_sent(review):
    review(2009, 3, u=5)
    review(2009, 4, u=5)
    send(Recommendation.objects.get())
    review(2009, 2, u=5)  # back-filled: the streak now starts a quarter earlier
    recommendation = Recommendation.objects.get()  # no second one opened
    assert recommendation.withdrawn_at is None
    assert recommendation.sent_on == datetime.date(2010, 1, 20)
    assert recommendation.addressed_to == "甲一派出所"
    assert (recommendation.previous.meeting.quarter, recommendation.opened_by.meeting.quarter) == (
        3,
        4,
    )
    assert recommendation.history.latest().history_change_reason == (
        "Streak now runs from 2009 Q2; sent for 2009 Q3 and 2009 Q4, it stays as sent."
    )


def test_back_filling_before_an_unsent_recommendation_moves_it_to_the_streaks_start(review):
    review(2009, 3, u=5)
    review(2009, 4, u=5)
    review(2009, 2, u=5)
    recommendation = Recommendation.objects.get()
    assert (recommendation.previous.meeting.quarter, recommendation.opened_by.meeting.quarter) == (
        2,
        3,
    )
    assert (
        "Now opened by 2009 Q2 and 2009 Q3" in recommendation.history.latest().history_change_reason
    )


def test_a_correction_withdrawing_a_sent_recommendation_keeps_its_sending_and_outcome(review):
    review(2009, 3, u=5)
    review(2009, 4, u=5)
    recommendation = send(Recommendation.objects.get())
    services.recommendation_close(
        recommendation=recommendation,
        outcome="retained",
        outcome_on=datetime.date(2010, 2, 1),
        reason="新任不久",
        user=None,
    )
    review(2009, 4, vs=5)  # corrected: Q4 was in fact very satisfied
    recommendation.refresh_from_db()
    assert recommendation.withdrawn_at is not None
    assert (recommendation.sent_on, recommendation.outcome, recommendation.reason) == (
        datetime.date(2010, 1, 20),
        "retained",
        "新任不久",
    )
    assert recommendation.history.latest().history_change_reason == (
        "Withdrawn: its unsatisfied streak no longer stands; sent on 2010-01-20, "
        "that stays on record."
    )


def test_the_save_says_which_recommendations_it_opened_or_withdrew(review, community, officer):
    review(2009, 1, u=5)
    opened = services.meeting_save(
        community=community,
        year=2009,
        quarter=2,
        held_on=datetime.date(2009, 5, 5),
        present=5,
        tallies=[services.Tally(officer.pk, 0, 0, 0, 5)],
        submit=True,
    )
    assert [(c.kind, c.official, c.sent) for c in opened.recommendation_changes] == [
        ("opened", "张警官", False)
    ]


def test_a_preview_tells_what_a_save_would_do_and_keeps_nothing(review, community, officer):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    recommendation = send(Recommendation.objects.get(), on=datetime.date(2009, 7, 1))
    before = state()
    preview = services.meeting_save_preview(
        community=community,
        year=2009,
        quarter=2,
        held_on=datetime.date(2009, 5, 5),
        present=5,
        tallies=[services.Tally(officer.pk, 5, 0, 0, 0)],
        submit=True,
    )
    assert [(c.kind, c.recommendation_id, c.sent) for c in preview.recommendation_changes] == [
        ("withdrawn", recommendation.pk, True)
    ]
    assert state() == before


def test_an_opened_recommendation_notifies_its_street_staff_and_district_officials_only(
    review, staff_a1, staff_b1, official_a, official_b, city_official
):
    review(2009, 1, u=5)
    review(2009, 2, u=5)
    recommendation = Recommendation.objects.get()
    notified = {
        u.username: list(u.notifications.values_list("kind", "url"))
        for u in (staff_a1, staff_b1, official_a, official_b, city_official)
    }
    url = reverse("evaluations:recommendation", args=[recommendation.pk])
    assert notified == {
        "staff_a1": [("recommendation", url)],
        "staff_b1": [],
        "official_a": [("recommendation", url)],
        "official_b": [],
        "city_official": [],
    }
    staff_a1.refresh_from_db()
    assert staff_a1.unread_notifications == 1
