"""API fixtures: no rate limit in the way (the reviewed areas are tests/fixtures/publication.py's,
the token header is helpers.bearer)."""

import pytest


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """The rate limit has its own tests; here, no test is cut short by it."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 100_000
