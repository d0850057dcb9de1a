"""The assessment's intervals, thin samples and trends: they inform, they never re-rank,
and the `rankings` command's flags stay those of DOMAIN.md."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from evaluations import services
from evaluations.models import Policy
from rankings.assessment import assess
from tests import factories

pytestmark = pytest.mark.django_db


def survey(street, year, safe, fairly, not_very, unsafe):
    counts = {"safe": safe, "fairly_safe": fairly, "not_very_safe": not_very, "unsafe": unsafe}
    services.survey_save(street_id=street.pk, year=year, user=None, counts=counts)


def by_code(results):
    return {r.code: r for r in results}


def resolved_grievances(community, n, resolved):
    for i in range(n):
        done = i < resolved
        factories.GrievanceFactory(
            community=community,
            received_on=datetime.date(2009, 3, 1),
            disposition="on_the_spot" if done else "",
            resolved_on=datetime.date(2009, 3, 1) if done else None,
        )


def test_a_district_carries_the_wilson_interval_of_its_pooled_survey(city):
    survey(city.street_a1, 2009, 50, 33, 10, 7)
    result = by_code(assess(2009, "district"))["DA"]
    assert str(result.intervals["safety_index"]) == "74.45–89.11"


def test_a_hundred_respondents_is_not_thin(city):
    survey(city.street_a1, 2009, 60, 20, 10, 10)
    assert "safety_index" not in by_code(assess(2009, "district"))["DA"].thin


def test_ninety_nine_respondents_is_thin(city):
    survey(city.street_a1, 2009, 60, 20, 10, 9)
    assert by_code(assess(2009, "district"))["DA"].thin == ["safety_index"]


def test_the_minimum_comes_from_the_years_policy(city):
    Policy.objects.create(year=2009, min_respondents=200)
    survey(city.street_a1, 2009, 60, 20, 10, 10)
    assert by_code(assess(2009, "district"))["DA"].thin == ["safety_index"]


def test_ten_grievances_are_not_thin_and_nine_are(city):
    resolved_grievances(city.a1[0], 10, 8)
    resolved_grievances(city.b1[0], 9, 8)
    results = by_code(assess(2009, "district"))
    assert "grievance_resolution_rate" not in results["DA"].thin
    assert "grievance_resolution_rate" in results["DB"].thin


def test_the_grievance_interval_counts_the_resolved_items(city):
    resolved_grievances(city.a1[0], 100, 83)
    interval = by_code(assess(2009, "district"))["DA"].intervals["grievance_resolution_rate"]
    assert str(interval) == "74.45–89.11"


def test_thin_data_changes_no_rank(city):
    survey(city.street_a1, 2009, 9, 0, 1, 0)  # 10 respondents: thin, 90
    survey(city.street_b1, 2009, 700, 100, 200, 0)  # 1000 respondents: 80
    results = by_code(assess(2009, "district"))
    assert (results["DA"].rank, results["DB"].rank) == (1, 2)
    assert results["DA"].thin and not results["DB"].thin


def test_thin_data_is_not_a_flag_of_the_rankings_command(city):
    survey(city.street_a1, 2009, 9, 0, 1, 0)
    survey(city.street_b1, 2009, 7, 0, 3, 0)
    out = io.StringIO()
    call_command("rankings", "2009", "--level", "district", stdout=out)
    flags = [row["flags"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert all("thin" not in f for f in flags)
    assert "thin_data" not in by_code(assess(2009, "district"))["DA"].flags


def test_a_row_knows_its_change_in_composite_and_rank_since_last_year(city):
    survey(city.street_a1, 2008, 8, 0, 2, 0)  # 80, second
    survey(city.street_b1, 2008, 9, 0, 1, 0)  # 90, first
    survey(city.street_a1, 2009, 95, 0, 5, 0)  # 95, first
    survey(city.street_b1, 2009, 85, 0, 15, 0)  # 85, second
    results = by_code(assess(2009, "district"))
    assert (results["DA"].composite_change, results["DA"].rank_change) == (Decimal("15.00"), 1)
    assert (results["DB"].composite_change, results["DB"].rank_change) == (Decimal("-5.00"), -1)


def test_a_row_new_this_year_has_no_change(city):
    survey(city.street_a1, 2009, 9, 0, 1, 0)
    result = by_code(assess(2009, "district"))["DA"]
    assert (result.composite_change, result.rank_change) == (None, None)
