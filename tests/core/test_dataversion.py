"""core/dataversion.py with the models each app registers in its AppConfig.ready (the
registrations themselves: tests/<app>/test_apps.py): a year's assessment is computed once
per data version, and every write that changes a figure gives a new one, so the cached
result always equals the live computation."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import dataversion, interchange
from evaluations import services
from rankings import assessment
from rankings.assessment import history, ranks
from rankings.assessment import league as league_module
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(city):
    def rate(community, counts, year=2009):
        official = factories.PostingFactory(
            community=community, start_date=datetime.date(2000, 1, 1)
        ).official
        services.meeting_save(
            community=community,
            year=year,
            quarter=3,
            held_on=datetime.date(year, 8, 1),
            present=community.representatives,
            tallies=[services.Tally(official.pk, *counts)],
            submit=True,
        )

    return rate


def live(year, level):
    return ranks._assess(year, level, None)


def test_a_second_assessment_of_unchanged_data_runs_no_query(cached, city, rated):
    rated(city.a1[0], (5, 3, 1, 0))
    first = assessment.assess(2009, "district")
    with CaptureQueriesContext(connection) as ctx:
        again = assessment.assess(2009, "district")
    assert len(ctx.captured_queries) == 0
    assert again == first == live(2009, "district")


def test_a_saved_meeting_gives_a_new_version_and_the_cached_result_follows_it(cached, city, rated):
    rated(city.a1[0], (5, 3, 1, 0))
    before = assessment.assess(2009, "street")
    version = dataversion.current()
    rated(city.b1[0], (0, 0, 1, 8))
    assert dataversion.current() != version
    after = assessment.assess(2009, "street")
    assert after != before
    assert after == live(2009, "street")


def test_an_import_gives_a_new_version_though_bulk_writes_send_no_signal(cached, city):
    assessment.assess(2009, "street")
    version = dataversion.current()
    out = "street_code,year,safe,fairly_safe,not_very_safe,unsafe\nDA-1,2009,50,20,10,5\n"
    interchange.run_import("surveys", out.encode())
    assert dataversion.current() != version
    assert assessment.assess(2009, "street") == live(2009, "street")


def test_a_changed_policy_gives_a_new_version(cached, city, rated):
    from evaluations.models import Policy

    rated(city.a1[0], (5, 3, 1, 0))
    assessment.assess(2009, "district")
    version = dataversion.current()
    Policy.objects.update_or_create(year=2009, defaults={"city_safety_minimum": Decimal("85.00")})
    assert dataversion.current() != version
    assert assessment.assess(2009, "district") == live(2009, "district")


def test_saves_in_a_transaction_write_the_shared_version_once_at_commit(cached, city, rated):
    dataversion.current(["reviews:2009"])
    shared = cache.get(dataversion._key("reviews:2009"))
    rated(city.a1[0], (5, 3, 1, 0))
    first = dataversion.current()
    rated(city.a1[1], (5, 3, 1, 0))
    assert dataversion.current() != first  # the transaction sees its own changes
    # others see the committed version
    assert cache.get(dataversion._key("reviews:2009")) == shared
    at_commit = [e[1] for e in connection.run_on_commit if isinstance(e[1], dataversion._AtCommit)]
    assert len(at_commit) == 1
    at_commit[0]()
    assert cache.get(dataversion._key("reviews:2009")) != shared


def test_the_cached_league_and_district_history_equal_the_live_ones(cached, city, rated):
    from districts.models import Community

    rated(city.a1[0], (5, 3, 1, 0))
    league = assessment.community_league(communities=Community.objects.all(), year=2009, quarter=3)
    assert league == league_module._community_league(
        communities=Community.objects.all(), year=2009, quarter=3, limit=500
    )
    district = city.a1[0].street.district
    assert history.district_history(district, 2009) == history._district_history(district, 2009)
    rated(city.a1[1], (0, 0, 0, 9))
    assert assessment.community_league(
        communities=Community.objects.all(), year=2009, quarter=3
    ) == league_module._community_league(
        communities=Community.objects.all(), year=2009, quarter=3, limit=500
    )
    assert history.district_history(district, 2009) == history._district_history(district, 2009)


def test_the_cached_grievance_figures_equal_the_live_ones_before_and_after_writes(
    cached, city, city_official
):
    from districts.models import Department
    from districts.services import platform_create
    from grievances import selectors
    from grievances import services as grievance_services

    day = datetime.date
    period = {"start": day(2026, 1, 1), "end": day(2026, 12, 31), "today": day(2026, 10, 9)}

    def figures():
        return selectors.figure_table(user=city_official, **period)

    def live():
        return selectors._figure_table(
            user=city_official, district=None, street=None, by=None, **period
        )

    platform_create(streets=[city.street_a1])
    police = Department.objects.get(street=city.street_a1, key="police")
    factories.GrievanceFactory(
        community=city.a1[0],
        received_on=day(2026, 5, 1),
        disposition="referred",
        department=police,
        deadline=day(2026, 9, 30),
    )
    before = figures()
    assert before == live()
    factories.GrievanceFactory(community=city.b1[0], received_on=day(2026, 6, 1))  # a save
    assert figures() != before
    assert figures() == live()
    saved = figures()
    # escalation writes with update(), which sends no signal
    now = datetime.datetime(2026, 10, 9, 1, 0, tzinfo=datetime.UTC)
    assert grievance_services.escalate(today=period["today"], now=now) == {
        "district": 1,
        "city": 0,
    }
    assert figures() != saved
    assert figures() == live()


def test_the_cached_api_rankings_equal_the_live_ones_before_and_after_writes(
    cached, settings, client, city, rated, official_a
):
    from api.services import token_create

    _token, text = token_create(user=official_a, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {text}"}

    def rankings(seconds):
        settings.DATA_CACHE_SECONDS = seconds
        response = client.get("/api/v1/rankings/", {"year": 2009, "level": "street"}, **headers)
        assert response.status_code == 200
        return response.json()

    rated(city.a1[0], (5, 3, 1, 0))
    before = rankings(600)
    assert rankings(600) == before == rankings(0)
    rated(city.a2[0], (0, 0, 1, 8))
    after = rankings(600)
    assert after != before
    assert after == rankings(0)


def test_a_meeting_of_another_year_leaves_a_cached_assessment_in_place(cached, city, rated):
    rated(city.a1[0], (5, 3, 1, 0), year=2009)
    first = assessment.assess(2009, "district")
    rated(city.b1[0], (0, 0, 1, 8), year=2011)
    with CaptureQueriesContext(connection) as ctx:
        again = assessment.assess(2009, "district")
    assert len(ctx.captured_queries) == 0
    assert again == first == live(2009, "district")


def test_a_meeting_of_the_year_before_gives_the_years_assessment_a_new_version(cached, city, rated):
    rated(city.a1[0], (5, 3, 1, 0), year=2010)
    assessment.assess(2010, "street")
    rated(city.b1[0], (0, 0, 1, 8), year=2009)  # the year before: rank changes, last places
    assert assessment.assess(2010, "street") == live(2010, "street")


def test_a_saved_grievance_gives_every_years_assessment_a_new_version(cached, city, rated):
    rated(city.a1[0], (5, 3, 1, 0))
    assessment.assess(2009, "district")
    version = dataversion.current(["grievances"])
    factories.GrievanceFactory(community=city.a1[0], received_on=datetime.date(2009, 5, 1))
    assert dataversion.current(["grievances"]) != version
    assert assessment.assess(2009, "district") == live(2009, "district")


def test_a_request_waits_for_the_value_another_process_is_computing(cached):
    import threading

    key = dataversion.cache_key("slow", ["reviews:2009"])
    cache.add(f"computing:{key}", 1, 30)  # someone else is computing it
    threading.Timer(0.2, lambda: cache.set(key, ["theirs"], 60)).start()

    def compute():
        raise AssertionError("computed twice")

    assert dataversion.cached("slow", compute, topics=["reviews:2009"]) == ["theirs"]


def test_a_request_computes_the_value_itself_when_the_other_computation_gave_up(cached):
    import threading

    key = dataversion.cache_key("slow", ["reviews:2009"])
    cache.add(f"computing:{key}", 1, 30)
    threading.Timer(0.2, lambda: cache.delete(f"computing:{key}")).start()
    assert dataversion.cached("slow", lambda: ["mine"], topics=["reviews:2009"]) == ["mine"]
    assert cache.get(key) == ["mine"]


def test_a_value_naming_no_topic_is_renewed_by_a_change_of_any_topic(
    cached, city, rated, data_committed
):
    rated(city.a1[0], (5, 3, 1, 0))
    data_committed()
    everything, year = dataversion.current(), dataversion.current(["reviews:2010"])
    grievance_saved = dataversion._AtCommit()
    grievance_saved.tokens = {"grievances": ""}
    grievance_saved()  # another transaction that saved a grievance commits
    assert dataversion.current() != everything
    assert dataversion.current(["reviews:2010"]) == year


def test_a_recent_value_is_exact_while_the_data_is_unchanged(cached, data_committed):
    data_committed()
    first, as_of = dataversion.recent("standing", lambda: ["v1"], max_age=30, topics=["x"])
    again, again_as_of = dataversion.recent("standing", lambda: ["v2"], max_age=30, topics=["x"])
    assert (first, as_of, again, again_as_of) == (["v1"], None, ["v1"], None)


def test_a_recent_value_lags_a_change_by_at_most_max_age_and_says_since_when(
    cached, data_committed
):
    data_committed()
    dataversion.recent("standing", lambda: ["v1"], max_age=30, topics=["x"])
    dataversion.bump("x")
    data_committed()
    value, as_of = dataversion.recent("standing", lambda: ["v2"], max_age=30, topics=["x"])
    assert value == ["v1"]
    assert as_of is not None


def test_a_recent_value_older_than_max_age_is_computed_again(cached, data_committed):
    data_committed()
    dataversion.recent("standing", lambda: ["v1"], max_age=0, topics=["x"])
    dataversion.bump("x")
    data_committed()
    assert dataversion.recent("standing", lambda: ["v2"], max_age=0, topics=["x"]) == (
        ["v2"],
        None,
    )


def test_a_transaction_sees_its_own_changes_in_a_recent_value_at_once(cached, data_committed):
    data_committed()
    dataversion.recent("standing", lambda: ["v1"], max_age=30, topics=["x"])
    dataversion.bump("x")  # not committed: this transaction's own change
    assert dataversion.recent("standing", lambda: ["v2"], max_age=30, topics=["x"]) == (
        ["v2"],
        None,
    )


def test_a_row_of_a_model_nobody_watches_changes_everything():
    from districts.models import Department

    assert dataversion.topics_of(Department(key="police")) == ()


def test_a_yearly_row_names_the_year_it_had_when_loaded_and_its_new_one():
    topics = dataversion.by_year("things")

    class Row:
        year = 2013

    row = Row()
    assert topics(row) == ("things:2013",)
    row._loaded_year = 2012
    assert topics(row) == ("things:2012", "things:2013")
