"""api/exceptions.py: every error under /api/v1/ is a problem (RFC 9457), also the 400 that
core.middleware gives before any view runs (issue 22, item 1)."""

import pytest

from .helpers import bearer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/publications/?cursor=%00",
        "/api/v1/publications/?year=2009%00",
        "/api/v1/publications/?%00=1",
        "/api/v1/rankings/?year=2009&level=%00",
        "/api/v1/districts/?district=DA%00",
        "/api/v1/publications/1%00/",
        "/api/v1/no-such-list/%00",
    ],
)
def test_a_nul_byte_under_the_api_is_a_400_problem(client, official_a, url):
    response = client.get(url, **bearer(official_a))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "NUL byte in the request",
    }


def test_a_nul_byte_elsewhere_is_still_the_sites_400_page(client, city_official):
    client.force_login(city_official)
    response = client.get("/api-tokens/?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
