"""API fixtures: the reviewed areas of tests/publication, and personal tokens."""

import pytest

from api.services import token_create
from tests.publication.conftest import area_a, area_b  # noqa: F401  (re-exported fixtures)


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """The rate limit has its own tests; here, no test is cut short by it."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 100_000


def bearer(user) -> dict[str, str]:
    _token, text = token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}
