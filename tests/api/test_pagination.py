"""api/pagination.py: a cursor is read back only if the API could have written it; any
other is a 400 problem naming ``cursor``, on every list (issue 22, item 1)."""

from base64 import b64encode

import pytest
from django.urls import reverse

from .helpers import bearer

pytestmark = pytest.mark.django_db

# every list of api/urls.py (tests/api/test_views.py checks that this covers them all)
BY_CODE = ["api:districts", "api:streets", "api:communities", "api:officials"]
BY_ID = [
    "api:meetings",
    "api:grievances",
    "api:surveys",
    "api:publications",
    "api:promises",
    "api:published_promises",
]


def b64(text: str) -> str:
    return b64encode(text.encode()).decode()


# refused whatever the list's order
TAMPERED = [
    "not-a-cursor",  # not base64
    "cD1hYmM",  # base64 without its padding
    "====",
    "%%%",
    "ｃＤ１hYmM=",  # full-width letters
    "a" * 1000,  # longer than any cursor the API writes
    b64encode(b"p=\xff\xfe").decode(),  # not ASCII inside
    b64("x=1"),  # a key the API never writes
    b64("p=1&p=2"),  # a key twice
    b64("o=1&r=0&p=1&q=2"),
    b64("p=\x00"),
    b64("r=1&p=\x00"),
    b64("p=%00"),  # NUL, percent-encoded inside the cursor
    b64("p=a%00b"),
    b64("o=abc"),
    b64("o=-1"),
    b64("o=1.5"),
    b64("o=99999999999999999999"),
    b64("o=1001"),  # past the offset cutoff
    b64("o=１"),  # full-width digit
    b64("o=²"),
    b64("o=٣"),  # Arabic-Indic digit, which int() reads
    b64("r=2"),
    b64("r=abc"),
    b64("r=-1"),
    b64("r=٣"),
    b64("r="),
    b64("p=" + "9" * 40),  # past bigint, and longer than any code
    b64("p=" + "x" * 10_000),
    b64("o=0&r=0&p=" + "\x00" * 3),
]
# refused where the position is an id
TAMPERED_ID = [
    "cD1hYmM=",  # base64 of p=abc: the issue's own example
    b64("p=abc"),
    b64("r=1&p=abc"),
    b64("p=-1"),
    b64("p=1.5"),
    b64("p=1e5"),
    b64("p= 1"),
    b64("p="),
    b64("p=²"),
    b64("p=١٢"),  # Arabic-Indic digits
    b64("p=１２"),  # full-width digits
    b64("p=99999999999999999999"),  # past bigint
    b64("p=9223372036854775808"),
]


def get(client, name, user, **params):
    headers = {} if name in ("api:publications", "api:published_promises") else bearer(user)
    return client.get(reverse(name), params, **headers)


def assert_cursor_problem(response):
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["cursor"]


@pytest.mark.parametrize("cursor", TAMPERED)
@pytest.mark.parametrize("name", BY_CODE + BY_ID)
def test_a_tampered_cursor_is_a_400_problem_on_every_list(client, official_a, name, cursor):
    assert get(client, name, official_a).status_code == 200
    assert_cursor_problem(get(client, name, official_a, cursor=cursor))


@pytest.mark.parametrize("cursor", TAMPERED_ID)
@pytest.mark.parametrize("name", BY_ID)
def test_a_position_that_is_not_an_id_is_a_400_problem(client, official_a, name, cursor):
    assert_cursor_problem(get(client, name, official_a, cursor=cursor))


@pytest.mark.parametrize("name", BY_CODE)
def test_any_short_text_is_a_position_in_a_list_by_code(client, official_a, name):
    response = get(client, name, official_a, cursor=b64("p=abc"))
    assert response.status_code == 200


def test_the_lists_own_cursors_walk_forward_and_back(client, area_a, official_a):
    headers = bearer(official_a)
    page = client.get(reverse("api:meetings"), {"page_size": 1}, **headers).json()
    forward = [page["results"][0]["id"]]
    while page["next"]:
        page = client.get(page["next"], **headers).json()
        forward += [m["id"] for m in page["results"]]
    back = [page["results"][0]["id"]]
    while page["previous"]:
        page = client.get(page["previous"], **headers).json()
        back += [m["id"] for m in page["results"]]
    assert len(forward) > 1 and back == forward[::-1]
