"""The reviews kind (evaluations/interchange/reviews.py) on real files: import, export,
corrections, and a bad file refused whole with row numbers."""

import datetime

import pytest

from districts.models import Community
from evaluations.models import Meeting, Rating, Recommendation
from tests import factories

from .helpers import REVIEWS, REVIEWS_HEADER, do_import, export, refused, write

pytestmark = pytest.mark.django_db


def test_reviews_import_creates_submitted_meetings_with_their_ratings(officials, tmp_path):
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    meeting = Meeting.objects.get(community__code="DA-1-0", year=2009, quarter=2)
    assert (meeting.status, meeting.present, meeting.roll) == ("submitted", 9, 10)
    assert Rating.objects.count() == 4


def test_an_imported_second_unsatisfied_quarter_opens_a_recommendation(officials, tmp_path):
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    recommendation = Recommendation.objects.get()
    assert (recommendation.official.code, recommendation.opened_by.meeting.quarter) == ("P1", 2)


def test_importing_the_same_reviews_twice_changes_nothing(officials, tmp_path):
    path = write(tmp_path, "reviews.csv", REVIEWS)
    do_import("reviews", path)
    history = Rating.history.count() + Meeting.history.count()
    output = do_import("reviews", path)
    assert Rating.history.count() + Meeting.history.count() == history
    assert "0 created, 0 updated, 2 unchanged" in output


def test_a_changed_count_is_an_update_kept_in_the_history(officials, tmp_path):
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    changed = [*REVIEWS[:4], "DA-1-0,2009,2,2009-06-18,9,D1,7,1,1,0"]
    do_import("reviews", write(tmp_path, "changed.csv", changed))
    rating = Rating.objects.get(official__code="D1", meeting__quarter=2)
    assert [h.very_satisfied for h in rating.history.all()] == [7, 6]


def test_reviews_export_import_into_an_empty_installation_export_gives_the_same_rows(
    officials, tmp_path
):
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    first = export("reviews")
    Recommendation.objects.all().delete()
    Meeting.objects.all().delete()
    do_import("reviews", write(tmp_path, "exported.csv", first.splitlines()))
    assert export("reviews") == first
    assert first.splitlines()[1:] == [REVIEWS[2], REVIEWS[1], REVIEWS[4], REVIEWS[3]]


def test_a_bad_reviews_file_is_refused_whole_with_row_numbers(officials, tmp_path):
    bad = [
        REVIEWS_HEADER,
        "DA-1-0,2009,1,2009-03-20,8,P1,0,1,1,6",
        "ZZ-9,2009,1,2009-03-20,8,P1,1,0,0,0",  # row 3 unknown community
        "DA-1-0,2009,1,2009-03-20,8,NOPE,1,0,0,0",  # row 4 unknown official
        "DA-1-0,2009,1,2009-03-20,8,P2,1,0,0,0",  # row 5 not posted there
        "DA-1-0,2009,1,2009-03-20,8,D1,5,2,1,1",  # row 6 counts above present
        "DA-1-0,2009,5,2009-03-20,8,D1,1,0,0,0",  # row 7 quarter 5
        "DA-1-0,2009,1,2009-03-20,8,P1,1,0,0,0",  # row 8 duplicate
        "DA-1-0,2009,1,2009-03-21,8,D1,1,0,0,0",  # row 9 other held_on, duplicate D1
        "DA-1-1,2009,1,2009-03-20,12,D1,1,0,0,0",  # row 10 present above roll 11
    ]
    errors = refused("reviews", write(tmp_path, "bad.csv", bad))
    for expected in [
        "row 3, community_code: unknown community ZZ-9.",
        "row 4, official_code: unknown official NOPE.",
        "row 5, official_code: P2 is not posted to DA-1-0 on 2009-03-20.",
        "row 6, unsatisfied: The four counts add up to 9, more than the 8 representatives present.",
        "row 7, quarter: Ensure this value is less than or equal to 4.",
        "row 8, official_code: P1 is already rated at this meeting on row 2.",
        "row 9, held_on: differs from row 2 of the same meeting (DA-1-0 2009 Q1).",
        "row 10, present: 12 present is more than the 11 representatives on the roll.",
    ]:
        assert expected in errors
    assert not Meeting.objects.exists()


def test_present_above_the_roll_is_reported_even_in_quarter_5(officials, tmp_path):
    errors = refused(
        "reviews",
        write(tmp_path, "r.csv", [REVIEWS_HEADER, "DA-1-0,2009,5,2009-03-20,12,P1,1,0,0,0"]),
    )
    assert "row 2, quarter: Ensure this value is less than or equal to 4." in errors
    assert "row 2, present: 12 present is more than the 10 representatives on the roll." in errors


def roster_of_da_1_0():
    """DA-1-0 keeps a roster: 7 names serve until 2009-03-31, then 5 (two terms end)."""
    community = Community.objects.get(code="DA-1-0")
    for i in range(7):
        factories.RepresentativeFactory(
            community=community,
            start_date=datetime.date(2008, 1, 1),
            end_date=datetime.date(2009, 3, 31) if i < 2 else None,
        )


def test_a_review_rows_roll_is_the_roster_serving_on_held_on(officials, tmp_path):
    roster_of_da_1_0()
    do_import(
        "reviews",
        write(
            tmp_path,
            "r.csv",
            [
                REVIEWS_HEADER,
                "DA-1-0,2009,1,2009-03-20,6,P1,0,1,1,4",
                "DA-1-0,2009,2,2009-06-18,5,P1,0,1,2,2",
            ],
        ),
    )
    rolls = dict(Meeting.objects.values_list("quarter", "roll"))
    assert rolls == {1: 7, 2: 5}  # the community's own number is 10


def test_a_review_row_above_the_roster_roll_is_refused_with_its_row(officials, tmp_path):
    roster_of_da_1_0()
    errors = refused("reviews", write(tmp_path, "r.csv", REVIEWS))
    assert "row 2, present: 8 present is more than the 7 representatives on the roll." in errors
    assert "row 4, present: 9 present is more than the 5 representatives on the roll." in errors
    assert not Meeting.objects.exists()


def test_a_reviews_row_for_a_quarter_that_has_not_started_is_refused_naming_the_row(
    officials, tmp_path
):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    path = write(
        tmp_path,
        "reviews.csv",
        [*REVIEWS, f"DA-1-0,{next_year},1,{next_year}-01-10,8,P1,0,1,1,6"],
    )
    message = refused("reviews", path)
    assert f"row 6, quarter: {next_year} Q1 has not started yet" in message
    assert not Meeting.objects.exists()


def test_a_reviews_row_held_outside_its_quarter_is_refused(officials, tmp_path):
    path = write(tmp_path, "reviews.csv", [*REVIEWS, "DA-1-0,2009,3,2009-10-02,8,P1,0,1,1,6"])
    message = refused("reviews", path)
    assert "row 6, held_on: A meeting of 2009 Q3" in message
    assert "2009-10-02 is outside that quarter" in message
    assert not Meeting.objects.exists()
