"""Shared fixtures: an uneven two-district city and one user per role and scope, and the
demo city of ``seed_demo``.

District A has streets A1 (3 communities) and A2 (2 communities); district B has street
B1 (4 communities) — uneven on purpose, so a count that leaks across areas shows.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.utils import translation

from districts.models import Community, District, Street, User

from . import factories


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request in Chinese activates it for the
    thread and Django leaves it active after the response, so without this a message
    checked outside a request would depend on which test ran before."""
    translation.deactivate()


@dataclass
class City:
    district_a: District
    district_b: District
    street_a1: Street
    street_a2: Street
    street_b1: Street
    a1: list[Community]
    a2: list[Community]
    b1: list[Community]


@pytest.fixture
def city(db) -> City:
    district_a = factories.DistrictFactory(code="DA", name="甲区", main_urban=True)
    district_b = factories.DistrictFactory(code="DB", name="乙区", main_urban=False)
    street_a1 = factories.StreetFactory(code="DA-1", name="甲一街道", district=district_a)
    street_a2 = factories.StreetFactory(code="DA-2", name="甲二街道", district=district_a)
    street_b1 = factories.StreetFactory(code="DB-1", name="乙一街道", district=district_b)
    return City(
        district_a,
        district_b,
        street_a1,
        street_a2,
        street_b1,
        [
            factories.CommunityFactory(street=street_a1, code=f"DA-1-{i}", representatives=10 + i)
            for i in range(3)
        ],
        [
            factories.CommunityFactory(street=street_a2, code=f"DA-2-{i}", representatives=20 + i)
            for i in range(2)
        ],
        [
            factories.CommunityFactory(street=street_b1, code=f"DB-1-{i}", representatives=30 + i)
            for i in range(4)
        ],
    )


@pytest.fixture
def staff_a1(city) -> User:
    return factories.StreetStaffFactory(username="staff_a1", street=city.street_a1)


@pytest.fixture
def staff_b1(city) -> User:
    return factories.StreetStaffFactory(username="staff_b1", street=city.street_b1)


@pytest.fixture
def official_a(city) -> User:
    return factories.DistrictOfficialFactory(username="official_a", district=city.district_a)


@pytest.fixture
def official_b(city) -> User:
    return factories.DistrictOfficialFactory(username="official_b", district=city.district_b)


@pytest.fixture
def city_official(city) -> User:
    return factories.CityOfficialFactory(username="city_official")


@pytest.fixture
def admin_city(city) -> User:
    return factories.AdministratorFactory(username="admin_city")


@pytest.fixture
def admin_a(city) -> User:
    return factories.AdministratorFactory(username="admin_a", district=city.district_a)


@pytest.fixture
def police_a1(city):
    """Street DA-1's police station (a six-in-one department)."""
    return factories.DepartmentFactory(street=city.street_a1, key="police")


@pytest.fixture
def dept_a1(city, police_a1) -> User:
    """Department staff of street DA-1's police station."""
    return factories.DepartmentStaffFactory(username="dept_a1", department=police_a1)


@pytest.fixture
def superuser(city) -> User:
    return factories.AdministratorFactory(username="root", is_superuser=True)


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The demo city of ``seed_demo``, built once for the session (it takes half a minute)
    and flushed at the end. It is committed, so the tests that use it run after every other
    test (see ``pytest_collection_modifyitems`` below): no other test ever sees it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", stdout=io.StringIO())


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(items):
    """Move the tests on the demo city to the end, after pytest-django's own ordering (and
    any other plugin's: this wrapper is the outermost), keeping every other order."""
    result = yield
    items.sort(key=lambda item: "demo" in getattr(item, "fixturenames", ()))
    return result


@pytest.fixture
def run_worker():
    """Run the task queue's worker (django-tasks-db's ``db_worker --batch``) on the test
    database until nothing is left to run; returns the results it ran, oldest first.

    The worker closes stale connections between tasks; inside a test's transaction that
    would abandon the test, so that one call is neutralised here. Everything else is the
    worker's own code: claiming, running, recording success or failure."""
    from unittest import mock

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run():
        before = set(DBTaskResult.objects.finished().values_list("id", flat=True))
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        return list(DBTaskResult.objects.finished().exclude(id__in=before).order_by("finished_at"))

    return run


@pytest.fixture
def data_committed():
    """Call it to act as if the test's transaction had committed what it changed so far:
    the data versions it bumped (core/dataversion.py) are renewed for everyone, and its
    own pending changes are forgotten, as after a real commit."""
    from django.db import connection

    from core import dataversion

    def commit() -> None:
        for entry in list(connection.run_on_commit):
            if isinstance(entry[1], dataversion._AtCommit):
                entry[1]()
        connection.run_on_commit.clear()

    return commit


@pytest.fixture
def cached(settings):
    """Figures kept in the cache per data version (core/dataversion.py), from an empty cache."""
    from django.core.cache import cache

    settings.DATA_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()
