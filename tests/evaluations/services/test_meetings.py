"""meeting_save (evaluations/services/meetings.py): DOMAIN.md's vote-count rules, quarters
and dates, the history of corrections, and the roll from a roster of representatives. No
silent overwrite (stale saves refused): test_meetings_stale.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations import services
from evaluations.models import Meeting, Rating
from tests import factories

pytestmark = pytest.mark.django_db

# ---- vote-count rules -------------------------------------------------------------------


def test_counts_above_the_number_present_are_refused_naming_the_field(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, vs=4, s=2, present=5)
    assert "satisfied" in excinfo.value.message_dict  # 4 + 2: the count past present
    assert "add up to 6, more than the 5" in str(excinfo.value)
    assert not Meeting.objects.exists()


def test_present_above_the_roll_is_refused(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, vs=1, present=11)
    assert "present" in excinfo.value.message_dict


def test_nobody_present_is_refused(review):
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 1, present=0)
    assert "present" in excinfo.value.message_dict


def test_an_official_not_posted_on_the_meeting_date_is_refused(review, community):

    later = factories.PostingFactory(community=community, start_date="2010-01-01").official
    with pytest.raises(ValidationError) as excinfo:
        review(2009, 3, vs=5, official=later)
    assert "official" in excinfo.value.message_dict


# ---- quarters and dates (rule 7) ---------------------------------------------------------


def _next_quarter():
    from evaluations import rules

    year, quarter = rules.quarter_of(timezone.localdate())
    return (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def test_a_meeting_for_a_quarter_that_has_not_started_is_refused_and_nothing_saved(
    community, officer
):
    from evaluations import rules

    year, quarter = _next_quarter()
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_save(
            community=community,
            year=year,
            quarter=quarter,
            held_on=rules.quarter_bounds(year, quarter)[0],
            present=8,
            tallies=[services.Tally(officer.pk, 8, 0, 0, 0)],
            submit=True,
        )
    assert set(excinfo.value.message_dict) == {"quarter", "held_on"}
    assert "has not started yet" in excinfo.value.message_dict["quarter"][0]
    assert not Meeting.objects.exists()


def test_a_meeting_held_outside_its_quarter_is_refused_by_the_service(community, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_save(
            community=community,
            year=2009,
            quarter=2,
            held_on=datetime.date(2009, 7, 2),
            present=8,
            tallies=[services.Tally(officer.pk, 8, 0, 0, 0)],
            submit=True,
        )
    assert "outside that quarter" in excinfo.value.message_dict["held_on"][0]
    assert not Meeting.objects.exists()


def test_a_meeting_held_tomorrow_is_refused_by_the_service(community, officer):
    from evaluations import rules

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    year, quarter = rules.quarter_of(timezone.localdate())
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_save(
            community=community,
            year=year,
            quarter=quarter,
            held_on=tomorrow,
            present=8,
            tallies=[services.Tally(officer.pk, 8, 0, 0, 0)],
            submit=True,
        )
    assert "cannot be held in the future" in excinfo.value.message_dict["held_on"][0]
    assert not Meeting.objects.exists()


# ---- the history of corrections ------------------------------------------------------


def test_a_correction_keeps_its_reason_in_the_history_of_the_meeting_and_tallies(
    review, community, officer, staff_a1
):
    review(2009, 1, vs=5, present=8)
    services.meeting_save(
        community=community,
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 2, 14),
        present=9,
        tallies=[services.Tally(officer.pk, 6, 0, 0, 0)],
        submit=True,
        user=staff_a1,
        reason="one late arrival counted",
    )
    meeting = Meeting.objects.get()
    assert meeting.history.latest().history_change_reason == "one late arrival counted"
    assert Rating.history.latest().history_change_reason == "one late arrival counted"


def test_a_correction_keeps_every_change_in_the_history_with_who_and_when(review, staff_a1):
    from evaluations import services

    meeting = review(2009, 1, vs=5)
    rating = meeting.ratings.get()
    services.meeting_save(
        community=meeting.community,
        year=2009,
        quarter=1,
        held_on=meeting.held_on,
        present=6,
        tallies=[services.Tally(rating.official_id, 4, 1, 0, 0)],
        submit=True,
        user=staff_a1,
    )
    history = list(rating.history.all())
    assert [(h.very_satisfied, h.satisfied) for h in history] == [(4, 1), (5, 0)]
    assert history[0].history_user == staff_a1
    assert meeting.history.first().present == 6


# ---- the roll from a roster of representatives by name ----------------------------------


def test_where_a_community_keeps_a_roster_the_roll_is_those_serving_on_the_meeting_date(
    community, officer
):
    for end in (None, None, None, datetime.date(2009, 5, 31)):
        factories.RepresentativeFactory(
            community=community, start_date=datetime.date(2008, 1, 1), end_date=end
        )
    saved = services.meeting_save(
        community=community,
        year=2009,
        quarter=2,
        held_on=datetime.date(2009, 6, 1),
        present=2,
        tallies=[services.Tally(officer.pk, 1, 1, 0, 0)],
        submit=True,
    ).meeting
    assert (saved.roll, saved.present) == (3, 2)  # the community's own number is 10


def test_present_above_the_roster_roll_is_refused(community, officer):
    factories.RepresentativeFactory(community=community, start_date=datetime.date(2008, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.meeting_save(
            community=community,
            year=2009,
            quarter=2,
            held_on=datetime.date(2009, 6, 1),
            present=2,
            tallies=[services.Tally(officer.pk, 1, 0, 0, 0)],
            submit=True,
        )
    assert exc.value.message_dict["present"] == [
        "2 present is more than the 1 representatives on the roll."
    ]


def test_attendees_give_the_number_present(community, officer):
    people = factories.RepresentativeFactory.create_batch(
        4, community=community, start_date=datetime.date(2008, 1, 1)
    )
    saved = services.meeting_save(
        community=community,
        year=2009,
        quarter=2,
        held_on=datetime.date(2009, 6, 1),
        present=1,  # ignored: the ticks decide
        tallies=[services.Tally(officer.pk, 3, 0, 0, 0)],
        submit=True,
        attendees=[p.pk for p in people[:3]],
    ).meeting
    assert (saved.roll, saved.present, saved.attendees.count()) == (4, 3, 3)
