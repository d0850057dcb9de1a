"""DA-1-0's officer, an earlier meeting's promise due at a 2009 Q3 meeting, and a Q3
meeting with a promise of its own."""

import datetime

import pytest

from tests.evaluations.promises.helpers import meeting, promise


@pytest.fixture
def official(posted):
    return posted["a"]


@pytest.fixture
def earlier(city, official):
    """A submitted 2009 Q2 meeting with a promise due 2009-08-31 (before a Q3 meeting in
    September)."""
    at = meeting(city.a1[0], official, 2009, 2)
    return promise(at, official, due_on=datetime.date(2009, 8, 31))


@pytest.fixture
def saved_with_promise(city, official):
    at = meeting(city.a1[0], official, 2009, 3, held_on=datetime.date(2009, 9, 10))
    return at, promise(at, official)
