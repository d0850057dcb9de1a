"""tools/national.py and ``seed_national``: a generated country written set-based in
SQL, keeping the rules of DOMAIN.md (tests use a few dozen communities)."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from districts.models import Community, District, Official, Posting, Street
from evaluations.models import Meeting, Rating, Survey
from grievances.models import Grievance
from rankings.assessment import assess
from tools import national

pytestmark = pytest.mark.django_db

SMALL = national.Country(districts=3, streets=7, communities=40)


def _seed(seed: int = 2010, years: int = 1) -> None:
    national.seed(SMALL, years=years, seed=seed, log=lambda line: None)


def _digest() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(concat_ws(',', m.community_id, m.year, m.quarter, m.held_on,"
            " m.roll, m.present, r.official_id, r.role, r.very_satisfied, r.satisfied,"
            " r.basically_satisfied, r.unsatisfied), ';' ORDER BY r.id)"
            " FROM evaluations_rating r JOIN evaluations_meeting m ON m.id = r.meeting_id"
        )
        ratings = cursor.fetchone()[0]
        cursor.execute(
            "SELECT string_agg(concat_ws(',', reference, received_on, disposition, deadline,"
            " resolved_on, answered_on, key_dispute), ';' ORDER BY reference)"
            " FROM grievances_grievance"
        )
        grievances = cursor.fetchone()[0]
    return hashlib.sha256(f"{ratings}|{grievances}".encode()).hexdigest()


def _empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE grievances_grievance, evaluations_rating, evaluations_meeting,"
            " evaluations_survey, districts_posting, districts_official, districts_department,"
            " districts_community, districts_street, districts_district CASCADE"
        )


def test_the_country_has_the_areas_officials_and_a_meeting_per_community_and_quarter():
    _seed(years=2)
    assert (District.objects.count(), Street.objects.count(), Community.objects.count()) == (
        3,
        7,
        40,
    )
    assert Official.objects.count() == Posting.objects.count() == 3 * 40
    assert Meeting.objects.filter(status="submitted").count() == 40 * 4 * 2
    assert Rating.objects.count() == 3 * 40 * 4 * 2
    assert Survey.objects.count() == 7 * 2
    assert Grievance.objects.filter(received_on__year=2010).exists()


def test_the_generated_rows_break_no_rule_of_the_domain():
    _seed(years=2)
    assert set(national.check().values()) == {0}


def test_some_generated_meetings_miss_their_quorum_and_some_officials_are_rated_unsatisfied():
    national.seed(
        national.Country(districts=2, streets=4, communities=400), years=1, log=lambda x: None
    )
    ratings = assess(2009, "district")
    assert all(r.satisfaction is not None for r in ratings)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM evaluations_meeting WHERE present * 2 < roll")
        assert cursor.fetchone()[0] > 0
        cursor.execute(
            "SELECT count(*) FROM evaluations_rating WHERE unsatisfied * 3 > very_satisfied"
            " + satisfied + basically_satisfied + unsatisfied"
        )
        assert cursor.fetchone()[0] > 0


def test_the_same_seed_writes_the_same_rows_and_another_seed_other_ones():
    _seed(seed=7)
    first = _digest()
    _empty()
    _seed(seed=7)
    again = _digest()
    _empty()
    _seed(seed=8)
    assert first == again != _digest()


def test_the_assessment_ranks_every_street_on_its_surveys_meetings_and_grievances():
    _seed()
    results = assess(2009, "street")
    assert len(results) == 7
    assert all(
        r.rank is not None
        and None not in (r.safety_index, r.satisfaction, r.grievance_resolution_rate)
        for r in results
    )


def test_seed_national_refuses_a_database_that_already_holds_areas():
    _seed()
    with pytest.raises(CommandError, match="already holds"):
        call_command(
            "seed_national",
            *("--districts", "3", "--streets", "7", "--communities", "40"),
            stdout=io.StringIO(),
        )
