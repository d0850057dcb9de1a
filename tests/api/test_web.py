"""The API tokens page (api/web.py): a user creates and revokes their own tokens; a token
is shown once and stored hashed."""

import hashlib

import pytest
from django.urls import reverse

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_stored_only_as_its_hash(client, official_a):
    client.force_login(official_a)
    response = client.post(reverse("api_tokens:list"), {"name": "statistics"})
    text = response.context["new_token"]
    assert text in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(text.encode()).hexdigest()
    assert text not in str(list(ApiToken.objects.values()))
    assert text not in client.get(reverse("api_tokens:list")).content.decode()


def test_the_new_token_reads_the_api_with_its_users_scope(client, official_a, city):
    client.force_login(official_a)
    text = client.post(reverse("api_tokens:list"), {"name": "x"}).context["new_token"]
    client.logout()
    response = client.get(reverse("api:districts"), HTTP_AUTHORIZATION=f"Bearer {text}")
    assert [d["code"] for d in response.json()["results"]] == ["DA"]


def test_a_token_needs_a_name_and_the_form_keeps_the_page(client, official_a):
    client.force_login(official_a)
    response = client.post(reverse("api_tokens:list"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_at_once(client, official_a, city):
    client.force_login(official_a)
    text = client.post(reverse("api_tokens:list"), {"name": "x"}).context["new_token"]
    token = ApiToken.objects.get()
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get(reverse("api:districts"), HTTP_AUTHORIZATION=f"Bearer {text}")
    assert response.status_code == 401


def test_another_users_token_cannot_be_revoked_or_seen(client, official_a, official_b):
    client.force_login(official_b)
    client.post(reverse("api_tokens:list"), {"name": "b's"})
    token = ApiToken.objects.get()
    client.force_login(official_a)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert "b&#x27;s" not in client.get(reverse("api_tokens:list")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302
