"""The client's address, for every limit the site keeps: the API's rate limit
(api.throttling), the resident's verdict page (grievances.views.public) and the login
lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``), each counting IPv6 clients by their /64
(:func:`client_network`). One function, so that no limit reads
an address another would not (issue 22, item 4: the API took ``X-Forwarded-For`` as it
came, and a new header per request was a new client).

``REMOTE_ADDR`` is the address that connected. ``X-Forwarded-For`` is believed only as far
as ``settings.TRUSTED_PROXY_COUNT`` reverse proxies of our own wrote it: each appends the
address it received the request from, so behind ``n`` proxies the client is the ``n``-th
address from the right; whatever stands left of it was sent by the client and proves
nothing. With no proxy trusted (the default) the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    """``text`` as an IP address in its one written form, or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client, as far as the trusted proxies vouch for it."""
    connected = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return connected
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (h.strip() for h in header.split(",")) if hop]
    if not hops:  # not through the proxies (a health check on the host itself)
        return connected
    # fewer hops than proxies: every one of them was written by a trusted proxy
    vouched = hops[-proxies] if len(hops) >= proxies else hops[0]
    # what a proxy of ours wrote is an address; anything else: the one that connected
    return _address(vouched) or connected


def network_of(address: str | None) -> str | None:
    """An address as a limit counts it: IPv4 as itself; IPv6 as its /64, the network one
    subscriber is given, written as that network's first address (still an address, as
    django-axes stores it), so that a client moving through its many IPv6 addresses is
    one client."""
    if address is None:
        return None
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address


def client_network(request: HttpRequest) -> str | None:
    """The client a limit counts (:func:`network_of` its :func:`client_address`): the API's
    rate limit, the verdict page's and the login lockout's."""
    return network_of(client_address(request))
