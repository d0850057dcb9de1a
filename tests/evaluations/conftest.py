"""Review fixtures: a community (roll 10) with its police officer and a recorder of their
quarterly reviews; one officer and two unsatisfied quarters in each of streets A1 and B1.
tests/rankings and tests/dashboard re-import them."""

import datetime

import pytest

from evaluations import services
from evaluations.rules import quarter_bounds
from tests import factories
from tests.districts.interchange.conftest import officials  # noqa: F401 - the reviews import

from .helpers import unsatisfied_twice


@pytest.fixture
def community(city):
    return city.a1[0]  # roll 10


@pytest.fixture
def officer(community):
    return factories.PostingFactory(
        community=community,
        role="police",
        organisation="甲一派出所",
        official=factories.OfficialFactory(code="P1", name="张警官"),
    ).official


@pytest.fixture
def review(community, officer):
    """Record one quarter's meeting for the officer: review(year, q, vs, s, bs, u, ...)."""

    def record(year, quarter, vs=0, s=0, bs=0, u=0, present=None, submit=True, official=None):
        counts = (vs, s, bs, u)
        return services.meeting_save(
            community=community,
            year=year,
            quarter=quarter,
            held_on=quarter_bounds(year, quarter)[0] + datetime.timedelta(days=20),
            present=present if present is not None else max(sum(counts), 5),
            tallies=[services.Tally((official or officer).pk, *counts)],
            submit=submit,
        ).meeting

    return record


@pytest.fixture
def posted(city):
    """One police officer in DA-1-0 (street A1) and one in DB-1-0 (street B1)."""
    return {
        "a": factories.PostingFactory(
            community=city.a1[0], official=factories.OfficialFactory(code="PA", name="甲警官")
        ).official,
        "b": factories.PostingFactory(
            community=city.b1[0], official=factories.OfficialFactory(code="PB", name="乙警官")
        ).official,
    }


@pytest.fixture
def meetings(city, posted):
    return {
        "a": unsatisfied_twice(city.a1[0], posted["a"]),
        "b": unsatisfied_twice(city.b1[0], posted["b"]),
    }
