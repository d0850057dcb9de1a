"""Refused requests (404 outside the scope, 403 read-only or not allowed) are logged with
who, where and why, on the ``security.refused`` logger."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGGER = "security.refused"


@pytest.fixture
def refusals(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    def messages():
        return [r.getMessage() for r in caplog.records if r.name == LOGGER]

    return messages


def test_another_districts_page_is_logged_with_user_path_and_reason(client, official_a, refusals):
    client.force_login(official_a)
    url = reverse("districts:district", args=["DB"])
    assert client.get(url).status_code == 404
    [message] = refusals()
    assert "404" in message
    assert "official_a" in message
    assert url in message
    assert "not found" in message


def test_a_permission_denied_is_logged_with_user_path_and_reason(client, staff_a1, refusals):
    client.force_login(staff_a1)
    url = reverse("evaluations:survey_new")
    assert client.get(url).status_code == 403
    [message] = refusals()
    assert ("403" in message, "staff_a1" in message, url in message) == (True, True, True)
    assert "permission denied" in message


def test_a_refusal_to_an_anonymous_visitor_is_logged_as_anonymous(client, city, refusals):
    url = reverse("admin:view_on_site", args=[1, 1])  # the admin sends them to log in
    client.get(url)
    client.get("/no-such-page/")
    assert any("anonymous" in m and "/no-such-page/" in m for m in refusals())


def test_an_admin_object_outside_the_scope_is_logged(client, admin_a, city, refusals):
    client.force_login(admin_a)
    url = reverse("admin:districts_street_change", args=[city.street_b1.pk])
    client.get(url)
    [message] = refusals()
    assert "admin_a" in message
    assert url in message


def test_an_admitted_request_logs_no_refusal(client, official_a, refusals):
    client.force_login(official_a)
    assert client.get(reverse("districts:district", args=["DA"])).status_code == 200
    assert refusals() == []
