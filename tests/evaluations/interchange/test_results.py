"""The results kind (evaluations/interchange/results.py): export only, with score, level,
quorum and the recommendation."""

import pytest

from .helpers import REVIEWS, REVIEWS_HEADER, do_import, export, refused, write

pytestmark = pytest.mark.django_db


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
