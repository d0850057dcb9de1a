"""core/errors.py (handler500): a database that cannot be reached answers 503 with a page
that says so, never a 500 traceback; and a connection PostgreSQL cut (a restart) is
replaced on the next request (CONN_HEALTH_CHECKS), not reused into an error (issue 22,
"Faults survived"; the restart itself is `make drill`'s scripts/drill-postgres-restart.sh)."""

import contextlib

import psycopg2
import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def database_settings(**values):
    saved = {k: connection.settings_dict.get(k) for k in values}
    connection.settings_dict.update(values)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture
def browser(official_a):
    client = Client(raise_request_exception=False)
    client.force_login(official_a)
    return client


def served(client, url):
    """A request as the WSGI server makes it: the test client leaves out the start of
    request signal, on which Django checks its kept connections."""
    request_started.send(sender=None)
    return client.get(url)


def test_a_kept_connection_the_database_cut_is_replaced_on_the_next_request(browser):
    with database_settings(CONN_MAX_AGE=60):  # production's; health checks as configured
        assert served(browser, "/").status_code == 200
        pid = connection.connection.get_backend_pid()  # kept for the next request
        with psycopg2.connect(**connection.get_connection_params()) as other:
            other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
        assert served(browser, "/").status_code == 200


def test_while_the_database_cannot_be_reached_a_page_answers_503_saying_so(browser):
    with database_settings(PORT="1"):  # nothing listens there: connection refused
        connection.close()
        response = browser.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The database is unavailable for a moment" in response.text
    assert "数据库暂时无法访问" in response.text
    assert browser.get("/").status_code == 200  # and when it is back, pages are


def test_a_program_gets_the_503_as_problem_json(browser):
    with database_settings(PORT="1"):
        connection.close()
        response = browser.get("/api/v1/districts/", HTTP_ACCEPT="application/json")
    assert (response.status_code, response["Content-Type"]) == (503, "application/problem+json")
    assert response.json()["status"] == 503


def test_any_other_fault_is_still_the_500_page(browser, monkeypatch):
    from dashboard import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.HomeView, "get", broken)
    response = browser.get("/")
    assert response.status_code == 500
    assert "Server error" in response.text
