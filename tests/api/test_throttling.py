"""api/throttling.py: the rate limit counts a client by core.clientip's address, so a new
X-Forwarded-For per request is not a new client (issue 22, item 4)."""

import pytest

from api.models import RateWindow

pytestmark = pytest.mark.django_db
URL = "/api/v1/publications/"


def spoofed(client, n, remote="192.0.2.10", right_most=None):
    forwarded = f"198.51.100.{n % 250}" + (f", {right_most}" if right_most else "")
    return client.get(URL, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_a_new_forwarded_for_per_request_is_still_one_client(client, settings, city):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [spoofed(client, n) for n in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert list(RateWindow.objects.values_list("key", flat=True)) == ["addr:192.0.2.10"]


def test_behind_a_trusted_proxy_the_client_is_the_right_most_forwarded_address(
    client, settings, city
):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [spoofed(client, n, "127.0.0.1", "203.0.113.7") for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    # another client through the same proxy has its own count
    assert spoofed(client, 0, "127.0.0.1", "203.0.113.8") == 200
    assert sorted(RateWindow.objects.values_list("key", flat=True)) == [
        "addr:203.0.113.7",
        "addr:203.0.113.8",
    ]


def test_an_ipv6_client_moving_within_its_64_is_one_client(client, settings, city):
    settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get(URL, REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
