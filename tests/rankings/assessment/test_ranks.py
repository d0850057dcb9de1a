"""The annual assessment of DOMAIN.md on hand-built data: indices, thresholds, weights,
ties, last places, main-urban ranks, and the policy of the right year."""

import datetime
from decimal import Decimal

import pytest

from districts.services import platform_create
from evaluations import services
from evaluations.models import Policy
from rankings.assessment import assess
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def survey(street, year, safe, fairly, not_very, unsafe):
    services.survey_save(
        street_id=street.pk,
        year=year,
        user=None,
        counts={"safe": safe, "fairly_safe": fairly, "not_very_safe": not_very, "unsafe": unsafe},
    )


def by_code(results):
    return {r.code: r for r in results}


def rated(community, year, counts, quarter=3):
    official = factories.PostingFactory(community=community, start_date=D(2000, 1, 1)).official
    present = max(sum(counts), community.representatives // 2 + 1)
    services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=D(year, 3 * quarter, 1),
        present=present,
        tallies=[services.Tally(official.pk, *counts)],
        submit=True,
    )


def grievance(community, year, resolved, key=False):
    factories.GrievanceFactory(
        community=community,
        received_on=D(year, 5, 1),
        kind="dispute" if key else "complaint",
        key_dispute=key,
        disposition="afterwards" if resolved else "",
        resolved_on=D(year, 5, 9) if resolved else None,
    )


def test_a_districts_safety_index_pools_its_streets_counts(city):
    survey(city.street_a1, 2009, 60, 20, 15, 5)  # 80 of 100
    survey(city.street_a2, 2009, 250, 20, 20, 10)  # 270 of 300
    district = by_code(assess(2009, "district"))["DA"]
    assert district.safety_index == Decimal("87.5")  # 350 / 400, not the mean of 80 and 90
    assert district.respondents == 400


def test_a_street_is_judged_against_its_districts_stricter_threshold(city):
    city.district_a.safety_threshold = Decimal("85.00")
    city.district_a.save()
    survey(city.street_a1, 2009, 60, 23, 10, 7)  # 83: above 80, below 85
    survey(city.street_b1, 2009, 60, 23, 10, 7)  # 83 in a district without its own
    a1 = by_code(assess(2009, "street", city.district_a))["DA-1"]
    b1 = by_code(assess(2009, "street", city.district_b))["DB-1"]
    assert (a1.threshold, "below_safety_threshold" in a1.flags) == (Decimal("85.00"), True)
    assert (b1.threshold, "below_safety_threshold" in b1.flags) == (Decimal("80.00"), False)


def test_a_district_threshold_below_the_city_minimum_does_not_lower_it(city):
    city.district_a.safety_threshold = Decimal("70.00")
    city.district_a.save()
    survey(city.street_a1, 2009, 60, 18, 10, 12)  # 78
    a1 = by_code(assess(2009, "street", city.district_a))["DA-1"]
    assert (a1.threshold, "below_safety_threshold" in a1.flags) == (Decimal("80.00"), True)


def test_a_district_below_the_city_minimum_is_flagged(city):
    survey(city.street_a1, 2009, 70, 9, 11, 10)  # 79
    assert "below_safety_threshold" in by_code(assess(2009, "district"))["DA"].flags


def test_the_composite_weighs_all_four_components(city):
    platform_create(communities=[city.a1[0]])
    survey(city.street_a1, 2009, 90, 0, 10, 0)  # S = 90
    rated(city.a1[0], 2009, (6, 0, 0, 0))  # R = 100
    grievance(city.a1[0], 2009, True)
    grievance(city.a1[0], 2009, False)  # G = 50
    grievance(city.a1[0], 2009, True, key=True)  # K = 100 (1 of 1); G = 2/3
    result = by_code(assess(2009, "district"))["DA"]
    # 0.4*90 + 0.3*100 + 0.15*66.666.. + 0.15*100 = 36 + 30 + 10 + 15 = 91.00
    assert result.composite == Decimal("91.00")
    assert result.flags == []


def test_a_missing_component_gives_its_weight_to_the_others_and_is_flagged(city):
    survey(city.street_a1, 2009, 90, 0, 10, 0)  # S = 90
    rated(city.a1[0], 2009, (6, 0, 0, 0))  # R = 100; no grievances at all
    result = by_code(assess(2009, "district"))["DA"]
    # (0.4*90 + 0.3*100) / 0.7 = 66 / 0.7 = 94.2857.. -> 94.29
    assert result.composite == Decimal("94.29")
    assert "incomplete_data" in result.flags
    assert (result.grievance_resolution_rate, result.key_dispute_resolution_rate) == (None, None)


def test_an_area_with_no_component_is_not_ranked(city):
    survey(city.street_a1, 2009, 90, 0, 10, 0)
    results = by_code(assess(2009, "district"))
    assert (results["DA"].rank, results["DB"].rank, results["DB"].composite) == (1, None, None)
    assert "last_place" not in results["DB"].flags


def test_equal_composites_share_a_rank_and_the_next_rank_is_skipped(city):
    extra = factories.StreetFactory(district=city.district_a, code="DA-3")
    extra4 = factories.StreetFactory(district=city.district_a, code="DA-4")
    survey(city.street_a1, 2009, 95, 0, 5, 0)
    survey(city.street_a2, 2009, 90, 0, 10, 0)
    survey(extra, 2009, 90, 0, 10, 0)
    survey(extra4, 2009, 80, 0, 20, 0)
    ranks = [(r.code, r.rank) for r in assess(2009, "street", city.district_a)]
    assert ranks == [("DA-1", 1), ("DA-2", 2), ("DA-3", 2), ("DA-4", 4)]


def test_composites_that_round_to_the_same_value_tie(city):
    survey(city.street_a1, 2009, 90001, 0, 9999, 0)  # 90.001  -> 90.00
    survey(city.street_a2, 2009, 89996, 0, 10004, 0)  # 89.996  -> 90.00
    results = assess(2009, "street", city.district_a)
    assert [(r.code, r.rank, r.composite) for r in results] == [
        ("DA-1", 1, Decimal("90.00")),
        ("DA-2", 1, Decimal("90.00")),
    ]


def test_rounding_is_half_up_at_the_second_decimal(city):
    survey(city.street_a1, 2009, 1, 7, 0, 0)  # 100.00
    survey(city.street_a2, 2009, 7, 0, 1, 0)  # 87.5 exactly
    survey(city.street_b1, 2009, 7, 0, 0, 3)  # 70.00
    factories.StreetFactory(district=city.district_b, code="DB-2")
    results = by_code(assess(2009, "street"))
    assert results["DA-2"].composite == Decimal("87.50")
    from evaluations.selectors import rounded

    assert rounded(Decimal("86.125")) == Decimal("86.13")


def test_last_place_is_shared_by_a_tie(city):
    extra = factories.StreetFactory(district=city.district_a, code="DA-3")
    survey(city.street_a1, 2009, 95, 0, 5, 0)
    survey(city.street_a2, 2009, 85, 0, 15, 0)
    survey(extra, 2009, 85, 0, 15, 0)
    last = {r.code for r in assess(2009, "street", city.district_a) if "last_place" in r.flags}
    assert last == {"DA-2", "DA-3"}


def test_a_lone_street_is_not_last_in_its_district(city):
    survey(city.street_b1, 2009, 60, 0, 40, 0)
    (only,) = assess(2009, "street", city.district_b)
    assert (only.rank, only.flags) == (1, ["below_safety_threshold", "incomplete_data"])


def test_last_two_years_running_is_flagged_only_the_second_year(city):
    for year in (2008, 2009):
        survey(city.street_a1, year, 70, 0, 30, 0)  # DA last both years
        survey(city.street_b1, year, 95, 0, 5, 0)
    assert "consecutive_last_place" not in by_code(assess(2008, "district"))["DA"].flags
    flags = by_code(assess(2009, "district"))["DA"].flags
    assert {"last_place", "consecutive_last_place"} <= set(flags)


def test_last_after_a_better_year_is_not_consecutive(city):
    survey(city.street_a1, 2008, 95, 0, 5, 0)
    survey(city.street_b1, 2008, 70, 0, 30, 0)
    survey(city.street_a1, 2009, 70, 0, 30, 0)
    survey(city.street_b1, 2009, 95, 0, 5, 0)
    flags = by_code(assess(2009, "district"))["DA"].flags
    assert "last_place" in flags and "consecutive_last_place" not in flags


def test_main_urban_districts_are_also_ranked_among_themselves(city):
    third = factories.DistrictFactory(code="DC", main_urban=True)
    survey(factories.StreetFactory(district=third, code="DC-1"), 2009, 90, 0, 10, 0)
    survey(city.street_a1, 2009, 80, 0, 20, 0)
    survey(city.street_b1, 2009, 99, 0, 1, 0)  # DB is not main urban
    results = by_code(assess(2009, "district"))
    assert [(c, results[c].rank, results[c].main_urban_rank) for c in ("DB", "DC", "DA")] == [
        ("DB", 1, None),
        ("DC", 2, 1),
        ("DA", 3, 2),
    ]
    assert "last_among_main_urban" in results["DA"].flags
    assert "last_place" in results["DA"].flags


def test_each_year_is_assessed_with_its_own_policy(city):
    Policy.objects.create(
        year=2010,
        city_safety_minimum=Decimal("90.00"),
        weight_safety=Decimal("1.00"),
        weight_satisfaction=Decimal("0"),
        weight_grievances=Decimal("0"),
        weight_key_disputes=Decimal("0"),
    )
    for year in (2009, 2010):
        survey(city.street_a1, year, 85, 0, 15, 0)
    assert "below_safety_threshold" not in by_code(assess(2009, "district"))["DA"].flags
    assert "below_safety_threshold" in by_code(assess(2010, "district"))["DA"].flags


def test_review_satisfaction_is_the_mean_of_every_counted_score(city):
    rated(city.a1[0], 2009, (6, 0, 0, 0), quarter=1)  # 100
    rated(city.a1[1], 2009, (0, 6, 0, 0), quarter=1)  # 80
    rated(city.a2[0], 2009, (0, 0, 6, 0), quarter=1)  # 60
    result = by_code(assess(2009, "district"))["DA"]
    assert result.satisfaction == Decimal(80)
    assert (result.ratings, result.meetings) == (3, 3)


def test_a_meeting_without_quorum_does_not_count_in_satisfaction(city):
    rated(city.a1[0], 2009, (6, 0, 0, 0))
    official = factories.PostingFactory(community=city.a1[1], start_date=D(2000, 1, 1)).official
    services.meeting_save(
        community=city.a1[1],
        year=2009,
        quarter=3,
        held_on=D(2009, 9, 1),
        present=3,
        tallies=[services.Tally(official.pk, 0, 0, 0, 3)],
        submit=True,
    )
    assert by_code(assess(2009, "district"))["DA"].satisfaction == Decimal(100)
