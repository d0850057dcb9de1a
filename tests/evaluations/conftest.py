import datetime

import pytest

from evaluations import services
from evaluations.rules import quarter_bounds
from tests import factories


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
