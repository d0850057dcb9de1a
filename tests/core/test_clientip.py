"""core/clientip.py: the one client address every limit reads; X-Forwarded-For believed
only as far as the trusted proxies wrote it (issue 22, item 4)."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from core.clientip import client_address, client_network, network_of


def request(remote="192.0.2.10", forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="203.0.113.7")) == "192.0.2.10"


def test_the_demo_and_the_tests_trust_no_proxy(settings):
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_behind_one_proxy_the_right_most_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forwarded = "198.51.100.1, 198.51.100.2, 203.0.113.7"  # two written by the client
    assert client_address(request("127.0.0.1", forwarded)) == "203.0.113.7"


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "198.51.100.1,203.0.113.7 , 10.0.0.2"
    assert client_address(request("127.0.0.1", forwarded)) == "203.0.113.7"


def test_fewer_hops_than_proxies_takes_the_farthest_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", ["", " , ", "not-an-address", "203.0.113.7\x00"])
def test_behind_a_proxy_a_missing_or_unreadable_hop_is_the_connected_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("127.0.0.1", forwarded)) == "127.0.0.1"


def test_an_address_has_one_written_form(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request("127.0.0.1", "::ffff:203.0.113.7")) == "203.0.113.7"
    assert client_address(request("127.0.0.1", "2001:DB8:0:0::1")) == "2001:db8::1"


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_login_lockout_reads_the_same_address(settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    spoofed = request("127.0.0.1", "198.51.100.1, 203.0.113.7")
    assert get_client_ip_address(spoofed) == client_network(spoofed)


def test_a_limit_counts_an_ipv4_client_by_its_address():
    assert network_of("203.0.113.7") == "203.0.113.7"


def test_a_limit_counts_an_ipv6_client_by_its_64_written_as_an_address():
    assert network_of("2001:db8:1:2:ffff::b") == "2001:db8:1:2::"
    assert network_of("2001:db8:1:2::a") == network_of("2001:db8:1:2:ffff::b")
    assert network_of("2001:db8:1:3::a") != network_of("2001:db8:1:2::a")


def test_the_client_network_of_a_request_follows_the_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_network(request("127.0.0.1", "2001:db8:1:2::99")) == "2001:db8:1:2::"
