"""The test base: every shared fixture comes from a plugin module of tests/fixtures/
(listed below, each with its own docstring), so no conftest imports another's; a fixture
used by one package only stays in that package's conftest.py.
"""

import pytest
from django.utils import translation

pytest_plugins = [
    "tests.fixtures.city",  # the uneven two-district city, one user per role
    "tests.fixtures.demo",  # the demo city of seed_demo, kept away from every other test
    "tests.fixtures.officials",  # the city's officials, imported from CSV
    "tests.fixtures.reviews",  # a community, its officer, review(); two streets' meetings
    "tests.fixtures.grievances",  # items in three streets
    "tests.fixtures.publication",  # reviewed, aggrieved and surveyed areas to publish
    "tests.fixtures.tasks",  # run_worker: the task queue's worker on the test database
    "tests.fixtures.dataversion",  # data_committed, cached: the data versions, the cache
    "tests.fixtures.refusals",  # view_exceptions: what refused a request (leak tests)
    "tests.fixtures.bulletins",  # departments' bulletins of April 2009 in both districts
]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request in Chinese activates it for the
    thread and Django leaves it active after the response, so without this a message
    checked outside a request would depend on which test ran before."""
    translation.deactivate()
