"""The kinds of evaluations/interchange.py on real files: reviews import and export, the
results export, and surveys."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from core import interchange
from districts.models import Community
from evaluations.models import Meeting, Rating, Recommendation, Survey
from tests import factories

pytestmark = pytest.mark.django_db


REVIEWS_HEADER = (
    "community_code,year,quarter,held_on,present,official_code,"
    "very_satisfied,satisfied,basically_satisfied,unsatisfied"
)


REVIEWS = [
    REVIEWS_HEADER,
    "DA-1-0,2009,1,2009-03-20,8,P1,0,1,1,6",
    "DA-1-0,2009,1,2009-03-20,8,D1,5,2,1,0",
    "DA-1-0,2009,2,2009-06-18,9,P1,0,1,2,6",
    "DA-1-0,2009,2,2009-06-18,9,D1,6,2,1,0",
]


def write(tmp_path, name, lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def do_import(kind, path):
    out = io.StringIO()
    call_command("import_csv", kind, path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(kind, path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", kind, path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def export(kind, *args):
    out = io.StringIO()
    call_command("export_csv", kind, *args, stdout=out)
    return out.getvalue()


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


def test_results_export_writes_scores_levels_and_the_recommendation(officials, tmp_path):
    do_import("reviews", write(tmp_path, "reviews.csv", REVIEWS))
    lines = export("results", "--year", "2009").splitlines()
    assert lines[0] == (
        "community_code,year,quarter,official_code,role,roll,present,quorum,submitted,"
        "very_satisfied,satisfied,basically_satisfied,unsatisfied,score,level,recommendation"
    )
    assert lines[1:] == [
        "DA-1-0,2009,1,D1,director,10,8,yes,yes,5,2,1,0,90.00,very_satisfied,",  # 720/8
        "DA-1-0,2009,1,P1,police,10,8,yes,yes,0,1,1,6,17.50,unsatisfied,",
        "DA-1-0,2009,2,D1,director,10,9,yes,yes,6,2,1,0,91.11,very_satisfied,",  # 820/9
        "DA-1-0,2009,2,P1,police,10,9,yes,yes,0,1,2,6,22.22,unsatisfied,yes",
    ]


def test_results_of_a_meeting_without_quorum_have_no_level(officials, tmp_path):
    do_import(
        "reviews",
        write(tmp_path, "r.csv", [REVIEWS_HEADER, "DA-1-0,2009,3,2009-09-20,4,D1,4,0,0,0"]),
    )
    line = export("results").splitlines()[1]
    assert line == "DA-1-0,2009,3,D1,director,10,4,no,yes,4,0,0,0,100.00,,"


def test_results_cannot_be_imported(city, tmp_path):
    errors = refused("results", write(tmp_path, "x.csv", ["a"]))
    assert "results is export-only." in errors


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


# ---- surveys, on the demo city -----------------------------------------------------------


def test_surveys_round_trip_through_csv(demo, tmp_path):
    out = io.StringIO()
    call_command("export_csv", "surveys", "--year", "2009", stdout=out)
    first = out.getvalue()
    assert first.splitlines()[0] == "street_code,year,safe,fairly_safe,not_very_safe,unsafe"
    path = tmp_path / "s.csv"
    path.write_text(first, encoding="utf-8")
    Survey.objects.filter(year=2009).delete()
    call_command("import_csv", "surveys", str(path), stdout=io.StringIO())
    again = io.StringIO()
    call_command("export_csv", "surveys", "--year", "2009", stdout=again)
    assert again.getvalue() == first


def test_a_bad_surveys_file_is_refused_with_row_numbers(demo, tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "bad.csv"
    path.write_text(
        "street_code,year,safe,fairly_safe,not_very_safe,unsafe\n"
        "JB-WLD,2011,0,0,0,0\nNOPE,2011,1,1,1,1\nJB-WLD,2011,-1,1,1,1\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "surveys", str(path), stdout=io.StringIO(), stderr=err)
    errors = err.getvalue()
    assert "row 2, unsafe: A survey needs at least one respondent." in errors
    assert "row 3, street_code: unknown street NOPE." in errors
    assert "row 4, safe: Ensure this value is greater than or equal to 0." in errors
    assert not Survey.objects.filter(year=2011).exists()


def test_a_district_administrators_surveys_import_is_refused_row_by_row(admin_a, city):
    data = (
        b"street_code,year,safe,fairly_safe,not_very_safe,unsafe\n"
        b"DA-1,2009,60,20,15,5\n"
        b"DA-2,2009,70,20,5,5\n"
    )
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.run_import("surveys", data, user=admin_a)
    assert [(e.row, e.column) for e in failed.value.errors] == [
        (2, "street_code"),
        (3, "street_code"),
    ]
    assert "city" in failed.value.errors[0].message
    assert not Survey.objects.exists()


def test_a_city_administrators_surveys_import_is_kept_with_who(admin_city, city):
    data = "street_code,year,safe,fairly_safe,not_very_safe,unsafe\nDB-1,2009,60,20,15,5\n"
    interchange.run_import("surveys", data.encode(), user=admin_city)
    survey = Survey.objects.get(street=city.street_b1)
    assert survey.history.first().history_user == admin_city


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
